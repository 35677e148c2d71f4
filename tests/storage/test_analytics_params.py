"""Parameter validation, the local-day window, query plans and the live / dashboard views."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from core.domain import RunStatus
from storage.analytics import (
    AnalyticsParamError,
    ProblemFilter,
    attempt_history,
    compare_cohorts,
    daily_performance,
    dashboard_refresh,
    error_groups,
    live_status,
    make_window,
    overview,
    problem_invoices,
    recent_runs,
    run_detail,
    slowest_invoices,
)
from storage.models import database_proxy
from storage.settings_store import set_setting
from tests.storage.analytics_fixtures import Scenario, add_run, utc

SP = ZoneInfo("America/Sao_Paulo")
NOW = Scenario.NOW


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: overview(NOW, SP, 0), "days"),
        (lambda: overview(NOW, SP, 3651), "days"),
        (lambda: overview(NOW, SP, "30"), "days"),
        (lambda: overview(NOW, SP, 30, cohort="2026-13"), "cohort"),
        (lambda: overview(NOW, SP, 30, cohort="26-01"), "cohort"),
        (lambda: overview(datetime(2026, 3, 1), SP, 30), "now"),
        (lambda: overview(NOW, "America/Sao_Paulo", 30), "tz"),
        (lambda: daily_performance(NOW, SP, -1), "days"),
        (lambda: slowest_invoices(NOW, SP, 30, limit=26), "limit"),
        (lambda: error_groups(NOW, SP, 30, limit=0), "limit"),
        (lambda: recent_runs(NOW, SP, page=0), "page"),
        (lambda: recent_runs(NOW, SP, page_size=501), "page_size"),
        (lambda: recent_runs(NOW, SP, origin="SOMETIMES"), "origin"),
        (lambda: recent_runs(NOW, SP, status="DONE"), "status"),
        (lambda: recent_runs(NOW, SP, cohort="x"), "cohort"),
        (lambda: run_detail(0, NOW, SP), "run_id"),
        (lambda: attempt_history(1, NOW, SP, page_size=0), "page_size"),
        (lambda: ProblemFilter(outcome="BAD"), "outcome"),
        (lambda: ProblemFilter(status="SUCCESS"), "status"),
        (lambda: ProblemFilter(min_attempts=-1), "min_attempts"),
        (lambda: problem_invoices(NOW, SP, page=-2), "page"),
        (lambda: compare_cohorts("2026-01", "2026", NOW, SP), "right"),
    ],
)
def test_bad_parameters_name_the_parameter(db: pw.Database, call: object, param: str) -> None:
    with pytest.raises(AnalyticsParamError) as info:
        call()  # type: ignore[operator]
    assert info.value.param == param and param in str(info.value)
    assert isinstance(info.value, ValueError)


def test_window_is_local_days_ending_today() -> None:
    w = make_window(NOW, SP, 7)  # 12:00 local on the 10th
    assert (w.first_day, w.last_day) == (date(2026, 3, 4), date(2026, 3, 10))
    assert w.start == datetime(2026, 3, 4, 3, 0, tzinfo=UTC)  # local midnight
    late = make_window(datetime(2026, 3, 11, 2, 30, tzinfo=UTC), SP, 1)  # 23:30 local on the 10th
    assert late.last_day == date(2026, 3, 10)
    ny = make_window(datetime(2026, 3, 9, 12, tzinfo=UTC), ZoneInfo("America/New_York"), 3)
    assert ny.start == datetime(2026, 3, 7, 5, tzinfo=UTC)  # EST midnight, before the change
    india = make_window(NOW, ZoneInfo("Asia/Kolkata"), 1)  # +05:30: midnight floored to the hour
    assert india.start == datetime(2026, 3, 9, 18, 0, tzinfo=UTC)


def plan(sql: str, params: tuple[object, ...] = ()) -> str:
    return " | ".join(str(r[3]) for r in database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_pages_use_indexes_not_scans(db: pw.Database) -> None:
    problems = plan(
        "SELECT i.id FROM invoice i INDEXED BY ix_invoice_problems JOIN contract c "
        "ON c.id = i.contract_id WHERE i.fetch_status IN ('ERROR', 'GAVE_UP', 'PARTIAL') "
        "ORDER BY i.last_fetch_at DESC, i.id DESC LIMIT 50"
    )
    assert "ix_invoice_problems" in problems and "TEMP B-TREE" not in problems
    runs = plan("SELECT id FROM fetch_run ORDER BY started_at DESC, id DESC LIMIT 20")
    assert "fetch_run_started_at" in runs
    runs_origin = plan(
        "SELECT id FROM fetch_run WHERE origin = ? ORDER BY started_at DESC LIMIT 20", ("RETRY",)
    )
    assert "ix_fetch_run_origin_started" in runs_origin and "TEMP B-TREE" not in runs_origin
    history = plan(
        "SELECT id FROM fetch_attempt WHERE invoice_id = ? ORDER BY started_at DESC LIMIT 50", (1,)
    )
    assert "fetch_attempt_invoice_id_started_at" in history and "TEMP B-TREE" not in history
    detail = plan(
        "SELECT id FROM fetch_attempt WHERE run_id = ? ORDER BY run_id, invoice_id, try_no LIMIT 50", (1,)
    )
    assert "fetch_attempt_run_id_invoice_id_try_no" in detail and "TEMP B-TREE" not in detail
    hours = plan("SELECT * FROM rollup_attempt_hour WHERE hour >= ? AND hour <= ?", ("a", "b"))
    assert "SEARCH" in hours and "PRIMARY KEY" in hours


def test_live_status(db: pw.Database) -> None:
    Scenario()
    running = add_run(
        "AUTOMATIC",
        NOW - timedelta(minutes=10),
        status="RUNNING",
        invoices=100,
        processed=40,
        heartbeat_at=NOW - timedelta(minutes=9),
    )
    set_setting("schedule_cron", "5 0 * * *")
    live = live_status(NOW, SP)
    assert live.running is not None and live.running.run.id == running.id and live.running_count == 1
    assert (live.running.done, live.running.total, live.running.progress) == (40, 100, 0.4)
    assert live.running.rate == pytest.approx(40 / 600)
    assert live.running.eta_seconds == pytest.approx(60 / (40 / 600))
    assert live.running.stale  # heartbeat 9 minutes old
    assert live.last_finished is not None and live.last_finished.status is RunStatus.FAILED
    assert (live.pending, live.in_error, live.gave_up) == (1, 0, 1)
    assert live.schedule.enabled and live.schedule.next_run_at == utc(2026, 3, 11, 3, 5)
    # the last AUTOMATIC run is the running one (started today): nothing missed
    assert live.schedule.missed_run_at is None
    set_setting("schedule_enabled", False)
    assert live_status(NOW, SP).schedule.next_run_at is None


def test_dashboard_refresh_returns_every_screen(db: pw.Database) -> None:
    s = Scenario()
    snap = dashboard_refresh(NOW, SP, 7)
    assert snap.overview.invoices == 6 and len(snap.daily.days) == 7
    assert snap.runs.total == 4 and snap.problems.total == 2 and snap.slowest.items[0].seconds == 30.0
    assert snap.error_groups.groups[0].invoices == 1 and len(snap.cohorts.cohorts) == 2
    assert snap.live.running is None and snap.live.last_finished is not None
    assert snap.live.last_finished.id == s.r3.id
    assert snap.origins.origins and snap.now == NOW
