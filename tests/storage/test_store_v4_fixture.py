"""A database written at schema version 4 opens, is backed up, migrates and shows the same figures."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from storage import migrations
from storage.db import close_database, open_database
from storage.models import SchemaVersion
from tests.storage.store_figures import store_figures

DATA = Path(__file__).parent.parent / "data"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_the_v4_fixture_migrates_with_a_backup_and_identical_figures(tmp_path: Path) -> None:
    path = tmp_path / "faturas.sqlite"
    shutil.copy(DATA / "store_v4.sqlite", path)
    expected = json.loads((DATA / "store_v4_figures.json").read_text())
    open_database(str(path))
    try:
        newest = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
        assert newest.version == migrations.SCHEMA_VERSION
        assert store_figures(NOW) == expected
    finally:
        close_database()
    backups = sorted(tmp_path.glob("faturas.sqlite.v4-*.bak"))
    if migrations.SCHEMA_VERSION > 4:
        assert len(backups) == 1
        assert backups[0].read_bytes()[:16] == b"SQLite format 3\x00"
