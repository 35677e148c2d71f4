"""Closing the client frees the threads of lookups stuck on a hanging server at once, so a run
that ends (or a Ctrl+C) does not leave the process waiting out a 30 s read timeout."""

from __future__ import annotations

import threading

from core.domain import Outcome
from core.provider.base import ProviderError
from core.provider.negocia import NegociaClient
from core.simulator.profiles import PROFILES


def test_close_wakes_a_lookup_waiting_on_a_hanging_server(make_simulator, small_world) -> None:
    server = make_simulator(profile=PROFILES["instant"].with_overrides(hang_seconds=60))
    client = NegociaClient(server.url, server.key_string, read_timeout=30.0, deadline=60.0)
    document = sorted(small_world.debts)[0]
    client.lookup(document)  # authenticated, a connection in the pool
    server.inject("hang", 1)
    outcome: list[object] = []
    started = threading.Event()

    def look() -> None:
        started.set()
        try:
            client.lookup(document)
            outcome.append("answered")
        except ProviderError as exc:
            outcome.append(exc.outcome)

    worker = threading.Thread(target=look, daemon=True)
    worker.start()
    started.wait(5)
    # wait until the request is at the server (the hang was taken off the injected queue)
    for _ in range(200):
        if server.stats().hangs:
            break
        threading.Event().wait(0.01)
    assert server.stats().hangs == 1
    client.close()
    worker.join(timeout=5)  # not the 30 s read timeout
    assert not worker.is_alive()
    assert outcome == [Outcome.CONNECTION]
