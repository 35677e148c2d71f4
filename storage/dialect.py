"""The few SQL spellings that differ between SQLite and PostgreSQL, for the store's raw SQL.

Everything else is written once in the subset both run (CASE rather than SQLite's scalar
min/max, `1 = 1` rather than a bare `1` as a condition, INSERT ... ON CONFLICT, RETURNING,
window functions, UPDATE ... FROM). Placeholders are written `?` on both (storage.postgres turns
them into psycopg's). The timestamp pieces are in storage.rollups_write (`hour_sql`,
`timestamp_text_sql`), beside the rollups that use them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import peewee as pw

_POSTGRES_TYPES: tuple[tuple[type[pw.Field], str], ...] = (
    (pw.BooleanField, "boolean"),
    (pw.BigIntegerField, "bigint"),
    (pw.IntegerField, "integer"),  # SmallIntegerField, AutoField and ForeignKeyField's ids too
    (pw.FloatField, "double precision"),
    (pw.DecimalField, "numeric"),
    (pw.DateTimeField, "timestamp"),
    (pw.DateField, "date"),
)


def is_postgres(db: pw.Database | None) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def postgres_type(field: pw.Field) -> str:
    """The PostgreSQL type to CAST a value to for this model field's column."""
    if isinstance(field, pw.ForeignKeyField):
        field = field.rel_field
    for kind, name in _POSTGRES_TYPES:
        if isinstance(field, kind):
            return name
    return "text"


def int_list_sql(db: pw.Database | None) -> str:
    """A subquery of the integers of one JSON-array parameter ('[1,2,3]'): one parameter
    instead of thousands of placeholders."""
    if is_postgres(db):
        return "SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(? AS json))"
    return "SELECT value FROM json_each(?)"


def select_rows(db: pw.Database, columns: Sequence[str], tail: str, params: Sequence[Any]) -> list[list[Any]]:
    """The rows of `SELECT <columns> <tail>` (`tail`: FROM ... WHERE ..., no GROUP BY, ORDER BY
    or LIMIT), each a list of the column values.

    On SQLite the rows come back as one JSON array, in one step of the statement. Python's
    sqlite3 lets go of the GIL for every row it steps to, and gets it back only when the
    running thread lets go: while a run's threads keep the interpreter busy, a query of a few
    thousand rows read row by row took a second instead of milliseconds. Values come back as
    SQLite keeps them (text, integers, NULL; REAL to 15 significant digits). PostgreSQL's
    client reads the whole result at once: there the query runs as written."""
    if is_postgres(db):
        return [list(row) for row in db.execute_sql(f"SELECT {', '.join(columns)} {tail}", params)]
    row = db.execute_sql(f"SELECT json_group_array(json_array({', '.join(columns)})) {tail}", params).fetchone()
    return json.loads(row[0]) if row and row[0] else []


_ARRAY_ITEM: dict[str, Callable[[Any], Any]] = {
    "boolean": bool,
    "bigint": int,
    "integer": int,
    "double precision": float,
}


def unnest_sql(types: Sequence[str]) -> str:
    """PostgreSQL: `unnest(CAST(? AS t1[]), ...)`, a set of rows from one array parameter per
    column (see `as_arrays`). A statement of a few parameters instead of one per value: psycopg
    binds on the server, where parsing thousands of parameters costs more than the write."""
    return "unnest(" + ", ".join(f"CAST(? AS {t}[])" for t in types) + ")"


def as_arrays(rows: Sequence[Sequence[Any]], types: Sequence[str]) -> list[list[Any]]:
    """The rows' columns as lists for `unnest_sql`, each of one Python type (psycopg dumps no
    list of mixed types); dates, times and decimals go as text and are cast on the server."""
    out: list[list[Any]] = []
    for index, kind in enumerate(types):
        convert = _ARRAY_ITEM.get(kind, str)
        out.append([None if row[index] is None else convert(row[index]) for row in rows])
    return out
