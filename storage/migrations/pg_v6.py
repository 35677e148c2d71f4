"""PostgreSQL's baseline: the schema of version 6, created as it is on a new PostgreSQL database.

Frozen: the literal DDL of version 6 in PostgreSQL's types; imports nothing from the app. The
same tables, columns (in the same order), keys and indexes as a SQLite database at version 6
(v5.py, then v6.py), with:

- keys that number themselves: SERIAL (BIGSERIAL for `fetch_attempt`, the table that grows);
- TIMESTAMP for DATETIME (naive UTC, as on SQLite), DOUBLE PRECISION for REAL, NUMERIC for
  DECIMAL, BOOLEAN for the flags SQLite keeps as 0 / 1;
- the rollup tables as plain tables (PostgreSQL has no WITHOUT ROWID: a heap and its key);
- `fm_fold(text)`, the accent folding that a SQLite connection gets as a Python function
  (storage.contracts_query.fold_text): the same table of letters, as translate() / replace().

A PostgreSQL database never held versions 1 to 5, so it starts here; later steps (v7 on) run
on both stores.
"""

from __future__ import annotations

from typing import Any, Protocol

VERSION = 6


class Database(Protocol):
    def execute_sql(self, sql: Any, params: Any = ...) -> Any: ...


TABLES = (
    """CREATE TABLE "schema_version" ("id" SERIAL PRIMARY KEY, "version" INTEGER NOT NULL,
        "applied_at" TIMESTAMP NOT NULL, "app_version" VARCHAR(32) NOT NULL)""",
    """CREATE TABLE "setting" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL,
        "updated_at" TIMESTAMP NOT NULL)""",
    """CREATE TABLE "contract" ("id" SERIAL PRIMARY KEY, "number" VARCHAR(64) NOT NULL,
        "document" VARCHAR(14) NOT NULL, "customer_name" VARCHAR(200) NOT NULL, "install_date" DATE NOT NULL,
        "cohort" VARCHAR(7) NOT NULL, "status" VARCHAR(16) NOT NULL, "plan" VARCHAR(120),
        "plan_value" NUMERIC(12, 2), "service_order" VARCHAR(64), "created_at" TIMESTAMP NOT NULL,
        "updated_at" TIMESTAMP NOT NULL)""",
    """CREATE TABLE "fetch_run" ("id" SERIAL PRIMARY KEY, "origin" VARCHAR(16) NOT NULL,
        "cohort" VARCHAR(7), "selector" TEXT, "started_by" VARCHAR(120) NOT NULL, "hostname" VARCHAR(120) NOT NULL,
        "pid" INTEGER NOT NULL, "started_at" TIMESTAMP NOT NULL, "finished_at" TIMESTAMP,
        "duration_seconds" DOUBLE PRECISION, "heartbeat_at" TIMESTAMP NOT NULL, "status" VARCHAR(16) NOT NULL,
        "message" TEXT, "max_attempts" INTEGER NOT NULL, "retry_pass" BOOLEAN NOT NULL,
        "concurrency" INTEGER NOT NULL, "rate_limit" DOUBLE PRECISION, "contracts" INTEGER NOT NULL,
        "invoices" INTEGER NOT NULL, "documents" INTEGER NOT NULL, "processed" INTEGER NOT NULL,
        "successes" INTEGER NOT NULL, "partial" INTEGER NOT NULL, "errors" INTEGER NOT NULL,
        "not_available" INTEGER NOT NULL, "gave_up" INTEGER NOT NULL, "retries" INTEGER NOT NULL,
        "lookups" INTEGER NOT NULL, "avg_seconds" DOUBLE PRECISION, "min_seconds" DOUBLE PRECISION,
        "max_seconds" DOUBLE PRECISION, "p50_seconds" DOUBLE PRECISION, "p95_seconds" DOUBLE PRECISION,
        "log" TEXT NOT NULL, "closed" INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE "invoice" ("id" SERIAL PRIMARY KEY, "contract_id" INTEGER NOT NULL,
        "number" INTEGER NOT NULL, "due_date" DATE NOT NULL, "due_date_imported" BOOLEAN NOT NULL,
        "available_from" DATE NOT NULL, "payment_status" VARCHAR(16), "amount" NUMERIC(12, 2),
        "remote_due_date" DATE, "remote_id" VARCHAR(64), "reference_month" VARCHAR(16), "bar_code" VARCHAR(80),
        "pix_code" TEXT, "fetch_origin" VARCHAR(16), "fetch_status" VARCHAR(16) NOT NULL,
        "last_fetch_at" TIMESTAMP, "fetch_seconds" DOUBLE PRECISION, "fetch_attempts" INTEGER NOT NULL,
        "fetch_error" TEXT, "last_outcome" VARCHAR(24), "last_run_id" INTEGER, "updated_at" TIMESTAMP NOT NULL,
        "paid_at" DATE,
        FOREIGN KEY ("contract_id") REFERENCES "contract" ("id") ON DELETE CASCADE,
        FOREIGN KEY ("last_run_id") REFERENCES "fetch_run" ("id") ON DELETE SET NULL)""",
    """CREATE TABLE "fetch_attempt" ("id" BIGSERIAL PRIMARY KEY, "run_id" INTEGER NOT NULL,
        "invoice_id" INTEGER NOT NULL, "lookup_no" INTEGER NOT NULL, "try_no" INTEGER NOT NULL, "attempt_no" INTEGER,
        "counted" BOOLEAN NOT NULL, "retry_pass" BOOLEAN NOT NULL, "started_at" TIMESTAMP NOT NULL,
        "seconds" DOUBLE PRECISION, "outcome" VARCHAR(24) NOT NULL, "status_after" VARCHAR(16) NOT NULL,
        "http_status" INTEGER, "error" TEXT, "origin" VARCHAR(16) NOT NULL, "cohort" VARCHAR(7) NOT NULL,
        FOREIGN KEY ("run_id") REFERENCES "fetch_run" ("id") ON DELETE CASCADE,
        FOREIGN KEY ("invoice_id") REFERENCES "invoice" ("id") ON DELETE CASCADE)""",
    """CREATE TABLE "alert" ("id" SERIAL PRIMARY KEY, "kind" VARCHAR(32) NOT NULL,
        "severity" VARCHAR(16) NOT NULL, "dedupe_key" VARCHAR(120) NOT NULL, "message" TEXT NOT NULL,
        "details" TEXT NOT NULL, "run_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "last_seen_at" TIMESTAMP NOT NULL,
        "occurrences" INTEGER NOT NULL, "acknowledged_at" TIMESTAMP, "acknowledged_by" VARCHAR(120),
        FOREIGN KEY ("run_id") REFERENCES "fetch_run" ("id") ON DELETE SET NULL)""",
    """CREATE TABLE alert_run_state (
        run_id INTEGER NOT NULL PRIMARY KEY REFERENCES fetch_run (id) ON DELETE CASCADE,
        persistent_errors INTEGER NOT NULL, measured_at TEXT NOT NULL)""",
)

