"""Where the provider key string lives: the OS keyring, else a private file; never the database.

Read order (`read_key`): `$FATURAS_PROVIDER_KEY`, then the OS keyring (Secret Service, macOS
Keychain, Windows Credential Locker, through the `keyring` library), then the file
`provider.key` in the user config folder. The desktop app and the command line read it through
here, so a key saved in Preferences is the one `fetch` uses.

Saving (`save_key`) goes to the keyring when a real backend exists; on a machine without one
(a server with no Secret Service) it goes to the file, created readable by its owner only
(0600), and the caller is told which, so it can say so plainly. A key saved in the keyring
removes an older key file: the secret is kept in one place only.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from core.domain import APP_NAME

log = logging.getLogger(__name__)

KEY_ENV = "FATURAS_PROVIDER_KEY"
KEY_FILE = "provider.key"
KEYRING_SERVICE = APP_NAME
KEYRING_USER = "provider-key"


class KeySource(enum.StrEnum):
    """Where a key string was found or saved."""

    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    FILE = "file"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class FoundKey:
    key: str
    source: KeySource

    def __repr__(self) -> str:  # never show the key string in a log or a traceback
        return f"FoundKey(source={self.source.value}, set={bool(self.key)})"


class KeyStoreError(Exception):
    """The key could not be saved or removed; the message says where and why."""


def key_file_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / KEY_FILE


def _keyring() -> Any | None:
    """The keyring backend, or None when there is no usable one (keyring's `fail` backend, or
    keyring itself not importable)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is "no keyring"
        log.warning("the OS keyring could not be loaded", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring):
        return None
    return backend


def keyring_available() -> bool:
    """True when a real OS keyring backend is there to keep the key."""
    return _keyring() is not None


def keyring_name() -> str:
    """The keyring backend's name, for the Preferences note ('' when none)."""
    backend = _keyring()
    return "" if backend is None else str(getattr(backend, "name", type(backend).__name__))


def _read_keyring() -> str:
    backend = _keyring()
    if backend is None:
        return ""
    try:
        return (backend.get_password(KEYRING_SERVICE, KEYRING_USER) or "").strip()
    except Exception as exc:  # a locked or unreachable keyring: fall through to the file
        log.warning("reading the key from the OS keyring failed: %s", type(exc).__name__)
        return ""


def _read_file() -> str:
    try:
        return key_file_path().read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def read_key() -> FoundKey:
    """The key string and where it came from: environment, keyring, file (first non-blank)."""
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return FoundKey(env, KeySource.ENVIRONMENT)
    stored = _read_keyring()
    if stored:
        return FoundKey(stored, KeySource.KEYRING)
    in_file = _read_file()
    if in_file:
        return FoundKey(in_file, KeySource.FILE)
    return FoundKey("", KeySource.NONE)


def save_key(key: str) -> KeySource:
    """Keep the key in the OS keyring, or in the 0600 key file when there is no keyring; returns
    where it went. A blank key is refused (use `delete_key`). KeyStoreError when neither works."""
    key = key.strip()
    if not key:
        raise KeyStoreError("the key string is empty")
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, KEYRING_USER, key)
        except Exception as exc:
            log.warning("saving the key in the OS keyring failed (%s); using the key file", type(exc).__name__)
        else:
            _remove_file()
            return KeySource.KEYRING
    _write_file(key)
    return KeySource.FILE


def delete_key() -> None:
    """Forget the saved key (keyring and file); the environment variable is the user's own."""
    backend = _keyring()
    if backend is not None:
        try:
            if backend.get_password(KEYRING_SERVICE, KEYRING_USER) is not None:
                backend.delete_password(KEYRING_SERVICE, KEYRING_USER)
        except Exception as exc:
            raise KeyStoreError(f"the OS keyring refused to remove the key: {type(exc).__name__}") from None
    _remove_file()


def _write_file(key: str) -> None:
    """Write the key file atomically, readable and writable by its owner only."""
    path = key_file_path()
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            if hasattr(os, "fchmod"):  # POSIX: an existing file keeps its mode otherwise
                os.fchmod(fd, 0o600)
            os.write(fd, (key + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise KeyStoreError(f"cannot write the key file {path}: {exc.strerror or exc}") from None


def _remove_file() -> None:
    path = key_file_path()
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise KeyStoreError(f"cannot remove the old key file {path}: {exc.strerror or exc}") from None
