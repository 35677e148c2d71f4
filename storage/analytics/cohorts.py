"""Cohort (safra) comparison: where each cohort's invoices stand, side by side.

Invoices from `rollup_invoice`, contracts counted from `contract` (current state, not windowed). Shares:
fetched = invoices no longer PENDING / invoices; success rate as StatusCounts.success_rate;
average time = mean of the invoices' last lookup time (fetch_seconds).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from storage.analytics.figures import (
    InvoiceRow,
    attempted_count,
    load_invoice_rollup,
    mean_seconds,
    status_counts,
)
from storage.analytics.params import check_cohort, check_now, check_tz, share
from storage.models import database_proxy


@dataclass(frozen=True, slots=True)
class CohortFigures:
    cohort: str
    contracts: int
    invoices: int
    attempted: int  # not PENDING, less the PAID invoices never fetched (figures.attempted_count)
    fetched_share: float | None  # attempted / invoices
    successes: int
    partial: int
    success_rate: float | None  # (successes + partial) / (successes + partial + errors + gave up)
    errors: int  # ERROR
    gave_up: int
    not_available: int
    pending: int
    with_data: int
    avg_seconds: float | None


@dataclass(frozen=True, slots=True)
class CohortComparison:
    cohorts: tuple[CohortFigures, ...]  # newest cohort first


@dataclass(frozen=True, slots=True)
class CohortPair:
    left: CohortFigures
    right: CohortFigures

    @property
    def success_rate_delta(self) -> float | None:
        """right - left, in share points (None when either is unknown)."""
        if self.left.success_rate is None or self.right.success_rate is None:
            return None
        return self.right.success_rate - self.left.success_rate


def _contracts() -> dict[str, int]:
    rows = database_proxy.execute_sql("SELECT cohort, count(*) FROM contract GROUP BY cohort")
    return {c: int(n) for c, n in rows}


def cohort_figures(cohort: str, contracts: int, rows: list[InvoiceRow]) -> CohortFigures:
    counts = status_counts(rows)
    return CohortFigures(
        cohort=cohort, contracts=contracts, invoices=counts.total, attempted=attempted_count(rows),
        fetched_share=share(attempted_count(rows), counts.total), successes=counts.success,
        partial=counts.partial, success_rate=counts.success_rate, errors=counts.error, gave_up=counts.gave_up,
        not_available=counts.not_available, pending=counts.pending,
        with_data=sum(r.n for r in rows if r.has_data),
        avg_seconds=mean_seconds(rows),
    )


def cohorts_from(rows: tuple[InvoiceRow, ...]) -> CohortComparison:
    by_cohort: dict[str, list[InvoiceRow]] = defaultdict(list)
    for row in rows:
        by_cohort[row.cohort].append(row)
    contracts = _contracts()
    names = sorted(set(by_cohort) | set(contracts), reverse=True)
    return CohortComparison(
        tuple(cohort_figures(c, contracts.get(c, 0), by_cohort.get(c, [])) for c in names))


def cohort_comparison(now: datetime, tz: tzinfo) -> CohortComparison:
    check_now(now)
    check_tz(tz)
    return cohorts_from(load_invoice_rollup())


def compare_cohorts(left: str, right: str, now: datetime, tz: tzinfo) -> CohortPair:
    """Two cohorts side by side (a cohort with no contracts shows zeros)."""
    check_now(now)
    check_tz(tz)
    left, right = check_cohort(left, "left"), check_cohort(right, "right")
    contracts = _contracts()
    return CohortPair(
        left=cohort_figures(left, contracts.get(left, 0), list(load_invoice_rollup(left))),
        right=cohort_figures(right, contracts.get(right, 0), list(load_invoice_rollup(right))),
    )


__all__ = ["CohortComparison", "CohortFigures", "CohortPair", "cohort_comparison", "cohort_figures",
           "cohorts_from", "compare_cohorts"]
