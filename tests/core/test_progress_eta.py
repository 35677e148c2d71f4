"""The ETA (core.engine.progress.eta_seconds), the one estimate the engine's progress and the
Live screen's running run (tests/storage/test_live_eta.py) both show."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.engine.progress import eta_seconds


@pytest.mark.parametrize(
    ("remaining", "rate", "expected"),
    [
        (0, 0.0, 0.0),  # nothing left: done, even with no rate yet
        (-3, 5.0, 0.0),
        (10, 0.0, None),  # no rate yet: unknown, not infinite
        (10, -1.0, None),
        (10, 2.0, 5.0),
        (1, 4.0, 0.25),
    ],
)
def test_table(remaining: float, rate: float, expected: float | None) -> None:
    assert eta_seconds(remaining, rate) == expected


positive = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)


@given(remaining=positive, rate=positive, more=positive)
def test_properties(remaining: float, rate: float, more: float) -> None:
    eta = eta_seconds(remaining, rate)
    assert eta is not None and eta > 0
    assert math.isclose(eta * rate, remaining, rel_tol=1e-9)
    # more left takes longer; a faster rate takes less
    assert (eta_seconds(remaining + more, rate) or 0) >= eta
    assert (eta_seconds(remaining, rate + more) or 0) <= eta


def test_a_published_snapshot_reads_back_the_same_and_stays_small() -> None:
    from datetime import UTC, datetime
    from types import MappingProxyType

    from core.domain import RunStatus
    from core.engine.progress import PUBLISHED_LOG_LINES, ProgressSnapshot, snapshot_from_json, snapshot_to_json

    snapshot = ProgressSnapshot(
        run_id=7, status=RunStatus.RUNNING, phase="main", started_at=datetime(2026, 3, 15, 12, tzinfo=UTC),
        elapsed=12.5, total=1000, done=420, documents_total=300, documents_done=120, successes=400, partial=5,
        errors=10, not_available=5, gave_up=0, retries=3, lookups=125, in_flight=4, pending_retries=2, rate=33.5,
        lookups_per_second=10.25, eta_seconds=17.0, p50_recent=0.125, rate_limit=None, breaker="closed",
        outcomes=MappingProxyType({"MATCHED": 400, "TIMEOUT": 10}),
        log_tail=tuple(f"12:00:{i:02d} line {i} " + "x" * 500 for i in range(30)), message="",
    )
    text = snapshot_to_json(snapshot)
    back = snapshot_from_json(text)
    assert len(text) < 6000  # one small row, even with a long log
    assert back.log_tail == tuple(line[:300] for line in snapshot.log_tail[-PUBLISHED_LOG_LINES:])
    assert back == ProgressSnapshot(**{**{f: getattr(snapshot, f) for f in ProgressSnapshot.__dataclass_fields__},
                                       "log_tail": back.log_tail})
    assert back.percent == 42.0
    with pytest.raises(ValueError, match="not a progress snapshot"):
        snapshot_from_json('{"run_id": 1}')
    with pytest.raises(ValueError, match="not a progress snapshot"):
        snapshot_from_json("[1, 2")
