"""Opening the database: where it lives and how SQLite is tuned.

The location is a SQLite file path or a `postgresql://user@host:port/dbname` URL (a store
shared by several desktops and servers: storage.postgres).

`open_database()` binds the models to the database, brings its schema up to date
(`storage.migrations`) and marks runs left RUNNING by dead processes as INTERRUPTED.

The database holds customers' documents and names (LGPD): a file the app creates is 0600 and a
folder it creates 0700 (SQLite gives the -wal / -shm files the database file's mode). A file or
folder that already exists is the user's: when other users can read it, a warning says so
(once per path and process) and its mode is left alone.

A writer waits up to the busy timeout (15 s) for another program's write lock before it gives
up with StoreLockedError; `open_database(busy_timeout=...)` or $FATURAS_DB_BUSY_TIMEOUT
(seconds) changes it (tests use a short one).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import peewee as pw
import platformdirs

from core.domain import APP_NAME
from storage.errors import (
    StoreError,
    StoreFullError,
    StoreLockedError,
    busy_timeout_of,
    connect_failure,
    translate,
    translated,
)
from storage.models import database_proxy
from storage.postgres import StorePostgresDatabase, describe, is_postgres

log = logging.getLogger(__name__)

DB_ENV = "FATURAS_DB"
BUSY_TIMEOUT_ENV = "FATURAS_DB_BUSY_TIMEOUT"  # seconds
DEFAULT_FILENAME = "faturas.sqlite"
BUSY_TIMEOUT_MS = 15_000
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
_READ_BY_OTHERS = {"file": 0o044, "folder": 0o055}  # read (and, for a folder, enter) by group or others
_warned_open: set[str] = set()  # paths already reported as open to other users

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -64_000,  # 64 MB page cache: the dashboard reads indexes many times
    "temp_store": "memory",
    # Copy the WAL back into the database every 16,000 pages (64 MB) rather than SQLite's 1,000:
    # a run's writer commits every half second, and each checkpoint copied the same hot pages
    # (indexes, rollups, the run row) again, on the CPU the lookups need. The last connection to
    # close checkpoints the rest. Durability is the WAL's either way.
    "wal_autocheckpoint": 16_000,
}


class StoreDatabase(pw.SqliteDatabase):
    """SqliteDatabase that keeps the first error of a failed transaction.

    After SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY (in a statement or at COMMIT) SQLite may roll
    the transaction back by itself; peewee's atomic() then sends ROLLBACK anyway, which fails with
    "cannot rollback - no transaction is active" and replaces the error that said why.
    """

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            return  # SQLite already rolled it back
        super().rollback()


def busy_timeout_seconds(explicit: float | None = None) -> float:
    """The explicit value, else $FATURAS_DB_BUSY_TIMEOUT, else BUSY_TIMEOUT_MS."""
    if explicit is not None:
        return explicit
    env = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if env:
        try:
            value = float(env)
        except ValueError:
            raise StoreError(f"${BUSY_TIMEOUT_ENV} must be a number of seconds, not {env!r}") from None
        if value >= 0:
            return value
        raise StoreError(f"${BUSY_TIMEOUT_ENV} must not be negative")
    return BUSY_TIMEOUT_MS / 1000


def default_db_location() -> str:
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILENAME)


def resolve_db_location(explicit: str | None = None) -> str:
    """`--db` wins, then $FATURAS_DB, then the user data dir."""
    if explicit:
        return explicit
    env = os.environ.get(DB_ENV, "").strip()
    return env or default_db_location()


def describe_location(location: str) -> str:
    """The location without any password, for messages and logs."""
    return describe(location)


def make_database(location: str, *, busy_timeout: float | None = None) -> pw.Database:
    """Create (but do not bind) the peewee database for a file path or a PostgreSQL DSN.
    `busy_timeout`: seconds to wait for another program's lock (see busy_timeout_seconds)."""
    if is_postgres(location):
        return StorePostgresDatabase(location, busy_timeout=busy_timeout_seconds(busy_timeout))
    path = Path(location).expanduser()
    if path.exists() and path.is_dir():
        raise StoreError(f"Database path {path} is a directory; give a file name such as {path / DEFAULT_FILENAME}")
    _private_folder(path)
    _private_file(path)
    # lock_type: every atomic() block is BEGIN IMMEDIATE, so a writer takes the write lock up
    # front instead of failing with SQLITE_BUSY when it upgrades from a read mid-transaction.
    timeout = busy_timeout_seconds(busy_timeout)
    pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(timeout * 1000)}
    return StoreDatabase(str(path), pragmas=pragmas, timeout=timeout, lock_type="IMMEDIATE")


def _private_folder(path: Path) -> None:
    """Create the database's folder 0700, or warn when an existing one is open to other users."""
    folder = path.parent
    if folder.is_dir():
        _warn_if_open(folder, "folder")
        return
    try:
        folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode passes through the umask
    except OSError as exc:
        raise StoreError(f"Cannot create the folder for the database {path}: {exc.strerror}") from exc


def _private_file(path: Path) -> None:
    """Create an empty database file 0600 (SQLite accepts it as a new database), or warn when an
    existing one is open to other users."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        _warn_if_open(path, "file")
        return
    except OSError as exc:
        raise StoreError(f"Cannot create the database {path}: {exc.strerror}") from exc
    os.close(fd)
    os.chmod(path, PRIVATE_FILE_MODE)  # O_CREAT's mode passes through the umask


def _warn_if_open(path: Path, kind: str) -> None:
    if os.name != "posix":
        return  # Windows keeps access in ACLs that st_mode does not show
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return  # opening it will say what is wrong
    key = str(path.resolve())
    if mode & _READ_BY_OTHERS[kind] and key not in _warned_open:
        _warned_open.add(key)
        log.warning(
            "the database %s %s can be read by other users (mode %04o): it holds customers' documents; "
            "make it private with chmod %s",
            kind, path, mode, "600" if kind == "file" else "700",
        )


def open_database(location: str | None = None, *, recover: bool = True,
                  busy_timeout: float | None = None) -> pw.Database:
    """Open, bind, migrate and (by default) recover interrupted runs. Returns the database.
    `busy_timeout`: seconds a write waits for another program's lock (see busy_timeout_seconds)."""
    from storage import migrations
    from storage.recovery import recover_interrupted_runs

    resolved = resolve_db_location(location)
    db = make_database(resolved, busy_timeout=busy_timeout)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise StoreError(f"Cannot open the database {describe_location(resolved)}: {connect_failure(exc)}") from exc
    except pw.DatabaseError as exc:
        raise StoreError(f"{describe_location(resolved)} is not a usable database: {exc}") from exc
    previous = database_proxy.obj
    if previous is not None and previous is not db and not previous.is_closed():
        previous.close()  # the store this one replaces (a server session is not left to the collector)
    database_proxy.initialize(db)
    try:
        migrations.migrate(db, resolved)
    except pw.DatabaseError as exc:
        db.close()
        failure = translate(exc, busy_timeout_of(db))
        if isinstance(failure, (StoreFullError, StoreLockedError)):  # the file is fine, the write is not
            raise failure from exc
        raise StoreError(f"{describe_location(resolved)} is not a Faturas Monitor database: {exc}") from exc
    except Exception:
        db.close()
        raise
    if recover:
        with translated(db):
            n = recover_interrupted_runs()
        if n:
            log.warning("%d run(s) left RUNNING by a process that is gone were marked INTERRUPTED", n)
    log.info("database ready: %s", describe_location(resolved))
    return db


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
