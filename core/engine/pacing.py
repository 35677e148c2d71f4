"""How fast and when to ask the provider: a token bucket that learns its limit, a circuit breaker and backoff.

All three are driven by the engine's coordinator thread with explicit times (monotonic
seconds), which keeps them deterministic under test.
"""

from __future__ import annotations

import enum
import random
from collections import deque
from dataclasses import dataclass


class RateLimiter:
    """Token bucket whose rate finds the provider's limit and keeps just under it.

    The anchor is the AWS SDKs' adaptive retry mode (a token bucket whose fill rate follows a
    CUBIC curve), with the cut set by what the provider *accepted* instead of a fixed factor:

    - Every answer's send time is kept for `window` seconds, marked accepted or refused (429).
    - On a 429 for a request sent after the last cut (one burst of rejections, one round trip,
      counts once; at most one cut per `min_gap` seconds), the provider's limit is estimated
      from the accepted sends between the first and the last refused send in the window: while
      a provider's bucket is empty it accepts exactly its refill rate. With too few refusals
      yet, the accepted send rate of the window stands in (solid once the window is full), and
      until it is solid the cut is at least the AWS factor `fallback_cut` of the current rate.
      The rate becomes `margin` × that limit, never above the ceiling nor under the floor.
    - After a cut the rate holds, then probes upward on a CUBIC curve centred on the estimated
      limit: flat near it (reached again after about `hold` seconds, or `cycle_requests` sends at a slow
      limit), faster far from it, so a
      limit that rose is found again in seconds and a steady one costs a rejection or two per
      cycle.
    - A 503 cuts gently (`soft_decrease`) and does not pause; a Retry-After pauses sending.

    `start_rate` (a limit learned by an earlier run) starts the run just under it, as if a cut
    had just happened there. `learned_rate` is what a later run should start at: `margin` × the
    latest estimated limit; after a start from a remembered rate and no refusal, `margin` × the
    rate reached (not under the start); None when the configured rate was never refused.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        burst: float | None = None,
        start_rate: float | None = None,
        margin: float = 0.95,
        fallback_cut: float = 0.7,
        soft_decrease: float = 0.9,
        hold: float = 5.0,
        window: float = 1.0,
        floor: float = 0.2,
        min_gap: float = 0.1,
        cycle_requests: float = 80.0,
    ) -> None:
        self.ceiling = rate
        self.rate = rate
        # A small burst by default (20 ms worth, 2 to 5): requests leave evenly spaced, and a
        # dispatcher that wakes a little late catches up instead of losing the slot for good,
        # without ever sending a clump a provider's own bucket would refuse.
        self.burst = burst if burst is not None else (min(5.0, max(2.0, rate * 0.02)) if rate else 1.0)
        self.margin = margin
        self.fallback_cut = fallback_cut
        self.soft_decrease = soft_decrease
        self.hold = hold
        self.window = window
        self.min_gap = min_gap
        self.cycle_requests = cycle_requests
        self.floor = min(floor, rate) if rate else floor
        self._tokens = 1.0  # start almost empty: no burst at t0
        self._stamp: float | None = None
        self._paused_until = 0.0
        # (sent at, accepted) of the answers sent within `window` of the newest answered send: a
        # window of answers, not of the clock, so latency does not thin it
        self._sends: deque[tuple[float, bool]] = deque()
        self._newest = float("-inf")
        self._last_cut = float("-inf")
        self._limit: float | None = None  # the estimated limit the CUBIC curve is centred on
        self._cut_rate = 0.0  # the rate set by the latest cut
        self._cut_at: float | None = None  # None: the curve starts at the first time seen
        self._refused = False
        self._remembered = False
        self._start = 0.0
        if rate is not None and start_rate is not None:
            start = max(self.floor, min(rate, start_rate))
            if start < rate:
                self.rate = self._cut_rate = self._start = start
                self._limit = start / margin
                self._remembered = True

    @property
    def unlimited(self) -> bool:
        return self.rate is None

    @property
    def learned_rate(self) -> float | None:
        """The rate a later run against the same provider should start at (None: the ceiling)."""
        if self.rate is None or self.ceiling is None:
            return None
        if self._refused and self._limit is not None:
            return round(min(self.ceiling, max(self.floor, self._limit * self.margin)), 2)
        if self._remembered and self.rate < self.ceiling:  # no refusal yet: just under where it got
            return round(max(self._start, self.rate * self.margin), 2)
        return None

    def _probe(self, now: float) -> None:
        """Move the rate along the CUBIC curve: W(t) = L + C (t - K)^3 with W(0) = the cut rate
        and W(K) = L at K = `hold`."""
        if self._limit is None or self.ceiling is None:
            return
        if self._cut_at is None:
            self._cut_at = now
        # At a slow limit the plateau lasts at least `cycle_requests` sends, so one refusal per
        # cycle stays a small share of the traffic whatever the rate
        hold = max(self.hold, self.cycle_requests / max(self._limit, 1e-3))
        gap = self._limit - self._cut_rate
        c = gap / hold**3 if gap > 0 else self._limit * 0.05 / hold**3
        t = now - self._cut_at
        self.rate = max(self.floor, min(self.ceiling, self._limit + c * (t - hold) ** 3))

    def _refill(self, now: float) -> None:
        if self._stamp is None:
            self._stamp = now
            self._probe(now)
            return
        if self.rate is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._probe(now)
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

    def _note(self, now: float, sent_at: float, accepted: bool) -> None:
        self._sends.append((sent_at, accepted))
        self._newest = max(self._newest, sent_at)
        while self._sends and self._sends[0][0] < self._newest - self.window:
            self._sends.popleft()

    def on_success(self, now: float | None = None, sent_at: float | None = None) -> None:
        """An answer that was not a refusal, to a request sent at `sent_at`."""
        if now is not None and self.rate is not None:
            self._note(now, now if sent_at is None else sent_at, True)

    def accepted_rate(self) -> tuple[float, bool] | None:
        """Requests per second the provider accepted lately, and whether the figure is solid.

        Between refusals (three or more, a tenth of the window apart) it is the provider's refill
        rate: solid. Else the accepted sends over the window, solid only once the window is full
        (early in a run the provider's own burst inflates it). None with too few answers."""
        sends = sorted(self._sends)
        refused = [t for t, ok in sends if not ok]
        if len(refused) >= 3 and refused[-1] - refused[0] >= 0.1 * self.window:
            first, last = refused[0], refused[-1]
            accepted = sum(1 for t, ok in sends if ok and first < t <= last)
            if accepted >= 5:
                return accepted / (last - first), True
        accepted = sum(1 for _, ok in sends if ok)
        if accepted < 5:
            return None
        span = self._newest - sends[0][0]
        return accepted / max(span, 1e-3), span >= 0.8 * self.window

    def on_throttled(self, now: float, retry_after: float | None, *, soft: bool = False,
                     sent_at: float | None = None) -> None:
        """The provider said slow down: a 429 (pause for Retry-After, cut to just under what it
        accepted) or a 503 (soft: a gentle cut, no pause)."""
        if retry_after and not soft:
            self._paused_until = max(self._paused_until, now + retry_after)
        if self.rate is None:
            return
        sent = now if sent_at is None else sent_at
        if not soft:
            self._note(now, sent, False)
        if sent < self._last_cut or now - self._last_cut < self.min_gap:
            return  # sent before the latest cut (which already answered it), or in the same burst
        if soft:
            self._limit, target = self.rate, self.rate * self.soft_decrease
        else:
            self._refused = True
            measured = self.accepted_rate()
            if measured is None:
                self._limit, target = self.rate, self.rate * self.fallback_cut
            else:
                limit = min(measured[0], self.rate)
                target = limit * self.margin
                if not measured[1]:
                    target = min(target, self.rate * self.fallback_cut)
                self._limit = limit
        self._cut_rate = max(self.floor, min(self.ceiling or target, target))
        self._limit = max(self._limit, self._cut_rate)
        self.rate = self._cut_rate
        self._cut_at = now
        self._last_cut = now
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
