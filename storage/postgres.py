"""A PostgreSQL store: the connection, where its password comes from, and the one SQL dialect.

`postgresql://user@host:port/dbname` opens a shared database that several desktops, the tray
and a cron job on a server use at once. The same models, migrations, rollups and dashboards run
on it as on a SQLite file; what differs is kept here and in storage.dialect:

- The password is never in the database or a log. libpq reads ~/.pgpass (and $PGPASSFILE) by
  itself; otherwise it is taken from the system keyring (service `KEYRING_SERVICE`, user name
  `user@host:port/dbname`, then `user@host`), set with `python main.py store password`. A
  password written in the location works but is shown as `***` and warned about: a command
  line is visible to every user of the machine and stays in the shell's history.
- Every session runs in UTC (the store keeps naive UTC times, as on SQLite) and waits at most the
  busy timeout for a lock (`lock_timeout`), then fails with StoreLockedError.
- Values are read back in the forms SQLite gives them, so one code path serves both stores:
  timestamps as their text 'YYYY-MM-DD HH:MM:SS[.ffffff]', dates as 'YYYY-MM-DD' (the models
  turn both into datetime / date, as on SQLite) and NUMERIC as float (SQLite keeps DECIMAL
  columns as REAL).
- Raw SQL is written once with `?` placeholders (SQLite's style); `StorePostgresDatabase`
  rewrites it to psycopg's `%s` (quoted text left alone, a literal `%` doubled) before running it.
- A session the server ended is replaced at the next statement outside a transaction.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from typing import Any
from urllib.parse import unquote, urlsplit

import peewee as pw
from psycopg.adapt import Loader

from storage.errors import StoreError
from storage.location import _PASSWORD_PARAM, describe
from storage.location import is_postgres as is_postgres  # where the store code has always found it

log = logging.getLogger(__name__)

KEYRING_SERVICE = "faturas-monitor-db"
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "faturas-monitor"
_warned_password_in_url: set[str] = set()


# -- the location ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _parts(location: str) -> tuple[str, str, int, str, str | None]:
    """(user, host, port, dbname, password or None) of a postgresql:// URL; unset parts empty."""
    try:
        url = urlsplit(location)
        port = url.port or 5432
    except ValueError as exc:
        raise StoreError(f"{describe(location)} is not a valid PostgreSQL location: {exc}") from None
    user = unquote(url.username or "") or os.environ.get("PGUSER", "")
    host = unquote(url.hostname or "") or os.environ.get("PGHOST", "")
    dbname = unquote(url.path.lstrip("/")) or os.environ.get("PGDATABASE", "")
    password = unquote(url.password) if url.password is not None else None
    if password is None and _PASSWORD_PARAM.search(url.query and f"?{url.query}" or ""):
        password = ""  # given in the parameters: libpq takes it from there
    return user, host, port, dbname, password


def keyring_users(location: str) -> tuple[str, ...]:
    """The keyring user names tried for a location, most specific first."""
    user, host, port, dbname, _ = _parts(location)
    return (f"{user}@{host}:{port}/{dbname}", f"{user}@{host}")


