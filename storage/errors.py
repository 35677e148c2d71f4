"""Errors the store raises for conditions a user can act on, and the translation of SQLite's
and PostgreSQL's errors into them at the store's boundary.

A write the database refuses (the disk is full, another program holds the write lock past the
busy timeout, ...) becomes a StoreWriteError whose message is the cause in one plain line; it is
also the engine's StoreFailure, so a run ends on it with that cause.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

from core.engine.ports import StoreFailure

# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_FULL = 13

# PostgreSQL's SQLSTATEs (and classes: the first two characters) that have a plain meaning here
_PG_FULL = {"53100"}  # disk_full
_PG_LOCKED = {"55P03", "40P01", "40001"}  # lock_not_available (lock_timeout), deadlock, serialization
_PG_GONE_CLASSES = {"08", "57"}  # connection exception; operator intervention (server shut down)


def _postgres_error(exc: BaseException) -> BaseException | None:
    """The psycopg error under a peewee one, if any."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, psycopg.Error):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def connect_failure(exc: BaseException) -> str:
    """Why a connection could not be made, in one plain line (never holding a password)."""
    original = _postgres_error(exc)
    text = " ".join(str(original if original is not None else exc).split())
    if original is None:
        return text
    if "password authentication failed" in text:
        return ("the server refused the password (keep the right one in the keyring with "
                "`python main.py store password --db URL`, or in ~/.pgpass)")
    if "no password supplied" in text or "fe_sendauth" in text:
        return ("the server asks for a password and none was found: keep it in the keyring with "
                "`python main.py store password --db URL`, or in ~/.pgpass")
    if "Connection refused" in text or "could not connect" in text or "timeout expired" in text:
        return f"no PostgreSQL server answers there ({text})"
    return text


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer Faturas Monitor."""


class StoreWriteError(StoreError, StoreFailure):
    """A write could not be made; the message is SQLite's own when no plainer one fits."""


class StoreFullError(StoreWriteError):
    """The disk (or the database's size limit) is full."""


class StoreLockedError(StoreWriteError):
    """Another program held the database's lock longer than the busy timeout."""


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error under a peewee one (peewee wraps it as its first argument)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return seen
        if seen.args and isinstance(seen.args[0], sqlite3.Error):
            return seen.args[0]
        seen = seen.__cause__ or seen.__context__
    return None


def translate(exc: BaseException, busy_timeout: float) -> StoreWriteError:
    """The StoreWriteError for a database error, with its cause in one plain line."""
    if isinstance(exc, StoreWriteError):
        return exc
    pg = _postgres_error(exc)
    if pg is not None:
        return _translate_postgres(pg, busy_timeout)
    original = _sqlite_error(exc)
    code = getattr(original, "sqlite_errorcode", None)
    text = str(original if original is not None else exc)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return StoreFullError("the disk is full", code="store.disk_full")
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return StoreLockedError(f"the database is locked by another program (waited {busy_timeout:g} s)",
                                code="store.locked", seconds=busy_timeout)
    return StoreWriteError(f"the database refused the write: {text}")


def _translate_postgres(exc: BaseException, busy_timeout: float) -> StoreWriteError:
    state = str(getattr(exc, "sqlstate", "") or "")
    text = " ".join(str(exc).split())
    if state in _PG_FULL:
        return StoreFullError("the database server's disk is full", code="store.disk_full")
    if state in _PG_LOCKED:
        return StoreLockedError(f"the database is locked by another program (waited {busy_timeout:g} s)",
                                code="store.locked", seconds=busy_timeout)
    if state[:2] in _PG_GONE_CLASSES or (not state and "connection" in text.lower()):
        return StoreWriteError(f"the connection to the database server was lost: {text}",
                               code="store.connection_lost")
    return StoreWriteError(f"the database refused the write: {text}")


@contextmanager
def translated(db: pw.Database) -> Iterator[None]:
    """Raise SQLite's errors inside the block as StoreWriteErrors (the original as the cause)."""
    try:
        yield
    except (pw.DatabaseError, sqlite3.Error) as exc:
        raise translate(exc, busy_timeout_of(db)) from exc


def busy_timeout_of(db: pw.Database) -> float:
    """How long (seconds) the database waits for another program's lock."""
    return float(getattr(db, "timeout", 0) or 0)
