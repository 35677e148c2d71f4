"""Schema version 6: outcomes that tell the truth.

Frozen: the literal DDL of version 6; imports nothing from the app.

- `fetch_run.closed`: the run's invoices that the operator no longer lists as open (status
  CLOSED: most likely paid), counted apart from errors.
- `invoice.paid_at`: the payment date the operator's payment spreadsheet (FPD) gives, beside
  the `payment_status` it sets.

- Invoices that version 5 left as failures although the operator had said they were not open
  (`NO_DEBTS` on or after the due date, or "the open ones are already matched to other invoices
  (probably paid)") become CLOSED, their error cleared: they were never problems. Rollups are keyed
  by status, so the caller rebuilds them (`REBUILD_ROLLUPS`).
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 6
REBUILD_ROLLUPS = True


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


STATEMENTS = (
    'ALTER TABLE "fetch_run" ADD COLUMN "closed" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "invoice" ADD COLUMN "paid_at" DATE',
    # due_date <= last_fetch_at: a date against a timestamp (ISO text on SQLite, typed elsewhere)
    """UPDATE "invoice" SET "fetch_status" = 'CLOSED', "fetch_error" = NULL
       WHERE "fetch_status" IN ('ERROR', 'GAVE_UP', 'NOT_AVAILABLE') AND "last_fetch_at" IS NOT NULL
         AND (("last_outcome" = 'NO_DEBTS' AND "due_date" <= "last_fetch_at")
              OR ("last_outcome" = 'NO_MATCH' AND "fetch_error" LIKE '%probably paid%'))""",
)


def upgrade(db: Database) -> None:
    """Version 5 -> 6."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
