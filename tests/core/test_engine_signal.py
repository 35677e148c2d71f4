"""A run on the main thread (the command line's) notices a cancel made by a signal handler at once,
however long the handler takes, while every lookup hangs.

The coordinator waits for results with a timeout of at most EMIT_INTERVAL; on CPython 3.11 a
`queue.SimpleQueue` wait interrupted by a handler that outlasts what is left of that timeout
waits with none, until a lookup answers: Ctrl+C did nothing for the read timeout. Real simulator
on loopback, real SQLite store, a real signal to the main thread.
"""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC
from types import FrameType

import pytest

from core.domain import RunStatus
from core.engine import CancelToken, FetchEngine, RunRequest
from core.engine.progress import EMIT_INTERVAL
from core.provider.negocia import NegociaClient
from core.simulator.profiles import get_profile
from storage.engine_store import SqlEngineStore
from tests.engine_support import PinnedClock, fast_config, seed_from_world

CONCURRENCY = 4
READ_TIMEOUT = 20.0  # what the run would wait for without the fix
HANDLER_SECONDS = 3 * EMIT_INTERVAL  # longer than any wait of the coordinator


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    return small_world


def test_a_slow_signal_handler_cancelling_the_run_is_noticed_at_once(seeded, make_simulator) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers run on the main thread only")
    server = make_simulator(profile=get_profile("instant", timeout_rate=1.0, hang_seconds=60))
    token = CancelToken()
    handled = threading.Event()
    signalled_at: list[float] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        started = time.perf_counter()
        while time.perf_counter() - started < HANDLER_SECONDS:  # a slow handler (a terminal write...)
            pass
        token.cancel()
        handled.set()

    def signal_when_all_hang() -> None:
        gave_up = time.monotonic() + 30
        while server.stats().in_flight < CONCURRENCY and time.monotonic() < gave_up:
            handled.wait(0.01)
        signalled_at.append(time.monotonic())
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)

    previous = signal.signal(signal.SIGUSR1, handler)
    client = NegociaClient(server.url, server.key_string, read_timeout=READ_TIMEOUT, pool_size=CONCURRENCY)
    sender = threading.Thread(target=signal_when_all_hang, daemon=True)
    try:
        engine = FetchEngine(SqlEngineStore(), client, config=fast_config(outage_limit=120.0),
                             clock=PinnedClock(seeded.today), tz=UTC)
        sender.start()
        result = engine.run(RunRequest(concurrency=CONCURRENCY, rate_limit=None), token)
        ended_at = time.monotonic()
    finally:
        client.close()
        sender.join(5)
        signal.signal(signal.SIGUSR1, previous)
    assert handled.is_set() and signalled_at
    assert server.stats().hangs >= CONCURRENCY  # the lookups really were hanging when it came
    assert result.status is RunStatus.CANCELLED
    assert ended_at - signalled_at[0] < READ_TIMEOUT / 4, "the cancel waited for the hanging lookups"
