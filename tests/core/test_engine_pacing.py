"""Rate limiter (AIMD token bucket), circuit breaker and backoff, driven with explicit times."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.engine.pacing import Backoff, BreakerState, CircuitBreaker, RateLimiter


def _sent_in(limiter: RateLimiter, seconds: float, step: float = 0.001) -> int:
    sent, t = 0, 0.0
    while t < seconds:
        if limiter.take(t):
            sent += 1
        t += step
    return sent


def test_token_bucket_paces_to_the_rate() -> None:
    limiter = RateLimiter(50.0)
    sent = _sent_in(limiter, 10.0)
    assert 495 <= sent <= 505


def test_unlimited_never_waits() -> None:
    limiter = RateLimiter(None)
    assert limiter.delay(0.0) == 0 and limiter.take(0.0) and limiter.take(0.0)


def test_throttle_cuts_once_per_gap_and_recovers_to_the_ceiling() -> None:
    limiter = RateLimiter(100.0)
    limiter.on_throttled(0.0, None)
    limiter.on_throttled(0.1, None)  # same burst of 429s: counted once
    assert limiter.rate == pytest.approx(50.0)
    limiter.on_throttled(2.0, None)
    assert limiter.rate == pytest.approx(25.0)
    for _ in range(10_000):
        limiter.on_success()
    assert limiter.rate == pytest.approx(100.0)


def test_retry_after_pauses_sending() -> None:
    limiter = RateLimiter(100.0)
    limiter.on_throttled(10.0, 2.5)
    assert limiter.delay(10.0) == pytest.approx(2.5)
    assert not limiter.take(12.0)
    assert limiter.delay(12.6) < 0.1


def test_breaker_opens_after_threshold_and_probes_once() -> None:
    b = CircuitBreaker(threshold=3, cooldown=1.0, max_cooldown=8.0)
    assert not b.on_failure(0.0) and not b.on_failure(0.1)
    assert b.on_failure(0.2) and b.state is BreakerState.OPEN
    assert not b.allow(0.5) and b.wait(0.5) == pytest.approx(0.7)
    assert b.allow(1.3) and b.state is BreakerState.HALF_OPEN
    b.on_sent()
    assert not b.allow(1.3)  # one probe at a time
    assert b.on_failure(1.5) and b.state is BreakerState.OPEN  # probe failed: reopen, longer cooldown
    assert b.wait(1.5) == pytest.approx(2.0)
    b.on_success()
    assert b.state is BreakerState.CLOSED


def test_success_resets_the_failure_streak() -> None:
    b = CircuitBreaker(threshold=3)
    b.on_failure(0.0)
    b.on_failure(0.0)
    b.on_success()
    assert not b.on_failure(0.0) and b.state is BreakerState.CLOSED


@given(failures=st.integers(1, 20), retry_after=st.one_of(st.none(), st.floats(0, 120)), seed=st.integers())
def test_backoff_is_full_jitter_within_cap_and_honours_retry_after(failures, retry_after, seed) -> None:
    b = Backoff(base=0.5, cap=30.0)
    d = b.delay(failures, retry_after, random.Random(seed))
    ceiling = min(30.0, 0.5 * 2 ** (failures - 1))
    if retry_after is None:
        assert 0 <= d <= ceiling
    else:
        assert retry_after <= d <= max(retry_after, ceiling)


def test_a_503_slows_down_gently_and_does_not_pause() -> None:
    limiter = RateLimiter(100.0)
    limiter.on_throttled(0.0, 5.0, soft=True)
    assert limiter.rate == pytest.approx(90.0)
    assert limiter.delay(0.5) < 0.1  # no 5 s pause for a soft signal
