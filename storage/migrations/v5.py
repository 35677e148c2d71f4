"""Schema version 5: the tables of DESIGN §4 and the rollups the dashboards read, without triggers.

Frozen: this file holds the literal DDL of version 5 and imports nothing from the app, so what
it does to a database never changes after it ships. Later versions add a file of their own.

- `create` makes a new, empty database at version 5.
- `upgrade` takes a database of any earlier version (1 to 4 share the same base tables) to 5:
  it drops the rollup triggers, the trigger guard and the rollup tables of versions 2 to 4 and
  the foreign-key indexes that composite ones already cover and the never-set column
  `invoice.next_attempt_after`, and creates the version-5 rollup tables empty. Rollups are
  derived data: the caller refills them from the facts with the current rebuild
  (`REBUILD_ROLLUPS`), in the same transaction.

The rollup tables (which code writes them, and why each exists: storage/rollups_write.py):

- `rollup_invoice`: invoices counted by (cohort, fetch status, origin of the last fetch,
  attempts capped at 10, has data, last outcome), with the sums of fetch_seconds and amount.
- `rollup_attempt_hour`: attempt rows per UTC hour x origin x status after the attempt, with
  their times, and `results`: how many of them were their run's final word on the invoice.
- `rollup_latency_hour`: lookup times per UTC hour x origin x histogram bucket.
- `rollup_error_hour`: problem attempts per UTC hour x (outcome, HTTP status, message key), and
  `invoices_last`: the group's invoices whose latest such attempt fell in that hour.
- `rollup_error_invoice`: per (group, invoice), the last time the invoice had such an attempt.
- `rollup_slow_hour`: the 25 slowest attempts of each UTC hour.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 5
REBUILD_ROLLUPS = True


class Database(Protocol):
    """What a migration needs of a database: to run a statement."""

    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


BASE_TABLES = (
    """CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL,
        "applied_at" DATETIME NOT NULL, "app_version" VARCHAR(32) NOT NULL)""",
    """CREATE TABLE "setting" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL,
        "updated_at" DATETIME NOT NULL)""",
    """CREATE TABLE "contract" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(64) NOT NULL,
        "document" VARCHAR(14) NOT NULL, "customer_name" VARCHAR(200) NOT NULL, "install_date" DATE NOT NULL,
        "cohort" VARCHAR(7) NOT NULL, "status" VARCHAR(16) NOT NULL, "plan" VARCHAR(120),
        "plan_value" DECIMAL(12, 2), "service_order" VARCHAR(64), "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL)""",
    """CREATE TABLE "fetch_run" ("id" INTEGER NOT NULL PRIMARY KEY, "origin" VARCHAR(16) NOT NULL,
        "cohort" VARCHAR(7), "selector" TEXT, "started_by" VARCHAR(120) NOT NULL, "hostname" VARCHAR(120) NOT NULL,
        "pid" INTEGER NOT NULL, "started_at" DATETIME NOT NULL, "finished_at" DATETIME, "duration_seconds" REAL,
        "heartbeat_at" DATETIME NOT NULL, "status" VARCHAR(16) NOT NULL, "message" TEXT,
        "max_attempts" INTEGER NOT NULL, "retry_pass" INTEGER NOT NULL, "concurrency" INTEGER NOT NULL,
        "rate_limit" REAL, "contracts" INTEGER NOT NULL, "invoices" INTEGER NOT NULL, "documents" INTEGER NOT NULL,
        "processed" INTEGER NOT NULL, "successes" INTEGER NOT NULL, "partial" INTEGER NOT NULL,
        "errors" INTEGER NOT NULL, "not_available" INTEGER NOT NULL, "gave_up" INTEGER NOT NULL,
        "retries" INTEGER NOT NULL, "lookups" INTEGER NOT NULL, "avg_seconds" REAL, "min_seconds" REAL,
        "max_seconds" REAL, "p50_seconds" REAL, "p95_seconds" REAL, "log" TEXT NOT NULL)""",
    """CREATE TABLE "invoice" ("id" INTEGER NOT NULL PRIMARY KEY, "contract_id" INTEGER NOT NULL,
        "number" INTEGER NOT NULL, "due_date" DATE NOT NULL, "due_date_imported" INTEGER NOT NULL,
        "available_from" DATE NOT NULL, "payment_status" VARCHAR(16), "amount" DECIMAL(12, 2),
        "remote_due_date" DATE, "remote_id" VARCHAR(64), "reference_month" VARCHAR(16), "bar_code" VARCHAR(80),
        "pix_code" TEXT, "fetch_origin" VARCHAR(16), "fetch_status" VARCHAR(16) NOT NULL, "last_fetch_at" DATETIME,
        "fetch_seconds" REAL, "fetch_attempts" INTEGER NOT NULL, "fetch_error" TEXT, "last_outcome" VARCHAR(24),
        "last_run_id" INTEGER, "updated_at" DATETIME NOT NULL,
        FOREIGN KEY ("contract_id") REFERENCES "contract" ("id") ON DELETE CASCADE,
        FOREIGN KEY ("last_run_id") REFERENCES "fetch_run" ("id") ON DELETE SET NULL)""",
    """CREATE TABLE "fetch_attempt" ("id" INTEGER NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL,
        "invoice_id" INTEGER NOT NULL, "lookup_no" INTEGER NOT NULL, "try_no" INTEGER NOT NULL, "attempt_no" INTEGER,
        "counted" INTEGER NOT NULL, "retry_pass" INTEGER NOT NULL, "started_at" DATETIME NOT NULL, "seconds" REAL,
        "outcome" VARCHAR(24) NOT NULL, "status_after" VARCHAR(16) NOT NULL, "http_status" INTEGER, "error" TEXT,
        "origin" VARCHAR(16) NOT NULL, "cohort" VARCHAR(7) NOT NULL,
        FOREIGN KEY ("run_id") REFERENCES "fetch_run" ("id") ON DELETE CASCADE,
        FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE CASCADE)""",
    """CREATE TABLE "alert" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(32) NOT NULL,
        "severity" VARCHAR(16) NOT NULL, "dedupe_key" VARCHAR(120) NOT NULL, "message" TEXT NOT NULL,
        "details" TEXT NOT NULL, "run_id" INTEGER, "created_at" DATETIME NOT NULL, "last_seen_at" DATETIME NOT NULL,
        "occurrences" INTEGER NOT NULL, "acknowledged_at" DATETIME, "acknowledged_by" VARCHAR(120),
        FOREIGN KEY ("run_id") REFERENCES "fetch_run" ("id") ON DELETE SET NULL)""",
    # The persistent-error count measured when each run's alerts were evaluated (alert facts).
    """CREATE TABLE alert_run_state (
        run_id INTEGER NOT NULL PRIMARY KEY REFERENCES fetch_run (id) ON DELETE CASCADE,
        persistent_errors INTEGER NOT NULL, measured_at TEXT NOT NULL)""",
)

