"""PostgreSQL for the benchmarks: a database of their own on the server `--db` names, filled
from a SQLite file by `store copy` (the role needs CREATEDB)."""

from __future__ import annotations

from pathlib import Path

import psycopg

from storage.store_copy import copy_store


def database_url(server: str, name: str) -> str:
    """The URL of database <server's dbname>_<name> on the same server."""
    base, _, dbname = server.rpartition("/")
    return f"{base}/{dbname.split('?', 1)[0] or 'faturas'}_{name}"


def ensure_database(server: str, name: str, *, fresh: bool = False) -> str:
    """Create <dbname>_<name> when missing (dropped first when `fresh`); its URL."""
    url = database_url(server, name)
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(server, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')
    return url


def fresh_copy(server: str, name: str, sqlite_file: Path) -> str:
    """A new database <dbname>_<name> holding a copy of the SQLite store; its URL."""
    url = ensure_database(server, name, fresh=True)
    copy_store(str(sqlite_file), url)
    return url
