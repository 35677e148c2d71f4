"""Indexes, rollup tables and the SQLite triggers that keep the rollups right.

Installed by storage.migrations for new databases (and by migration 2 for older ones). The
triggers live in the database, so every writer — the import, the engine, recovery, a test
with raw SQL — keeps the rollups exact without knowing they exist:

- `rollup_invoice`: invoices counted by (cohort, fetch status, origin, attempts capped at
  ATTEMPTS_CAP, has data, last outcome), with the sums of fetch_seconds and amount. Triggers on
  `invoice` insert/update/delete and on `contract` delete / cohort change.
- `rollup_contract`: contracts per cohort.
- `rollup_attempt_hour`: per UTC hour x origin: attempt rows, timed rows, sum/min/max of
  seconds, and the run *results* — each (run, invoice)'s final attempt by status_after.
  A try_no > 1 row takes its previous try out of the results (tries arrive in order).
- `rollup_latency_hour`: per UTC hour x origin x histogram bucket (storage.rollups.EDGES).
- `rollup_error_hour` / `rollup_error_invoice`: problem attempts per hour x (outcome, HTTP
  status, error key), and per (group, invoice) the last time it was seen; `invoices_last`
  counts the group's invoices whose last such attempt fell in that hour, so the distinct
  invoices of a window ending now are a sum over its hours (kept by triggers on the latter).
- `rollup_slow_hour`: the SLOW_KEEP_PER_HOUR slowest attempts of each UTC hour.
- `alert_run_state`: persistent-error counts measured when each run's alerts were evaluated.

Attempt rollups assume `fetch_attempt` is append-only (it is: nothing updates or deletes
attempt rows except a cascade from deleting a contract); call `rebuild_rollups` after such
a purge. PostgreSQL databases get no extras (see `installed`).
"""

from __future__ import annotations

import peewee as pw

from core.domain import FetchStatus
from storage.batch_rollups import GUARD_OFF, GUARD_TABLE
from storage.rollups import ATTEMPTS_CAP, PROBLEM_OUTCOMES_SQL, SLOW_KEEP_PER_HOUR, bucket_sql, error_key_sql

_STATUSES = [s.value for s in FetchStatus]
_RES = [f"res_{s.lower()}" for s in _STATUSES]  # res_pending, res_success, ...
PROBLEM_STATUSES_SQL = "('ERROR', 'GAVE_UP', 'PARTIAL')"

TABLES = (
    """CREATE TABLE IF NOT EXISTS rollup_invoice (
        cohort TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL, attempts INTEGER NOT NULL,
        has_data INTEGER NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds REAL NOT NULL DEFAULT 0,
        sum_amount REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (cohort, status, origin, attempts, has_data, outcome)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS rollup_contract (
        cohort TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID""",
    f"""CREATE TABLE IF NOT EXISTS rollup_attempt_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
        timed INTEGER NOT NULL DEFAULT 0, sum_seconds REAL NOT NULL DEFAULT 0,
        min_seconds REAL, max_seconds REAL,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in _RES)},
        PRIMARY KEY (hour, origin)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS rollup_latency_hour (
        hour TEXT NOT NULL, origin TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, origin, bucket)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS rollup_error_hour (
        hour TEXT NOT NULL, outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, sample TEXT,
        invoices_last INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, outcome, http_status, msg_key)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS rollup_error_invoice (
        outcome TEXT NOT NULL, http_status INTEGER NOT NULL, msg_key TEXT NOT NULL,
        invoice_id INTEGER NOT NULL, last_seen TEXT NOT NULL,
        PRIMARY KEY (outcome, http_status, msg_key, invoice_id)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS rollup_slow_hour (
        hour TEXT NOT NULL, seconds REAL NOT NULL, attempt_id INTEGER NOT NULL,
        PRIMARY KEY (hour, seconds, attempt_id)) WITHOUT ROWID""",
    GUARD_TABLE,
    """CREATE TABLE IF NOT EXISTS alert_run_state (
        run_id INTEGER NOT NULL PRIMARY KEY REFERENCES fetch_run (id) ON DELETE CASCADE,
        persistent_errors INTEGER NOT NULL, measured_at TEXT NOT NULL)""",
)

