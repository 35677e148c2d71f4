"""`provider-key`: the key saved from the command line (keyring, else the 0600 file), where it
comes from, forgotten, and tested against the simulator; never printed, never an argument."""

from __future__ import annotations

import io
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from cli.app import main
from runner import provider_key
from tests.runner.test_provider_key import FileKeyring


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(provider_key.KEY_ENV, raising=False)
    yield tmp_path / "keyring.json"
    keyring.set_keyring(fail.Keyring())


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_set_status_delete_with_a_keyring(places, monkeypatch, capsys) -> None:
    keyring.set_keyring(FileKeyring(places))
    assert main(["provider-key", "status"]) == 1
    assert "no key string is saved" in capsys.readouterr().out
    _stdin(monkeypatch, "  s3cret-key\n")
    assert main(["provider-key", "set"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("saved in the system keyring") and "s3cret" not in out
    assert provider_key.read_key().key == "s3cret-key"
    assert main(["provider-key", "status"]) == 0
    assert "system keyring" in capsys.readouterr().out
    assert main(["provider-key", "delete"]) == 0
    assert provider_key.read_key().key == ""


def test_without_a_keyring_the_key_file_is_private(places, monkeypatch, capsys) -> None:
    _stdin(monkeypatch, "file-key")
    assert main(["provider-key", "set"]) == 0
    assert "no system keyring here: saved in" in capsys.readouterr().out
    assert stat.S_IMODE(provider_key.key_file_path().stat().st_mode) == 0o600
    _stdin(monkeypatch, "   \n")
    assert main(["provider-key", "set"]) == 2  # nothing typed: nothing changed
    assert provider_key.read_key().key == "file-key"


def test_test_says_ok_or_wrong_key(places, simulator, db_path, monkeypatch, capsys) -> None:
    _stdin(monkeypatch, simulator.key_string)
    assert main(["provider-key", "set"]) == 0
    capsys.readouterr()
    assert main(["provider-key", "test", "--provider-url", simulator.url, "--db", str(db_path)]) == 0
    assert "OK: the provider answered the sign-in in" in capsys.readouterr().out
    _stdin(monkeypatch, "wrong")
    main(["provider-key", "set"])
    capsys.readouterr()
    assert main(["provider-key", "test", "--provider-url", simulator.url]) == 1
    captured = capsys.readouterr()
    assert "refused the key string" in captured.out and "wrong" not in captured.err
    assert main(["provider-key", "test", "--db", str(db_path)]) == 2  # no URL saved
    assert "no provider URL" in capsys.readouterr().err
