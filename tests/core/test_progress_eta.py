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
