"""A database written at schema version 4 opens, is backed up, migrates and shows the same figures."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from storage import migrations
from storage.db import close_database, open_database
from storage.models import SchemaVersion
from tests.storage.store_figures import store_figures

DATA = Path(__file__).parent.parent / "data"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _statuses(path: Path) -> dict[int, tuple[str, str | None, str | None]]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT id, fetch_status, last_outcome, fetch_error FROM invoice").fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_the_v4_fixture_migrates_with_a_backup_and_identical_figures(tmp_path: Path) -> None:
    """Every figure of the past stays (runs, attempts, daily, error groups); version 6 moves the
    invoices the operator had said were not open from failures to CLOSED, and nothing else."""
    path = tmp_path / "faturas.sqlite"
    shutil.copy(DATA / "store_v4.sqlite", path)
    expected = json.loads((DATA / "store_v4_figures.json").read_text())
    before = _statuses(path)
    open_database(str(path))
    try:
        newest = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
        assert newest.version == migrations.SCHEMA_VERSION
        figures = store_figures(NOW)
        for key in ("runs", "attempts", "daily", "error_groups"):
            assert figures[key] == expected[key], key
    finally:
        close_database()
    after = _statuses(path)
    changed = {i for i in before if before[i] != after[i]}
    assert changed and set(after) == set(before)  # the fixture holds "probably paid" failures
    for i in changed:
        status, outcome, _error = before[i]
        assert status in ("ERROR", "GAVE_UP", "NOT_AVAILABLE") and outcome in ("NO_DEBTS", "NO_MATCH")
        assert after[i] == ("CLOSED", outcome, None)
    backups = sorted(tmp_path.glob("faturas.sqlite.v4-*.bak"))
    assert len(backups) == 1
    assert backups[0].read_bytes()[:16] == b"SQLite format 3\x00"
    assert _statuses(backups[0]) == before
