"""The provider key's places: the environment, the OS keyring (a real keyring backend that keeps
its passwords in a JSON file, set with keyring.set_keyring), and the 0600 key file."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from runner import build, provider_key
from runner.provider_key import KeySource


class FileKeyring(KeyringBackend):
    """A keyring backend that stores passwords in a JSON file: what the OS keyring does, on disk."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path.write_text(json.dumps(data))


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private config folder, no key in the environment; the keyring file's path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(provider_key.KEY_ENV, raising=False)
    yield tmp_path / "keyring.json"
    keyring.set_keyring(fail.Keyring())


def test_the_key_saved_in_the_keyring_is_read_back_and_not_written_to_a_file(places: Path) -> None:
    keyring.set_keyring(FileKeyring(places))
    assert provider_key.keyring_available()
    assert provider_key.read_key().source is KeySource.NONE
    assert provider_key.save_key("  s3cret key \n") is KeySource.KEYRING
    assert json.loads(places.read_text()) == {"faturas-monitor/provider-key": "s3cret key"}
    assert not provider_key.key_file_path().exists()
    found = provider_key.read_key()
    assert (found.key, found.source) == ("s3cret key", KeySource.KEYRING)
    assert "s3cret" not in repr(found)
    # the run builder (CLI and app) reads the same key
    assert build.provider_config({"provider_url": "http://x"}).key_string == "s3cret key"
    provider_key.delete_key()
    assert provider_key.read_key().source is KeySource.NONE
    assert json.loads(places.read_text()) == {}


def test_order_is_environment_then_keyring_then_file(places: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = provider_key.key_file_path()
    path.parent.mkdir(parents=True)
    path.write_text("from the file\n")
    keyring.set_keyring(FileKeyring(places))
    assert provider_key.read_key() == provider_key.FoundKey("from the file", KeySource.FILE)
    keyring.get_keyring().set_password(provider_key.KEYRING_SERVICE, provider_key.KEYRING_USER, "from the keyring")
    assert provider_key.read_key() == provider_key.FoundKey("from the keyring", KeySource.KEYRING)
    monkeypatch.setenv(provider_key.KEY_ENV, "from the environment")
    assert provider_key.read_key() == provider_key.FoundKey("from the environment", KeySource.ENVIRONMENT)


def test_saving_in_the_keyring_removes_an_older_key_file(places: Path) -> None:
    path = provider_key.key_file_path()
    path.parent.mkdir(parents=True)
    path.write_text("old key\n")
    keyring.set_keyring(FileKeyring(places))
    assert provider_key.save_key("new key") is KeySource.KEYRING
    assert not path.exists()
    assert provider_key.read_key().key == "new key"


def test_without_a_keyring_the_key_goes_to_a_file_only_its_owner_reads(places: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not provider_key.keyring_available()
    assert provider_key.save_key("file key") is KeySource.FILE
    path = provider_key.key_file_path()
    assert path.read_text() == "file key\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # an existing, too open file is narrowed when saved again
    provider_key.save_key("file key 2")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert provider_key.read_key() == provider_key.FoundKey("file key 2", KeySource.FILE)
    provider_key.delete_key()
    assert not path.exists()


def test_a_blank_key_is_refused_and_an_unwritable_folder_is_named(places: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(provider_key.KeyStoreError, match="empty"):
        provider_key.save_key("   ")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    with pytest.raises(provider_key.KeyStoreError, match="cannot write the key file"):
        provider_key.save_key("k")
