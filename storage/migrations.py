"""Numbered schema migrations.

A new database gets the current models' tables and the latest version number. An older
one is backed up (SQLite: a consistent copy beside the file) and then brought forward one
numbered, atomic step at a time. A database newer than this app is refused: opening it
could corrupt data written by a newer version.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

from storage.errors import DatabaseTooNewError
from storage.models import ALL_MODELS, SchemaVersion
from storage.schema_extras import guard_triggers, install_schema_extras

log = logging.getLogger(__name__)

APP_VERSION = "0.1.0"

Migration = Callable[[pw.Database], None]

# MIGRATIONS[n] takes a database at version n-1 to version n. Version 1 is the first
# schema, created from the models; add later steps here (playhouse.migrate for columns).
MIGRATIONS: dict[int, Migration] = {
    2: install_schema_extras,  # analytics indexes, rollup tables and their triggers (filled from the data)
    3: guard_triggers,  # the engine's writer maintains the attempt rollups per batch
    4: lambda db: drop_redundant_indexes(db),  # FK indexes already covered by composite ones
}


REDUNDANT_INDEXES = ("fetch_attempt_run_id", "fetch_attempt_invoice_id", "invoice_contract_id", "invoice_last_run_id",
                     "invoice_last_fetch_at")


def drop_redundant_indexes(db: pw.Database) -> None:
    for name in REDUNDANT_INDEXES:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")

SCHEMA_VERSION = max([1, *MIGRATIONS])


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


def migrate(db: pw.Database, location: str) -> int:
    """Bring the schema to SCHEMA_VERSION; return the version the database had (0 if new)."""
    found = current_version(db)
    if found is None:
        with db.atomic():
            db.create_tables(ALL_MODELS)
            install_schema_extras(db)
            _record(SCHEMA_VERSION)
        log.info("created a new database at schema version %d", SCHEMA_VERSION)
        return 0
    if found > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The database {location} has schema version {found}, but this Faturas Monitor "
            f"({APP_VERSION}) only knows up to version {SCHEMA_VERSION}. Install a newer version "
            f"of the app, or point --db at another file."
        )
    if found < SCHEMA_VERSION:
        if isinstance(db, pw.SqliteDatabase):
            backup = backup_sqlite(Path(location), found)
            log.info("backed up the database to %s before migrating", backup)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            with db.atomic():
                MIGRATIONS[version](db)
                _record(version)
            log.info("migrated the database to schema version %d", version)
    return found