INDEXES = (
    # Problems pages: newest failure first, straight off a small partial index.
    f"CREATE INDEX IF NOT EXISTS ix_invoice_problems ON invoice (last_fetch_at DESC, id DESC) "
    f"WHERE fetch_status IN {PROBLEM_STATUSES_SQL}",
    "CREATE INDEX IF NOT EXISTS ix_fetch_run_origin_started ON fetch_run (origin, started_at)",
    "CREATE INDEX IF NOT EXISTS ix_fetch_run_cohort_started ON fetch_run (cohort, started_at)",
    "CREATE INDEX IF NOT EXISTS ix_fetch_run_status_started ON fetch_run (status, started_at)",
)


_INV_KEY = "cohort, status, origin, attempts, has_data, outcome"
_INV_UPSERT = (f"ON CONFLICT ({_INV_KEY}) DO UPDATE SET n = n + excluded.n, timed = timed + excluded.timed, "
               "sum_seconds = sum_seconds + excluded.sum_seconds, "
               "sum_amount = sum_amount + excluded.sum_amount")


def _attempts(row: str) -> str:
    return f"max(0, min({row}.fetch_attempts, {ATTEMPTS_CAP}))"


def _invoice_upsert(row: str, sign: int, where: str = "1") -> str:
    cohort = f"coalesce((SELECT c.cohort FROM contract c WHERE c.id = {row}.contract_id), '')"
    return f"""INSERT INTO rollup_invoice ({_INV_KEY}, n, timed, sum_seconds, sum_amount)
        SELECT {cohort}, {row}.fetch_status, coalesce({row}.fetch_origin, ''),
               {_attempts(row)}, {_has_data(row)}, coalesce({row}.last_outcome, ''),
               {sign}, {sign} * ({row}.fetch_seconds IS NOT NULL), {sign} * coalesce({row}.fetch_seconds, 0),
               {sign} * coalesce({row}.amount, 0)
        WHERE {where} {_INV_UPSERT};"""


def _has_data(row: str) -> str:
    return (f"({row}.amount IS NOT NULL AND (coalesce({row}.bar_code, '') <> '' "
            f"OR coalesce({row}.pix_code, '') <> ''))")


def _contract_invoices_upsert(cohort_expr: str, contract_id: str, sign: int) -> str:
    return f"""INSERT INTO rollup_invoice ({_INV_KEY}, n, timed, sum_seconds, sum_amount)
        SELECT {cohort_expr}, i.fetch_status, coalesce(i.fetch_origin, ''), {_attempts("i")},
               {_has_data("i")}, coalesce(i.last_outcome, ''), {sign} * count(*),
               {sign} * count(i.fetch_seconds), {sign} * coalesce(sum(i.fetch_seconds), 0),
               {sign} * coalesce(sum(i.amount), 0)
        FROM invoice i WHERE i.contract_id = {contract_id} GROUP BY 1, 2, 3, 4, 5, 6 {_INV_UPSERT};"""


def _contract_count(cohort_expr: str, sign: int) -> str:
    return (f"INSERT INTO rollup_contract (cohort, n) VALUES ({cohort_expr}, {sign}) "
            f"ON CONFLICT (cohort) DO UPDATE SET n = n + excluded.n;")


_INVOICE_CHANGED = " OR ".join(
    [f"OLD.{c} IS NOT NEW.{c}" for c in
     ("fetch_status", "fetch_origin", "fetch_attempts", "last_outcome", "fetch_seconds", "bar_code",
      "pix_code", "contract_id")]
    + ["OLD.amount IS NOT NEW.amount"]
)

_RES_VALUES = ", ".join(f"NEW.status_after = '{s}'" for s in _STATUSES)
_RES_MINUS_PREV = ", ".join(f"-(p.status_after = '{s}')" for s in _STATUSES)
_RES_SET = ", ".join(f"{c} = {c} + excluded.{c}" for c in _RES)
_HOUR = "substr(NEW.started_at, 1, 13)"
_ERR_COLS = "hour, outcome, http_status, msg_key, attempts, first_seen, last_seen, sample"
_KEY = error_key_sql("NEW.error")
_K = SLOW_KEEP_PER_HOUR

