"""The simulator speaks the API over real HTTP: auth, debts, errors, controls, stats, concurrency."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from core.documents import cpf_check_digits
from core.provider.crypto import decrypt_params
from core.simulator.faults import FaultKind
from core.simulator.model import World
from core.simulator.profiles import PROFILES, OutageWindow
from core.simulator.server import KEY_ENV, SimulatorServer
from core.simulator.stats import SimulatorStats
from tests.conftest import FakeClock

MakeSim = Callable[..., SimulatorServer]
QUERY = {"offset": "0", "limit": "50", "origin": "nio"}


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def login(http: requests.Session, server: SimulatorServer) -> tuple[str, dict[str, str]]:
    """(api base URL, headers for the debts endpoint), done by hand with the documented recipe."""
    response = http.get(server.url + "/negociar/params", timeout=5)
    assert response.status_code == 200
    params = decrypt_params(response.content, server.key_string)
    session = http.get(params.api_server_url + "/authentication/sessionId",
                       headers={"Authorization": params.token}, timeout=5)
    assert session.status_code == 200
    return params.api_server_url, {"Authorization": params.token, "Session-Id": session.json()["sessionId"]}


def debts(http: requests.Session, api: str, headers: dict[str, str], document: str) -> requests.Response:
    return http.get(f"{api}/debts/customers/{document}", headers=headers, params=QUERY, timeout=5)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll a condition on the server's counters (a tiny timed wait between looks, never a fixed sleep)."""
    pause = threading.Event()
    for _ in range(int(timeout / 0.005)):
        if predicate():
            return True
        pause.wait(0.005)
    return predicate()


def test_params_session_debts(simulator: SimulatorServer, http: requests.Session, small_world: World) -> None:
    api, headers = login(http, simulator)
    assert api == simulator.url + "/api"
    document = sorted(small_world.debts)[0]
    response = debts(http, api, headers, document)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    body = response.json()
    expected = [d.to_api(small_world.today) for d in small_world.debts_of(document)]
    assert body == {"debts": expected}
    invoice = body["debts"][0]["invoices"][0]
    assert set(body["debts"][0]) == {"debtId", "dealCode", "productName", "status", "invoices"}
    assert set(invoice) == {"id", "amount", "referenceMonth", "dueDate", "expirationDate", "status",
                            "barCode", "pixCode"}
    assert len(invoice["dueDate"]) == 8 and invoice["dueDate"].isdigit()
    assert not any(key.startswith("_") for key in invoice)  # ground truth stays out of the API


def test_no_debts_and_unknown_documents_are_400(simulator: SimulatorServer, http: requests.Session,
                                                small_world: World) -> None:
    api, headers = login(http, simulator)
    unknown = "100000000" + cpf_check_digits("100000000")
    assert debts(http, api, headers, unknown).status_code == 400
    assert debts(http, api, headers, "not-a-document").status_code == 400


@pytest.mark.parametrize("breakage", ["no token", "wrong token", "no session", "wrong session",
                                      "other token's session"])
def test_bad_credentials_are_401(simulator: SimulatorServer, http: requests.Session, small_world: World,
                                 breakage: str) -> None:
    api, headers = login(http, simulator)
    _, other = login(http, simulator)
    bad = dict(headers)
    if breakage == "no token":
        del bad["Authorization"]
    elif breakage == "wrong token":
        bad["Authorization"] = "forged"
    elif breakage == "no session":
        del bad["Session-Id"]
    elif breakage == "wrong session":
        bad["Session-Id"] = "forged"
    else:
        bad["Session-Id"] = other["Session-Id"]
    document = sorted(small_world.debts)[0]
    assert debts(http, api, bad, document).status_code == 401
    assert debts(http, api, headers, document).status_code == 200
    assert http.get(api + "/authentication/sessionId", headers={"Authorization": "forged"},
                    timeout=5).status_code == 401
    assert simulator.stats().unauthorized == 2


