"""Fault profiles: the named set, validation, overrides, the latency distribution, fault draws."""

from __future__ import annotations

import random
import statistics
from typing import Any

import pytest

from core.simulator.faults import MALFORMED, FaultKind, TokenBucket, malformed_body
from core.simulator.profiles import PROFILES, FaultProfile, OutageWindow, ProfileError, get_profile


def test_named_profiles() -> None:
    assert {"instant", "healthy", "flaky", "rate-limited", "outage"} <= set(PROFILES)
    instant = PROFILES["instant"]
    assert instant.latency_median_ms == 0 and instant.error_rate == instant.timeout_rate == 0
    assert instant.capacity_rps == 0 and not instant.outages and instant.malformed_rate == 0
    for name, profile in PROFILES.items():
        assert profile.name == name
        if name != "instant":
            assert 0 < profile.latency_median_ms <= profile.latency_p95_ms
    flaky = PROFILES["flaky"]
    assert flaky.error_rate > 0 and flaky.timeout_rate > 0 and flaky.malformed_rate > 0
    assert flaky.token_ttl_s > 0
    assert PROFILES["rate-limited"].capacity_rps > 0 and PROFILES["outage"].outages


def test_overrides() -> None:
    profile = get_profile("healthy", latency_median_ms=5, latency_p95_ms=None, seed=9)
    fields = (profile.name, profile.latency_median_ms, profile.latency_p95_ms, profile.seed)
    assert fields == ("healthy", 5, 120, 9)
    assert get_profile("flaky") is PROFILES["flaky"]
    with pytest.raises(ProfileError, match="unknown profile"):
        get_profile("nope")
    with pytest.raises(ProfileError, match="unknown profile fields"):
        get_profile("healthy", colour="red")


@pytest.mark.parametrize(
    "fields",
    [{"error_rate": 1.5}, {"timeout_rate": -0.1}, {"error_rate": 0.6, "malformed_rate": 0.6},
     {"latency_median_ms": 100, "latency_p95_ms": 50}, {"capacity_rps": -1}, {"burst": -1},
     {"hang_seconds": float("nan")}, {"outages": (OutageWindow(0, 0),)}, {"token_ttl_s": float("inf")}],
)
def test_invalid_parameters(fields: dict[str, object]) -> None:
    with pytest.raises(ProfileError):
        FaultProfile(**fields)  # type: ignore[arg-type]


def test_latency_is_lognormal_with_the_given_median_and_p95() -> None:
    profile = FaultProfile(latency_median_ms=40, latency_p95_ms=120)
    rng = random.Random(1)
    samples = sorted(profile.sample_latency(rng) for _ in range(20_000))
    assert statistics.median(samples) == pytest.approx(0.040, rel=0.05)
    assert samples[int(0.95 * len(samples))] == pytest.approx(0.120, rel=0.08)
    assert FaultProfile().sample_latency(rng) == 0.0
    assert FaultProfile(latency_median_ms=10, latency_p95_ms=10).sample_latency(rng) == pytest.approx(0.010)


def test_token_bucket() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, size=2.0, clock=lambda: now[0])
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, pytest.approx(0.5)]
    now[0] = 0.5
    assert bucket.take() == 0.0
    assert TokenBucket(rate=0, size=1, clock=lambda: 0.0).take() == 0.0  # unlimited


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize("real", [True, False])
def test_malformed_bodies(kind: FaultKind, real: bool) -> None:
    invoice: dict[str, Any] = {"id": "1", "amount": 10.0, "dueDate": "20260101"}
    debts: list[dict[str, Any]] = [{"debtId": "D", "dealCode": "1", "productName": "P", "status": "S",
                                    "invoices": [invoice]}] if real else []
    body, content_type = malformed_body(kind, debts)
    if kind is FaultKind.CAPTCHA:
        assert content_type.startswith("text/html") and b"<html" in body
    else:
        assert content_type == "application/json"
    if real:
        assert invoice == {"id": "1", "amount": 10.0, "dueDate": "20260101"}  # the input is not mutated
    with pytest.raises(ValueError):
        malformed_body(FaultKind.HTTP_500, debts)
