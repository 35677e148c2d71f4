"""Daily performance: one row per local calendar day of the window, empty days included.

A day is a calendar day in the user's zone (an attempt at 02:30 UTC on the 5th belongs to
the 4th in America/Sao_Paulo); DST days have 23 or 25 hours. Runs are counted on the day
they started; results (each run's final word on each invoice) on the day of that final
attempt; times per attempt row. p50/p95 come from the latency histogram (approximate).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from storage.analytics.figures import HourRow, LatencyRow, WindowData, load_window, summarise
from storage.analytics.params import Window, make_window
from storage.rollups import db_text, hour_start, parse_db_time


@dataclass(frozen=True, slots=True)
class DayPerformance:
    day: date
    runs: int
    invoices: int  # run results that day: (run, invoice) pairs settled by their final attempt
    successes: int
    partial: int
    errors: int  # ERROR and GAVE_UP
    gave_up: int
    not_available: int
    attempts: int  # attempt rows (retries included)
    avg_seconds: float | None
    p50_seconds: float | None
    p95_seconds: float | None


@dataclass(frozen=True, slots=True)
class DailyPerformance:
    window: Window
    days: tuple[DayPerformance, ...]  # oldest first, one per day of the window


def daily_from(window: Window, data: WindowData) -> DailyPerformance:
    day_cache: dict[str, date] = {}

    def day_of_hour(key: str) -> date:
        found = day_cache.get(key)
        if found is None:
            found = day_cache[key] = window.day_of(hour_start(key))
        return found

    hours: dict[date, list[HourRow]] = defaultdict(list)
    for h in data.hours:
        hours[day_of_hour(h.hour)].append(h)
    latency: dict[date, list[LatencyRow]] = defaultdict(list)
    for lat in data.latency:
        latency[day_of_hour(lat[0])].append(lat)
    runs: dict[date, int] = defaultdict(int)
    for started_at, _origin in data.runs_started:
        moment = parse_db_time(started_at)
        if moment is not None:
            runs[window.day_of(moment)] += 1
    out = []
    for day in window.day_list():
        fig = summarise(hours.get(day, ()), latency.get(day, ()))
        res = fig.results
        out.append(DayPerformance(
            day=day, runs=runs.get(day, 0), invoices=res.total, successes=res.success, partial=res.partial,
            errors=res.errors, gave_up=res.gave_up, not_available=res.not_available, attempts=fig.attempts,
            avg_seconds=fig.avg_seconds, p50_seconds=fig.p50_seconds, p95_seconds=fig.p95_seconds,
        ))
    return DailyPerformance(window=window, days=tuple(out))


def daily_performance(now: datetime, tz: tzinfo, days: int = 30) -> DailyPerformance:
    """Per local day of the last `days` days (today included), oldest first."""
    window = make_window(now, tz, days)
    data = load_window(window.start_hour, window.end_hour, db_text(window.start), db_text(window.end))
    return daily_from(window, data)


__all__ = ["DailyPerformance", "DayPerformance", "daily_from", "daily_performance"]
