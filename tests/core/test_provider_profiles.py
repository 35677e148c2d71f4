"""The client under every named fault profile: each lookup returns the world's invoices or raises
exactly the classified errors that profile can cause, and the counts agree with the simulator's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from core.domain import Outcome
from core.provider.base import Invoices, ProviderError
from core.provider.negocia import NegociaClient
from core.simulator.model import World
from core.simulator.profiles import PROFILES, FaultProfile, OutageWindow
from core.simulator.server import SimulatorServer

MakeSim = Callable[..., SimulatorServer]
MakeClient = Callable[..., NegociaClient]
LOOKUPS = 60

ALLOWED = {
    "instant": set(),
    "healthy": set(),
    "slow": set(),
    "flaky": {Outcome.HTTP_5XX, Outcome.TIMEOUT, Outcome.BAD_RESPONSE},
    "rate-limited": {Outcome.RATE_LIMITED},
    "outage": {Outcome.HTTP_5XX},
}


def fast_version(profile: FaultProfile) -> FaultProfile:
    """The same faults with a test-sized clock: latency scaled to a few ms, outage now, and a fault
    seed whose first 60 draws include every kind of fault the profile has."""
    scale = min(1.0, 3.0 / profile.latency_median_ms) if profile.latency_median_ms else 1.0
    outages = tuple(OutageWindow(0.0, w.duration_s, w.drop_connection) for w in profile.outages)
    return profile.with_overrides(latency_median_ms=profile.latency_median_ms * scale,
                                  latency_p95_ms=profile.latency_p95_ms * scale, hang_seconds=30.0,
                                  outages=outages, seed=5)


def test_every_named_profile_is_covered() -> None:
    assert set(ALLOWED) == set(PROFILES)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_client_under_profile(name: str, make_simulator: MakeSim, make_client: MakeClient,
                              small_world: World) -> None:
    profile = fast_version(PROFILES[name])
    server = make_simulator(profile=profile)
    client = make_client(server, read_timeout=0.5)  # far above any latency drawn here
    documents = sorted(small_world.debts)
    errors: Counter[Outcome] = Counter()
    skipped_answers = 0
    for index in range(LOOKUPS):
        document = documents[index % len(documents)]
        try:
            result = client.lookup(document)
        except ProviderError as exc:
            assert exc.outcome in ALLOWED[name], f"{name}: unexpected {exc!r}"
            if exc.outcome in (Outcome.RATE_LIMITED, Outcome.HTTP_5XX) and exc.http_status in (429, 503):
                assert exc.retry_after is not None and exc.retry_after >= 1
            errors[exc.outcome] += 1
            continue
        expected = [(i.remote_id, i.amount, i.due_date) for i in small_world.open_invoices(document)]
        if isinstance(result, Invoices) and result.skipped:  # a broken amount or dueDate in the first one
            assert result.skipped == 1
            skipped_answers += 1
            expected = expected[1:]
        assert [(r.remote_id, r.amount, r.due_date) for r in result] == expected

    stats = server.stats()
    server_5xx = sum(count for status, count in stats.by_status.items() if status >= 500)
    assert errors[Outcome.HTTP_5XX] == server_5xx
    assert errors[Outcome.RATE_LIMITED] == stats.rate_limited
    assert errors[Outcome.TIMEOUT] == stats.hangs
    assert errors[Outcome.BAD_RESPONSE] + skipped_answers == stats.malformed
    assert client.counters.skipped_invoices == skipped_answers
    if name in ("instant", "healthy", "slow"):
        assert not errors
    if name == "rate-limited":
        assert errors[Outcome.RATE_LIMITED] > 0  # 60 quick lookups overrun 5/s with a burst of 10
    if name == "outage":
        assert errors[Outcome.HTTP_5XX] == LOOKUPS
    if name == "flaky":
        assert set(errors) == ALLOWED["flaky"]
        assert sum(errors.values()) < LOOKUPS // 2
