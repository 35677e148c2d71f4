"""The simulator as a real HTTP/1.1 server on a background thread (asyncio, keep-alive).

asyncio rather than `ThreadingHTTPServer`: one event-loop thread serves every connection, so
latency and hangs are timers rather than blocked threads (a thousand hung requests cost nothing),
and a minimal request parser answers several thousand keep-alive requests per second on two cores
(see bench/simulator_throughput.py). Only what the API needs is implemented: GET (other methods
get 405), persistent connections, Content-Length bodies.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from types import TracebackType

from core.simulator.app import STATS_PATH, Reply, SimulatorApp
from core.simulator.faults import FaultKind
from core.simulator.model import World
from core.simulator.profiles import PROFILES, FaultProfile
from core.simulator.stats import SimulatorStats

log = logging.getLogger(__name__)

KEY_ENV = "FATURAS_PROVIDER_KEY"
_MAX_HEAD = 64 * 1024
_IDLE_TIMEOUT_S = 300.0  # keep-alive connections idle longer than this are closed
_START_TIMEOUT_S = 10.0


class SimulatorServer:
    """Serve `world` under `profile` on host:port (port 0 picks a free one). Thread-safe controls."""

    def __init__(self, world: World, profile: FaultProfile | None = None, host: str = "127.0.0.1",
                 port: int = 0, *, key_string: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        # An explicit key wins, then the environment's, then the world's demo key.
        self._key = key_string or os.environ.get(KEY_ENV) or world.key_string
        self.app = SimulatorApp(world, profile or PROFILES["instant"], self._key, clock)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._ready = threading.Event()
        self._start_error: BaseException | None = None

    def __repr__(self) -> str:
        where = self.url if self._port else "not started"
        return f"SimulatorServer({where}, profile={self.app.profile.name!r})"

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> SimulatorServer:
        """Start listening; returns once the socket accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the simulator is already started")
        self._ready.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._run, name="simulator", daemon=True)
        self._thread.start()
        if not self._ready.wait(_START_TIMEOUT_S):
            raise RuntimeError("the simulator did not start in time")
        if self._start_error is not None:
            self._thread.join()
            self._thread = None
            raise self._start_error
        log.info("simulator listening on %s (profile %s)", self.url, self.app.profile.name)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Close every connection (hung requests included) and the listening socket."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            loop.call_soon_threadsafe(lambda: loop.create_task(self._shutdown()))
        thread.join(timeout)
        self._thread = None

    def __enter__(self) -> SimulatorServer:
        return self.start() if self._thread is None else self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the simulator is not started")
        return self._port

    @property
    def url(self) -> str:
        """The portal base URL (the client's `portal_url`)."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else "::1" if self.host == "::" else self.host
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    @property
    def key_string(self) -> str:
        """The key the params are encrypted with (the client's `key_string`)."""
        return self._key

    # -- controls (see SimulatorApp) ------------------------------------------------------------

    def set_profile(self, profile: FaultProfile) -> None:
        self.app.set_profile(profile)

    def start_outage(self, seconds: float | None = None, *, drop_connection: bool = False) -> None:
        self.app.start_outage(seconds, drop_connection=drop_connection)

    def end_outage(self) -> None:
        self.app.end_outage()

    def inject(self, kind: FaultKind | str, count: int = 1) -> None:
        self.app.inject(kind, count)

    def clear_injected(self) -> None:
        self.app.clear_injected()

    def expire_tokens(self) -> None:
        self.app.expire_tokens()

    def live_credentials(self) -> frozenset[str]:
        return self.app.live_credentials()

    def stats(self) -> SimulatorStats:
        return self.app.stats()

    def document_lookups(self) -> dict[str, int]:
        return self.app.document_lookups()

    def reset_stats(self) -> None:
        self.app.reset_stats()

    # -- the event loop thread ------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._server = loop.run_until_complete(asyncio.start_server(
                self._serve, self.host, self._requested_port, backlog=1024, limit=_MAX_HEAD))
            self._port = int(self._server.sockets[0].getsockname()[1])
        except BaseException as exc:  # report bind errors to start()'s caller
            self._start_error = exc
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        # A connection accepted just before the close starts its task only on a later turn of the
        # loop: stopping without it would leave its transport open until the garbage collector
        # finds it (a ResourceWarning in whichever test is running then). Repeat until none is left.
        while True:
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            for _ in range(3):  # let the transports run their close callbacks, late tasks start
                await asyncio.sleep(0)
            if not self._connections:
                break
        asyncio.get_running_loop().stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self.app.connection_opened()
        try:
            while await self._one_request(reader, writer):
                pass
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:  # a bug in the simulator must not kill the server
            log.exception("simulator connection failed")
        finally:
            self._connections.discard(task)
            writer.close()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; False when the connection must be closed."""
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _IDLE_TIMEOUT_S)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            return False
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            writer.write(_render(Reply(400, b'{"message":"bad request"}'), keep_alive=False))
            return False
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        if length.isdigit() and int(length) > 0:
            await reader.readexactly(int(length))  # GET bodies are ignored
        connection = headers.get("connection", "").lower()
        keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
        app = self.app
        tracked = not target.startswith(STATS_PATH)  # tool traffic stays out of the figures
        if tracked:
            app.request_started()
        try:
            reply = app.handle(method, target, headers)
            if reply.delay > 0:
                await asyncio.sleep(reply.delay)
        finally:
            if tracked:
                app.request_finished()
        if reply.drop or writer.is_closing():
            return False
        writer.write(_render(reply, keep_alive))
        if writer.transport.get_write_buffer_size() > _MAX_HEAD:
            await writer.drain()
        return keep_alive


def _render(reply: Reply, keep_alive: bool) -> bytes:
    extra = "".join(f"{name}: {value}\r\n" for name, value in reply.headers)
    head = (
        f"HTTP/1.1 {reply.status} {reply.reason}\r\nServer: faturas-simulator\r\n"
        f"Content-Type: {reply.content_type}\r\nContent-Length: {len(reply.body)}\r\n{extra}"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + reply.body
