"""Numbered schema migrations.

Each version's DDL lives, frozen, in its own module (`v5.py`, ...), which imports nothing from
the app: what a migration does never changes after it ships. A new database is created at the
baseline version (5) and then taken through any later steps. An older database is backed up
first (SQLite: a consistent copy beside the file) and brought forward one atomic step at a time;
versions 1 to 4 share their base tables, so one step takes any of them to 5. A database newer
than this app is refused: opening it could corrupt data written by a newer version.

Rollups are derived data. A step that creates rollup tables leaves them empty and says so
(`REBUILD_ROLLUPS`); they are then filled from the facts by the current rebuild
(storage.rollups_write), in the same transaction as the step.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

from storage.errors import DatabaseTooNewError
from storage.migrations import v5, v6, v7, v8
from storage.models import SchemaVersion

log = logging.getLogger(__name__)

APP_VERSION = "0.1.0"


@dataclass(frozen=True, slots=True)
class Step:
    """Takes a database from any version in `from_versions` to `version`."""

    version: int
    from_versions: range
    apply: Callable[[v5.Database], None]
    rebuild_rollups: bool


BASELINE_VERSION = v5.VERSION
STEPS: tuple[Step, ...] = (
    Step(v5.VERSION, range(1, 5), v5.upgrade, v5.REBUILD_ROLLUPS),
    Step(v6.VERSION, range(5, 6), v6.upgrade, v6.REBUILD_ROLLUPS),
    Step(v7.VERSION, range(6, 7), v7.upgrade, v7.REBUILD_ROLLUPS),
    Step(v8.VERSION, range(7, 8), v8.upgrade, v8.REBUILD_ROLLUPS),
)
SCHEMA_VERSION = max(BASELINE_VERSION, *(s.version for s in STEPS))


def current_version(db: pw.Database) -> int | None:
    """The schema version of the database, or None for an empty database."""
    tables = set(db.get_tables())
    if SchemaVersion._meta.table_name not in tables:
        if tables:
            raise pw.DatabaseError(f"unexpected tables {sorted(tables)[:5]} and no schema version")
        return None
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row) if row is not None else None


def backup_sqlite(path: Path, version: int) -> Path:
    """Copy the live database (WAL included) to a timestamped file beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _record(version: int) -> None:
    SchemaVersion.create(version=version, applied_at=datetime.now(UTC), app_version=APP_VERSION)


def _step_from(version: int) -> Step:
    for step in STEPS:
        if version in step.from_versions:
            return step
    raise pw.DatabaseError(f"no migration from schema version {version}")


def migrate(db: pw.Database, location: str) -> int:
    """Bring the schema to SCHEMA_VERSION; return the version the database had (0 if new)."""
    from storage.rollups_write import rebuild_rollups  # the current definition of the rollups

    found = current_version(db)
    if found is None:
        with db.atomic():
            v5.create(db)
            _record(BASELINE_VERSION)
        found_new = BASELINE_VERSION
        log.info("created a new database at schema version %d", BASELINE_VERSION)
    elif found > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The database {location} has schema version {found}, but this Faturas Monitor "
            f"({APP_VERSION}) only knows up to version {SCHEMA_VERSION}. Install a newer version "
            f"of the app, or point --db at another file."
        )
    else:
        found_new = found
    if found_new < SCHEMA_VERSION and found is not None and isinstance(db, pw.SqliteDatabase):
        backup = backup_sqlite(Path(location), found_new)
        log.info("backed up the database to %s before migrating", backup)
    version = found_new
    while version < SCHEMA_VERSION:
        step = _step_from(version)
        with db.atomic():
            step.apply(db)
            if step.rebuild_rollups:
                rebuild_rollups(db)
            _record(step.version)
        log.info("migrated the database from schema version %d to %d", version, step.version)
        version = step.version
    return found or 0