def test_token_ttl(make_simulator: MakeSim, http: requests.Session, small_world: World,
                   fake_clock: FakeClock) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(token_ttl_s=100), clock=fake_clock)
    api, headers = login(http, server)
    document = sorted(small_world.debts)[0]
    fake_clock.advance(99.9)
    assert debts(http, api, headers, document).status_code == 200
    fake_clock.advance(0.1)
    assert debts(http, api, headers, document).status_code == 401


def test_routing_errors(simulator: SimulatorServer, http: requests.Session) -> None:
    assert http.get(simulator.url + "/nothing", timeout=5).status_code == 404
    response = http.post(simulator.url + "/negociar/params", data=b"x", timeout=5)
    assert response.status_code == 405 and response.headers["Allow"] == "GET"


def test_garbage_request_line_is_answered_400(simulator: SimulatorServer) -> None:
    with socket.create_connection(("127.0.0.1", simulator.port), timeout=5) as sock:
        sock.sendall(b"HELLO\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 400 ")


def test_keep_alive_one_connection_for_many_requests(simulator: SimulatorServer, http: requests.Session,
                                                     small_world: World) -> None:
    api, headers = login(http, simulator)
    for document in sorted(small_world.debts)[:20]:
        assert debts(http, api, headers, document).status_code == 200
    stats = simulator.stats()
    assert stats.requests == 22 and stats.connections == 1


def test_http_1_0_and_connection_close(simulator: SimulatorServer) -> None:
    for request in (b"GET /__sim/stats HTTP/1.0\r\n\r\n",
                    b"GET /__sim/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", simulator.port), timeout=5) as sock:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):  # the server closes: recv returns b"" at the end
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 ") and b"Connection: close" in head
        assert json.loads(body)["requests"] == 0


def test_stats_endpoint_matches_stats(simulator: SimulatorServer, http: requests.Session,
                                      small_world: World) -> None:
    api, headers = login(http, simulator)
    debts(http, api, headers, sorted(small_world.debts)[0])
    served = SimulatorStats.from_json(http.get(simulator.url + "/__sim/stats", timeout=5).json())
    assert served == simulator.stats()
    assert served.by_endpoint == {"params": 1, "session": 1, "debts": 1, "other": 0}
    assert served.tokens_issued == served.sessions_issued == 1 and served.by_status == {200: 3}
    simulator.reset_stats()
    assert simulator.stats().requests == 0


def test_injected_faults_apply_to_debt_lookups_only(simulator: SimulatorServer, http: requests.Session,
                                                    small_world: World) -> None:
    simulator.inject(FaultKind.HTTP_500, 2)
    api, headers = login(http, simulator)  # authentication is not consumed by the queue
    document = sorted(small_world.debts)[0]
    assert [debts(http, api, headers, document).status_code for _ in range(3)] == [500, 500, 200]
    assert simulator.stats().injected == 2


def test_rate_limit_with_retry_after(make_simulator: MakeSim, http: requests.Session,
                                     fake_clock: FakeClock) -> None:
    profile = PROFILES["instant"].with_overrides(capacity_rps=2, burst=3, retry_after_s=1)
    server = make_simulator(profile=profile, clock=fake_clock)
    codes = [http.get(server.url + "/negociar/params", timeout=5) for _ in range(4)]
    assert [r.status_code for r in codes] == [200, 200, 200, 429]
    assert codes[-1].headers["Retry-After"] == "1"
    fake_clock.advance(0.5)
    assert http.get(server.url + "/negociar/params", timeout=5).status_code == 200
    stats = server.stats()
    assert stats.rate_limited == 1 and stats.rate_limited_share == pytest.approx(1 / 5)


