"""The Performance screen's stat cards: where all invoices stand now, and what the window did.

Two kinds of figures, kept apart on purpose:

- *state* (all invoices as they are now, optionally of one cohort): totals by fetch status
  and by the origin of their last fetch, attempts histogram, invoices with data, pending,
  errors, gave up and the success rate (see `StatusCounts.success_rate`);
- *activity* in the window (N local days ending today): runs started, attempt rows, run
  results (each run's final word on each invoice) and lookup times (p50/p95 approximate,
  from the latency histogram). For one cohort the activity is computed from the attempt rows
  themselves (exact percentiles; slower, not used by the dashboard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from core.stats import percentile, round3
from storage.analytics.figures import (
    STATUS_ORDER,
    ActivityFigures,
    InvoiceRow,
    OriginCounts,
    StatusCounts,
    WindowData,
    attempted_count,
    load_invoice_rollup,
    load_window,
    origin_counts,
    status_counts,
    summarise,
)
from storage.analytics.params import Window, check_optional_cohort, make_window
from storage.models import database_proxy
from storage.rollups import db_text


@dataclass(frozen=True, slots=True)
class AttemptsHistogram:
    """Invoices by how many counted attempts they have: 0, 1, 2, 3 and 4 or more."""

    zero: int
    one: int
    two: int
    three: int
    four_plus: int


@dataclass(frozen=True, slots=True)
class Overview:
    window: Window
    cohort: str | None
    invoices: int
    by_status: StatusCounts
    by_origin: OriginCounts
    attempts_histogram: AttemptsHistogram
    with_data: int  # amount and a bar code or PIX code
    amount_found: Decimal  # sum of the amounts found, R$ (rounded to cents)
    attempted: int  # any status but PENDING, less the PAID invoices never fetched (figures.attempted_count)
    success_rate: float | None  # by_status.success_rate
    pending: int
    errors: int  # ERROR only
    gave_up: int
    runs: int  # runs started in the window; for one cohort: runs that attempted its invoices
    activity: ActivityFigures
    percentiles_exact: bool  # False when p50/p95 come from the histogram


def money(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def attempts_histogram(rows: tuple[InvoiceRow, ...]) -> AttemptsHistogram:
    slots = [0] * 5
    for row in rows:
        slots[min(row.attempts, 4)] += row.n
    return AttemptsHistogram(*slots)


def overview_from(window: Window, cohort: str | None, rows: tuple[InvoiceRow, ...], data: WindowData | None
                  ) -> Overview:
    by_status = status_counts(rows)
    if data is None:
        runs_n, act = _cohort_activity(window, cohort or "")
        exact = True
    else:
        runs_n, act, exact = len(data.runs_started), summarise(data.hours, data.latency), False
    return Overview(
        window=window,
        cohort=cohort,
        invoices=by_status.total,
        by_status=by_status,
        by_origin=origin_counts(rows),
        attempts_histogram=attempts_histogram(rows),
        with_data=sum(r.n for r in rows if r.has_data),
        amount_found=money(sum(r.sum_amount for r in rows)),
        attempted=attempted_count(rows),
        success_rate=by_status.success_rate,
        pending=by_status.pending,
        errors=by_status.error,
        gave_up=by_status.gave_up,
        runs=runs_n,
        activity=act,
        percentiles_exact=exact,
    )


def overview(now: datetime, tz: tzinfo, days: int = 30, cohort: str | None = None) -> Overview:
    """State of all invoices (or one cohort's) and the activity of the last `days` local days."""
    window = make_window(now, tz, days)
    cohort = check_optional_cohort(cohort)
    rows = load_invoice_rollup(cohort)
    if cohort is None:
        data = load_window(window.start_hour, window.end_hour, db_text(window.start), db_text(window.end))
        return overview_from(window, None, rows, data)
    return overview_from(window, cohort, rows, None)


def _cohort_activity(window: Window, cohort: str) -> tuple[int, ActivityFigures]:
    """One cohort's activity straight from its attempt rows (and the runs that touched it)."""
    start, end = db_text(window.start), db_text(window.end)
    rows = database_proxy.execute_sql(
        """SELECT a.seconds, a.status_after,
                  NOT EXISTS (SELECT 1 FROM fetch_attempt b WHERE b.run_id = a.run_id
                              AND b.invoice_id = a.invoice_id AND b.try_no = a.try_no + 1),
                  a.run_id
           FROM fetch_attempt a WHERE a.started_at >= ? AND a.started_at <= ? AND a.cohort = ?""",
        (start, end, cohort),
    ).fetchall()
    seconds = sorted(r[0] for r in rows if r[0] is not None)
    results = dict.fromkeys(STATUS_ORDER, 0)
    for _, status_after, final, _ in rows:
        if final:
            results[next(s for s in STATUS_ORDER if s.value == status_after)] += 1
    runs = len({r[3] for r in rows})
    return runs, ActivityFigures(
        attempts=len(rows),
        results=StatusCounts.from_values(results[s] for s in STATUS_ORDER),
        avg_seconds=round3(sum(seconds) / len(seconds)) if seconds else None,
        min_seconds=round3(seconds[0]) if seconds else None,
        max_seconds=round3(seconds[-1]) if seconds else None,
        p50_seconds=round3(percentile(seconds, 50)),
        p95_seconds=round3(percentile(seconds, 95)),
    )


__all__ = ["AttemptsHistogram", "Overview", "attempts_histogram", "overview", "overview_from"]
