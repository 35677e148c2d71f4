"""Schema version 7: what waits, counted off an index.

Frozen: the literal DDL of version 7; imports nothing from the app.

- `ix_invoice_waiting` on invoice (fetch_status, available_from, payment_status): the "Pendentes"
  (to fetch now: a status a run takes again, available from today or earlier, not paid) and
  "Ainda não disponíveis" (not available before a later day) counts are range counts over
  this index alone, instead of a visit to every unfetched invoice's row.

No table or rollup changes.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 7
REBUILD_ROLLUPS = False


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


STATEMENTS = (
    "CREATE INDEX IF NOT EXISTS ix_invoice_waiting ON invoice (fetch_status, available_from, payment_status)",
)


def upgrade(db: Database) -> None:
    """Version 6 -> 7."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
