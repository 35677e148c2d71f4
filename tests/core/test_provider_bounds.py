"""NegociaClient against hostile servers on loopback: huge, endless and dripping bodies, redirects.

Each server is a real socket speaking HTTP/1.1 by hand, so it can misbehave in ways the simulator
does not: authentication is answered properly and the debts request gets the hostile answer.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from core.domain import Outcome
from core.provider.base import ProviderError
from core.provider.bounded import DEFAULT_MAX_BODY_BYTES
from core.provider.crypto import PortalParams, encrypt_params
from core.provider.negocia import NegociaClient

KEY = "hostile-test-key"
TOKEN = "tok-secret"
SESSION = "sess-secret"
DOCUMENT = "52998224725"  # a valid CPF
FIFTY_MB = 50 * 1024 * 1024
CHUNK = b"x" * 65536
# What the kernel may hold between the two ends of a loopback connection (socket buffers): bytes
# the server manages to send although the client never reads them.
KERNEL_BUFFERS = 16 * 1024 * 1024

Behaviour = Callable[["HostileServer", socket.socket], None]


@dataclass
class HostileServer:
    """Answers params and session like the real API; the debts request gets `debts`."""

    debts: Behaviour
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, headers)
    sent: int = 0  # body bytes of the debts answer that reached the socket
    finished: threading.Event = field(default_factory=threading.Event)  # the debts answer ended
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            while True:
                request_line = reader.readline().decode()
                if not request_line:
                    return
                headers: dict[str, str] = {}
                while (line := reader.readline().decode().strip()):
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                path = request_line.split()[1]
                self.requests.append((path, headers))
                if path.startswith("/negociar/params"):
                    self.reply(conn, encrypt_params(PortalParams(TOKEN, self.url), KEY).encode())
                elif path.startswith("/authentication/sessionId"):
                    self.reply(conn, json.dumps({"sessionId": SESSION}).encode())
                else:
                    try:
                        self.debts(self, conn)
                    except OSError:  # the client closed: what we managed to send is counted
                        pass
                    finally:
                        self.finished.set()
                    return

    @staticmethod
    def reply(conn: socket.socket, body: bytes, status: str = "200 OK", extra: str = "") -> None:
        head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
        conn.sendall(head.encode() + body)

    def send_body(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        self.sent += len(data)


def fifty_mb(declared: bool) -> Behaviour:
    def behaviour(server: HostileServer, conn: socket.socket) -> None:
        length = f"Content-Length: {FIFTY_MB}\r\n" if declared else "Connection: close\r\n"
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n".encode())
        while server.sent < FIFTY_MB:
            server.send_body(conn, CHUNK)

    return behaviour


def endless_chunked(server: HostileServer, conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    frame = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    while not server.stop.is_set() and server.sent < 4 * FIFTY_MB:  # "endless", with a safety stop
        server.send_body(conn, frame)


def drip(every: float) -> Behaviour:
    """A well-formed answer that arrives one byte every `every` seconds."""

    def behaviour(server: HostileServer, conn: socket.socket) -> None:
        body = json.dumps({"debts": []}).encode() + b" " * 200
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                     .encode())
        for i in range(len(body)):
            server.send_body(conn, body[i:i + 1])
            if server.stop.wait(every):
                return

    return behaviour


def redirect_to(location: Callable[[], str]) -> Behaviour:
    def behaviour(server: HostileServer, conn: socket.socket) -> None:
        server.reply(conn, b"", status="302 Found", extra=f"Location: {location()}\r\n")

    return behaviour


@pytest.fixture
def make_server() -> Iterator[Callable[[Behaviour], HostileServer]]:
    servers: list[HostileServer] = []

    def factory(debts: Behaviour) -> HostileServer:
        servers.append(HostileServer(debts))
        return servers[-1]

    yield factory
    for server in servers:
        server.close()


@pytest.fixture
def make_client() -> Iterator[Callable[..., NegociaClient]]:
    clients: list[NegociaClient] = []

    def factory(server: HostileServer, **kwargs: float) -> NegociaClient:
        clients.append(NegociaClient(server.url, KEY, trust_env=False, **kwargs))  # type: ignore[arg-type]
        clients[-1].connect()  # authentication is not what these tests time
        return clients[-1]

    yield factory
    for client in clients:
        client.close()


def timed_error(client: NegociaClient) -> tuple[ProviderError, float]:
    started = time.monotonic()
    with pytest.raises(ProviderError) as info:
        client.lookup(DOCUMENT)
    return info.value, time.monotonic() - started


def assert_masked(error: ProviderError) -> None:
    for secret in (DOCUMENT, TOKEN, SESSION, KEY):
        assert secret not in error.message and secret not in repr(error)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "close-delimited"])
def test_a_50_mb_body_is_refused_without_reading_it(make_server: Callable[[Behaviour], HostileServer],
                                                    make_client: Callable[..., NegociaClient],
                                                    declared: bool) -> None:
    server = make_server(fifty_mb(declared))
    client = make_client(server)
    tracemalloc.start()
    try:
        error, elapsed = timed_error(client)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.outcome is Outcome.BAD_RESPONSE and error.http_status == 200
    assert f"over the {DEFAULT_MAX_BODY_BYTES}-byte cap" in error.message
    assert_masked(error)
    assert "***" in error.message  # the document is there, masked
    assert peak < DEFAULT_MAX_BODY_BYTES * 3, peak  # the body and one chunk, not 50 MB
    assert elapsed < 5.0
    assert server.finished.wait(10)  # the client hung up: the server's next send failed
    assert server.sent < DEFAULT_MAX_BODY_BYTES + KERNEL_BUFFERS < FIFTY_MB


def test_an_endless_chunked_body_stops_at_the_cap(make_server: Callable[[Behaviour], HostileServer],
                                                  make_client: Callable[..., NegociaClient]) -> None:
    server = make_server(endless_chunked)
    client = make_client(server, max_body_bytes=256 * 1024)
    tracemalloc.start()
    try:
        error, elapsed = timed_error(client)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.outcome is Outcome.BAD_RESPONSE and "over the 262144-byte cap" in error.message
    assert peak < 2 * 1024 * 1024, peak
    assert elapsed < 5.0
    assert server.finished.wait(10)
    assert server.sent < 256 * 1024 + KERNEL_BUFFERS


@pytest.mark.parametrize("every", [0.1, 3.0], ids=["read-timeout-never-fires", "stalled-read"])
def test_a_dripping_body_ends_at_the_deadline(make_server: Callable[[Behaviour], HostileServer],
                                              make_client: Callable[..., NegociaClient], every: float) -> None:
    server = make_server(drip(every))
    client = make_client(server, read_timeout=30.0, deadline=1.0)
    error, elapsed = timed_error(client)
    assert error.outcome is Outcome.TIMEOUT and "1 s deadline" in error.message, error
    assert_masked(error)
    assert 0.9 <= elapsed < 1.5, elapsed
    assert 1 <= server.sent < 50  # it was reading the body when the deadline passed


def test_the_client_recovers_after_a_refused_answer(make_server: Callable[[Behaviour], HostileServer],
                                                    make_client: Callable[..., NegociaClient]) -> None:
    answers = iter([fifty_mb(declared=False), drip(0.002)])
    server = make_server(lambda s, conn: next(answers)(s, conn))
    client = make_client(server, deadline=5.0)
    assert timed_error(client)[0].outcome is Outcome.BAD_RESPONSE
    assert client.lookup(DOCUMENT) == []  # a fresh connection; a slow answer within the deadline is whole


@pytest.mark.parametrize("same_host", [False, True], ids=["another-host", "same-host"])
def test_redirects_are_refused_and_the_session_stays_home(make_server: Callable[[Behaviour], HostileServer],
                                                          make_client: Callable[..., NegociaClient],
                                                          same_host: bool) -> None:
    elsewhere = make_server(fifty_mb(declared=True))
    path = f"/debts/customers/{DOCUMENT}"
    server = make_server(redirect_to(lambda: (server.url if same_host else elsewhere.url) + path))
    client = make_client(server)
    error, elapsed = timed_error(client)
    assert (error.outcome, error.http_status) == (Outcome.BAD_RESPONSE, 302)
    assert ("on the same host" if same_host else "to another host (http://127.0.0.1)") in error.message
    assert_masked(error)
    assert elapsed < 5.0
    debts_requests = [h for p, h in server.requests if p.startswith("/debts/")]
    assert len(debts_requests) == 1 and debts_requests[0]["session-id"] == SESSION  # it had one to leak
    assert elsewhere.requests == []  # neither the Session-Id nor the Authorization went there