BASE_INDEXES = (
    'CREATE INDEX "fetch_run_started_at" ON "fetch_run" ("started_at")',
    'CREATE INDEX "fetch_run_status" ON "fetch_run" ("status")',
    'CREATE INDEX "alert_dedupe_key" ON "alert" ("dedupe_key")',
    'CREATE INDEX "alert_run_id" ON "alert" ("run_id")',
    'CREATE UNIQUE INDEX "contract_number" ON "contract" ("number")',
    'CREATE INDEX "contract_document" ON "contract" ("document")',
    'CREATE INDEX "contract_cohort" ON "contract" ("cohort")',
    'CREATE UNIQUE INDEX "invoice_contract_id_number" ON "invoice" ("contract_id", "number")',
    'CREATE INDEX "invoice_fetch_status_fetch_attempts" ON "invoice" ("fetch_status", "fetch_attempts")',
    'CREATE UNIQUE INDEX "fetch_attempt_run_id_invoice_id_try_no" '
    'ON "fetch_attempt" ("run_id", "invoice_id", "try_no")',
    'CREATE INDEX "fetch_attempt_invoice_id_started_at" ON "fetch_attempt" ("invoice_id", "started_at")',
    'CREATE INDEX "fetch_attempt_started_at" ON "fetch_attempt" ("started_at")',
    # Problems pages: newest failure first, straight off a small partial index.
    "CREATE INDEX ix_invoice_problems ON invoice (last_fetch_at DESC, id DESC) "
    "WHERE fetch_status IN ('ERROR', 'GAVE_UP', 'PARTIAL')",
    "CREATE INDEX ix_fetch_run_origin_started ON fetch_run (origin, started_at)",
    "CREATE INDEX ix_fetch_run_cohort_started ON fetch_run (cohort, started_at)",
    "CREATE INDEX ix_fetch_run_status_started ON fetch_run (status, started_at)",
)

