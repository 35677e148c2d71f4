"""Rate limiter (a token bucket that finds the provider's limit), circuit breaker and backoff,
driven with explicit times: a simulated provider bucket in simulated time."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
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


class ProviderBucket:
    """A provider's own limit as nginx's `limit_req ... burst=B nodelay` applies it: `rate`
    requests per second, `burst` more in a clump, the rest refused (429, no Retry-After)."""

    def __init__(self, rate: float, burst: float = 5.0) -> None:
        self.rate, self.burst = rate, burst
        self._excess, self._t = 0.0, 0.0

    def admit(self, t: float) -> bool:
        self._excess = max(0.0, self._excess - (t - self._t) * self.rate)
        self._t = t
        if self._excess + 1 > self.burst + 1:
            return False
        self._excess += 1
        return True


@dataclass
class Traffic:
    sends: list[tuple[float, bool]]  # (sent at, accepted)

    def accepted_per_second(self, start: float, end: float) -> float:
        return sum(1 for t, ok in self.sends if ok and start <= t < end) / (end - start)

    def refused_share(self, start: float = 0.0, end: float = float("inf")) -> float:
        window = [ok for t, ok in self.sends if start <= t < end]
        return window.count(False) / max(len(window), 1)


def drive(limiter: RateLimiter, provider: ProviderBucket, seconds: float, *, latency: float = 0.02,
          rise: tuple[float, float] | None = None) -> Traffic:
    """Send as fast as the limiter lets (an endless backlog) to the provider; each answer comes
    back `latency` later. `rise`: (at, new limit). Simulated time only, event by event."""
    answers: list[tuple[float, float, bool]] = []
    sends: list[tuple[float, bool]] = []
    t = 0.0
    while t < seconds:
        if rise is not None and t >= rise[0]:
            provider.rate = rise[1]
        while answers and answers[0][0] <= t:
            at, sent, ok = heapq.heappop(answers)
            if ok:
                limiter.on_success(at, sent)
            else:
                limiter.on_throttled(at, None, sent_at=sent)
        while limiter.take(t):
            ok = provider.admit(t)
            sends.append((t, ok))
            heapq.heappush(answers, (t + latency, t, ok))
        wake = t + max(limiter.delay(t), 1e-4)
        t = min(wake, answers[0][0]) if answers else wake
    return Traffic(sends)


def test_finds_an_unknown_limit_and_keeps_just_under_it() -> None:
    limiter = RateLimiter(150.0)
    traffic = drive(limiter, ProviderBucket(60.0), 20.0)
    assert 54.0 <= traffic.accepted_per_second(3.0, 20.0) <= 60.5  # within 10% under the limit
    assert traffic.refused_share() <= 0.02
    assert traffic.refused_share(3.0) <= 0.01  # once found, the limit costs a refusal now and then
    assert limiter.learned_rate is not None and 54.0 <= limiter.learned_rate <= 60.0


def test_a_remembered_rate_starts_near_the_limit_with_almost_no_refusals() -> None:
    first = RateLimiter(150.0)
    drive(first, ProviderBucket(60.0), 10.0)
    second = RateLimiter(150.0, start_rate=first.learned_rate)
    traffic = drive(second, ProviderBucket(60.0), 10.0)
    assert traffic.accepted_per_second(0.0, 10.0) >= 54.0
    assert traffic.refused_share() <= 0.01
    assert second.learned_rate is not None and second.learned_rate <= 60.0


def test_finds_a_limit_that_rose_again() -> None:
    limiter = RateLimiter(150.0)
    traffic = drive(limiter, ProviderBucket(60.0), 40.0, rise=(10.0, 120.0))
    assert traffic.accepted_per_second(5.0, 10.0) <= 60.5
    assert traffic.accepted_per_second(30.0, 40.0) >= 108.0
    assert traffic.refused_share(30.0) <= 0.01


def test_a_limit_above_the_ceiling_is_never_probed_past_the_ceiling() -> None:
    limiter = RateLimiter(50.0)
    traffic = drive(limiter, ProviderBucket(60.0), 10.0)
    assert traffic.refused_share() == 0.0 and limiter.rate == 50.0
    assert limiter.learned_rate is None  # the configured rate was never refused: nothing to remember


@settings(max_examples=10, deadline=None)
@given(limit=st.floats(10.0, 250.0), latency=st.floats(0.002, 0.15), ceiling_factor=st.floats(1.2, 4.0),
       burst=st.integers(1, 10))
def test_converges_under_any_limit(limit, latency, ceiling_factor, burst) -> None:
    ceiling = limit * ceiling_factor
    limiter = RateLimiter(ceiling)
    traffic = drive(limiter, ProviderBucket(limit, burst), 25.0, latency=latency)
    assert 0.85 * limit <= traffic.accepted_per_second(10.0, 25.0) <= 1.02 * limit + 1
    assert traffic.refused_share(10.0) <= 0.03
    assert limiter.floor <= limiter.rate <= ceiling


@settings(max_examples=50, deadline=None)
@given(events=st.lists(st.tuples(st.floats(0.0, 0.05), st.booleans(), st.booleans(), st.floats(0, 0.5)),
                       max_size=200), start=st.one_of(st.none(), st.floats(0.01, 1000.0)))
def test_the_rate_stays_between_floor_and_ceiling(events, start) -> None:
    limiter = RateLimiter(80.0, start_rate=start)
    t = 0.0
    for gap, accepted, soft, latency in events:
        t += gap
        limiter.take(t)
        if accepted:
            limiter.on_success(t, t - latency)
        else:
            limiter.on_throttled(t, None, soft=soft, sent_at=t - latency)
        limiter.delay(t)
        assert limiter.rate is not None and limiter.floor <= limiter.rate <= 80.0
        learned = limiter.learned_rate
        assert learned is None or limiter.floor <= learned <= 80.0


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
    limiter.on_throttled(0.01, 5.0, soft=True)  # the same burst: one cut
    assert limiter.rate == pytest.approx(90.0)
    assert limiter.delay(0.5) < 0.1  # no 5 s pause for a soft signal
