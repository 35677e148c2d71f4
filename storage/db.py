"""Opening the database: where it lives and how SQLite is tuned.

`open_database()` binds the models to the database, brings its schema up to date
(`storage.migrations`) and marks runs left RUNNING by dead processes as INTERRUPTED.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import peewee as pw
import platformdirs

from core.domain import APP_NAME
from storage.errors import StoreError
from storage.models import database_proxy

log = logging.getLogger(__name__)

DB_ENV = "FATURAS_DB"
DEFAULT_FILENAME = "faturas.sqlite"
BUSY_TIMEOUT_MS = 15_000

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -64_000,  # 64 MB page cache: the dashboard reads indexes many times
    "temp_store": "memory",
}


def default_db_location() -> str:
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILENAME)


def resolve_db_location(explicit: str | None = None) -> str:
    """`--db` wins, then $FATURAS_DB, then the user data dir."""
    if explicit:
        return explicit
    env = os.environ.get(DB_ENV, "").strip()
    return env or default_db_location()


def is_postgres(location: str) -> bool:
    return location.startswith(("postgres://", "postgresql://"))


def describe_location(location: str) -> str:
    """The location without any password, for messages and logs."""
    if is_postgres(location) and "@" in location:
        scheme, rest = location.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return location


def make_database(location: str) -> pw.Database:
    """Create (but do not bind) the peewee database for a file path or a PostgreSQL DSN."""
    if is_postgres(location):
        # The models are portable, but the dashboards read rollup tables kept by SQLite triggers
        # and the engine's set-based SQLite batches; until those exist for PostgreSQL, a shared
        # database would half work. Say so instead.
        raise StoreError(
            f"{describe_location(location)}: PostgreSQL is not supported by this version (the dashboards "
            f"need SQLite); use a SQLite file with --db PATH"
        )
    path = Path(location).expanduser()
    if path.exists() and path.is_dir():
        raise StoreError(f"Database path {path} is a directory; give a file name such as {path / DEFAULT_FILENAME}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder for the database {path}: {exc.strerror}") from exc
    # lock_type: every atomic() block is BEGIN IMMEDIATE, so a writer takes the write lock up
    # front instead of failing with SQLITE_BUSY when it upgrades from a read mid-transaction.
    return pw.SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, lock_type="IMMEDIATE"
    )


def open_database(location: str | None = None, *, recover: bool = True) -> pw.Database:
    """Open, bind, migrate and (by default) recover interrupted runs. Returns the database."""
    from storage import migrations
    from storage.recovery import recover_interrupted_runs

    resolved = resolve_db_location(location)
    db = make_database(resolved)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise StoreError(f"Cannot open the database {describe_location(resolved)}: {exc}") from exc
    except pw.DatabaseError as exc:
        raise StoreError(f"{describe_location(resolved)} is not a usable database: {exc}") from exc
    database_proxy.initialize(db)
    try:
        migrations.migrate(db, resolved)
    except pw.DatabaseError as exc:
        db.close()
        raise StoreError(f"{describe_location(resolved)} is not a Faturas Monitor database: {exc}") from exc
    except Exception:
        db.close()
        raise
    if recover:
        n = recover_interrupted_runs()
        if n:
            log.warning("%d run(s) left RUNNING by a process that is gone were marked INTERRUPTED", n)
    log.info("database ready: %s", describe_location(resolved))
    return db


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
