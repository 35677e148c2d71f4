"""The one writer of the rollup tables: what a write of facts adds to them, in the same transaction.

The dashboards read small summary tables (created by storage/migrations/v5.py) instead of
scanning `invoice` and `fetch_attempt`. They are written only here, by the code that writes the
facts, inside its transaction:

- the engine's writer (storage.engine_store) per batch: `invoices_out` for the batch's invoices
  before it updates them and `invoices_in` after, then `attempts_added` for the attempt rows it
  inserted (its run's rows with ids above `last_attempt_id()` taken before the insert);
- the contract import (storage.contracts): `contracts_out` / `contracts_in` around its writes
  for the contracts whose invoices it creates or moves to another cohort.
- the payment and due-date imports (storage.payments, storage.imported_due_dates):
  `invoices_out` / `invoices_in` around their writes for the invoices whose status changes.

`rebuild_rollups` empties the tables and applies the very same statements to every fact: one
definition of each rollup, used both ways. Tests compare the two after real runs, and
`python main.py store rebuild-rollups` runs it after a manual repair of the facts.

The statements are portable SQL (INSERT ... ON CONFLICT ... DO UPDATE, CASE rather than the
scalar min/max SQLite alone has, window functions, UPDATE ... FROM); the only dialect-specific
pieces are how a timestamp becomes its UTC hour key (`hour_sql`) and the text the error rollups
keep (`timestamp_text_sql`); the rest of the differences are storage.postgres's.

Why each rollup exists (measured on 1,000,000 invoices and 3,000,000 attempt rows): counting
invoices by status takes ~40 ms from `invoice` and ~0 from `rollup_invoice`; a 30-day window
of attempts is ~150,000 rows, read as ~500 hour rows; distinct invoices per error group take
~16 ms from `rollup_error_invoice` and ~0.2 ms from `invoices_last`. Contracts per cohort are
counted from `contract` itself (~4 ms): no rollup.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee as pw

from storage.models import database_proxy
from storage.rollups import (
    ATTEMPTS_CAP,
    PROBLEM_OUTCOMES,
    PROBLEM_OUTCOMES_SQL,
    SLOW_KEEP_PER_HOUR,
    bucket_sql,
    error_key_sql,
)

CHUNK = 50_000  # ids per parameter (a JSON array on SQLite, an array on PostgreSQL)


@dataclass(frozen=True, slots=True)
class _Filter:
    """A WHERE term over one alias and its parameters."""

    sql: str
    params: tuple[object, ...] = ()


_ALL = _Filter("1 = 1")


def hour_sql(postgres: bool, expr: str) -> str:
    """The UTC hour key 'YYYY-MM-DD HH' of a stored timestamp (naive UTC)."""
    if postgres:
        return f"to_char({expr}, 'YYYY-MM-DD HH24')"
    return f"substr({expr}, 1, 13)"  # SQLite stores 'YYYY-MM-DD HH:MM:SS[.ffffff]'


def timestamp_text_sql(postgres: bool, expr: str) -> str:
    """A stored timestamp as the text SQLite keeps ('YYYY-MM-DD HH:MM:SS.ffffff'), for the
    TEXT columns of the rollups (compared as text, and cut to an hour with substr)."""
    if postgres:
        return f"to_char({expr}, 'YYYY-MM-DD HH24:MI:SS.US')"
    return expr


def _in(db: pw.Database, column: str, ids: Sequence[int]) -> _Filter:
    """One parameter for all the ids: the statement's text never changes, so it is compiled once
    per connection (a list of placeholders made a new statement for every batch)."""
    if isinstance(db, pw.PostgresqlDatabase):
        return _Filter(f"{column} = ANY(CAST({db.param} AS integer[]))", (list(ids),))
    return _Filter(f"{column} IN (SELECT value FROM json_each({db.param}))", (json.dumps([int(i) for i in ids]),))


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


# --- rollup_invoice: the current state of every invoice ------------------------------------------

_INVOICE_KEY = "cohort, status, origin, attempts, has_data, outcome"


@functools.cache
def _invoice_delta(where: str, sign: int) -> str:
    return f"""INSERT INTO rollup_invoice ({_INVOICE_KEY}, n, timed, sum_seconds, sum_amount)
        SELECT c.cohort, i.fetch_status, coalesce(i.fetch_origin, ''),
               CASE WHEN i.fetch_attempts > {ATTEMPTS_CAP} THEN {ATTEMPTS_CAP}
                    WHEN i.fetch_attempts < 0 THEN 0 ELSE i.fetch_attempts END,
               CASE WHEN i.amount IS NOT NULL AND (coalesce(i.bar_code, '') <> '' OR coalesce(i.pix_code, '') <> '')
                    THEN 1 ELSE 0 END,
               coalesce(i.last_outcome, ''), {sign} * count(*), {sign} * count(i.fetch_seconds),
               {sign} * coalesce(sum(i.fetch_seconds), 0), {sign} * coalesce(sum(i.amount), 0)
        FROM invoice i JOIN contract c ON c.id = i.contract_id
        WHERE {where}
        GROUP BY 1, 2, 3, 4, 5, 6
        ON CONFLICT ({_INVOICE_KEY}) DO UPDATE SET n = rollup_invoice.n + excluded.n,
            timed = rollup_invoice.timed + excluded.timed,
            sum_seconds = rollup_invoice.sum_seconds + excluded.sum_seconds,
            sum_amount = rollup_invoice.sum_amount + excluded.sum_amount"""


def _invoices(db: pw.Database, flt: _Filter, sign: int) -> None:
    db.execute_sql(_invoice_delta(flt.sql, sign), flt.params)


def invoices_out(db: pw.Database, invoice_ids: Iterable[int]) -> None:
    """Take these invoices out of the invoice rollup (before their rows change)."""
    for chunk in _chunks(invoice_ids):
        _invoices(db, _in(db, "i.id", chunk), -1)


def invoices_in(db: pw.Database, invoice_ids: Iterable[int]) -> None:
    """Put these invoices (back) into the invoice rollup (after their rows changed or were created)."""
    for chunk in _chunks(invoice_ids):
        _invoices(db, _in(db, "i.id", chunk), 1)


def contracts_out(db: pw.Database, contract_ids: Iterable[int]) -> None:
    """Take every invoice of these contracts out (before they move cohort or gain invoices)."""
    for chunk in _chunks(contract_ids):
        _invoices(db, _in(db, "i.contract_id", chunk), -1)


def contracts_in(db: pw.Database, contract_ids: Iterable[int]) -> None:
    for chunk in _chunks(contract_ids):
        _invoices(db, _in(db, "i.contract_id", chunk), 1)


# --- the attempt rollups: what the attempts of each UTC hour did ---------------------------------

# The problem attempts being added, each with its group key computed once; per connection.
_PROBLEMS_TABLE = """CREATE TEMPORARY TABLE IF NOT EXISTS rollup_new_problem (
    hour TEXT NOT NULL, outcome TEXT NOT NULL, http INTEGER NOT NULL, msg_key TEXT NOT NULL,
    invoice_id INTEGER NOT NULL, started_at TEXT NOT NULL, error TEXT, id INTEGER NOT NULL)"""


_WITH_PROBLEMS_TABLE = threading.local()  # .connection: the one that has the table


@functools.cache
def _attempt_sql(postgres: bool, where: str) -> tuple[tuple[str, bool, str], ...]:
    """The statements that add the attempt rows matching `where` (alias a) to every attempt
    rollup, each with whether it takes the filter's parameters and when it is needed: "" always,
    "retries" / "timed" / "problems" / "slowest" when the rows hold that kind (`AttemptKinds`;
    "slowest" needs timed rows), "slowest-trim" when the "slowest" insert added a row.

    Tries of one (run, invoice) are added in order (a batch holds a run's rows in try order, and
    a later batch only later tries), so "a try_no > 1 row takes its previous try out of the run
    results" keeps `results` = each (run, invoice)'s final attempt.
    """
    def hour_of(expr: str) -> str:
        return hour_sql(postgres, expr)

    f = where
    hour = hour_of("a.started_at")
    group = "e.hour, e.outcome, e.http, e.msg_key"
    same_group = ("r.outcome = b.outcome AND r.http_status = b.http AND r.msg_key = b.msg_key "
                  "AND r.invoice_id = b.invoice_id")
    pairs = ("SELECT outcome, http, msg_key, invoice_id, max(started_at) AS last_seen FROM rollup_new_problem "
             "GROUP BY outcome, http, msg_key, invoice_id")
    return (
        (f"""INSERT INTO rollup_attempt_hour (hour, origin, status, attempts, timed, sum_seconds, min_seconds,
                                              max_seconds, results)
             SELECT {hour}, a.origin, a.status_after, count(*), count(a.seconds), coalesce(sum(a.seconds), 0),
                    min(a.seconds), max(a.seconds), count(*)
             FROM fetch_attempt a WHERE {f} GROUP BY 1, 2, 3
             ON CONFLICT (hour, origin, status) DO UPDATE SET
                attempts = rollup_attempt_hour.attempts + excluded.attempts,
                timed = rollup_attempt_hour.timed + excluded.timed,
                sum_seconds = rollup_attempt_hour.sum_seconds + excluded.sum_seconds,
                min_seconds = CASE WHEN rollup_attempt_hour.min_seconds IS NULL
                                     OR excluded.min_seconds < rollup_attempt_hour.min_seconds
                                   THEN excluded.min_seconds ELSE rollup_attempt_hour.min_seconds END,
                max_seconds = CASE WHEN rollup_attempt_hour.max_seconds IS NULL
                                     OR excluded.max_seconds > rollup_attempt_hour.max_seconds
                                   THEN excluded.max_seconds ELSE rollup_attempt_hour.max_seconds END,
                results = rollup_attempt_hour.results + excluded.results""", True, ""),
        # A later try is now the run's final word on the invoice: its previous try no longer is.
        (f"""INSERT INTO rollup_attempt_hour (hour, origin, status, results)
             SELECT {hour_of("p.started_at")}, p.origin, p.status_after, -count(*)
             FROM fetch_attempt a JOIN fetch_attempt p
               ON p.run_id = a.run_id AND p.invoice_id = a.invoice_id AND p.try_no = a.try_no - 1
             WHERE {f} AND a.try_no > 1 GROUP BY 1, 2, 3
             ON CONFLICT (hour, origin, status) DO UPDATE SET
                results = rollup_attempt_hour.results + excluded.results""", True, "retries"),
        (f"""INSERT INTO rollup_latency_hour (hour, origin, bucket, n)
             SELECT {hour}, a.origin, {bucket_sql("a.seconds")}, count(*)
             FROM fetch_attempt a WHERE {f} AND a.seconds IS NOT NULL GROUP BY 1, 2, 3
             ON CONFLICT (hour, origin, bucket) DO UPDATE SET n = rollup_latency_hour.n + excluded.n""", True, "timed"),
        # Only the new rows' K slowest of each hour can enter that hour's K slowest, and only those
        # slower than its K-th (a newer row ranks after an older one of the same time).
        (f"""INSERT INTO rollup_slow_hour (hour, seconds, attempt_id)
             SELECT hour, seconds, id FROM (
                 SELECT {hour} AS hour, a.seconds AS seconds, a.id AS id,
                        row_number() OVER (PARTITION BY {hour} ORDER BY a.seconds DESC, a.id ASC) AS rn
                 FROM fetch_attempt a WHERE {f} AND a.seconds IS NOT NULL) t
             WHERE rn <= {SLOW_KEEP_PER_HOUR}
               AND seconds > coalesce((SELECT s.seconds FROM rollup_slow_hour s WHERE s.hour = t.hour
                                       ORDER BY s.seconds DESC, s.attempt_id ASC
                                       LIMIT 1 OFFSET {SLOW_KEEP_PER_HOUR - 1}), -1)
             ON CONFLICT (hour, seconds, attempt_id) DO NOTHING""", True, "slowest"),
        (f"""DELETE FROM rollup_slow_hour WHERE (hour, seconds, attempt_id) IN (
                 SELECT hour, seconds, attempt_id FROM (
                     SELECT hour, seconds, attempt_id,
                            row_number() OVER (PARTITION BY hour ORDER BY seconds DESC, attempt_id ASC) AS rn
                     FROM rollup_slow_hour
                     WHERE hour IN (SELECT {hour} FROM fetch_attempt a WHERE {f} AND a.seconds IS NOT NULL)) t
                 WHERE rn > {SLOW_KEEP_PER_HOUR})""", True, "slowest-trim"),
        (f"""INSERT INTO rollup_new_problem (hour, outcome, http, msg_key, invoice_id, started_at, error, id)
             SELECT {hour}, a.outcome, coalesce(a.http_status, 0), {error_key_sql("a.error", postgres)}, a.invoice_id,
                    {timestamp_text_sql(postgres, "a.started_at")}, a.error, a.id
             FROM fetch_attempt a WHERE {f} AND a.outcome IN {PROBLEM_OUTCOMES_SQL}""", True, "problems"),
        (f"""WITH g AS (SELECT {group}, count(*) AS n, min(e.started_at) AS first_seen,
                             max(e.started_at) AS last_seen
                      FROM rollup_new_problem e GROUP BY {group}),
             s AS (SELECT {group}, e.error,
                          row_number() OVER (PARTITION BY {group} ORDER BY e.started_at DESC, e.id DESC) AS rn
                   FROM rollup_new_problem e)
             INSERT INTO rollup_error_hour (hour, outcome, http_status, msg_key, attempts, first_seen, last_seen,
                                            sample)
             SELECT g.hour, g.outcome, g.http, g.msg_key, g.n, g.first_seen, g.last_seen, s.error
             FROM g JOIN s ON s.hour = g.hour AND s.outcome = g.outcome AND s.http = g.http
                          AND s.msg_key = g.msg_key AND s.rn = 1
             WHERE 1 = 1
             ON CONFLICT (hour, outcome, http_status, msg_key) DO UPDATE SET
                attempts = rollup_error_hour.attempts + excluded.attempts,
                first_seen = CASE WHEN excluded.first_seen < rollup_error_hour.first_seen
                                  THEN excluded.first_seen ELSE rollup_error_hour.first_seen END,
                last_seen = CASE WHEN excluded.last_seen > rollup_error_hour.last_seen
                                 THEN excluded.last_seen ELSE rollup_error_hour.last_seen END,
                sample = CASE WHEN excluded.last_seen >= rollup_error_hour.last_seen
                              THEN excluded.sample ELSE rollup_error_hour.sample END""", False, "problems"),
        # invoices_last: an invoice counts in the hour of its latest attempt of the group. Those
        # whose latest attempt moves to a later hour leave their old hour and join the new one.
        (f"""WITH b AS ({pairs}),
             d AS (SELECT substr(r.last_seen, 1, 13) AS hour, r.outcome AS outcome, r.http_status AS http,
                          r.msg_key AS msg_key, -1 AS delta
                   FROM b JOIN rollup_error_invoice r ON {same_group}
                   WHERE b.last_seen > r.last_seen
                   UNION ALL
                   SELECT substr(b.last_seen, 1, 13), b.outcome, b.http, b.msg_key, 1
                   FROM b LEFT JOIN rollup_error_invoice r ON {same_group}
                   WHERE r.invoice_id IS NULL OR b.last_seen > r.last_seen),
             t AS (SELECT hour, outcome, http, msg_key, sum(delta) AS delta FROM d GROUP BY 1, 2, 3, 4)
             UPDATE rollup_error_hour SET invoices_last = rollup_error_hour.invoices_last + t.delta
             FROM t WHERE rollup_error_hour.hour = t.hour AND rollup_error_hour.outcome = t.outcome
               AND rollup_error_hour.http_status = t.http AND rollup_error_hour.msg_key = t.msg_key
               AND t.delta <> 0""", False, "problems"),
        (f"""INSERT INTO rollup_error_invoice (outcome, http_status, msg_key, invoice_id, last_seen)
             {pairs.replace("GROUP BY", "WHERE 1 = 1 GROUP BY")}
             ON CONFLICT (outcome, http_status, msg_key, invoice_id) DO UPDATE SET
                last_seen = CASE WHEN excluded.last_seen > rollup_error_invoice.last_seen
                                 THEN excluded.last_seen ELSE rollup_error_invoice.last_seen END""", False, "problems"),
        ("DELETE FROM rollup_new_problem", False, "problems"),  # empty again before the transaction ends
    )


@dataclass(frozen=True, slots=True)
class AttemptKinds:
    """Which kinds of attempt rows are being added: statements for a kind that is absent would
    add nothing and are skipped (the batch is in the writer's hands, so it knows)."""

    retries: bool = True  # a try_no > 1
    timed: bool = True  # seconds not null
    problems: bool = True  # a problem outcome (storage.rollups.PROBLEM_OUTCOMES)

    @classmethod
    def of(cls, rows: Iterable[tuple[int, float | None, str]]) -> AttemptKinds:
        """From (try_no, seconds, outcome value) of each row."""
        retries = timed = problems = False
        for try_no, seconds, outcome in rows:
            retries = retries or try_no > 1
            timed = timed or seconds is not None
            problems = problems or outcome in _PROBLEM_VALUES
        return cls(retries, timed, problems)


_PROBLEM_VALUES = frozenset(o.value for o in PROBLEM_OUTCOMES)


def _add_attempts(db: pw.Database, flt: _Filter, kinds: AttemptKinds = AttemptKinds()) -> None:
    connection = db.connection()  # peewee keeps one per thread, and so do we
    if getattr(_WITH_PROBLEMS_TABLE, "connection", None) is not connection:
        db.execute_sql(_PROBLEMS_TABLE)  # DDL, even a no-op, makes SQLite re-prepare statements: once
        _WITH_PROBLEMS_TABLE.connection = connection
    entered_slowest = False  # the trim runs only when a row entered some hour's slowest
    needed = {"": True, "retries": kinds.retries, "timed": kinds.timed, "slowest": kinds.timed,
              "problems": kinds.problems}
    for sql, filtered, kind in _attempt_sql(isinstance(db, pw.PostgresqlDatabase), flt.sql):
        if entered_slowest if kind == "slowest-trim" else needed[kind]:
            cursor = db.execute_sql(sql, flt.params if filtered else ())
            entered_slowest = entered_slowest or (kind == "slowest" and cursor.rowcount > 0)


def last_attempt_id(db: pw.Database) -> int:
    """Take before inserting a batch's attempt rows; pass to `attempts_added` after."""
    row = db.execute_sql("SELECT coalesce(max(id), 0) FROM fetch_attempt").fetchone()
    return int(row[0])


def attempts_added(db: pw.Database, run_id: int, after_attempt_id: int, kinds: AttemptKinds = AttemptKinds()
                   ) -> None:
    """Add the run's attempt rows with ids above `after_attempt_id` to the attempt rollups."""
    # By the id range alone: `+` keeps SQLite from walking every row of the run through the
    # (run_id, ...) index, which would make each batch cost more than the last.
    _add_attempts(db, _Filter(f"a.id > {db.param} AND +a.run_id = {db.param}", (after_attempt_id, run_id)), kinds)


ROLLUP_TABLES = (
    "rollup_invoice", "rollup_attempt_hour", "rollup_latency_hour", "rollup_error_hour", "rollup_error_invoice",
    "rollup_slow_hour",
)


def rebuild_rollups(db: pw.Database | None = None) -> None:
    """Empty every rollup and add all the facts to it again, with the statements above
    (on the bound database unless `db` is given)."""
    db = db or database_proxy.obj
    with db.atomic():
        for table in ROLLUP_TABLES:
            db.execute_sql(f"DELETE FROM {table}")
        _invoices(db, _ALL, 1)
        _add_attempts(db, _ALL)




def rollup_row_counts(db: pw.Database | None = None) -> dict[str, int]:
    """Rows in each rollup table (for `store rebuild-rollups` to report)."""
    db = db or database_proxy.obj
    return {table: int(db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in ROLLUP_TABLES}


__all__ = [
    "AttemptKinds",
    "ROLLUP_TABLES",
    "attempts_added",
    "contracts_in",
    "contracts_out",
    "hour_sql",
    "invoices_in",
    "invoices_out",
    "last_attempt_id",
    "rebuild_rollups",
    "rollup_row_counts",
]