def password_from_keyring(location: str) -> str | None:
    """The password the keyring holds for this location, or None (no entry, or no keyring)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    for name in keyring_users(location):
        try:
            found = keyring.get_password(KEYRING_SERVICE, name)
        except (KeyringError, RuntimeError) as exc:  # no usable backend on this machine
            log.debug("no keyring for the database password: %s", exc)
            return None
        if found:
            return found
    return None


def store_password(location: str, password: str) -> str:
    """Keep the password in the keyring for this location; return the keyring user name used."""
    import keyring
    from keyring.errors import KeyringError

    name = keyring_users(location)[0]
    try:
        keyring.set_password(KEYRING_SERVICE, name, password)
    except (KeyringError, RuntimeError) as exc:
        raise StoreError(f"The system keyring cannot keep the password ({exc}); use ~/.pgpass instead") from exc
    return name


def connect_params(location: str, busy_timeout: float) -> dict[str, Any]:
    """What psycopg gets besides the URL: the keyring's password (when the URL and ~/.pgpass
    do not give one), UTC sessions and the lock timeout."""
    _parts(location)  # a malformed URL fails here, with a message that names it
    params: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": APPLICATION_NAME,
        "options": f"-c TimeZone=UTC -c lock_timeout={max(1, int(busy_timeout * 1000))}",
    }
    if _parts(location)[4] is not None:
        if location not in _warned_password_in_url:
            _warned_password_in_url.add(location)
            log.warning("the database location %s holds a password: other users can see a command line and "
                        "the shell keeps it; keep it in the keyring (store password) or ~/.pgpass instead",
                        describe(location))
    elif not os.environ.get("PGPASSWORD"):
        found = password_from_keyring(location)
        if found:
            params["password"] = found
    return params


# -- SQL: `?` placeholders -------------------------------------------------------------------------

@functools.lru_cache(maxsize=2048)
def pyformat(sql: str) -> str:
    """SQL written with `?` placeholders in psycopg's style: `?` outside quotes becomes `%s`, a
    literal `%` becomes `%%` (psycopg reads every `%`), an existing `%s` is kept."""
    out: list[str] = []
    quote: str | None = None
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if quote:
            if ch == "%":
                out.append("%%")
            else:
                out.append(ch)
                if ch == quote:
                    quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            if sql.startswith("%s", i):
                out.append("%s")
                i += 1
            else:
                out.append("%%")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


# -- values read back as SQLite gives them ---------------------------------------------------------

class _TimestampText(Loader):
    """'YYYY-MM-DD HH:MM:SS[.ffffff]': six fraction digits when there is a fraction, as Python
    (and so the SQLite store) writes a datetime."""

    def load(self, data: Any) -> str:
        text = bytes(data).decode()
        if "." in text:
            head, frac = text.split(".", 1)
            return f"{head}.{frac.ljust(6, '0')}"
        return text


class _Text(Loader):
    def load(self, data: Any) -> str:
        return bytes(data).decode()


class _Float(Loader):
    def load(self, data: Any) -> float:
        return float(bytes(data))


class _ClosedWithItsThread:
    """Holds a thread's connection and closes it when the thread ends (its thread-local storage
    is dropped): peewee keeps one connection per thread, and a worker thread (the engine's writer,
    a GUI worker) that ends must not leave a server session open until garbage collection."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __del__(self) -> None:
        if not self.conn.closed:
            self.conn.close()


class StorePostgresDatabase(pw.PostgresqlDatabase):
    """PostgresqlDatabase (psycopg 3) that runs the store's `?`-style raw SQL and reads values in
    SQLite's forms (module docstring)."""

    def __init__(self, location: str, *, busy_timeout: float) -> None:
        self.location = location
        self.timeout = busy_timeout  # what storage.errors reports as the time waited for a lock
        self._thread_connections = threading.local()
        super().__init__(location, prefer_psycopg3=True, **connect_params(location, busy_timeout))

    def _connect(self) -> Any:
        conn = super()._connect()  # type: ignore[misc]
        conn.adapters.register_loader("timestamp", _TimestampText)
        conn.adapters.register_loader("date", _Text)
        conn.adapters.register_loader("numeric", _Float)
        self._thread_connections.holder = _ClosedWithItsThread(conn)
        return conn

    def execute_sql(self, sql: Any, params: Any = None) -> Any:
        if isinstance(sql, str) and "?" in sql:
            sql = pyformat(sql)
        self._reconnect_if_lost()
        return super().execute_sql(sql, params)

    def _reconnect_if_lost(self) -> None:
        """A session the server ended (a restart, a failover, an idle timeout) fails the statement
        that finds out; the next statement outside a transaction connects again, so an app left
        open all day goes on after the server comes back."""
        state = self._state  # type: ignore[attr-defined]
        if state.closed or state.conn is None or not state.conn.closed or self.transaction_depth():
            return
        log.warning("the connection to the database server %s was lost; connecting again", describe(self.location))
        state.reset()
        self.connect()