def _member_group(row: str) -> str:
    return (f"hour = substr({row}.last_seen, 1, 13) AND outcome = {row}.outcome "
            f"AND http_status = {row}.http_status AND msg_key = {row}.msg_key")


TRIGGERS = {
    "trg_rollup_invoice_insert": f"""AFTER INSERT ON invoice BEGIN {_invoice_upsert("NEW", 1)} END""",
    # The engine's writer does these two set-based per batch (storage.batch_rollups) with the
    # triggers turned off by a row in rollup_guard inside its own transaction.
    "trg_rollup_invoice_update": f"""AFTER UPDATE ON invoice WHEN {GUARD_OFF} AND ({_INVOICE_CHANGED}) BEGIN
        {_invoice_upsert("OLD", -1)} {_invoice_upsert("NEW", 1)} END""",
    # During a contract's cascade its row is already gone: the contract trigger did the work.
    "trg_rollup_invoice_delete": f"""AFTER DELETE ON invoice BEGIN
        {_invoice_upsert("OLD", -1, "EXISTS (SELECT 1 FROM contract c WHERE c.id = OLD.contract_id)")} END""",
    "trg_rollup_contract_insert": f"""AFTER INSERT ON contract BEGIN
        {_contract_count("NEW.cohort", 1)} END""",
    "trg_rollup_contract_delete": f"""BEFORE DELETE ON contract BEGIN {_contract_count("OLD.cohort", -1)}
        {_contract_invoices_upsert("OLD.cohort", "OLD.id", -1)} END""",
    "trg_rollup_contract_cohort": f"""AFTER UPDATE OF cohort ON contract
        WHEN OLD.cohort IS NOT NEW.cohort BEGIN
        {_contract_count("OLD.cohort", -1)} {_contract_count("NEW.cohort", 1)}
        {_contract_invoices_upsert("OLD.cohort", "NEW.id", -1)}
        {_contract_invoices_upsert("NEW.cohort", "NEW.id", 1)}
        END""",
    "trg_rollup_attempt_insert": f"""AFTER INSERT ON fetch_attempt WHEN {GUARD_OFF} BEGIN
        INSERT INTO rollup_attempt_hour (hour, origin, attempts, timed, sum_seconds, min_seconds, max_seconds,
                                         {", ".join(_RES)})
        VALUES ({_HOUR}, NEW.origin, 1, NEW.seconds IS NOT NULL, coalesce(NEW.seconds, 0),
                NEW.seconds, NEW.seconds, {_RES_VALUES})
        ON CONFLICT (hour, origin) DO UPDATE SET attempts = attempts + 1, timed = timed + excluded.timed,
            sum_seconds = sum_seconds + excluded.sum_seconds,
            min_seconds = coalesce(min(min_seconds, excluded.min_seconds), min_seconds, excluded.min_seconds),
            max_seconds = coalesce(max(max_seconds, excluded.max_seconds), max_seconds, excluded.max_seconds),
            {_RES_SET};
        INSERT INTO rollup_attempt_hour (hour, origin, {", ".join(_RES)})
        SELECT substr(p.started_at, 1, 13), p.origin, {_RES_MINUS_PREV} FROM fetch_attempt p
        WHERE NEW.try_no > 1 AND p.run_id = NEW.run_id AND p.invoice_id = NEW.invoice_id
          AND p.try_no = NEW.try_no - 1
        ON CONFLICT (hour, origin) DO UPDATE SET {_RES_SET};
        INSERT INTO rollup_latency_hour (hour, origin, bucket, n)
        SELECT {_HOUR}, NEW.origin, {bucket_sql("NEW.seconds")}, 1 WHERE NEW.seconds IS NOT NULL
        ON CONFLICT (hour, origin, bucket) DO UPDATE SET n = n + 1;
        INSERT INTO rollup_error_hour ({_ERR_COLS})
        SELECT {_HOUR}, NEW.outcome, coalesce(NEW.http_status, 0), {_KEY}, 1, NEW.started_at, NEW.started_at,
               NEW.error
        WHERE NEW.outcome IN {PROBLEM_OUTCOMES_SQL}
        ON CONFLICT (hour, outcome, http_status, msg_key) DO UPDATE SET attempts = attempts + 1,
            first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
            sample = CASE WHEN excluded.last_seen >= last_seen THEN excluded.sample ELSE sample END;
        INSERT INTO rollup_error_invoice (outcome, http_status, msg_key, invoice_id, last_seen)
        SELECT NEW.outcome, coalesce(NEW.http_status, 0), {_KEY}, NEW.invoice_id, NEW.started_at
        WHERE NEW.outcome IN {PROBLEM_OUTCOMES_SQL}
        ON CONFLICT (outcome, http_status, msg_key, invoice_id) DO UPDATE SET
            last_seen = max(last_seen, excluded.last_seen);
        INSERT INTO rollup_slow_hour (hour, seconds, attempt_id)
        SELECT {_HOUR}, NEW.seconds, NEW.id
        WHERE NEW.seconds IS NOT NULL
          AND (SELECT count(*) FROM rollup_slow_hour s
               WHERE s.hour = {_HOUR} AND s.seconds > NEW.seconds) < {_K};
        DELETE FROM rollup_slow_hour
        WHERE hour = {_HOUR} AND (SELECT count(*) FROM rollup_slow_hour s WHERE s.hour = {_HOUR}) > {_K}
          AND (seconds, attempt_id) = (SELECT s.seconds, s.attempt_id FROM rollup_slow_hour s
                                       WHERE s.hour = {_HOUR}
                                       ORDER BY s.seconds ASC, s.attempt_id DESC LIMIT 1);
        END""",
    "trg_rollup_error_member_insert": f"""AFTER INSERT ON rollup_error_invoice BEGIN
        UPDATE rollup_error_hour SET invoices_last = invoices_last + 1 WHERE {_member_group("NEW")}; END""",
    "trg_rollup_error_member_update": f"""AFTER UPDATE OF last_seen ON rollup_error_invoice
        WHEN substr(OLD.last_seen, 1, 13) <> substr(NEW.last_seen, 1, 13) BEGIN
        UPDATE rollup_error_hour SET invoices_last = invoices_last - 1 WHERE {_member_group("OLD")};
        UPDATE rollup_error_hour SET invoices_last = invoices_last + 1 WHERE {_member_group("NEW")}; END""",
}


