"""The Live screen when nothing needs a refresh loop: the running run, the last finished one,
what is waiting, and when the schedule fires next (or whether it missed a run).

A RUNNING run whose heartbeat is older than storage.recovery.STALE_AFTER is flagged `stale`
(its process may be gone; recovery marks it INTERRUPTED at the next start).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from core.domain import FetchOrigin, RunStatus
from core.engine.progress import eta_seconds
from core.schedule import ScheduleError, missed_fire_time, next_fire_time
from storage.analytics.figures import InvoiceRow, load_invoice_rollup, status_counts
from storage.analytics.params import check_now, check_tz
from storage.analytics.runs import RunSummary, fetch_runs
from storage.models import database_proxy
from storage.recovery import STALE_AFTER
from storage.rollups import parse_db_time
from storage.settings_store import get_setting


@dataclass(frozen=True, slots=True)
class LiveRun:
    run: RunSummary
    done: int  # invoices processed so far
    total: int  # invoices planned
    progress: float | None  # done / total
    rate: float | None  # invoices per second since the start
    eta_seconds: float | None
    heartbeat_age_seconds: float
    stale: bool


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    enabled: bool
    cron: str
    next_run_at: datetime | None  # aware UTC; None when disabled or the expression is unusable
    missed_run_at: datetime | None  # a fire time with no AUTOMATIC run since (aware UTC)
    last_automatic_run_at: datetime | None


@dataclass(frozen=True, slots=True)
class LiveStatus:
    running: LiveRun | None  # the newest RUNNING run
    running_count: int
    last_finished: RunSummary | None
    pending: int
    in_error: int  # ERROR
    gave_up: int
    schedule: ScheduleInfo


def live_run(summary: RunSummary, now: datetime) -> LiveRun:
    elapsed = (now - summary.started_at).total_seconds()
    rate = summary.processed / elapsed if elapsed > 0 and summary.processed else None
    remaining = max(summary.invoices - summary.processed, 0)
    age = max((now - summary.heartbeat_at).total_seconds(), 0.0)
    return LiveRun(
        run=summary, done=summary.processed, total=summary.invoices, progress=summary.progress, rate=rate,
        eta_seconds=eta_seconds(remaining, rate or 0.0), heartbeat_age_seconds=age,
        stale=age > STALE_AFTER.total_seconds(),
    )


def schedule_info(now: datetime, tz: tzinfo) -> ScheduleInfo:
    enabled = bool(get_setting("schedule_enabled"))
    cron = str(get_setting("schedule_cron"))
    row = database_proxy.execute_sql(
        "SELECT max(started_at) FROM fetch_run WHERE origin = ?", (FetchOrigin.AUTOMATIC.value,)).fetchone()
    last_at = parse_db_time(row[0] if row else None)
    next_at = missed = None
    if enabled:
        try:
            next_at = next_fire_time(cron, now, tz)
            missed = missed_fire_time(cron, last_at, now, tz)
        except ScheduleError:
            pass
    return ScheduleInfo(enabled=enabled, cron=cron, next_run_at=next_at, missed_run_at=missed,
                        last_automatic_run_at=last_at)


def live_from(now: datetime, tz: tzinfo, rows: tuple[InvoiceRow, ...]) -> LiveStatus:
    running = fetch_runs("status = ?", [RunStatus.RUNNING.value], "ORDER BY started_at DESC, id DESC")
    finished = fetch_runs("status <> ?", [RunStatus.RUNNING.value],
                          "ORDER BY started_at DESC, id DESC LIMIT 1")
    last = finished[0] if finished else None
    counts = status_counts(rows)
    return LiveStatus(
        running=live_run(running[0], now) if running else None,
        running_count=len(running),
        last_finished=last,
        pending=counts.pending, in_error=counts.error, gave_up=counts.gave_up,
        schedule=schedule_info(now, tz),
    )


def live_status(now: datetime, tz: tzinfo) -> LiveStatus:
    now = check_now(now)
    tz = check_tz(tz)
    return live_from(now, tz, load_invoice_rollup())


__all__ = ["LiveRun", "LiveStatus", "ScheduleInfo", "live_from", "live_run", "live_status", "schedule_info"]
