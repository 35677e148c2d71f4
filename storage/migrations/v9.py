"""Schema version 9: one index fewer for the engine to write with every invoice it updates.

Frozen: the literal DDL of version 9; imports nothing from the app. The statement runs
unchanged on SQLite and on PostgreSQL.

- `invoice_fetch_status_fetch_attempts` (fetch_status, fetch_attempts) goes. Every lookup
  changes both columns, so the engine's writer moved the invoice's entry in it with every
  update (about a tenth of the writer's time on SQLite); no query read it: the lists by status
  take `ix_invoice_waiting` (fetch_status first) or `ix_invoice_problems`, and the counts by
  status and attempts come from `rollup_invoice`.

No table or rollup changes.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 9
REBUILD_ROLLUPS = False


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


STATEMENTS = (
    'DROP INDEX IF EXISTS "invoice_fetch_status_fetch_attempts"',
)


def upgrade(db: Database) -> None:
    """Version 8 -> 9."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
