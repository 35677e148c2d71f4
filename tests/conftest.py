"""Test-wide setup: headless Qt before anything imports it, and a fresh database per test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # without it Qt aborts on a machine with no display
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import peewee as pw  # noqa: E402
import pytest  # noqa: E402

from storage.db import close_database, open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "faturas.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[pw.Database]:
    """A real SQLite file in a temporary folder, migrated and bound to the models."""
    database = open_database(str(db_path))
    yield database
    close_database()