_FINAL = ("NOT EXISTS (SELECT 1 FROM fetch_attempt b WHERE b.run_id = a.run_id "
          "AND b.invoice_id = a.invoice_id AND b.try_no = a.try_no + 1)")

REBUILD = (
    "DELETE FROM rollup_invoice",
    f"""INSERT INTO rollup_invoice ({_INV_KEY}, n, timed, sum_seconds, sum_amount)
        SELECT c.cohort, i.fetch_status, coalesce(i.fetch_origin, ''), {_attempts("i")},
               {_has_data("i")}, coalesce(i.last_outcome, ''), count(*), count(i.fetch_seconds),
               coalesce(sum(i.fetch_seconds), 0), coalesce(sum(i.amount), 0)
        FROM invoice i JOIN contract c ON c.id = i.contract_id GROUP BY 1, 2, 3, 4, 5, 6""",
    "DELETE FROM rollup_contract",
    "INSERT INTO rollup_contract (cohort, n) SELECT cohort, count(*) FROM contract GROUP BY cohort",
    "DELETE FROM rollup_attempt_hour",
    f"""INSERT INTO rollup_attempt_hour (hour, origin, attempts, timed, sum_seconds, min_seconds, max_seconds,
                                         {", ".join(_RES)})
        SELECT hour, origin, count(*), count(seconds), coalesce(sum(seconds), 0), min(seconds), max(seconds),
               {", ".join(f"sum(fin AND status_after = '{s}')" for s in _STATUSES)}
        FROM (SELECT substr(a.started_at, 1, 13) AS hour, a.origin, a.seconds, a.status_after, {_FINAL} AS fin
              FROM fetch_attempt a)
        GROUP BY hour, origin""",
    "DELETE FROM rollup_latency_hour",
    f"""INSERT INTO rollup_latency_hour (hour, origin, bucket, n)
        SELECT substr(started_at, 1, 13), origin, {bucket_sql("seconds")}, count(*)
        FROM fetch_attempt WHERE seconds IS NOT NULL GROUP BY 1, 2, 3""",
    "DELETE FROM rollup_error_hour",
    f"""INSERT INTO rollup_error_hour ({_ERR_COLS})
        SELECT hour, outcome, http, msg_key, count(*), min(started_at), max(started_at),
               nullif(substr(max(started_at || char(31) || coalesce(error, '')),
                             instr(max(started_at || char(31) || coalesce(error, '')), char(31)) + 1), '')
        FROM (SELECT substr(started_at, 1, 13) AS hour, outcome, coalesce(http_status, 0) AS http,
                     {error_key_sql("error")} AS msg_key, started_at, error
              FROM fetch_attempt WHERE outcome IN {PROBLEM_OUTCOMES_SQL})
        GROUP BY hour, outcome, http, msg_key""",
    "DELETE FROM rollup_error_invoice",
    f"""INSERT INTO rollup_error_invoice (outcome, http_status, msg_key, invoice_id, last_seen)
        SELECT outcome, coalesce(http_status, 0), {error_key_sql("error")}, invoice_id, max(started_at)
        FROM fetch_attempt WHERE outcome IN {PROBLEM_OUTCOMES_SQL} GROUP BY 1, 2, 3, 4""",
    """UPDATE rollup_error_hour SET invoices_last = m.n
        FROM (SELECT substr(last_seen, 1, 13) AS hour, outcome, http_status, msg_key, count(*) AS n
              FROM rollup_error_invoice GROUP BY 1, 2, 3, 4) m
        WHERE rollup_error_hour.hour = m.hour AND rollup_error_hour.outcome = m.outcome
          AND rollup_error_hour.http_status = m.http_status AND rollup_error_hour.msg_key = m.msg_key""",
    "DELETE FROM rollup_slow_hour",
    f"""INSERT INTO rollup_slow_hour (hour, seconds, attempt_id)
        SELECT hour, seconds, id FROM (
            SELECT substr(started_at, 1, 13) AS hour, seconds, id,
                   row_number() OVER (PARTITION BY substr(started_at, 1, 13)
                                      ORDER BY seconds DESC, id ASC) AS rn
            FROM fetch_attempt WHERE seconds IS NOT NULL)
        WHERE rn <= {_K}""",
)


