"""Schema version 6: outcomes that tell the truth.

Frozen: the literal DDL of version 6; imports nothing from the app.

- `fetch_run.closed`: the run's invoices that the operator no longer lists as open (status
  CLOSED: most likely paid), counted apart from errors.
- `invoice.paid_at`: the payment date the operator's payment spreadsheet (FPD) gives, beside
  the `payment_status` it sets.

No rollup table changes: rollups are keyed by status values, which are data.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 6
REBUILD_ROLLUPS = False


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


STATEMENTS = (
    'ALTER TABLE "fetch_run" ADD COLUMN "closed" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "invoice" ADD COLUMN "paid_at" DATE',
)


def upgrade(db: Database) -> None:
    """Version 5 -> 6."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
