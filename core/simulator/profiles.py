"""Fault profiles: how the simulated operator behaves (latency, capacity, errors, hangs, garbage,
token expiry, outages). Named profiles cover the usual cases; any field can be overridden.

Faults drawn from rates (5xx, hangs, malformed bodies) hit debt lookups only, so authentication
stays predictable; capacity (429), latency and outages apply to every API endpoint.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, fields, replace
from typing import Any

_Z95 = 1.6448536269514722  # the standard normal's 95th percentile


class ProfileError(ValueError):
    """An unknown profile name or an out-of-range parameter."""


@dataclass(frozen=True, slots=True)
class OutageWindow:
    """From server start + start_s, for duration_s seconds, every endpoint fails."""

    start_s: float
    duration_s: float
    drop_connection: bool = False  # False: answer 503 (with Retry-After); True: close the socket

    def active(self, elapsed: float) -> bool:
        return self.start_s <= elapsed < self.start_s + self.duration_s

    def remaining(self, elapsed: float) -> float:
        return max(0.0, self.start_s + self.duration_s - elapsed)


@dataclass(frozen=True, slots=True)
class FaultProfile:
    name: str = "custom"
    latency_median_ms: float = 0.0  # lognormal service time; 0 = answer at once
    latency_p95_ms: float = 0.0
    capacity_rps: float = 0.0  # token bucket refill; 0 = unlimited
    burst: int = 0  # bucket size (0 = one second of capacity)
    error_rate: float = 0.0  # share of debt lookups answered 500/502/503
    retry_after_s: float = 1.0  # announced on 429 and on most 503s
    timeout_rate: float = 0.0  # share of debt lookups that hang for hang_seconds
    hang_seconds: float = 35.0  # longer than the client's 30 s read timeout
    malformed_rate: float = 0.0  # captcha page, truncated JSON, wrong types, bad dueDate
    token_ttl_s: float = 0.0  # tokens (and their sessions) expire after this; 0 = never
    outages: tuple[OutageWindow, ...] = ()
    seed: int = 0

    def __post_init__(self) -> None:
        for rate in ("error_rate", "timeout_rate", "malformed_rate"):
            value = getattr(self, rate)
            if not 0.0 <= value <= 1.0:
                raise ProfileError(f"{rate} must be between 0 and 1, got {value}")
        if self.error_rate + self.timeout_rate + self.malformed_rate > 1.0:
            raise ProfileError("error_rate + timeout_rate + malformed_rate must not exceed 1")
        for name in ("latency_median_ms", "latency_p95_ms", "capacity_rps", "retry_after_s", "hang_seconds",
                     "token_ttl_s"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ProfileError(f"{name} must be a finite number >= 0, got {value}")
        if 0 < self.latency_p95_ms < self.latency_median_ms:
            raise ProfileError("latency_p95_ms must be >= latency_median_ms")
        if self.burst < 0:
            raise ProfileError("burst must be >= 0")
        for window in self.outages:
            if window.start_s < 0 or window.duration_s <= 0:
                raise ProfileError("an outage needs start >= 0 and duration > 0")

    @property
    def bucket_size(self) -> float:
        return float(self.burst) if self.burst > 0 else max(1.0, self.capacity_rps)

    def with_overrides(self, **overrides: Any) -> FaultProfile:
        """A copy with some fields changed (None values are ignored); ProfileError for unknown fields."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ProfileError(f"unknown profile fields: {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def sample_latency(self, rng: random.Random) -> float:
        """One service time in seconds (lognormal with the profile's median and p95)."""
        if self.latency_median_ms <= 0:
            return 0.0
        median = self.latency_median_ms / 1000.0
        p95 = max(self.latency_p95_ms, self.latency_median_ms) / 1000.0
        sigma = math.log(p95 / median) / _Z95
        return median if sigma == 0 else rng.lognormvariate(math.log(median), sigma)


PROFILES: dict[str, FaultProfile] = {
    profile.name: profile
    for profile in (
        FaultProfile(name="instant"),
        FaultProfile(name="healthy", latency_median_ms=40, latency_p95_ms=120),
        FaultProfile(name="flaky", latency_median_ms=80, latency_p95_ms=400, error_rate=0.05,
                     timeout_rate=0.02, malformed_rate=0.03, token_ttl_s=300),
        FaultProfile(name="rate-limited", latency_median_ms=50, latency_p95_ms=150, capacity_rps=5, burst=10,
                     retry_after_s=2),
        FaultProfile(name="outage", latency_median_ms=50, latency_p95_ms=150,
                     outages=(OutageWindow(start_s=10, duration_s=60),), retry_after_s=30),
        FaultProfile(name="slow", latency_median_ms=800, latency_p95_ms=3000),
    )
}


def get_profile(name: str, **overrides: Any) -> FaultProfile:
    """A named profile, optionally with overridden fields."""
    try:
        profile = PROFILES[name]
    except KeyError:
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None
    return profile.with_overrides(**overrides) if overrides else profile
