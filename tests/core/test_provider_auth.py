"""Shared credentials: one authentication for many threads, re-authentication on 401 or age."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.domain import Outcome
from core.provider.auth import CredentialCache, Credentials
from core.provider.base import ProviderError
from core.provider.negocia import NegociaClient
from core.simulator.faults import FaultKind
from core.simulator.model import World
from core.simulator.profiles import PROFILES
from core.simulator.server import SimulatorServer
from tests.conftest import FakeClock

MakeSim = Callable[..., SimulatorServer]
MakeClient = Callable[..., NegociaClient]
THREADS = 16


def lookups_at_once(client: NegociaClient, documents: list[str]) -> list[object]:
    """Each document looked up by its own thread, all released together."""
    barrier = threading.Barrier(len(documents))

    def one(document: str) -> object:
        barrier.wait(10)
        try:
            return client.lookup(document)
        except ProviderError as exc:
            return exc

    with ThreadPoolExecutor(len(documents)) as pool:
        return list(pool.map(one, documents))


def test_sixteen_threads_authenticate_once(make_simulator: MakeSim, make_client: MakeClient,
                                           small_world: World) -> None:
    # 30 ms per call: the first authentication is still in flight when the other threads arrive.
    server = make_simulator(profile=PROFILES["instant"].with_overrides(latency_median_ms=30,
                                                                       latency_p95_ms=30))
    client = make_client(server, pool_size=THREADS)
    documents = [sorted(small_world.debts)[i % len(small_world.debts)] for i in range(THREADS)]
    results = lookups_at_once(client, documents)
    assert all(isinstance(r, list) and r for r in results)
    assert client.counters.authentications == 1
    stats = server.stats()
    assert stats.tokens_issued == 1 and stats.sessions_issued == 1
    assert stats.by_endpoint["debts"] == THREADS
    assert stats.concurrent_max > 1  # the lookups really overlapped (latency does not serialise)


def test_expired_tokens_mean_one_transparent_reauthentication(
    simulator: SimulatorServer, make_client: MakeClient, small_world: World
) -> None:
    client = make_client(simulator)
    document = sorted(small_world.debts)[0]
    first = client.lookup(document)
    simulator.expire_tokens()
    assert client.lookup(document) == first
    counters = client.counters
    assert (counters.authentications, counters.reauthentications) == (2, 1)
    assert simulator.stats().unauthorized == 1


def test_token_ttl_expiry(make_simulator: MakeSim, make_client: MakeClient, small_world: World,
                          fake_clock: FakeClock) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(token_ttl_s=60), clock=fake_clock)
    client = make_client(server)
    document = sorted(small_world.debts)[0]
    client.lookup(document)
    fake_clock.advance(59)
    client.lookup(document)
    assert client.counters.authentications == 1
    fake_clock.advance(2)  # the token is now 61 s old
    client.lookup(document)
    assert (client.counters.authentications, client.counters.reauthentications) == (2, 1)
    assert server.stats().unauthorized == 1


def test_sixteen_threads_hitting_an_expired_session_reauthenticate_once(
    make_simulator: MakeSim, make_client: MakeClient, small_world: World
) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(latency_median_ms=20,
                                                                       latency_p95_ms=20))
    client = make_client(server, pool_size=THREADS)
    documents = [sorted(small_world.debts)[i % len(small_world.debts)] for i in range(THREADS)]
    client.lookup(documents[0])
    server.expire_tokens()
    results = lookups_at_once(client, documents)
    assert all(isinstance(r, list) for r in results)
    assert client.counters.authentications == 2  # the first one, and a single refresh
    assert server.stats().sessions_issued == 2


def test_persistent_401_is_auth_after_one_retry(simulator: SimulatorServer, make_client: MakeClient,
                                                small_world: World) -> None:
    client = make_client(simulator)
    simulator.inject(FaultKind.UNAUTHORIZED, 2)
    with pytest.raises(ProviderError) as info:
        client.lookup(sorted(small_world.debts)[0])
    assert (info.value.outcome, info.value.http_status) == (Outcome.AUTH, 401)
    counters = client.counters
    assert (counters.authentications, counters.reauthentications) == (2, 1)
    assert simulator.stats().by_endpoint["debts"] == 2  # retried exactly once


def test_session_older_than_max_age_is_refreshed(simulator: SimulatorServer, make_client: MakeClient,
                                                 small_world: World, fake_clock: FakeClock) -> None:
    client = make_client(simulator, session_max_age=1800, clock=fake_clock)
    document = sorted(small_world.debts)[0]
    client.lookup(document)
    fake_clock.advance(1799)
    client.lookup(document)
    assert client.counters.authentications == 1
    fake_clock.advance(1)
    client.lookup(document)
    assert client.counters.authentications == 2
    assert client.counters.reauthentications == 0 and simulator.stats().unauthorized == 0


def test_a_session_step_told_to_wait_keeps_the_portals_token(make_simulator: MakeSim, make_client: MakeClient,
                                                              small_world: World, fake_clock: FakeClock) -> None:
    """A provider that takes one request at a time (a bucket of one, as nginx's limit_req without
    a burst): params and session back to back always meet a 429 on the second. The next try asks
    for the session alone, so the handshake gets through."""
    server = make_simulator(profile=PROFILES["instant"].with_overrides(capacity_rps=1, burst=1), clock=fake_clock)
    client = make_client(server, clock=fake_clock)
    document = sorted(small_world.debts)[0]
    with pytest.raises(ProviderError) as info:
        client.connect()
    assert info.value.outcome is Outcome.RATE_LIMITED and info.value.retry_after
    assert server.stats().by_endpoint["params"] == 1
    fake_clock.advance(1)  # one request's worth of the provider's bucket
    client.connect()
    stats = server.stats()
    assert (stats.by_endpoint["params"], stats.by_endpoint["session"]) == (1, 2)
    assert stats.tokens_issued == 1 and stats.sessions_issued == 1
    fake_clock.advance(1)
    assert isinstance(client.lookup(document), list)
    assert client.counters.authentications == 1


def test_a_kept_token_is_not_used_past_the_session_age(make_simulator: MakeSim, make_client: MakeClient,
                                                      fake_clock: FakeClock) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(capacity_rps=1, burst=1), clock=fake_clock)
    client = make_client(server, clock=fake_clock, session_max_age=60)
    with pytest.raises(ProviderError):
        client.connect()  # params answered, session refused with 429: the token is kept
    fake_clock.advance(61)  # ... but it is too old to use now
    with pytest.raises(ProviderError) as info:
        client.connect()  # fresh params (answered), then the session meets the bucket again
    assert info.value.outcome is Outcome.RATE_LIMITED
    assert server.stats().by_endpoint["params"] == 2


# -- the cache on its own: deterministic interleavings ---------------------------------------------


class Authenticator:
    """Counts calls; can be held (to keep a flight open) or made to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()
        self.release.set()
        self.entered = threading.Event()
        self.fail_with: ProviderError | None = None

    def __call__(self, generation: int) -> Credentials:
        self.calls += 1
        self.entered.set()
        assert self.release.wait(10)
        if self.fail_with is not None:
            raise self.fail_with
        return Credentials(token=f"t{generation}", session_id=f"s{generation}", api_server_url="http://x",
                           obtained_at=0.0, generation=generation)


