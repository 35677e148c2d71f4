"""Schema version 8: several runners on one store, and every run visible from any window.

Frozen: the literal DDL of version 8; imports nothing from the app. Every statement runs
unchanged on SQLite and on PostgreSQL: only types both accept (INTEGER, VARCHAR(n), TEXT,
TIMESTAMP for times, stored as naive UTC like every other time column), `ALTER TABLE ... ADD
COLUMN` with constant defaults, and plain indexes.

- `fetch_claim`: one row per customer document a run is working on (all its invoices are
  claimed together: one lookup settles them all). `run_id` owns it until `lease_until`; the
  owner renews the lease with its heartbeat and deletes the row once the document's results
  are committed. A row whose lease has passed belongs to nobody.
- `run_progress`: the newest progress snapshot of a run (JSON), written by the run at most
  twice a second, so any window can show any run live.
- `schedule_slot`: one row per fire time of the schedule that a runner took; the unique key
  makes the first taker the only one.
- `fetch_run.cancel_requested_at` / `cancel_requested_by`: a cancel asked from another window
  or machine; the run polls it with its heartbeat and stops as if its own user had cancelled.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 8
REBUILD_ROLLUPS = False


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


STATEMENTS = (
    'CREATE TABLE "fetch_claim" ("document" VARCHAR(14) NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL, '
    '"claimed_at" TIMESTAMP NOT NULL, "lease_until" TIMESTAMP NOT NULL)',
    'CREATE INDEX "fetch_claim_run_id" ON "fetch_claim" ("run_id")',
    'CREATE TABLE "run_progress" ("run_id" INTEGER NOT NULL PRIMARY KEY, "updated_at" TIMESTAMP NOT NULL, '
    '"snapshot" TEXT NOT NULL)',
    'CREATE TABLE "schedule_slot" ("slot" VARCHAR(40) NOT NULL PRIMARY KEY, "taken_by" VARCHAR(120) NOT NULL, '
    '"hostname" VARCHAR(120) NOT NULL, "taken_at" TIMESTAMP NOT NULL, "run_id" INTEGER)',
    'ALTER TABLE "fetch_run" ADD COLUMN "cancel_requested_at" TIMESTAMP',
    'ALTER TABLE "fetch_run" ADD COLUMN "cancel_requested_by" VARCHAR(120)',
)


def upgrade(db: Database) -> None:
    """Version 7 -> 8."""
    for sql in STATEMENTS:
        db.execute_sql(sql)
