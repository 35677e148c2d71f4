"""Alert rules at and around their thresholds, dedupe, acknowledgement and listing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from core.domain import AlertKind, AlertSeverity
from core.messages import render_text
from storage.alerts import (
    AlertError,
    acknowledge_alert,
    check_missed_schedule,
    evaluate_run_alerts,
    list_alerts,
    open_alerts,
)
from storage.analytics import NotFoundError
from storage.models import FetchRun
from storage.settings_store import set_setting
from tests.storage.analytics_fixtures import add_contract, add_invoice, add_run

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SP = ZoneInfo("America/Sao_Paulo")


def run(days_ago: float = 0, status: str = "COMPLETED", **fields: Any) -> FetchRun:
    values: dict[str, Any] = {
        "processed": 100,
        "successes": 100,
        "lookups": 100,
        "p50_seconds": 0.5,
        "duration_seconds": 100.0,
    }
    values.update(fields)
    return add_run("AUTOMATIC", NOW - timedelta(days=days_ago, hours=1), status=status, **values)


def kinds(alerts: list[Any]) -> list[tuple[AlertKind, str]]:
    return [(a.kind, a.dedupe_key) for a in alerts]


@pytest.fixture
def baseline(db: pw.Database) -> None:
    for days_ago, p50 in ((1, 0.5), (2, 0.5), (3, 0.6)):
        run(days_ago, p50_seconds=p50)
    run(9, p50_seconds=5.0, duration_seconds=1000.0)  # older than 7 days: not in the baseline


@pytest.mark.parametrize(
    ("errors", "gave_up", "setting", "fires"),
    [
        (8, 2, None, False),  # exactly 10 %: not over
        (9, 2, None, True),  # 11 %
        (9, 2, 0.2, False),
        (0, 0, 0.0, False),
    ],
)
def test_error_share(db: pw.Database, errors: int, gave_up: int, setting: float | None, fires: bool) -> None:
    if setting is not None:
        set_setting("alert_error_share", setting)
    r = run(errors=errors, gave_up=gave_up, successes=100 - errors - gave_up)
    alerts = evaluate_run_alerts(r.id, NOW)
    assert kinds(alerts) == ([(AlertKind.ERROR_RATE, "error_rate")] if fires else [])
    if fires:
        assert "11 of 100" in render_text(alerts[0].message) and json.loads(alerts[0].details_json)["share"] == 0.11


@pytest.mark.parametrize(("p50", "fires"), [(1.0, False), (1.01, True)])
def test_latency_against_the_7_day_median(baseline: None, p50: float, fires: bool) -> None:
    alerts = evaluate_run_alerts(run(p50_seconds=p50).id, NOW)
    assert kinds(alerts) == ([(AlertKind.SLOW_LOOKUPS, "performance:latency")] if fires else [])


@pytest.mark.parametrize(("processed", "fires"), [(50, False), (49, True)])
def test_throughput_against_the_7_day_median(baseline: None, processed: int, fires: bool) -> None:
    alerts = evaluate_run_alerts(run(processed=processed, successes=processed).id, NOW)
    assert kinds(alerts) == ([(AlertKind.LOW_THROUGHPUT, "performance:throughput")] if fires else [])


def test_performance_needs_a_baseline(db: pw.Database) -> None:
    run(1)
    run(2)
    assert evaluate_run_alerts(run(p50_seconds=9.0, processed=1, successes=1).id, NOW) == []


def test_persistent_errors_growing(db: pw.Database) -> None:
    contract = add_contract("P-1", NOW.date())
    add_invoice(contract, 1, fetch_status="ERROR", fetch_attempts=3)
    assert evaluate_run_alerts(run(2).id, NOW) == []  # nothing to compare with yet
    assert evaluate_run_alerts(run(1).id, NOW) == []  # same count
    add_invoice(contract, 2, fetch_status="GAVE_UP", fetch_attempts=4)
    add_invoice(contract, 3, fetch_status="ERROR", fetch_attempts=2)  # not persistent
    alerts = evaluate_run_alerts(run(0).id, NOW)
    assert kinds(alerts) == [(AlertKind.PERSISTENT_ERRORS_GROWING, "persistent_errors")]
    assert "from 1 to 2" in render_text(alerts[0].message)


def test_provider_unavailable_dedupe_and_acknowledge(db: pw.Database) -> None:
    first = evaluate_run_alerts(run(1, status="FAILED", processed=10).id, NOW - timedelta(days=1))
    assert kinds(first) == [(AlertKind.PROVIDER_UNAVAILABLE, "provider_unavailable")]
    assert first[0].severity is AlertSeverity.CRITICAL and first[0].occurrences == 1
    second = evaluate_run_alerts(run(0, status="FAILED", processed=10).id, NOW)
    assert second[0].id == first[0].id and second[0].occurrences == 2 and second[0].last_seen_at == NOW
    acked = acknowledge_alert(first[0].id, "ana", NOW + timedelta(minutes=1))
    assert not acked.is_open and acked.acknowledged_by == "ana"
    third = evaluate_run_alerts(run(0, status="FAILED", processed=10).id, NOW + timedelta(hours=1))
    assert third[0].id != first[0].id and third[0].occurrences == 1
    listed = list_alerts()
    assert [a.id for a in listed] == [third[0].id, first[0].id]  # open first
    assert [a.id for a in open_alerts()] == [third[0].id]


def test_missed_schedule(db: pw.Database) -> None:
    set_setting("schedule_cron", "5 0 * * *")  # 03:05 UTC in Sao Paulo
    add_run("AUTOMATIC", datetime(2026, 3, 9, 3, 5, 1, tzinfo=UTC))
    assert check_missed_schedule(datetime(2026, 3, 10, 3, 20, tzinfo=UTC), SP) is None  # in the grace period
    alert = check_missed_schedule(datetime(2026, 3, 10, 4, 0, tzinfo=UTC), SP)
    assert alert is not None and alert.kind is AlertKind.SCHEDULED_RUN_MISSED
    assert "2026-03-10 00:05" in render_text(alert.message)
    again = check_missed_schedule(datetime(2026, 3, 10, 5, 0, tzinfo=UTC), SP)
    assert again is not None and again.id == alert.id and again.occurrences == 2
    add_run("AUTOMATIC", datetime(2026, 3, 10, 6, 0, tzinfo=UTC))
    assert check_missed_schedule(datetime(2026, 3, 10, 7, 0, tzinfo=UTC), SP) is None
    set_setting("schedule_enabled", False)
    assert check_missed_schedule(datetime(2026, 3, 12, 7, 0, tzinfo=UTC), SP) is None


def test_bad_calls(db: pw.Database) -> None:
    with pytest.raises(NotFoundError):
        evaluate_run_alerts(12345, NOW)
    with pytest.raises(AlertError, match="RUNNING"):
        evaluate_run_alerts(add_run("MANUAL", NOW, status="RUNNING").id, NOW)
    with pytest.raises(NotFoundError):
        acknowledge_alert(777, "ana", NOW)
    alert = evaluate_run_alerts(run(status="FAILED").id, NOW)[0]
    with pytest.raises(AlertError, match="by"):
        acknowledge_alert(alert.id, "  ", NOW)
