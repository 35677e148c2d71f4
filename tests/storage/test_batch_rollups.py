"""The rollups the engine's writer and the import write with their facts equal a rebuild, on real runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import peewee as pw

from core.domain import ContractRecord, ContractStatus, FetchOrigin
from core.engine import RunRequest
from core.simulator.profiles import get_profile
from storage.contracts import import_contracts
from storage.models import Contract, FetchAttempt, FetchRun, Invoice, database_proxy
from storage.rollups_write import rebuild_rollups
from tests.engine_support import fast_config, run_engine, seed_from_world
from tests.storage.analytics_fixtures import change_invoices
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
    triggers = ("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal" if isinstance(db, pw.PostgresqlDatabase)
                else "SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert not database_proxy.execute_sql(triggers).fetchall()


def test_an_import_that_moves_contracts_to_other_cohorts_keeps_rollups_right(
        db: pw.Database, small_world) -> None:
    seed_from_world(small_world)
    change_invoices([i for (i,) in Invoice.select(Invoice.id).where(Invoice.number == 1).tuples()],
                    fetch_status="ERROR", fetch_attempts=1, last_outcome="NO_MATCH")
    records = [ContractRecord(c.number, c.document, c.customer_name, c.install_date - timedelta(days=40), c.status,
                              c.plan, c.plan_value) for c in small_world.contracts[:8]
               if Contract.select().where(Contract.number == c.number).exists()]
    new = ContractRecord("NEW-1", records[0].document, "Cliente Novo", date(2026, 2, 10), records[0].status)
    summary = import_contracts([*records, new], datetime(2026, 3, 16, tzinfo=UTC))
    assert summary.updated == len(records) and summary.created == 1
    imported = snapshot()
    rebuild_rollups(db)
    assert snapshot() == imported


def test_a_reimport_that_changes_identity_resets_fetched_invoices_and_keeps_rollups_right(
        db: pw.Database, small_world, make_simulator) -> None:
    seed_from_world(small_world)
    run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None))
    fetched = (Invoice.fetch_status != "PENDING") | Invoice.amount.is_null(False)
    contracts = [c for c in Contract.select().order_by(Contract.number)
                 if Invoice.select().where((Invoice.contract == c.id) & fetched).exists()][:6]
    assert len(contracts) == 6
    # three swap documents with one another (each CPF stays valid), three change install date
    docs = [c.document for c in contracts[:3]]
    records = [ContractRecord(c.number, docs[(k + 1) % 3] if k < 3 else c.document, c.customer_name,
                              c.install_date - timedelta(days=3) if k >= 3 else c.install_date,
                              ContractStatus(c.status), c.plan, c.plan_value, c.service_order)
               for k, c in enumerate(contracts)]
    ids = [c.id for c in contracts]
    to_reset = Invoice.select().where(Invoice.contract.in_(ids) & fetched).count()
    attempts = FetchAttempt.select().count()
    runs = FetchRun.select().count()
    summary = import_contracts(records, datetime(2026, 3, 16, tzinfo=UTC))
    assert (summary.updated, summary.invoices_reset) == (6, to_reset)
    assert not Invoice.select().where(Invoice.contract.in_(ids) & fetched).exists()
    assert not Invoice.select().where(Invoice.contract.in_(ids) & Invoice.bar_code.is_null(False)).exists()
    assert (FetchAttempt.select().count(), FetchRun.select().count()) == (attempts, runs)  # history kept
    imported = snapshot()
    rebuild_rollups(db)
    assert snapshot() == imported
