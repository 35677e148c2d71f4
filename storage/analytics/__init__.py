"""The read side: every figure the Performance, Runs, Problems and Live screens show.

Each query validates its parameters (AnalyticsParamError names the bad one), takes an aware
`now` and the user's `tz` explicitly, and returns frozen dataclasses. Figures come from the
rollups (written by storage.rollups_write), so their cost does not grow with the history.
"""

from storage.analytics.cohorts import (
    CohortComparison,
    CohortFigures,
    CohortPair,
    cohort_comparison,
    compare_cohorts,
)
from storage.analytics.daily import DailyPerformance, DayPerformance, daily_performance
from storage.analytics.dashboard import DashboardSnapshot, dashboard_refresh
from storage.analytics.errors import (
    ErrorGroup,
    ErrorGroups,
    error_group_invoice_ids,
    error_groups,
    error_groups_shown,
    normalise_error,
)
from storage.analytics.figures import ActivityFigures, OriginCounts, StatusCounts
from storage.analytics.live import LiveRun, LiveStatus, ScheduleInfo, live_status
from storage.analytics.origins import OriginPerformance, OriginsPerformance, performance_by_origin
from storage.analytics.overview import AttemptsHistogram, Overview, overview
from storage.analytics.params import (
    AnalyticsParamError,
    NotFoundError,
    PageOf,
    Window,
    local_zone,
    make_window,
)
from storage.analytics.problems import (
    ProblemFilter,
    ProblemInvoice,
    attempt_history,
    persistent_errors,
    problem_invoice_ids,
    problem_invoices,
)
from storage.analytics.runs import AttemptRow, RunDetail, RunSummary, recent_runs, run_detail
from storage.analytics.slowest import SlowestInvoices, SlowInvoice, slowest_invoices

__all__ = [
    "ActivityFigures",
    "AnalyticsParamError",
    "AttemptRow",
    "AttemptsHistogram",
    "CohortComparison",
    "CohortFigures",
    "CohortPair",
    "DailyPerformance",
    "DashboardSnapshot",
    "DayPerformance",
    "ErrorGroup",
    "ErrorGroups",
    "LiveRun",
    "LiveStatus",
    "NotFoundError",
    "OriginCounts",
    "OriginPerformance",
    "OriginsPerformance",
    "Overview",
    "PageOf",
    "ProblemFilter",
    "ProblemInvoice",
    "RunDetail",
    "RunSummary",
    "ScheduleInfo",
    "SlowInvoice",
    "SlowestInvoices",
    "StatusCounts",
    "Window",
    "attempt_history",
    "cohort_comparison",
    "compare_cohorts",
    "daily_performance",
    "dashboard_refresh",
    "error_group_invoice_ids",
    "error_groups",
    "error_groups_shown",
    "live_status",
    "local_zone",
    "make_window",
    "normalise_error",
    "overview",
    "performance_by_origin",
    "persistent_errors",
    "problem_invoice_ids",
    "problem_invoices",
    "recent_runs",
    "run_detail",
    "slowest_invoices",
]
