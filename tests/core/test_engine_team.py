"""What a run does for the other windows and runners on its store: it publishes its progress at
most twice a second (the final snapshot included), obeys a cancel asked through the store, and
shares the plan's documents with another run of the same process (real store, real simulator)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from core.domain import RunStatus
from core.engine import FetchEngine, RunRequest
from core.engine.progress import PUBLISH_INTERVAL, snapshot_from_json
from core.messages import render_text
from core.provider.negocia import NegociaClient
from core.simulator.profiles import get_profile
from storage.engine_store import SqlEngineStore
from storage.live_runs import going_runs, request_cancel
from storage.models import FetchAttempt, FetchClaim, FetchRun, RunProgress
from tests.engine_support import FAST, PinnedClock, SnapshotLog, assert_run_consistent, seed_from_world


class RecordingStore(SqlEngineStore):
    """The real store, noting when it published progress."""

    def __init__(self) -> None:
        super().__init__()
        self.published: list[tuple[float, str]] = []

    def _publish(self, run_id: int, progress: str) -> None:
        self.published.append((time.monotonic(), progress))
        super()._publish(run_id, progress)


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    return small_world


def _engine(server, world, store: SqlEngineStore, sink=None) -> tuple[FetchEngine, NegociaClient]:
    client = NegociaClient(server.url, server.key_string, read_timeout=2.0, pool_size=2)
    return FetchEngine(store, client, config=FAST, clock=PinnedClock(world.today), tz=UTC, sink=sink), client


def test_progress_is_published_at_most_twice_a_second_and_reads_back(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=40, latency_p95_ms=60))
    store = RecordingStore()
    engine, client = _engine(server, seeded, store)
    try:
        result = engine.run(RunRequest(concurrency=2, rate_limit=25))
    finally:
        client.close()
    assert result.status is RunStatus.COMPLETED and result.duration_seconds > 1.5
    times = [t for t, _ in store.published]
    assert len(times) >= 3
    gaps = [b - a for a, b in zip(times[:-2], times[1:-1], strict=True)]  # the last one is the final state's
    assert min(gaps) >= PUBLISH_INTERVAL * 0.9, gaps
    final = snapshot_from_json(RunProgress.get_by_id(result.run_id).snapshot)
    assert final.status is RunStatus.COMPLETED and final.done == result.counters.processed == final.total
    assert FetchClaim.select().count() == 0


def test_a_cancel_asked_through_the_store_stops_the_run(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=60, latency_p95_ms=80))
    snapshots = SnapshotLog()
    engine, client = _engine(server, seeded, SqlEngineStore(), sink=snapshots)
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(engine.run(RunRequest(concurrency=1, rate_limit=10))))
    worker.start()
    try:
        first = snapshots.wait_for(lambda s: s.done > 0, timeout=30)
        # another window sees the run going, with what it published
        deadline = time.monotonic() + 10
        while not (going := going_runs()) or going[0].snapshot is None:
            assert time.monotonic() < deadline, "the run never published its progress"
            threading.Event().wait(0.05)
        assert going[0].run_id == first.run_id and going[0].started_by == RunRequest().started_by
        assert request_cancel(first.run_id, "app:ana@desk-2", datetime.now(UTC))
        assert not request_cancel(first.run_id, "app:bia@desk-3", datetime.now(UTC))  # asked once
        worker.join(30)
    finally:
        client.close()
    assert not worker.is_alive()
    result = out[0]
    assert result.status is RunStatus.CANCELLED
    assert render_text(result.message).startswith("Cancelled by app — ana@desk-2")
    run = FetchRun.get_by_id(result.run_id)
    assert run.status == "CANCELLED" and 0 < run.processed < run.invoices
    assert run.invoices == result.planned_invoices  # what it took on, and what it left
    assert_run_consistent(run.id)
    assert FetchClaim.select().count() == 0 and going_runs() == ()
    assert FetchAttempt.select().where(FetchAttempt.run == run.id).count() == run.processed