def make_cache(auth: Authenticator) -> CredentialCache:
    return CredentialCache(auth, max_age=1800, clock=lambda: 0.0, wait_timeout=10)


def test_a_401_on_credentials_already_replaced_does_not_authenticate_again() -> None:
    auth = Authenticator()
    cache = make_cache(auth)
    old = cache.get()
    new = cache.get(stale=old)  # thread A got a 401 and refreshed
    assert cache.get(stale=old) is new  # thread B's 401 was for the same old session: reuse
    assert auth.calls == 2 and new.generation == 2


def test_while_a_refresh_is_in_flight_nobody_sends_with_the_old_session() -> None:
    """After one thread's 401, the others wait for the new session instead of each sending with the
    old one and collecting a 401 of their own (the bursts of 401s a session expiry used to cause)."""
    auth = Authenticator()
    cache = make_cache(auth)
    old = cache.get()
    auth.release.clear()
    auth.entered.clear()
    with ThreadPoolExecutor(2) as pool:
        refresher = pool.submit(cache.get, old)  # got a 401: refreshing
        assert auth.entered.wait(10)
        other = pool.submit(cache.get)  # about to send a lookup
        assert cache.wait_for_followers(1, timeout=10)  # it waits instead of taking the old session
        auth.release.set()
        assert refresher.result(10).generation == other.result(10).generation == 2
    assert auth.calls == 2


def test_followers_share_the_leaders_result() -> None:
    auth = Authenticator()
    auth.release.clear()
    cache = make_cache(auth)
    with ThreadPoolExecutor(6) as pool:
        leader = pool.submit(cache.get)
        assert auth.entered.wait(10)
        followers = [pool.submit(cache.get) for _ in range(5)]
        assert cache.wait_for_followers(5, timeout=10)
        auth.release.set()
        results = {leader.result(10).generation, *(f.result(10).generation for f in followers)}
    assert results == {1} and auth.calls == 1


def test_followers_share_the_leaders_failure_then_the_next_call_tries_again() -> None:
    auth = Authenticator()
    auth.release.clear()
    auth.fail_with = ProviderError(Outcome.HTTP_5XX, "params: server error (HTTP 503)", http_status=503,
                                   retry_after=30.0)
    cache = make_cache(auth)
    with ThreadPoolExecutor(4) as pool:
        leader = pool.submit(cache.get)
        assert auth.entered.wait(10)
        followers = [pool.submit(cache.get) for _ in range(3)]
        assert cache.wait_for_followers(3, timeout=10)
        auth.release.set()
        errors = [f.exception(10) for f in [leader, *followers]]
    assert auth.calls == 1
    assert all(isinstance(e, ProviderError) and e.outcome is Outcome.HTTP_5XX and e.retry_after == 30.0
               for e in errors)
    assert len({id(e) for e in errors}) == len(errors)  # each thread raised its own exception object
    auth.fail_with = None
    assert cache.get().generation == 2 and auth.calls == 2


def test_a_crashing_authenticator_becomes_auth_error() -> None:
    def broken(generation: int) -> Credentials:
        raise KeyError("bug")

    cache = CredentialCache(broken, max_age=1800, clock=lambda: 0.0, wait_timeout=10)
    with pytest.raises(ProviderError) as info:
        cache.get()
    assert info.value.outcome is Outcome.AUTH
