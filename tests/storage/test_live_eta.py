"""The Live screen's running run estimates its time left with the engine's ETA rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.domain import FetchOrigin, RunStatus
from core.engine.progress import eta_seconds
from storage.analytics.live import live_run
from storage.analytics.runs import RunSummary

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def summary(planned: int, processed: int, elapsed: int) -> RunSummary:
    started = NOW - timedelta(seconds=elapsed)
    return RunSummary(
        id=1, origin=FetchOrigin.MANUAL, cohort=None, status=RunStatus.RUNNING, started_by="t", started_at=started,
        finished_at=None, duration_seconds=None, heartbeat_at=NOW, message=None, contracts=0, invoices=planned,
        documents=0, processed=processed, successes=processed, partial=0, errors=0, not_available=0, gave_up=0,
        retries=0, lookups=processed, avg_seconds=None, min_seconds=None, max_seconds=None, p50_seconds=None,
        p95_seconds=None,
    )


@given(planned=st.integers(0, 10_000), done=st.integers(0, 10_000), elapsed=st.integers(1, 86_400))
def test_the_live_screen_uses_the_same_estimate(planned: int, done: int, elapsed: int) -> None:
    live = live_run(summary(planned, done, elapsed), NOW)
    rate = done / elapsed if done else 0.0
    assert live.eta_seconds == eta_seconds(max(planned - done, 0), rate)
    if done >= planned:
        assert live.eta_seconds == 0.0
    elif done == 0:
        assert live.eta_seconds is None
