"""One refresh of every figure the screens show, reading each rollup once.

This is what the GUI calls on a timer (off the GUI thread) and what bench/dashboard_scale.py
times. Its cost follows the window (hours with activity, error groups, one page of rows),
not the size of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from storage.analytics.cohorts import CohortComparison, cohorts_from
from storage.analytics.daily import DailyPerformance, daily_from
from storage.analytics.errors import ErrorGroups, error_groups_from
from storage.analytics.figures import load_invoice_rollup, load_window, read_snapshot
from storage.analytics.live import LiveStatus, live_from
from storage.analytics.origins import OriginsPerformance, origins_from
from storage.analytics.overview import Overview, overview_from
from storage.analytics.params import PageOf, make_window
from storage.analytics.problems import ProblemFilter, ProblemInvoice, problem_invoices
from storage.analytics.runs import RunSummary, recent_runs
from storage.analytics.slowest import SlowestInvoices, slowest_from
from storage.rollups import db_text

SLOWEST_SHOWN = 10
RUNS_PAGE_SIZE = 20
PROBLEMS_PAGE_SIZE = 50
ERROR_GROUPS_SHOWN = 20


@dataclass(frozen=True, slots=True)
class DashboardSnapshot:
    now: datetime
    overview: Overview
    daily: DailyPerformance
    origins: OriginsPerformance
    slowest: SlowestInvoices
    runs: PageOf[RunSummary]
    problems: PageOf[ProblemInvoice]
    error_groups: ErrorGroups
    live: LiveStatus
    cohorts: CohortComparison


def dashboard_refresh(now: datetime, tz: tzinfo, days: int = 30) -> DashboardSnapshot:
    """Everything the Performance, Runs, Problems and Live screens show, read in one transaction."""
    window = make_window(now, tz, days)
    with read_snapshot():  # one consistent view of every table (a WAL read transaction)
        invoices = load_invoice_rollup()
        data = load_window(window.start_hour, window.end_hour, db_text(window.start), db_text(window.end))
        return DashboardSnapshot(
            now=window.end,
            overview=overview_from(window, None, invoices, data),
            daily=daily_from(window, data),
            origins=origins_from(window, data),
            slowest=slowest_from(window, SLOWEST_SHOWN),
            runs=recent_runs(window.end, window.tz, page=1, page_size=RUNS_PAGE_SIZE),
            problems=problem_invoices(window.end, window.tz, ProblemFilter(), page=1,
                                      page_size=PROBLEMS_PAGE_SIZE),
            error_groups=error_groups_from(window, ERROR_GROUPS_SHOWN),
            live=live_from(window.end, window.tz, invoices),
            cohorts=cohorts_from(invoices),
        )


__all__ = ["DashboardSnapshot", "dashboard_refresh"]
