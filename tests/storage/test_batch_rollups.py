"""The engine's set-based batch rollups equal a rebuild from the base tables, on real runs."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import peewee as pw

from core.domain import FetchOrigin
from core.engine import RunRequest
from core.simulator.profiles import get_profile
from storage.analytics import daily_performance
from storage.models import FetchAttempt, Invoice, database_proxy
from storage.schema_extras import rebuild_rollups
from tests.engine_support import fast_config, run_engine, seed_from_world
from tests.storage.test_analytics_rollups import snapshot


def test_engine_batches_keep_every_rollup_equal_to_a_rebuild(db: pw.Database, small_world, make_simulator) -> None:
    seed_from_world(small_world)
    server = make_simulator(profile=get_profile("flaky", latency_median_ms=1, latency_p95_ms=3, error_rate=0.25,
                                                timeout_rate=0.0, malformed_rate=0.1, token_ttl_s=0))
    # small batches, so retries of one invoice land in the same batch and in later ones
    config = fast_config(batch_size=7, breaker_threshold=1000)
    run_engine(server, small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None, max_attempts=3),
               config=config)
    run_engine(server, small_world, RunRequest(origin=FetchOrigin.RETRY, force=True, rate_limit=None,
                                               invoice_ids=tuple(i for (i,) in Invoice.select(Invoice.id)
                                                                 .where(Invoice.fetch_status != "PENDING")
                                                                 .tuples())[:40]),
               config=config)
    assert FetchAttempt.select().where(FetchAttempt.try_no > 1).exists()  # retries happened
    by_batches = snapshot()
    rebuild_rollups(db)
    assert snapshot() == by_batches
    assert database_proxy.execute_sql("SELECT count(*) FROM rollup_guard").fetchone()[0] == 0


def test_other_writers_still_update_rollups_by_trigger(db: pw.Database, small_world) -> None:
    seed_from_world(small_world)
    Invoice.update(fetch_status="ERROR", fetch_attempts=1, last_outcome="NO_MATCH").where(Invoice.number == 1).execute()
    by_trigger = snapshot()
    rebuild_rollups(db)
    assert snapshot() == by_trigger
    assert daily_performance(datetime(2026, 3, 15, tzinfo=UTC), ZoneInfo("UTC"), 1).days
