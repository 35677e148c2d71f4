"""A database with real runs (the engine against the simulator) for the export tests, and the
export context pinned to the world's day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.domain import FetchOrigin
from core.engine import RunRequest
from core.simulator.profiles import get_profile
from reports.sources import ExportContext
from tests.engine_support import fast_config, run_engine, seed_from_world


@pytest.fixture
def report_world(db, small_world, make_simulator):
    """The small world imported and two finished runs: an automatic one against a flaky provider
    (errors, partial matches) and a manual one. Returns (world, first run id, second run id; 0
    when the second found nothing left to do and so made no run)."""
    seed_from_world(small_world)
    server = make_simulator(profile=get_profile("flaky", latency_median_ms=1, latency_p95_ms=3, error_rate=0.2,
                                                timeout_rate=0.0, malformed_rate=0.1, token_ttl_s=0))
    first = run_engine(server, small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None, max_attempts=2),
                       config=fast_config(breaker_threshold=1000), read_timeout=1.0)
    server.set_profile(get_profile("instant"))
    second = run_engine(server, small_world, RunRequest(origin=FetchOrigin.MANUAL, rate_limit=None))
    return small_world, first.run_id, second.run_id


@pytest.fixture
def ctx(report_world) -> ExportContext:
    world = report_world[0]
    now = datetime(world.today.year, world.today.month, world.today.day, 13, tzinfo=UTC)
    return ExportContext(now=now, tz=UTC, database="teste.sqlite")
