"""How fast and when to ask the provider: an adaptive token bucket, a circuit breaker and backoff.

All three are driven by the engine's coordinator thread with explicit times (monotonic
seconds), which keeps them deterministic under test.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass


class RateLimiter:
    """Token bucket whose rate adapts: AIMD.

    On a 429 the rate is cut by `decrease` and sending pauses for the Retry-After; a 503 (the
    provider straining, or just flaky) cuts it gently by `soft_decrease`. A cut happens at most
    once per `decrease_gap` seconds, so one burst of rejections counts once. Each success adds
    `ceiling * increase_share` per second's worth of successes, so the rate climbs back to the ceiling in about
    (1 - decrease) / increase_share seconds. The ceiling is the configured rate.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        burst: float | None = None,
        decrease: float = 0.5,
        soft_decrease: float = 0.9,
        increase_share: float = 0.05,
        floor: float = 0.2,
        decrease_gap: float = 1.0,
    ) -> None:
        self.ceiling = rate
        self.rate = rate
        # A small burst by default (20 ms worth, 2 to 5): requests leave evenly spaced, and a
        # dispatcher that wakes a little late catches up instead of losing the slot for good,
        # without ever sending a clump a provider's own bucket would refuse.
        self.burst = burst if burst is not None else (min(5.0, max(2.0, rate * 0.02)) if rate else 1.0)
        self.decrease = decrease
        self.soft_decrease = soft_decrease
        self.increase_share = increase_share
        self.floor = min(floor, rate) if rate else floor
        self.decrease_gap = decrease_gap
        self._tokens = 1.0  # start almost empty: no burst at t0
        self._stamp: float | None = None
        self._paused_until = 0.0
        self._last_decrease = float("-inf")

    @property
    def unlimited(self) -> bool:
        return self.rate is None

    def _refill(self, now: float) -> None:
        if self._stamp is None:
            self._stamp = now
            return
        if self.rate is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def delay(self, now: float) -> float:
        """Seconds until a token is available (0 if one is now)."""
        if now < self._paused_until:
            return self._paused_until - now
        if self.rate is None:
            return 0.0
        self._refill(now)
        if self._tokens >= 1.0:
            return 0.0
        return (1.0 - self._tokens) / self.rate

    def take(self, now: float) -> bool:
        """Take a token if one is available now."""
        if self.delay(now) > 0:
            return False
        if self.rate is not None:
            self._tokens -= 1.0
        return True

    def on_success(self) -> None:
        if self.rate is None or self.ceiling is None or self.rate >= self.ceiling:
            return
        self.rate = min(self.ceiling, self.rate + self.ceiling * self.increase_share / self.rate)

    def on_throttled(self, now: float, retry_after: float | None, *, soft: bool = False) -> None:
        """The provider said slow down: a 429 (pause for Retry-After, cut hard) or a 503 (soft)."""
        if retry_after and not soft:
            self._paused_until = max(self._paused_until, now + retry_after)
        if self.rate is None or now - self._last_decrease < self.decrease_gap:
            return
        self._last_decrease = now
        self.rate = max(self.floor, self.rate * (self.soft_decrease if soft else self.decrease))
        self._tokens = min(self._tokens, 0.0)


class BreakerState(enum.StrEnum):
    CLOSED = "CLOSED"
    OPEN = "OPEN"
    HALF_OPEN = "HALF_OPEN"


class CircuitBreaker:
    """Consecutive transport failures open it; after a cooldown one probe may go out. (How long
    the provider has been down is the engine's to measure: from the first failed request.)"""

    def __init__(self, threshold: int = 5, cooldown: float = 1.0, max_cooldown: float = 30.0) -> None:
        self.threshold = threshold
        self.base_cooldown = cooldown
        self.max_cooldown = max_cooldown
        self.state = BreakerState.CLOSED
        self.failures = 0
        self._cooldown = cooldown
        self._open_until = 0.0
        self._probe_out = False
        self.opened_count = 0

    def allow(self, now: float) -> bool:
        """May a request be sent now? In HALF_OPEN only one probe at a time."""
        if self.state is BreakerState.CLOSED:
            return True
        if self.state is BreakerState.OPEN and now >= self._open_until:
            self.state = BreakerState.HALF_OPEN
            self._probe_out = False
        if self.state is BreakerState.HALF_OPEN and not self._probe_out:
            return True
        return False

    def on_sent(self) -> None:
        if self.state is BreakerState.HALF_OPEN:
            self._probe_out = True

    def wait(self, now: float) -> float:
        """Seconds until a request may be sent (0 if now)."""
        if self.state is BreakerState.OPEN:
            return max(0.0, self._open_until - now)
        return 0.0

    def on_success(self) -> None:
        self.state = BreakerState.CLOSED
        self.failures = 0
        self._cooldown = self.base_cooldown
        self._probe_out = False

    def on_failure(self, now: float) -> bool:
        """Record a transport failure; True if this failure opened (or re-opened) the breaker."""
        self.failures += 1
        if self.state is BreakerState.HALF_OPEN:
            self._cooldown = min(self.max_cooldown, self._cooldown * 2)
            self._open(now)
            return True
        if self.state is BreakerState.CLOSED and self.failures >= self.threshold:
            self._open(now)
            return True
        return False

    def _open(self, now: float) -> None:
        self.state = BreakerState.OPEN
        self._open_until = now + self._cooldown
        self._probe_out = False
        self.opened_count += 1


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with full jitter, honouring the provider's Retry-After."""

    base: float = 0.5
    cap: float = 30.0

    def delay(self, failures: int, retry_after: float | None, rng: random.Random) -> float:
        """Delay before try number `failures + 1` after `failures` consecutive failures."""
        ceiling = min(self.cap, self.base * (2 ** max(0, failures - 1)))
        jitter = rng.uniform(0.0, ceiling)
        if retry_after is not None:
            return max(retry_after, jitter)
        return jitter
