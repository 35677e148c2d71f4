"""The pace a provider accepted is kept per provider URL and starts the next run (runner.build
with the real store, the engine against the simulator's own limit)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.engine import RunRequest
from core.simulator.profiles import get_profile
from runner import build
from storage.provider_pace import KEPT_PROVIDERS, remember_rate, remembered_rate
from tests.engine_support import SnapshotLog, run_engine, seed_from_world

LIMIT = 40.0  # requests per second the simulated provider accepts
CEILING = 2.5 * LIMIT  # what the engine is allowed


def test_remembered_rates_are_kept_per_provider_and_forgotten_when_nothing_was_learned(db) -> None:
    at = datetime(2026, 3, 15, tzinfo=UTC)
    assert remembered_rate("http://a") is None
    remember_rate("http://a", 57.5, at)
    remember_rate("http://b", 12.0, at)
    assert remembered_rate("http://a") == 57.5 and remembered_rate("http://b") == 12.0
    remember_rate("http://a", None, at)  # a run that was never refused: the configured rate is fine
    assert remembered_rate("http://a") is None and remembered_rate("http://b") == 12.0
    for i in range(KEPT_PROVIDERS + 5):  # a demo's loopback URL changes every time: only the latest are kept
        remember_rate(f"http://127.0.0.1:{i}", 1.0 + i, at)
    assert remembered_rate("http://b") is None
    assert remembered_rate(f"http://127.0.0.1:{KEPT_PROVIDERS + 4}") == KEPT_PROVIDERS + 5.0


def test_the_learned_rate_is_saved_and_the_next_run_starts_from_it(db, small_world, make_simulator) -> None:
    seed_from_world(small_world)
    profile = get_profile("rate-limited", latency_median_ms=2, latency_p95_ms=5, capacity_rps=LIMIT, burst=2,
                          retry_after_s=0)
    server = make_simulator(profile=profile)
    request = RunRequest(concurrency=8, rate_limit=CEILING, max_attempts=4, force=True)

    def run(sink: SnapshotLog | None = None):  # type: ignore[no-untyped-def]
        config = build.engine_config({}, start_rate=build.remembered_rate(server.url), seed=7)
        result = run_engine(server, small_world, request, config=config, sink=sink)
        build.remember_rate(server.url, result)
        return result

    first = run()
    assert server.stats().rate_limited > 0  # the provider refused the configured rate
    learned = remembered_rate(server.url)
    assert learned is not None and learned == first.learned_rate
    assert learned < CEILING and learned <= 1.2 * LIMIT

    log = SnapshotLog()
    second = run(log)
    rates = [s.rate_limit for s in log.snapshots if s.rate_limit is not None]
    # started where the first run left (or under it, after a refusal), not at the configured rate: from
    # there the rate climbs on a curve that stays near the learned limit for seconds
    assert rates and rates[0] <= learned * 1.02
    assert max(rates) < 0.6 * CEILING
    assert second.learned_rate is not None and remembered_rate(server.url) == second.learned_rate