ROLLUP_TABLES = (
    """CREATE TABLE rollup_invoice (
        cohort TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL, attempts INTEGER NOT NULL,
        has_data INTEGER NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds REAL NOT NULL DEFAULT 0, sum_amount REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (cohort, status, origin, attempts, has_data, outcome)) WITHOUT ROWID""",
    """CREATE TABLE rollup_attempt_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds REAL NOT NULL DEFAULT 0, min_seconds REAL, max_seconds REAL,
        results INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, origin, status)) WITHOUT ROWID""",
    """CREATE TABLE rollup_latency_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, origin, bucket)) WITHOUT ROWID""",
    """CREATE TABLE rollup_error_hour (
        hour TEXT NOT NULL, outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, sample TEXT,
        invoices_last INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, outcome, http_status, msg_key)) WITHOUT ROWID""",
    """CREATE TABLE rollup_error_invoice (
        outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        invoice_id INTEGER NOT NULL, last_seen TEXT NOT NULL,
        PRIMARY KEY (outcome, http_status, msg_key, invoice_id)) WITHOUT ROWID""",
    """CREATE TABLE rollup_slow_hour (
        hour TEXT NOT NULL, seconds REAL NOT NULL, attempt_id INTEGER NOT NULL,
        PRIMARY KEY (hour, seconds, attempt_id)) WITHOUT ROWID""",
)

# What versions 2 to 4 installed and version 5 no longer has.
_OLD_TRIGGERS = (
    "trg_rollup_invoice_insert", "trg_rollup_invoice_update", "trg_rollup_invoice_delete",
    "trg_rollup_contract_insert", "trg_rollup_contract_delete", "trg_rollup_contract_cohort",
    "trg_rollup_attempt_insert", "trg_rollup_error_member_insert", "trg_rollup_error_member_update",
)
_OLD_TABLES = (
    "rollup_invoice", "rollup_contract", "rollup_attempt_hour", "rollup_latency_hour", "rollup_error_hour",
    "rollup_error_invoice", "rollup_slow_hour", "rollup_guard",
)
_OLD_INDEXES = (
    "fetch_attempt_run_id", "fetch_attempt_invoice_id", "invoice_contract_id", "invoice_last_run_id",
    "invoice_last_fetch_at",
)
# Version 1 had no analytics indexes; versions 2 to 4 did (IF NOT EXISTS covers both).
_ANALYTICS_INDEXES = tuple(sql.replace("CREATE INDEX ix_", "CREATE INDEX IF NOT EXISTS ix_")
                           for sql in BASE_INDEXES if "INDEX ix_" in sql)
_ALERT_STATE = BASE_TABLES[-1].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")


def create(db: Database) -> None:
    """A new database at version 5 (the caller records the version, in the same transaction)."""
    for sql in (*BASE_TABLES, *BASE_INDEXES, *ROLLUP_TABLES):
        db.execute_sql(sql)


def upgrade(db: Database) -> None:
    """Versions 1 to 4 -> 5. The rollup tables are left empty: the caller rebuilds them."""
    for name in _OLD_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for name in _OLD_TABLES:
        db.execute_sql(f"DROP TABLE IF EXISTS {name}")
    for name in _OLD_INDEXES:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
    if _has_column(db, "invoice", "next_attempt_after"):
        db.execute_sql("ALTER TABLE invoice DROP COLUMN next_attempt_after")
    for sql in (_ALERT_STATE, *_ANALYTICS_INDEXES, *ROLLUP_TABLES):
        db.execute_sql(sql)


def _has_column(db: Database, table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute_sql(f"PRAGMA table_info({table})").fetchall())
