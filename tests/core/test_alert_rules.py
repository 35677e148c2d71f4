"""The alert rules (core.alert_rules) on figures alone: thresholds, baselines, dedupe keys."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.alert_rules import (
    BASELINE_DAYS,
    MIN_BASELINE_RUNS,
    MIN_SAMPLE_LOOKUPS,
    AlertThresholds,
    PersistentMeasure,
    RunFigures,
    baseline_window,
    error_rate_alerts,
    error_share,
    error_share_exceeds,
    missed_schedule_alert,
    performance_alerts,
    persistent_errors_alerts,
    provider_alerts,
    run_alerts,
    throughput,
)
from core.domain import PERSISTENT_MIN_ATTEMPTS, AlertKind, AlertSeverity, FetchStatus, RunStatus, is_persistent_error
from core.messages import render_text

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LIMITS = AlertThresholds(error_share=0.10, latency_factor=2.0, throughput_factor=0.5)
RUN = RunFigures(run_id=9, status=RunStatus.COMPLETED, started_at=NOW, planned=100, processed=100, errors=0,
                 gave_up=0, p50_seconds=0.5, duration_seconds=100.0, lookups=100)


def prior(p50: float | None = 0.5, processed: int = 100, duration: float | None = 100.0) -> RunFigures:
    return replace(RUN, run_id=1, started_at=NOW - timedelta(days=1), p50_seconds=p50, processed=processed,
                   duration_seconds=duration)


def keys(alerts: tuple[object, ...]) -> list[tuple[AlertKind, str]]:
    return [(a.kind, a.dedupe_key) for a in alerts]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("errors", "gave_up", "processed", "limit", "fires"),
    [
        (8, 2, 100, 0.10, False),  # exactly at the threshold: quiet
        (9, 2, 100, 0.10, True),
        (9, 2, 100, 0.20, False),
        (0, 0, 100, 0.0, False),
        (0, 1, 100, 0.0, True),
        (0, 0, 0, 0.0, False),  # nothing processed: no share, no alert
        (5, 0, 5, 0.99, True),
    ],
)
def test_error_rate(errors: int, gave_up: int, processed: int, limit: float, fires: bool) -> None:
    run = replace(RUN, errors=errors, gave_up=gave_up, processed=processed)
    alerts = error_rate_alerts(run, replace(LIMITS, error_share=limit))
    assert keys(alerts) == ([(AlertKind.ERROR_RATE, "error_rate")] if fires else [])
    if fires:
        alert = alerts[0]
        assert alert.severity is AlertSeverity.WARNING
        assert f"{errors + gave_up} of {processed}" in render_text(alert.message)
        assert alert.params["share"] == round((errors + gave_up) / processed, 4)
        assert alert.params["threshold"] == limit


@given(errors=st.integers(0, 500), gave_up=st.integers(0, 500), extra=st.integers(0, 500),
       limit=st.floats(0, 1))
def test_error_rate_fires_exactly_over_the_threshold(errors: int, gave_up: int, extra: int, limit: float) -> None:
    processed = errors + gave_up + extra
    run = replace(RUN, errors=errors, gave_up=gave_up, processed=processed)
    share = error_share(errors, gave_up, processed)
    assert share is None if processed == 0 else share == (errors + gave_up) / processed
    fired = bool(error_rate_alerts(run, replace(LIMITS, error_share=limit)))
    assert fired == (processed > 0 and (errors + gave_up) / processed > limit)  # RUN made 100 lookups
    assert fired == error_share_exceeds(share, limit)


def test_throughput() -> None:
    assert throughput(100, 50.0) == 2.0
    assert throughput(100, 0.0) is None and throughput(100, None) is None and throughput(100, -1.0) is None
    assert RUN.throughput == 1.0 and RUN.error_share == 0.0


@pytest.mark.parametrize(("p50", "fires"), [(1.0, False), (1.01, True), (None, False)])
def test_latency_against_the_baseline_median(p50: float | None, fires: bool) -> None:
    baseline = [prior(0.5), prior(0.5), prior(0.6), prior(None)]  # median of the known p50s: 0.5
    alerts = performance_alerts(replace(RUN, p50_seconds=p50), baseline, LIMITS)
    assert keys(alerts) == ([(AlertKind.SLOW_LOOKUPS, "performance:latency")] if fires else [])
    if fires:
        assert alerts[0].params["baseline_p50_seconds"] == 0.5 and alerts[0].params["baseline_runs"] == 3


@pytest.mark.parametrize(("processed", "fires"), [(50, False), (49, True), (0, True)])
def test_throughput_against_the_baseline_median(processed: int, fires: bool) -> None:
    baseline = [prior(), prior(), prior(processed=300), prior(duration=None)]  # median 1.0 per second
    alerts = performance_alerts(replace(RUN, processed=processed), baseline, LIMITS)
    assert keys(alerts) == ([(AlertKind.LOW_THROUGHPUT, "performance:throughput")] if fires else [])


def test_performance_needs_enough_baseline_runs() -> None:
    slow = replace(RUN, p50_seconds=50.0, processed=1)
    few = [prior()] * (MIN_BASELINE_RUNS - 1)
    assert performance_alerts(slow, few, LIMITS) == ()
    assert len(performance_alerts(slow, [*few, prior()], LIMITS)) == 2
    # runs without the figure do not count towards the minimum
    assert performance_alerts(slow, [*few, prior(p50=None, duration=None)], LIMITS) == ()


@given(p50s=st.lists(st.floats(0.001, 100), min_size=MIN_BASELINE_RUNS, max_size=12), p50=st.floats(0.001, 1000),
       factor=st.floats(1, 100))
def test_latency_fires_exactly_over_factor_times_the_median(p50s: list[float], p50: float, factor: float) -> None:
    alerts = performance_alerts(replace(RUN, p50_seconds=p50, processed=0, duration_seconds=None),
                                [prior(v) for v in p50s], replace(LIMITS, latency_factor=factor))
    assert bool(alerts) == (p50 > factor * statistics.median(p50s))


def test_baseline_window() -> None:
    assert baseline_window(NOW) == (NOW - timedelta(days=BASELINE_DAYS), NOW)


def test_persistent_errors_growing() -> None:
    assert persistent_errors_alerts(RUN, None, 5) == ()  # nothing to compare with yet
    assert persistent_errors_alerts(RUN, PersistentMeasure(4, 5), 5) == ()
    assert persistent_errors_alerts(RUN, PersistentMeasure(4, 6), 5) == ()
    (alert,) = persistent_errors_alerts(RUN, PersistentMeasure(4, 1), 2)
    assert (alert.kind, alert.dedupe_key) == (AlertKind.PERSISTENT_ERRORS_GROWING, "persistent_errors")
    text = render_text(alert.message)
    assert "from 1 to 2" in text and f"{PERSISTENT_MIN_ATTEMPTS} or more" in text
    assert dict(alert.params) == {"run_id": 9, "previous_run_id": 4, "before": 1, "now": 2}


@pytest.mark.parametrize("status", list(FetchStatus))
@pytest.mark.parametrize("attempts", [0, PERSISTENT_MIN_ATTEMPTS - 1, PERSISTENT_MIN_ATTEMPTS, 20])
def test_what_a_persistent_error_is(status: FetchStatus, attempts: int) -> None:
    failed = status in (FetchStatus.ERROR, FetchStatus.GAVE_UP)
    assert is_persistent_error(status, attempts) == (failed and attempts >= PERSISTENT_MIN_ATTEMPTS)


@pytest.mark.parametrize("status", [s for s in RunStatus if s is not RunStatus.RUNNING])
def test_provider_unavailable_only_when_the_run_failed(status: RunStatus) -> None:
    alerts = provider_alerts(replace(RUN, status=status, processed=10))
    if status is RunStatus.FAILED:
        assert keys(alerts) == [(AlertKind.PROVIDER_UNAVAILABLE, "provider_unavailable")]
        assert alerts[0].severity is AlertSeverity.CRITICAL and "10 of 100" in render_text(alerts[0].message)
    else:
        assert alerts == ()


def test_run_alerts_in_order_and_not_while_running() -> None:
    bad = replace(RUN, status=RunStatus.FAILED, errors=30, p50_seconds=9.0, processed=40)
    alerts = run_alerts(bad, LIMITS, [prior()] * 3, PersistentMeasure(1, 0), 7)
    assert [a.kind for a in alerts] == [
        AlertKind.ERROR_RATE, AlertKind.SLOW_LOOKUPS, AlertKind.LOW_THROUGHPUT,
        AlertKind.PERSISTENT_ERRORS_GROWING, AlertKind.PROVIDER_UNAVAILABLE]
    assert run_alerts(RUN, LIMITS, [prior()] * 3, PersistentMeasure(1, 0), 0) == ()
    with pytest.raises(ValueError, match="RUNNING"):
        run_alerts(replace(RUN, status=RunStatus.RUNNING), LIMITS, [], None, 0)


def test_missed_schedule_one_alert_per_fire_time() -> None:
    fire = datetime(2026, 3, 10, 3, 5, tzinfo=UTC)
    alert = missed_schedule_alert(fire, "5 0 * * *", ZoneInfo("America/Sao_Paulo"))
    assert (alert.kind, alert.severity) == (AlertKind.SCHEDULED_RUN_MISSED, AlertSeverity.WARNING)
    assert "2026-03-10 00:05" in render_text(alert.message)  # in the user's zone
    later = missed_schedule_alert(fire + timedelta(days=1), "5 0 * * *", UTC)
    assert alert.dedupe_key != later.dedupe_key and "2026-03-11 03:05" in render_text(later.message)


@pytest.mark.parametrize("lookups", [0, 3, MIN_SAMPLE_LOOKUPS - 1])
def test_rates_need_a_sample_of_lookups(lookups: int) -> None:
    """A run of a handful of invoices says nothing about error share, latency or throughput."""
    bad = replace(RUN, errors=3, processed=3, planned=3, p50_seconds=50.0, duration_seconds=3000.0, lookups=lookups)
    assert error_rate_alerts(bad, LIMITS) == ()
    assert performance_alerts(bad, [prior()] * 5, LIMITS) == ()
    assert keys(error_rate_alerts(replace(bad, lookups=MIN_SAMPLE_LOOKUPS), LIMITS)) == [
        (AlertKind.ERROR_RATE, "error_rate")]


def test_the_baseline_leaves_out_runs_without_a_sample() -> None:
    tiny = replace(prior(p50=0.01), lookups=2)
    assert performance_alerts(replace(RUN, p50_seconds=0.5), [tiny] * 5, LIMITS) == ()  # no baseline left


def test_every_rule_has_its_own_kind() -> None:
    slow = replace(RUN, p50_seconds=50.0, processed=1, errors=1, status=RunStatus.FAILED)
    alerts = run_alerts(slow, LIMITS, [prior()] * 3, PersistentMeasure(1, 0), 5)
    assert len({a.kind for a in alerts}) == len(alerts) == 5
