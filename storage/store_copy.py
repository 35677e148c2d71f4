"""Copying a whole store into an empty one: a SQLite file into a shared PostgreSQL database (the
move to a team store), or back.

Both stores are brought to the current schema first (the source as opening it would: a SQLite
file is backed up before it migrates). Every fact table is copied with its ids, in key order
(contracts before their invoices, runs before their attempt rows), streamed in chunks, in one
transaction on the target: a copy that fails leaves the target as empty as it was. PostgreSQL
gets the rows by COPY and its id sequences are set past the copied ids; the rollups are then
rebuilt from the copied facts (storage.rollups_write), in the same transaction. The schema
version rows are the target's own. A target that already holds any fact is refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from storage.dialect import is_postgres
from storage.errors import StoreError
from storage.postgres import describe

log = logging.getLogger(__name__)

# In key order: a row's references are copied before it.
FACT_TABLES = ("setting", "contract", "fetch_run", "invoice", "fetch_attempt", "alert", "alert_run_state")
_NUMBERED = ("contract", "fetch_run", "invoice", "fetch_attempt", "alert")  # ids from a sequence on PostgreSQL
CHUNK_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class CopyReport:
    rows: dict[str, int]  # table -> rows copied
    seconds: float


def copy_store(source: str, target: str) -> CopyReport:
    """Copy every fact of `source` into the empty store `target` (locations as for --db)."""
    from storage.db import close_database, make_database, open_database
    from storage.rollups_write import rebuild_rollups

    if source == target:
        raise StoreError("the source and the target of a copy are the same database")
    if not _is_pg_location(source) and not Path(source).expanduser().is_file():
        raise StoreError(f"there is no database at {source}")
    t0 = time.perf_counter()
    open_database(source, recover=False)  # the current schema (a SQLite file is backed up first)
    close_database()
    target_db = open_database(target, recover=False)
    source_db = make_database(source)
    try:
        source_db.connect()
        held = {table: _count(target_db, table) for table in FACT_TABLES}
        if any(held.values()):
            what = ", ".join(f"{n:,} {table}" for table, n in held.items() if n)
            raise StoreError(f"{describe(target)} already holds data ({what}): copy only into an empty database")
        copied: dict[str, int] = {}
        with target_db.atomic():
            for table in FACT_TABLES:
                columns = [c.name for c in target_db.get_columns(table)]
                copied[table] = _copy_table(source_db, target_db, table, columns)
                log.info("copied %d %s row(s)", copied[table], table)
            if is_postgres(target_db):
                for table in _NUMBERED:
                    target_db.execute_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1), "
                        f"max(id) IS NOT NULL) FROM {table}")
            rebuild_rollups(target_db)
    finally:
        source_db.close()
        close_database()
    seconds = time.perf_counter() - t0
    log.info("copied the store %s into %s in %.1f s", describe(source), describe(target), seconds)
    return CopyReport(copied, seconds)


def _is_pg_location(location: str) -> bool:
    return location.startswith(("postgres://", "postgresql://"))


def _count(db: pw.Database, table: str) -> int:
    return int(db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0])


def _rows(db: pw.Database, table: str, columns: Sequence[str]) -> Iterator[Sequence[tuple[Any, ...]]]:
    """The table's rows in key order, in chunks (a million rows never sit in memory at once)."""
    names = ", ".join(f'"{c}"' for c in columns)
    order = "id" if "id" in columns else ", ".join(f'"{c}"' for c in columns[:1])
    sql = f"SELECT {names} FROM {table} ORDER BY {order}"
    if is_postgres(db):  # a server-side cursor: psycopg's plain one would fetch every row at once
        with db.atomic():
            named = db.connection().cursor(name=f"copy_{table}")
            try:
                named.execute(sql)
                while chunk := named.fetchmany(CHUNK_ROWS):
                    yield chunk
            finally:
                named.close()
        return
    cursor = db.execute_sql(sql)
    while chunk := cursor.fetchmany(CHUNK_ROWS):
        yield chunk


def _copy_table(source: pw.Database, target: pw.Database, table: str, columns: Sequence[str]) -> int:
    source_columns = {c.name for c in source.get_columns(table)}
    missing = [c for c in columns if c not in source_columns]
    if missing:  # both are at the same schema version: this is a damaged source
        raise StoreError(f"the source's table {table} has no column(s) {', '.join(missing)}")
    names = ", ".join(f'"{c}"' for c in columns)
    n = 0
    if is_postgres(target):
        cursor = target.connection().cursor()
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for chunk in _rows(source, table, columns):
                for row in chunk:
                    copy.write_row(row)
                n += len(chunk)
        return n
    placeholders = ", ".join("?" for _ in columns)
    for chunk in _rows(source, table, columns):
        target.connection().executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", chunk)
        n += len(chunk)
    return n
