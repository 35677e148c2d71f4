"""The rollups written alongside the facts equal the rollups rebuilt from the base tables, and
the figures read from them equal figures computed straight from the attempt rows — on random
histories (attempts, retries, invoice resets, cohort changes) written as the engine and the
import write them. Also: the histogram percentiles stay within their stated error bound."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from bench.synthetic import SyntheticSpec, build_history
from core.domain import FetchStatus, Outcome
from core.stats import percentile
from storage import rollups_write as rollups
from storage.analytics import (
    daily_performance,
    error_groups,
    overview,
    performance_by_origin,
    slowest_invoices,
)
from storage.models import FetchAttempt, FetchRun, database_proxy
from storage.rollups import (
    BUCKET_COUNT,
    BUCKET_RATIO,
    PROBLEM_OUTCOMES,
    bucket_of,
    error_key,
    percentile_from_histogram,
)
from storage.rollups_write import rebuild_rollups
from storage.run_figures import figures_from_attempts
from tests.storage.analytics_fixtures import (
    add_attempt,
    add_contract,
    add_invoice,
    add_run,
    change_invoices,
    move_contract,
)

NOW = datetime(2026, 3, 31, 20, 0, tzinfo=UTC)
OUTCOMES = [
    "MATCHED",
    "MATCHED",
    "MATCHED_DIVERGENT",
    "NOT_YET_AVAILABLE",
    "NO_DEBTS",
    "NO_MATCH",
    "AMBIGUOUS",
    "TIMEOUT",
    "CONNECTION",
    "HTTP_5XX",
    "RATE_LIMITED",
    "DEFERRED",
]
ERRORS = {
    "TIMEOUT": "read timeout after {x:.1f}s",
    "CONNECTION": "connection reset by 10.0.0.{n}",
    "HTTP_5XX": "HTTP {h} after {x:.2f}s",
    "NO_MATCH": "no invoice due {n}/03",
    "AMBIGUOUS": "{n} candidates",
    "RATE_LIMITED": "retry after {n}s",
    "MATCHED_DIVERGENT": "amount differs by R$ {x:.2f}",
}

TABLES = {
    "rollup_invoice": (
        "cohort, status, origin, attempts, has_data, outcome",
        "n, timed, sum_seconds, sum_amount",
        "n <> 0",
    ),
    "rollup_attempt_hour": (
        "hour, origin, status",
        "attempts, timed, sum_seconds, min_seconds, max_seconds, results",
        "attempts <> 0 OR results <> 0",
    ),
    "rollup_latency_hour": ("hour, origin, bucket", "n", "n <> 0"),
    "rollup_error_hour": (
        "hour, outcome, http_status, msg_key",
        "attempts, first_seen, last_seen, invoices_last",
        "1 = 1",
    ),
    "rollup_error_invoice": ("outcome, http_status, msg_key, invoice_id", "last_seen", "1 = 1"),
    "rollup_slow_hour": ("hour, seconds, attempt_id", "1", "1 = 1"),
}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table, (key, values, where) in TABLES.items():
        rows = database_proxy.execute_sql(f"SELECT {key}, {values} FROM {table} WHERE {where} ORDER BY {key}")
        out[table] = [tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows]
    return out


def random_history(rng: random.Random) -> None:
    contracts = [
        add_contract(f"K{i}", date(2025, rng.randint(1, 12), rng.randint(1, 28)), document=f"{i:011d}")
        for i in range(12)
    ]
    invoices = [add_invoice(c, n) for c in contracts for n in range(1, rng.randint(2, 5))]
    start = NOW - timedelta(days=20)
    for r in range(15):
        run = add_run(
            rng.choice(["AUTOMATIC", "MANUAL", "COHORT", "RETRY", "INDIVIDUAL"]),
            start + timedelta(days=r * 1.3, minutes=rng.randint(0, 600)),
        )
        when = run.started_at
        for inv in rng.sample(invoices, rng.randint(1, len(invoices) // 2)):
            for try_no in range(1, rng.choice([1, 1, 2, 3]) + 1):
                when += timedelta(seconds=rng.randint(1, 1500))
                outcome = rng.choice(OUTCOMES)
                seconds = None if outcome == "DEFERRED" else round(rng.lognormvariate(-0.7, 1.2), 3)
                err = (
                    ERRORS.get(outcome, "").format(
                        x=rng.uniform(0, 40), n=rng.randint(0, 999), h=rng.choice([500, 502, 503])
                    )
                    or None
                )
                add_attempt(
                    run,
                    inv,
                    when,
                    outcome,
                    seconds,
                    try_no=try_no,
                    http_status=rng.choice([502, 503]) if outcome == "HTTP_5XX" else None,
                    error=err,
                )
        if r == 7:  # a forced retry resets some invoices; a re-import moves a contract to another cohort
            change_invoices([i.id for i in invoices[:3]], fetch_status="PENDING", fetch_attempts=0)
            move_contract(contracts[0], "2024-12")
    spare = add_contract("K-spare", date(2025, 6, 1), document="99999999999")
    add_invoice(spare, 1)
    add_invoice(spare, 2)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_written_with_the_facts_equal_a_rebuild(db: pw.Database, seed: int) -> None:
    random_history(random.Random(seed))
    written = snapshot()
    rebuild_rollups(db)
    assert snapshot() == written
    samples = database_proxy.execute_sql("SELECT msg_key, sample FROM rollup_error_hour").fetchall()
    assert samples and all(error_key(sample) == key for key, sample in samples)


def exact_results(tz: ZoneInfo, days: int) -> tuple[dict[date, list[int]], dict[str, list[float]]]:
    """Per local day [attempts, final results], and per origin the attempt seconds, from the rows."""
    rows = list(FetchAttempt.select().order_by(FetchAttempt.id))
    last_try = {
        (a.run_id, a.invoice_id): max(
            b.try_no for b in rows if (b.run_id, b.invoice_id) == (a.run_id, a.invoice_id)
        )
        for a in rows
    }
    first_day = NOW.astimezone(tz).date() - timedelta(days=days - 1)
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    per_origin: dict[str, list[float]] = defaultdict(list)
    for a in rows:
        day = a.started_at.astimezone(tz).date()
        if day < first_day:
            continue
        per_day[day][0] += 1
        per_day[day][1] += a.try_no == last_try[(a.run_id, a.invoice_id)]
        if a.seconds is not None:
            per_origin[a.origin].append(a.seconds)
    return per_day, per_origin


@pytest.mark.parametrize(("seed", "zone"), [(4, "America/Sao_Paulo"), (5, "America/New_York"), (6, "UTC")])
def test_figures_equal_figures_from_the_attempt_rows(db: pw.Database, seed: int, zone: str) -> None:
    tz = ZoneInfo(zone)
    random_history(random.Random(seed))
    days = 30
    per_day, per_origin = exact_results(tz, days)
    got = {d.day: [d.attempts, d.invoices] for d in daily_performance(NOW, tz, days).days}
    assert {k: v for k, v in got.items() if v != [0, 0]} == dict(per_day)
    for row in performance_by_origin(NOW, tz, days).origins:
        values = per_origin.get(row.origin.value, [])
        assert row.avg_seconds == (pytest.approx(sum(values) / len(values), abs=0.0011) if values else None)
    o = overview(NOW, tz, days)
    counts = dict(
        database_proxy.execute_sql("SELECT fetch_status, count(*) FROM invoice GROUP BY 1").fetchall()
    )
    assert {s.value: o.by_status.get(s) for s in FetchStatus if o.by_status.get(s)} == counts
    # error groups: distinct invoices and attempts per (outcome, http, key) in the window
    start = o.window.start
    groups: dict[tuple[str, int | None, str], list[Any]] = defaultdict(lambda: [set(), 0])
    for a in FetchAttempt.select().where(FetchAttempt.started_at >= start):
        if Outcome(a.outcome) in PROBLEM_OUTCOMES:
            g = groups[(a.outcome, a.http_status, error_key(a.error))]
            g[0].add(a.invoice_id)
            g[1] += 1
    got_groups = {
        (g.outcome.value, g.http_status, g.key): (g.invoices, g.attempts)
        for g in error_groups(NOW, tz, days, limit=500).groups
    }
    assert got_groups == {k: (len(v[0]), v[1]) for k, v in groups.items()}
    # slowest: the top 10 attempts by seconds in the window (ties: older attempt first)
    exact = sorted(
        (
            (a.seconds, a.id)
            for a in FetchAttempt.select().where(
                (FetchAttempt.started_at >= start) & FetchAttempt.seconds.is_null(False)
            )
        ),
        key=lambda p: (-p[0], p[1]),
    )
    assert [i.attempt_id for i in slowest_invoices(NOW, tz, days, limit=10).items] == [
        p[1] for p in exact[:10]
    ]


@pytest.mark.sqlite_only  # bench.synthetic writes SQLite SQL; PostgreSQL gets it by `store copy`
def test_synthetic_history_is_consistent(db: pw.Database) -> None:
    report = build_history(db, SyntheticSpec(invoices=2000, end=NOW))
    assert report.attempts > 5000 and report.runs > 730
    built = snapshot()
    rebuild_rollups(db)
    assert snapshot() == built
    for run in FetchRun.select().where(FetchRun.processed > 0).limit(40):
        fig = figures_from_attempts(run.id)
        assert (
            run.processed,
            run.successes,
            run.partial,
            run.errors,
            run.gave_up,
            run.not_available,
            run.retries,
            run.lookups,
        ) == (
            fig.processed,
            fig.successes,
            fig.partial,
            fig.errors,
            fig.gave_up,
            fig.not_available,
            fig.retries,
            fig.lookups,
        )
        assert (run.avg_seconds, run.min_seconds, run.max_seconds) == (
            fig.avg_seconds,
            fig.min_seconds,
            fig.max_seconds,
        )
        assert run.p50_seconds == pytest.approx(fig.p50_seconds, abs=0.0011)
        assert run.p95_seconds == pytest.approx(fig.p95_seconds, abs=0.0011)
    # every invoice's state is its last attempt's
    mismatched = database_proxy.execute_sql(
        """SELECT count(*) FROM invoice i JOIN fetch_attempt a ON a.id = (
               SELECT b.id FROM fetch_attempt b WHERE b.invoice_id = i.id
               ORDER BY b.started_at DESC, b.try_no DESC
               LIMIT 1)
           WHERE a.status_after <> i.fetch_status OR a.outcome <> i.last_outcome"""
    ).fetchone()[0]
    assert mismatched == 0


@pytest.mark.parametrize("seed", range(20))
def test_histogram_percentiles_within_the_bound(seed: int) -> None:
    rng = random.Random(seed)
    values = sorted(
        rng.lognormvariate(rng.uniform(-3, 1), rng.uniform(0.2, 2)) for _ in range(rng.randint(1, 3000))
    )
    counts = [0] * BUCKET_COUNT
    for v in values:
        counts[bucket_of(v)] += 1
    for q in (50, 95):
        exact = percentile(values, q)
        est = percentile_from_histogram(counts, q, values[0], values[-1])
        assert exact is not None and est is not None
        # the estimate shares a bucket with the lower order statistic: within BUCKET_RATIO of it,
        # and within BUCKET_RATIO**2 of the interpolated percentile
        assert 1 / BUCKET_RATIO**2 <= est / exact <= BUCKET_RATIO**2
        lower = values[math.floor((len(values) - 1) * q / 100)]
        assert 1 / BUCKET_RATIO <= est / lower <= BUCKET_RATIO


def test_bulk_writes_like_the_engine_keep_rollups_right(db: pw.Database) -> None:
    """One batch holding try 1 and try 2 of the same invoice, then bulk invoice updates."""
    inv = [add_invoice(add_contract(f"E{i}", date(2025, 5, 1 + i), document=f"{i:011d}"), 1) for i in range(4)]
    run = add_run("COHORT", NOW - timedelta(hours=3))
    rows = []
    for n, invoice in enumerate(inv):
        for try_no in (1, 2):
            rows.append({"run": run.id, "invoice": invoice.id, "lookup_no": n * 2 + try_no, "try_no": try_no,
                         "attempt_no": try_no, "counted": True, "retry_pass": try_no == 2,
                         "started_at": NOW - timedelta(hours=2, minutes=10 - n - try_no), "seconds": 0.2 * try_no,
                         "outcome": "TIMEOUT" if try_no == 1 else "MATCHED",
                         "status_after": "ERROR" if try_no == 1 else "SUCCESS", "http_status": None,
                         "error": "read timeout after 9.9s" if try_no == 1 else None, "origin": "COHORT",
                         "cohort": "2025-05"})
    with db.atomic():
        after_id = rollups.last_attempt_id(db)
        FetchAttempt.insert_many(rows).execute()
        rollups.attempts_added(db, run.id, after_id)
        change_invoices([i.id for i in inv], fetch_status="SUCCESS", fetch_attempts=2, fetch_origin="COHORT",
                        fetch_seconds=0.4, last_outcome="MATCHED")
    written = snapshot()
    rebuild_rollups(db)
    assert snapshot() == written
    d = {x.day: x for x in daily_performance(NOW, ZoneInfo("UTC"), 1).days}[NOW.date()]
    assert (d.attempts, d.invoices, d.successes, d.errors) == (8, 4, 4, 0)
