"""What a user sees of a store, as plain data: for comparing one store with another (a migrated
fixture with the figures recorded before the migration, a rebuild with the incremental result).

Only what the screens show: invoice states, runs and their counters, attempt rows, the daily and
per-origin figures, the cohorts and the error groups of a fixed window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storage import analytics
from storage.models import database_proxy

TZ = ZoneInfo("America/Sao_Paulo")


def _rows(sql: str) -> list[list[Any]]:
    return [[str(v) if v is not None and not isinstance(v, int | float) else v for v in row]
            for row in database_proxy.execute_sql(sql).fetchall()]


def store_figures(now: datetime, days: int = 30) -> dict[str, Any]:
    daily = analytics.daily_performance(now, TZ, days)
    origins = analytics.performance_by_origin(now, TZ, days)
    over = analytics.overview(now, TZ, days)
    groups = analytics.error_groups(now, TZ, days, limit=500)
    return {
        "invoices": _rows(
            "SELECT id, fetch_status, fetch_attempts, fetch_origin, last_outcome, amount, bar_code, last_run_id "
            "FROM invoice ORDER BY id"),
        "runs": _rows(
            "SELECT id, origin, status, invoices, processed, successes, partial, errors, not_available, gave_up, "
            "retries, lookups FROM fetch_run ORDER BY id"),
        "attempts": _rows(
            "SELECT run_id, count(*), sum(CASE WHEN counted THEN 1 ELSE 0 END), min(id), max(id) FROM fetch_attempt "
            "GROUP BY run_id ORDER BY 1"),
        "daily": [[str(d.day), d.runs, d.invoices, d.successes, d.partial, d.errors, d.gave_up, d.not_available,
                   d.attempts] for d in daily.days],
        "origins": [[o.origin.value, o.runs, o.invoices, o.successes, o.partial, o.errors, o.not_available,
                     o.attempts] for o in origins.origins],
        "overview": [over.invoices, over.by_status.pending, over.by_status.success, over.by_status.partial,
                     over.by_status.not_available, over.by_status.error, over.by_status.gave_up, over.with_data,
                     str(over.amount_found), over.runs, over.activity.attempts],
        "cohorts": [[c.cohort, c.contracts, c.invoices, c.successes, c.partial, c.errors, c.gave_up, c.pending,
                     c.with_data] for c in analytics.cohort_comparison(now, TZ).cohorts],
        "error_groups": sorted([g.outcome.value, g.http_status, g.invoices, g.attempts] for g in groups.groups),
    }