def rebuild_rollups(db: pw.Database) -> None:
    """Recompute every rollup from the base tables (after a bulk load or a purge)."""
    with db.atomic():
        for sql in REBUILD:
            db.execute_sql(sql)


def installed(db: pw.Database) -> bool:
    """Are the rollups present (SQLite databases created or migrated by this version)?"""
    return isinstance(db, pw.SqliteDatabase) and "rollup_invoice" in db.get_tables()


def create_triggers(db: pw.Database) -> None:
    for name, body in TRIGGERS.items():
        db.execute_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def drop_triggers(db: pw.Database) -> None:
    """For bulk loads only: the caller must `rebuild_rollups` and `create_triggers` after."""
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def guard_triggers(db: pw.Database) -> None:
    """Migration 3: the guard table, and the two triggers the engine's batches turn off."""
    if not installed(db):
        return
    db.execute_sql(GUARD_TABLE)
    for name in ("trg_rollup_invoice_update", "trg_rollup_attempt_insert"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    create_triggers(db)


def install_schema_extras(db: pw.Database) -> None:
    """Create the extra indexes, rollup tables and triggers, and fill the rollups (idempotent)."""
    if not isinstance(db, pw.SqliteDatabase):
        return
    for sql in (*TABLES, *INDEXES):
        db.execute_sql(sql)
    rebuild_rollups(db)
    create_triggers(db)


__all__ = [
    "INDEXES",
    "PROBLEM_STATUSES_SQL",
    "TABLES",
    "TRIGGERS",
    "create_triggers",
    "drop_triggers",
    "guard_triggers",
    "install_schema_extras",
    "installed",
    "rebuild_rollups",
]