INDEXES = (
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
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
        sum_amount DOUBLE PRECISION NOT NULL DEFAULT 0,
        PRIMARY KEY (cohort, status, origin, attempts, has_data, outcome))""",
    """CREATE TABLE rollup_attempt_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
        min_seconds DOUBLE PRECISION, max_seconds DOUBLE PRECISION, results INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, origin, status))""",
    """CREATE TABLE rollup_latency_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, origin, bucket))""",
    """CREATE TABLE rollup_error_hour (
        hour TEXT NOT NULL, outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, sample TEXT,
        invoices_last INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, outcome, http_status, msg_key))""",
    """CREATE TABLE rollup_error_invoice (
        outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        invoice_id INTEGER NOT NULL, last_seen TEXT NOT NULL,
        PRIMARY KEY (outcome, http_status, msg_key, invoice_id))""",
    """CREATE TABLE rollup_slow_hour (
        hour TEXT NOT NULL, seconds DOUBLE PRECISION NOT NULL, attempt_id BIGINT NOT NULL,
        PRIMARY KEY (hour, seconds, attempt_id))""",
)

# fm_fold: Latin letters with accents -> their base letters, combining marks dropped (the
# letters past the end of _FOLD_TO are deleted by translate), a few letters -> two, lower case.
_FOLD_FROM = (
    " ¨ª¯²³´µ¸¹ºÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùú"
    "ûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃ"
    "ńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏ"
    "ǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǢǣǦǧǨǩǪǫǬǭǮǯǰǴǵǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓ"
    "ȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ̡̢̛̖̗̘̙̜̝̞̟̠̣̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̕̚"
    "̴̵̶̷̸̧̨̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̽̾̿̀́͂̓̈́͆͊͋͌ͅ͏͓͔͕͖͙͚͐͑͒͗͛͘͜͟͝͞"
    "ͣͤͥͦͧͨͩͪͫͬͭͮͯ͢͠͡"
)
_FOLD_TO = (
    "  a 23 μ 1oAAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouu"
    "uuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlN"
    "nNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzsOoUuAaI"
    "iOoUuUuUuUuUuAaAaÆæGgKkOoOoƷʒjGgNnAaÆæØøAaAaEeEeIiIiOoOoRrRr"
    "UuUuSsTtHhAaEeOoOoOoOoYy"
)
_FOLD_MULTI = (
    ("¼", "1⁄4"), ("½", "1⁄2"), ("¾", "3⁄4"), ("Ĳ", "IJ"), ("ĳ", "ij"), ("Ŀ", "L·"), ("ŀ", "l·"), ("ŉ", "ʼn"),
    ("Ǆ", "DZ"), ("ǅ", "Dz"), ("ǆ", "dz"), ("Ǉ", "LJ"), ("ǈ", "Lj"), ("ǉ", "lj"), ("Ǌ", "NJ"), ("ǋ", "Nj"),
    ("ǌ", "nj"), ("Ǳ", "DZ"), ("ǲ", "Dz"), ("ǳ", "dz"),
)


def _fold_function() -> str:
    body = "t"
    for old, new in _FOLD_MULTI:
        body = f"replace({body}, '{old}', '{new}')"
    return (f"CREATE FUNCTION fm_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE "
            f"AS $$ SELECT lower(translate({body}, '{_FOLD_FROM}', '{_FOLD_TO}')) $$")


def create(db: Database) -> None:
    """A new PostgreSQL database at version 6 (the caller records the version, in the same transaction)."""
    for sql in (*TABLES, *INDEXES, *ROLLUP_TABLES, _fold_function()):
        db.execute_sql(sql)
