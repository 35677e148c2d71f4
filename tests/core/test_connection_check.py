"""Testing the connection: the handshake and one lookup against the simulator on loopback, and
each way it can fail, classified."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from core.documents import mask_document
from core.provider.connection_check import Step, Verdict, check_connection
from core.simulator.profiles import get_profile


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP listener that accepts connections and never answers: a provider that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    listener.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_right_key_passes_the_handshake_and_the_lookup(simulator, small_world) -> None:
    document = next(doc for doc, debts in small_world.debts.items() if debts)
    result = check_connection(simulator.url, simulator.key_string, document=document)
    assert result.verdict is Verdict.OK and result.step is Step.DONE and result.ok
    assert result.handshake_seconds is not None and result.handshake_seconds > 0
    assert result.lookup_seconds is not None and result.lookup_seconds > 0
    assert result.invoices is not None and result.invoices > 0
    stats = simulator.stats()
    assert stats.sessions_issued == 1 and stats.requests == 3  # params, session, one lookup
    # the default probe document belongs to nobody: no customer's document leaves the machine
    nobody = check_connection(simulator.url, simulator.key_string)
    assert nobody.verdict is Verdict.OK and nobody.invoices == 0


def test_a_wrong_key_is_named_as_such(simulator, small_world) -> None:
    result = check_connection(simulator.url, "not the key")
    assert result.verdict is Verdict.WRONG_KEY and result.step is Step.HANDSHAKE
    assert "not the key" not in result.detail


def test_no_server_is_unreachable() -> None:
    result = check_connection(f"http://127.0.0.1:{_free_port()}", "k", timeout=2.0)
    assert result.verdict is Verdict.UNREACHABLE and result.step is Step.HANDSHAKE
    assert result.detail


def test_a_server_that_never_answers_times_out(silent_server: str) -> None:
    result = check_connection(silent_server, "k", timeout=0.5)
    assert result.verdict is Verdict.TIMEOUT and result.step is Step.HANDSHAKE


def test_a_failing_lookup_is_an_unexpected_answer_with_its_status(make_simulator, small_world) -> None:
    server = make_simulator(profile=get_profile("instant", error_rate=1.0))
    result = check_connection(server.url, server.key_string)
    assert result.verdict is Verdict.UNEXPECTED and result.step is Step.LOOKUP
    assert result.handshake_seconds is not None and result.http_status is not None and result.http_status >= 500


def test_not_a_url_or_no_key_is_said_before_any_request() -> None:
    assert check_connection("portal.example", "k").verdict is Verdict.BAD_URL
    assert check_connection("http://127.0.0.1:9", "  ").verdict is Verdict.BAD_URL
    assert mask_document("00000000191") != "00000000191"
