"""Shared pieces for engine tests: seeding a database from a simulator world, a clock pinned
to the world's day, and the consistency checks every run must pass."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.documents import DocumentError, validate_document
from core.domain import ContractRecord, FetchStatus
from core.engine import EngineConfig, FetchEngine, ProgressSnapshot, RunRequest, RunResult
from core.engine.run_types import CancelToken
from core.matching import MatchParams
from core.provider.negocia import NegociaClient
from core.simulator.model import World
from core.simulator.server import SimulatorServer
from storage.contracts import import_contracts
from storage.engine_store import SqlEngineStore
from storage.models import FetchAttempt, FetchRun, Invoice
from storage.run_figures import figures_from_attempts


class PinnedClock:
    """Wall time pinned to a given day (the world's), advancing with the real monotonic clock."""

    def __init__(self, day: date, hour: int = 12) -> None:
        self._base = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._t0)

    def monotonic(self) -> float:
        return time.monotonic()


def seed_from_world(world: World) -> int:
    """Import the world's contracts that have a valid document; return how many."""
    records = []
    for c in world.contracts:
        try:
            doc = validate_document(c.document)
        except DocumentError:
            continue
        records.append(ContractRecord(c.number, doc, c.customer_name, c.install_date, c.status, c.plan,
                                      c.plan_value))
    import_contracts(records, datetime(world.today.year, world.today.month, world.today.day, 8, tzinfo=UTC))
    return len(records)


FAST = EngineConfig(
    match=MatchParams(),
    batch_interval=0.05,
    breaker_threshold=5,
    breaker_cooldown=0.1,
    breaker_max_cooldown=0.4,
    outage_limit=1.5,
    seed=7,
)


def fast_config(**overrides: Any) -> EngineConfig:
    from dataclasses import replace

    return replace(FAST, **overrides)


def run_engine(
    server: SimulatorServer,
    world: World,
    request: RunRequest | None = None,
    *,
    config: EngineConfig | None = None,
    read_timeout: float = 2.0,
    sink: Callable[[ProgressSnapshot], None] | None = None,
    cancel: CancelToken | None = None,
) -> RunResult:
    request = request or RunRequest(concurrency=8, rate_limit=None)
    client = NegociaClient(server.url, server.key_string, read_timeout=read_timeout, connect_timeout=1.0,
                           pool_size=request.concurrency)
    try:
        engine = FetchEngine(SqlEngineStore(), client, config=config or FAST, clock=PinnedClock(world.today),
                             tz=UTC, sink=sink)
        return engine.run(request, cancel)
    finally:
        client.close()


def invoice_rows() -> dict[int, tuple[Any, ...]]:
    """Every invoice's tracking fields, to compare before/after."""
    return {
        row[0]: row[1:]
        for row in Invoice.select(
            Invoice.id, Invoice.fetch_status, Invoice.fetch_attempts, Invoice.last_fetch_at, Invoice.fetch_error,
            Invoice.last_outcome, Invoice.fetch_origin, Invoice.amount, Invoice.remote_id,
        ).tuples()
    }


def assert_run_consistent(run_id: int) -> None:
    """The run's counters equal its attempt rows; each invoice equals its last attempt."""
    run = FetchRun.get_by_id(run_id)
    figures = figures_from_attempts(run_id)
    for name in ("processed", "successes", "partial", "errors", "not_available", "gave_up", "closed", "retries",
                 "lookups",
                 "avg_seconds", "min_seconds", "max_seconds", "p50_seconds", "p95_seconds"):
        assert getattr(run, name) == getattr(figures, name), f"run {run_id}: {name}"
    assert run.processed <= run.invoices
    last: dict[int, FetchAttempt] = {}
    for a in FetchAttempt.select().where(FetchAttempt.run == run_id).order_by(FetchAttempt.try_no):
        last[a.invoice_id] = a
    for invoice_id, attempt in last.items():
        inv = Invoice.get_by_id(invoice_id)
        if inv.last_run_id != run_id:
            continue  # a later run touched it
        assert inv.fetch_status == attempt.status_after, f"invoice {invoice_id}"
        assert inv.last_outcome == attempt.outcome
        assert inv.last_fetch_at == attempt.started_at
        if attempt.counted:
            assert inv.fetch_attempts == attempt.attempt_no
        if inv.fetch_status in (FetchStatus.SUCCESS.value, FetchStatus.PARTIAL.value):
            assert inv.amount is not None and inv.remote_id and (inv.bar_code or inv.pix_code)


class SnapshotLog:
    """A progress sink that records snapshots and lets a test wait for a condition on them."""

    def __init__(self) -> None:
        self.snapshots: list[ProgressSnapshot] = []
        self._cond = threading.Condition()

    def __call__(self, snapshot: ProgressSnapshot) -> None:
        with self._cond:
            self.snapshots.append(snapshot)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[ProgressSnapshot], bool], timeout: float = 20.0) -> ProgressSnapshot:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for s in reversed(self.snapshots):
                    if predicate(s):
                        return s
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("no snapshot satisfied the condition")
                self._cond.wait(remaining)
