"""Performance by fetch origin over the window (MANUAL, AUTOMATIC, COHORT, INDIVIDUAL, RETRY).

Counts are run results (each run's final word on each invoice) of the runs of that origin
whose final attempt fell in the window; times per attempt row, p50/p95 approximate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from core.domain import FetchOrigin
from storage.analytics.figures import HourRow, LatencyRow, WindowData, load_window, summarise
from storage.analytics.params import Window, make_window
from storage.rollups import db_text


@dataclass(frozen=True, slots=True)
class OriginPerformance:
    origin: FetchOrigin
    runs: int  # runs of this origin started in the window
    invoices: int  # run results
    successes: int
    partial: int
    errors: int  # ERROR and GAVE_UP
    not_available: int
    attempts: int
    success_rate: float | None  # (successes + partial) / (successes + partial + errors)
    avg_seconds: float | None
    p50_seconds: float | None
    p95_seconds: float | None


@dataclass(frozen=True, slots=True)
class OriginsPerformance:
    window: Window
    origins: tuple[OriginPerformance, ...]  # every origin, in enum order, zeros included


def origins_from(window: Window, data: WindowData) -> OriginsPerformance:
    hours: dict[FetchOrigin, list[HourRow]] = defaultdict(list)
    for h in data.hours:
        hours[h.origin].append(h)
    latency: dict[str, list[LatencyRow]] = defaultdict(list)
    for lat in data.latency:
        latency[lat[1]].append(lat)
    runs: dict[str, int] = defaultdict(int)
    for _started, origin in data.runs_started:
        runs[origin] += 1
    out = []
    for origin in FetchOrigin:
        fig = summarise(hours.get(origin, ()), latency.get(origin.value, ()))
        res = fig.results
        out.append(OriginPerformance(
            origin=origin, runs=runs.get(origin.value, 0), invoices=res.total, successes=res.success,
            partial=res.partial, errors=res.errors, not_available=res.not_available, attempts=fig.attempts,
            success_rate=res.success_rate, avg_seconds=fig.avg_seconds, p50_seconds=fig.p50_seconds,
            p95_seconds=fig.p95_seconds,
        ))
    return OriginsPerformance(window=window, origins=tuple(out))


def performance_by_origin(now: datetime, tz: tzinfo, days: int = 30) -> OriginsPerformance:
    window = make_window(now, tz, days)
    data = load_window(window.start_hour, window.end_hour, db_text(window.start), db_text(window.end))
    return origins_from(window, data)


__all__ = ["OriginPerformance", "OriginsPerformance", "origins_from", "performance_by_origin"]
