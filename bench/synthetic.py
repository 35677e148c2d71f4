"""A fast synthetic fetch history for the benchmarks (and tests that need a big, consistent
one): contracts, invoices, daily runs, attempts and the invoices' tracking fields.

Everything but the calendar is generated inside SQLite (`INSERT ... SELECT` over recursive
CTEs, with integer hashes as the deterministic "randomness"); the rollups are rebuilt once at
the end (storage.rollups_write.rebuild_rollups). The
invoices' due dates and availability come from core.due_dates: the history has one install
date per day, so the ten invoices of each day are computed once in Python into a small table
that the invoice insert joins. The result obeys the same rules as an engine-written database:
every run's counters equal what its attempt rows say (storage.run_figures), every invoice's
state is its last attempt's.

Documents are made-up 11-digit numbers (not valid CPFs): nothing here goes to a provider.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import peewee as pw

from core.domain import DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, INVOICES_PER_CONTRACT
from core.due_dates import invoice_schedule
from storage.rollups_write import rebuild_rollups

# A run's invoices are looked up over this many seconds after it starts (~2 UTC hours).
RUN_SPREAD_SECONDS = 7200
_H = "((i.id * 2654435761 + k.j * 40503) % 4294967296)"  # a per-(invoice, attempt) hash


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    invoices: int  # a multiple of INVOICES_PER_CONTRACT (ten per contract)
    end: datetime  # aware; the history ends the day before
    days: int = 730
    attempts_per_invoice: float = 3.0  # mean attempt rows per invoice, retries included (approx.)


@dataclass(frozen=True, slots=True)
class SyntheticReport:
    contracts: int
    invoices: int
    runs: int
    attempts: int
    load_seconds: float
    rollup_seconds: float


def _run_rows(spec: SyntheticSpec, first: datetime) -> list[tuple[object, ...]]:
    """Automatic runs (ids 1..days), then retry runs every 7th day, manual every 11th."""
    rows: list[tuple[object, ...]] = []
    plan = [("AUTOMATIC", d, timedelta(hours=3, minutes=5)) for d in range(spec.days)]
    plan += [("RETRY", d, timedelta(hours=15)) for d in range(3, spec.days, 7)]
    plan += [("MANUAL", d, timedelta(hours=18)) for d in range(5, spec.days, 11)]
    for run_id, (origin, day, offset) in enumerate(plan, start=1):
        started = (first + timedelta(days=day) + offset).replace(tzinfo=None)
        status, message = (
            ("FAILED", "provider unavailable")
            if origin == "AUTOMATIC" and day % 97 == 50
            else ("COMPLETED", "finished")
        )
        rows.append((run_id, origin, day, str(started), status, message))
    return rows


def build_history(db: pw.SqliteDatabase, spec: SyntheticSpec) -> SyntheticReport:
    """Fill an empty, migrated database. Returns sizes and how long the load and rollups took."""
    if spec.invoices <= 0 or spec.invoices % INVOICES_PER_CONTRACT:
        raise ValueError(f"invoices must be a positive multiple of {INVOICES_PER_CONTRACT}, got {spec.invoices}")
    t0 = time.perf_counter()
    contracts = spec.invoices // INVOICES_PER_CONTRACT
    end_day = spec.end.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    first = end_day - timedelta(days=spec.days)
    first_text = first.strftime("%Y-%m-%d")
    now_text = str(spec.end.astimezone(UTC).replace(tzinfo=None, microsecond=0))
    # attempts per attempted invoice: 1 + h % m, mean (m + 1) / 2; about 12 % of rows are in-run retries.
    modulo = max(1, round(2 * spec.attempts_per_invoice / 1.12 / 0.8 - 1))
    with db.atomic():
        db.execute_sql(
            f"""WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {contracts})
            INSERT INTO contract (id, number, document, customer_name, install_date, cohort, status,
                                  created_at, updated_at)
            SELECT i, printf('C%08d', i), printf('%011d', (i * 7919 + 13) % 99999999999),
                'Cliente ' || i, d,
                   substr(d, 1, 7), 'ACTIVE', ?, ?
            FROM (SELECT i, date(?,
                '+' || ((i - 1) * {spec.days} / {contracts}) || ' days') AS d FROM seq)""",
            (now_text, now_text, first_text),
        )
        _insert_invoices(db, first.date(), spec.days, now_text)
        runs = _run_rows(spec, first)
        db.execute_sql(
            "CREATE TEMP TABLE syn_run (day INTEGER, origin TEXT, run_id INTEGER, started TEXT)"
        )
        db.execute_sql("CREATE INDEX temp.ix_syn_run ON syn_run (day, origin)")
        for chunk in range(0, len(runs), 500):
            part = runs[chunk : chunk + 500]
            db.execute_sql(
                "INSERT INTO fetch_run (id, origin, started_by, hostname, pid, started_at, heartbeat_at,"
                " status, message, max_attempts, retry_pass, concurrency, contracts, invoices, documents,"
                " processed, successes, partial, errors, not_available, gave_up, retries, lookups, log)"
                " VALUES "
                + ", ".join(
                    f"(?, ?, 'synthetic', 'bench', 0, ?, ?, ?, ?, {DEFAULT_MAX_ATTEMPTS}, 1, "
                    f"{DEFAULT_CONCURRENCY}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '[]')"
                    for _ in part
                ),
                [v for r in part for v in (r[0], r[1], r[3], r[3], r[4], r[5])],
            )
            db.execute_sql(
                "INSERT INTO syn_run VALUES " + ", ".join("(?, ?, ?, ?)" for _ in part),
                [v for r in part for v in (r[2], r[1], r[0], r[3])],
            )
        _insert_attempts(db, spec, modulo, first_text)
        _finish_invoices(db)
        _finish_runs(db)
        db.execute_sql("DROP TABLE temp.syn_run")
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    rebuild_rollups(db)
    rollup = time.perf_counter() - t1
    attempts = int(db.execute_sql("SELECT count(*) FROM fetch_attempt").fetchone()[0])
    return SyntheticReport(contracts, spec.invoices, len(runs), attempts, load, rollup)


def _insert_invoices(db: pw.SqliteDatabase, first: date, days: int, now_text: str) -> None:
    """Ten invoices per contract, dated by core.due_dates through a table of the install days."""
    db.execute_sql(
        "CREATE TEMP TABLE syn_calendar (install TEXT NOT NULL, k INTEGER NOT NULL, due TEXT NOT NULL, "
        "available TEXT NOT NULL, PRIMARY KEY (install, k)) WITHOUT ROWID"
    )
    rows = [
        (install.isoformat(), k, due.isoformat(), available.isoformat())
        for install in (first + timedelta(days=d) for d in range(days))
        for k, due, available in invoice_schedule(install)
    ]
    for chunk in range(0, len(rows), 2000):
        part = rows[chunk : chunk + 2000]
        db.execute_sql(
            "INSERT INTO syn_calendar VALUES " + ", ".join("(?, ?, ?, ?)" for _ in part),
            [v for r in part for v in r],
        )
    db.execute_sql(
        """INSERT INTO invoice (contract_id, number, due_date, due_date_imported, available_from, fetch_status,
                                fetch_attempts, updated_at)
        SELECT c.id, d.k, d.due, 0, d.available, 'PENDING', 0, ?
        FROM contract c JOIN syn_calendar d ON d.install = c.install_date
        ORDER BY c.id, d.k""",
        (now_text,),
    )
    db.execute_sql("DROP TABLE temp.syn_calendar")
    missing = db.execute_sql(
        "SELECT count(*) FROM contract c WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.contract_id = c.id)"
    ).fetchone()[0]
    if missing:
        raise RuntimeError(f"{missing} contracts were installed outside the calendar and got no invoices")


def _insert_attempts(db: pw.SqliteDatabase, spec: SyntheticSpec, modulo: int, first_text: str) -> None:
    day0 = f"CAST(julianday(i.available_from) - julianday('{first_text}') AS INTEGER)"
    db.execute_sql(
        f"""WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < {modulo - 1}),
        plan AS (
            SELECT i.id AS invoice_id, i.contract_id, c.cohort, k.j, {_H} AS h,
                   max({day0}, 0) + k.j * (1 + i.id % 3) AS day,
                   k.j = (i.id * 2654435761 % 4294967296) % {modulo} AS last
            FROM invoice i JOIN contract c ON c.id = i.contract_id CROSS JOIN k
            WHERE k.j <= (i.id * 2654435761 % 4294967296) % {modulo}),
        shaped AS (
            SELECT p.*, CASE
                WHEN p.last THEN CASE WHEN p.h % 100 < 78 THEN 'MATCHED'
                                      WHEN p.h % 100 < 83 THEN 'MATCHED_DIVERGENT'
                                      WHEN p.h % 100 < 88 THEN 'NOT_YET_AVAILABLE'
                                      WHEN p.h % 100 < 92 THEN 'NO_MATCH'
                                      WHEN p.h % 100 < 96 THEN 'TIMEOUT' ELSE 'HTTP_5XX' END
                ELSE CASE WHEN p.h % 100 < 45 THEN 'NOT_YET_AVAILABLE' WHEN p.h % 100 < 70 THEN 'TIMEOUT'
                          WHEN p.h % 100 < 85 THEN 'HTTP_5XX' WHEN p.h % 100 < 95 THEN 'CONNECTION'
                          ELSE 'NO_MATCH' END END AS outcome,
                0.08 + ((p.h / 7 % 1000) / 1000.0) * ((p.h / 7 % 1000) / 1000.0)
                       * ((p.h / 7 % 1000) / 1000.0) * 2.5 + (p.h % 53 = 0) * 6.0 AS base_seconds,
                CASE WHEN p.day % 7 = 3 AND p.j > 0 THEN 'RETRY'
                     WHEN p.day % 11 = 5 AND p.h % 4 = 0 THEN 'MANUAL' ELSE 'AUTOMATIC' END AS run_origin
            FROM plan p WHERE p.day < {spec.days})
        INSERT INTO fetch_attempt (run_id, invoice_id, lookup_no, try_no, attempt_no, counted, retry_pass,
                                   started_at, seconds, outcome, status_after, http_status, error, origin,
                                   cohort)
        SELECT r.run_id, s.invoice_id, s.contract_id, 1,
               CASE WHEN s.outcome = 'NOT_YET_AVAILABLE' THEN NULL ELSE s.j + 1 END,
               s.outcome <> 'NOT_YET_AVAILABLE', 0,
               datetime(r.started, '+' || (s.invoice_id % {RUN_SPREAD_SECONDS}) || ' seconds'),
               CASE WHEN s.outcome = 'TIMEOUT' THEN 30.0 + s.base_seconds / 10 ELSE s.base_seconds END,
               s.outcome,
               CASE s.outcome WHEN 'MATCHED' THEN 'SUCCESS' WHEN 'MATCHED_DIVERGENT' THEN 'PARTIAL'
                              WHEN 'NOT_YET_AVAILABLE' THEN 'NOT_AVAILABLE' ELSE 'ERROR' END,
               CASE WHEN s.outcome = 'HTTP_5XX' THEN 502 + (s.h % 2) END,
               CASE s.outcome WHEN 'TIMEOUT'
                                   THEN printf('read timeout after %.1fs', 30.0 + s.base_seconds / 10)
                              WHEN 'HTTP_5XX' THEN printf('HTTP %d from the provider', 502 + (s.h % 2))
                              WHEN 'CONNECTION' THEN 'connection refused by ' || (10 + s.h % 5) || '.0.0.1'
                              WHEN 'NO_MATCH' THEN printf('no open invoice due within %d days', 3)
                              WHEN 'MATCHED_DIVERGENT'
                                  THEN printf('amount differs by R$ %.2f', (s.h % 900) / 100.0)
                              END,
               r.origin, s.cohort
        FROM shaped s JOIN syn_run r ON r.day = s.day AND r.origin = s.run_origin
        ORDER BY r.started, s.invoice_id"""
    )
    # Half of the first tries that timed out were tried again 40 s later in the same run.
    db.execute_sql(
        """INSERT INTO fetch_attempt (run_id, invoice_id, lookup_no, try_no, attempt_no, counted, retry_pass,
                                      started_at, seconds, outcome, status_after, http_status, error,
                                      origin, cohort)
        SELECT run_id, invoice_id, lookup_no + 1000000, 2, attempt_no + 1, 1, 0,
               datetime(started_at, '+40 seconds'),
               0.1 + (id % 500) / 1000.0, CASE WHEN id % 5 = 0 THEN 'CONNECTION' ELSE 'MATCHED' END,
               CASE WHEN id % 5 = 0 THEN 'ERROR' ELSE 'SUCCESS' END, NULL,
               CASE WHEN id % 5 = 0 THEN 'connection reset' END, origin, cohort
        FROM fetch_attempt WHERE outcome = 'TIMEOUT' AND id % 2 = 0 ORDER BY id"""
    )


def _finish_invoices(db: pw.SqliteDatabase) -> None:
    """Each attempted invoice takes its last attempt's state; errors after the default attempt limit of
    counted attempts give up."""
    db.execute_sql(
        """CREATE TEMP TABLE syn_last AS
        SELECT invoice_id, id, counted_n FROM (
            SELECT invoice_id, id, sum(counted) OVER (PARTITION BY invoice_id) AS counted_n,
                   row_number() OVER (PARTITION BY invoice_id ORDER BY started_at DESC, try_no DESC) AS rn
            FROM fetch_attempt) WHERE rn = 1"""
    )
    db.execute_sql(
        f"""UPDATE fetch_attempt SET status_after = 'GAVE_UP'
        WHERE id IN (SELECT l.id FROM syn_last l WHERE l.counted_n >= {DEFAULT_MAX_ATTEMPTS})
          AND status_after = 'ERROR'"""
    )
    db.execute_sql(
        """UPDATE invoice SET fetch_status = a.status_after, fetch_origin = a.origin,
            last_fetch_at = a.started_at,
               fetch_seconds = round(a.seconds, 3), fetch_attempts = l.counted_n, fetch_error = a.error,
               last_outcome = a.outcome, last_run_id = a.run_id,
               amount = CASE WHEN a.status_after IN ('SUCCESS', 'PARTIAL') THEN 59.9 + invoice.id % 90 END,
               bar_code = CASE WHEN a.status_after IN ('SUCCESS', 'PARTIAL') AND invoice.id % 10 <> 0
                               THEN printf('8%046d', invoice.id) END,
               pix_code = CASE WHEN a.status_after IN ('SUCCESS', 'PARTIAL') AND invoice.id % 3 = 0
                               THEN 'PIX' || invoice.id END
        FROM syn_last l JOIN fetch_attempt a ON a.id = l.id WHERE invoice.id = l.invoice_id"""
    )
    db.execute_sql("DROP TABLE temp.syn_last")


def _finish_runs(db: pw.SqliteDatabase) -> None:
    """Run counters from the attempt rows, as storage.run_figures defines them."""
    db.execute_sql(
        """CREATE TEMP TABLE syn_fig AS
        SELECT run_id, count(DISTINCT invoice_id) AS processed,
               sum(fin AND status_after = 'SUCCESS') AS successes, sum(fin
                   AND status_after = 'PARTIAL') AS partial,
               sum(fin AND status_after = 'ERROR') AS errors,
               sum(fin AND status_after = 'NOT_AVAILABLE') AS not_available,
               sum(fin AND status_after = 'GAVE_UP') AS gave_up, sum(try_no > 1) AS retries,
               count(DISTINCT lookup_no) AS lookups, round(avg(seconds), 3) AS avg_s,
               round(min(seconds), 3) AS min_s, round(max(seconds), 3) AS max_s,
               count(DISTINCT contract_id) AS contracts, max(started_at) AS last_at
        FROM (SELECT a.*, i.contract_id, NOT EXISTS (SELECT 1 FROM fetch_attempt b WHERE b.run_id = a.run_id
                     AND b.invoice_id = a.invoice_id AND b.try_no = a.try_no + 1) AS fin
              FROM fetch_attempt a JOIN invoice i ON i.id = a.invoice_id)
        GROUP BY run_id"""
    )
    # p50/p95 with core.stats.percentile's interpolation: rank (n-1)q/100 between two order statistics.
    db.execute_sql(
        """CREATE TEMP TABLE syn_pct AS
        WITH ranked AS (SELECT run_id, seconds,
            row_number() OVER (PARTITION BY run_id ORDER BY seconds) - 1 AS r,
                               count(*) OVER (PARTITION BY run_id) AS n
                        FROM fetch_attempt WHERE seconds IS NOT NULL),
        q(q) AS (VALUES (50), (95))
        SELECT run_id, q.q AS q,
               min(CASE WHEN r = CAST((n - 1) * q.q / 100.0 AS INTEGER) THEN seconds END)
               + (max(CASE WHEN r = CAST((n - 1) * q.q / 100.0 AS INTEGER) + ((n - 1) * q.q % 100 <> 0)
                           THEN seconds END)
                  - min(CASE WHEN r = CAST((n - 1) * q.q / 100.0 AS INTEGER) THEN seconds END))
                 * ((n - 1) * q.q / 100.0 - CAST((n - 1) * q.q / 100.0 AS INTEGER)) AS value
        FROM ranked CROSS JOIN q GROUP BY run_id, q.q"""
    )
    db.execute_sql(
        """UPDATE fetch_run SET processed = f.processed, successes = f.successes, partial = f.partial,
               errors = f.errors, not_available = f.not_available, gave_up = f.gave_up, retries = f.retries,
               lookups = f.lookups, avg_seconds = f.avg_s, min_seconds = f.min_s, max_seconds = f.max_s,
               contracts = f.contracts, invoices = f.processed, documents = f.lookups,
               finished_at = datetime(f.last_at, '+60 seconds'),
               duration_seconds =
                   round((julianday(f.last_at) - julianday(fetch_run.started_at)) * 86400 + 60, 3),
               heartbeat_at = datetime(f.last_at, '+60 seconds'),
               p50_seconds = (SELECT round(value, 3) FROM syn_pct p WHERE p.run_id = f.run_id AND p.q = 50),
               p95_seconds = (SELECT round(value, 3) FROM syn_pct p WHERE p.run_id = f.run_id AND p.q = 95)
        FROM syn_fig f WHERE fetch_run.id = f.run_id"""
    )
    db.execute_sql(
        """UPDATE fetch_run SET finished_at = datetime(started_at, '+60 seconds'), duration_seconds = 60,
               heartbeat_at = datetime(started_at, '+60 seconds') WHERE finished_at IS NULL"""
    )
    db.execute_sql("DROP TABLE temp.syn_fig")
    db.execute_sql("DROP TABLE temp.syn_pct")


__all__ = ["RUN_SPREAD_SECONDS", "SyntheticReport", "SyntheticSpec", "build_history"]
