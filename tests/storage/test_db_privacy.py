"""The database holds customers' documents: files and folders the app creates are private, and an
existing one that other users can read is reported (never silently changed)."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import close_database, open_database
from storage.models import Contract

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The common umask 022, under which SQLite alone would create the file 0644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_and_its_folder_are_private(tmp_path: Path, open_umask: object,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "new" / "data" / "faturas.sqlite"
    with caplog.at_level(logging.WARNING, logger="storage.db"):
        open_database(str(path))
        try:
            Contract.select().count()  # the WAL files exist once the database is used
        finally:
            close_database()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            assert mode(sidecar) == 0o600
    assert not caplog.records


@pytest.mark.sqlite_only  # the SQLite file's mode
def test_the_db_fixture_file_is_private(db_path: Path, db: object) -> None:
    assert mode(db_path) == 0o600


def test_an_existing_readable_file_is_reported_once_and_left_alone(
        tmp_path: Path, open_umask: object, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    path = folder / "faturas.sqlite"
    open_database(str(path))
    close_database()
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING, logger="storage.db"):
        for _ in range(2):
            open_database(str(path))
            close_database()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if f"file {path} can be read by other users (mode 0644)" in w]) == 1
    assert len([w for w in warnings if f"folder {folder} can be read by other users (mode 0755)" in w]) == 1
    assert len(warnings) == 2
    assert (mode(path), mode(folder)) == (0o644, 0o755)  # the user's choice, not changed behind their back


def test_an_existing_private_file_raises_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "faturas.sqlite"
    os.chmod(tmp_path, 0o700)
    open_database(str(path))
    close_database()
    with caplog.at_level(logging.WARNING, logger="storage.db"):
        open_database(str(path))
        close_database()
    assert not caplog.records
