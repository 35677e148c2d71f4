"""Numbered schema migrations.

Each version's DDL lives, frozen, in its own module (`v5.py`, ...), which imports nothing from
the app: what a migration does never changes after it ships. A new database is created at the
baseline version (5) and then taken through any later steps. An older database is backed up
first (SQLite: a consistent copy beside the file) and brought forward one atomic step at a time;
versions 1 to 4 share their base tables, so one step takes any of them to 5. A database newer
than this app is refused: opening it could corrupt data written by a newer version.

PostgreSQL: a new database is created at its own frozen baseline (`pg_v6.py`: the schema of
version 6 in PostgreSQL's types) and taken through the steps after 6 like a SQLite one. There is
no backup step (the server's own backups cover it; the log says so): each step is one
transaction, and PostgreSQL's DDL is transactional, so a failed step leaves the database as it
was. A step's statements are written once, for SQLite, in the portable subset below; the runner
gives PostgreSQL the same statements with SQLite's type names mapped (`postgres_ddl`), or the
step's own `upgrade_postgres` when it has one:
- a new self-numbering key: `"id" INTEGER NOT NULL PRIMARY KEY` (becomes SERIAL);
- DATETIME (TIMESTAMP), REAL (DOUBLE PRECISION), BLOB (BYTEA); WITHOUT ROWID is dropped;
- a flag: BOOLEAN with DEFAULT FALSE / TRUE (both stores accept those words);
- ALTER TABLE ... ADD COLUMN (new columns go last), CREATE [UNIQUE] INDEX, partial indexes.

Rollups are derived data. A step that creates rollup tables leaves them empty and says so
(`REBUILD_ROLLUPS`); they are then filled from the facts by the current rebuild
(storage.rollups_write), in the same transaction as the step.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import peewee as pw

from storage.errors import DatabaseTooNewError
from storage.migrations import pg_v6, v5, v6, v7, v8, v9
from storage.models import SchemaVersion
from storage.postgres import describe

log = logging.getLogger(__name__)

APP_VERSION = "0.1.0"


@dataclass(frozen=True, slots=True)
class Step:
    """Takes a database from any version in `from_versions` to `version`."""

    version: int
    from_versions: range
    apply: Callable[[v5.Database], None]
    rebuild_rollups: bool
    apply_postgres: Callable[[v5.Database], None] | None = None  # None: `apply` with postgres_ddl


BASELINE_VERSION = v5.VERSION
STEPS: tuple[Step, ...] = (
    Step(v5.VERSION, range(1, 5), v5.upgrade, v5.REBUILD_ROLLUPS),
    Step(v6.VERSION, range(5, 6), v6.upgrade, v6.REBUILD_ROLLUPS),
    Step(v7.VERSION, range(6, 7), v7.upgrade, v7.REBUILD_ROLLUPS),
    Step(v8.VERSION, range(7, 8), v8.upgrade, v8.REBUILD_ROLLUPS),
    Step(v9.VERSION, range(8, 9), v9.upgrade, v9.REBUILD_ROLLUPS),
)
SCHEMA_VERSION = max(BASELINE_VERSION, *(s.version for s in STEPS))
POSTGRES_BASELINE_VERSION = pg_v6.VERSION
MIGRATION_LOCK_KEY = 0x66617475  # pg_advisory_lock's key for "migrating this database"

_PG_TYPES = (
    (re.compile(r"\bINTEGER\s+(NOT\s+NULL\s+)?PRIMARY\s+KEY(\s+AUTOINCREMENT)?", re.IGNORECASE), "SERIAL PRIMARY KEY"),
    (re.compile(r"\bDATETIME\b", re.IGNORECASE), "TIMESTAMP"),
    (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.IGNORECASE), "BYTEA"),
    (re.compile(r"\)\s*WITHOUT\s+ROWID", re.IGNORECASE), ")"),
)


def postgres_ddl(sql: str) -> str:
    """A step's SQLite statement with SQLite's type names mapped to PostgreSQL's (see the module
    docstring for the subset a step keeps to)."""
    for pattern, replacement in _PG_TYPES:
        sql = pattern.sub(replacement, sql)
    return sql


class _PostgresStatements:
    """The database as a step's `apply` sees it on PostgreSQL: its DDL mapped by postgres_ddl."""

    def __init__(self, db: pw.Database) -> None:
        self._db = db

    def execute_sql(self, sql: Any, params: Any = None) -> Any:
        return self._db.execute_sql(postgres_ddl(sql) if isinstance(sql, str) else sql, params)


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
    postgres = isinstance(db, pw.PostgresqlDatabase)
    if postgres:
        # Several desktops and servers open a shared database at once: one at a time creates or
        # migrates it, the others then find it done (SQLite's write lock does this for a file).
        db.execute_sql("SELECT pg_advisory_lock(?)", (MIGRATION_LOCK_KEY,))
        try:
            return _migrate(db, location, postgres)
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK_KEY,))
    return _migrate(db, location, postgres)


def _migrate(db: pw.Database, location: str, postgres: bool) -> int:
    from storage.rollups_write import rebuild_rollups  # the current definition of the rollups

    found = current_version(db)
    if found is None:
        baseline = POSTGRES_BASELINE_VERSION if postgres else BASELINE_VERSION
        with db.atomic():
            (pg_v6 if postgres else v5).create(db)
            _record(baseline)
        found_new = baseline
        log.info("created a new database at schema version %d", baseline)
    elif found > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The database {describe(location)} has schema version {found}, but this Faturas Monitor "
            f"({APP_VERSION}) only knows up to version {SCHEMA_VERSION}. Install a newer version "
            f"of the app, or point --db at another file."
        )
    else:
        found_new = found
    if found_new < SCHEMA_VERSION and found is not None:
        if postgres:
            log.info("no backup before migrating a PostgreSQL database: each step is one transaction; "
                     "the server's own backups cover the rest")
        elif isinstance(db, pw.SqliteDatabase):
            backup = backup_sqlite(Path(location), found_new)
            log.info("backed up the database to %s before migrating", backup)
    version = found_new
    while version < SCHEMA_VERSION:
        step = _step_from(version)
        with db.atomic():
            if not postgres:
                step.apply(db)
            elif step.apply_postgres is not None:
                step.apply_postgres(db)
            else:
                step.apply(_PostgresStatements(db))
            if step.rebuild_rollups:
                rebuild_rollups(db)
            _record(step.version)
        log.info("migrated the database from schema version %d to %d", version, step.version)
        version = step.version
    return found or 0