def test_outage_controls_and_windows(make_simulator: MakeSim, http: requests.Session,
                                     fake_clock: FakeClock) -> None:
    profile = PROFILES["instant"].with_overrides(outages=(OutageWindow(5, 10),), retry_after_s=30)
    server = make_simulator(profile=profile, clock=fake_clock)
    params = server.url + "/negociar/params"
    assert http.get(params, timeout=5).status_code == 200
    fake_clock.advance(5)
    during = http.get(params, timeout=5)
    assert during.status_code == 503 and during.headers["Retry-After"] == "10"  # what is left of it
    fake_clock.advance(10)
    assert http.get(params, timeout=5).status_code == 200
    server.start_outage(60)
    assert http.get(params, timeout=5).status_code == 503
    server.end_outage()
    assert http.get(params, timeout=5).status_code == 200
    server.start_outage(drop_connection=True)
    with pytest.raises(requests.ConnectionError):
        http.get(params, timeout=5)
    server.start_outage(1)
    fake_clock.advance(1)  # a timed outage ends by itself
    assert http.get(params, timeout=5).status_code == 200
    assert server.stats().dropped == 1


def test_set_profile_switches_behaviour(simulator: SimulatorServer, http: requests.Session) -> None:
    simulator.set_profile(PROFILES["instant"].with_overrides(name="broken", outages=(OutageWindow(0, 1e9),)))
    assert http.get(simulator.url + "/negociar/params", timeout=5).status_code == 503
    simulator.set_profile(PROFILES["instant"])
    assert http.get(simulator.url + "/negociar/params", timeout=5).status_code == 200


def test_a_hang_does_not_block_other_requests(make_simulator: MakeSim, small_world: World) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(hang_seconds=120))
    document = sorted(small_world.debts)[0]
    with requests.Session() as hung, requests.Session() as other:
        api, headers = login(other, server)
        server.inject(FaultKind.HANG)
        with ThreadPoolExecutor(1) as pool:
            stuck = pool.submit(debts, hung, api, headers, document)
            assert wait_until(lambda: server.stats().in_flight == 1)
            assert debts(other, api, headers, document).status_code == 200  # served meanwhile
            assert not stuck.done()
            server.stop()  # cancels the hang: the stuck request ends with a closed connection
            with pytest.raises(requests.ConnectionError):
                stuck.result(10)
    assert server.stats().hangs == 1


def test_latency_does_not_serialise_requests(make_simulator: MakeSim, small_world: World) -> None:
    profile = PROFILES["instant"].with_overrides(latency_median_ms=150, latency_p95_ms=150)
    server = make_simulator(profile=profile)
    with requests.Session() as setup:
        api, headers = login(setup, server)
    barrier = threading.Barrier(8)
    document = sorted(small_world.debts)[0]

    def one(_: int) -> int:
        with requests.Session() as session:
            barrier.wait(10)
            return debts(session, api, headers, document).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(one, range(8))) == [200] * 8
    assert server.stats().concurrent_max == 8


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch, small_world: World,
                              http: requests.Session) -> None:
    monkeypatch.setenv(KEY_ENV, "key from the environment")
    with SimulatorServer(small_world) as server:
        assert server.key_string == "key from the environment"
        body = http.get(server.url + "/negociar/params", timeout=5).content
        assert decrypt_params(body, "key from the environment").token
    monkeypatch.delenv(KEY_ENV)
    assert SimulatorServer(small_world).key_string == small_world.key_string


def test_start_twice_and_bind_errors(small_world: World, simulator: SimulatorServer) -> None:
    with pytest.raises(RuntimeError):
        simulator.start()
    with pytest.raises(OSError):
        SimulatorServer(small_world, port=simulator.port).start()
    idle = SimulatorServer(small_world)
    with pytest.raises(RuntimeError):
        _ = idle.url
    idle.stop()  # stopping what never started is harmless
    assert "not started" in repr(idle)


def test_lookups_are_counted_per_document(simulator: SimulatorServer, http: requests.Session,
                                          small_world: World) -> None:
    api, headers = login(http, simulator)
    first, second = sorted(small_world.debts)[:2]
    assert [debts(http, api, headers, doc).status_code for doc in (first, second, first)] == [200, 200, 200]
    assert simulator.document_lookups() == {first: 2, second: 1}
    stats = SimulatorStats.from_json(http.get(simulator.url + "/__sim/stats", timeout=5).json())
    assert stats.documents_looked_up == 2 and stats.repeat_lookups == 1
    simulator.reset_stats()
    assert simulator.document_lookups() == {} and simulator.stats().repeat_lookups == 0
