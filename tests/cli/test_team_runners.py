"""Several runners on one store: real `python main.py fetch` processes against one store and one
simulator. Every invoice is looked up once, whoever looks it up; a runner killed with SIGKILL
loses its documents when its lease passes, the others take them, and its run ends INTERRUPTED
with counters equal to its attempt rows.

The store is the `store_location` fixture (a SQLite file here), so the same tests can run on
another store by parametrising that fixture.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from core.simulator.model import World
from core.simulator.profiles import get_profile
from core.simulator.server import SimulatorServer
from core.simulator.world import generate_world
from storage.db import close_database, open_database
from storage.models import FetchAttempt, FetchClaim, FetchRun, Invoice
from tests.engine_support import assert_run_consistent, seed_from_world

ROOT = Path(__file__).resolve().parents[2]
RUNNERS = 3


@pytest.fixture(scope="module")
def team_world() -> World:
    """Enough documents that three runners at a modest pace all get a share."""
    return generate_world(160, seed=20261205, today=date(2026, 3, 15))


@pytest.fixture
def team_store(store_location: str, team_world: World) -> str:
    """The store, seeded with the world's contracts and closed again (the runners open it)."""
    open_database(store_location)
    seed_from_world(team_world)
    close_database()
    return store_location


@pytest.fixture
def due_at_start(team_store: str) -> set[int]:
    """The invoices available today before the runners start. A run may move a contract's later
    invoices to the customer's real due day, and one may become available during the run, after
    every runner planned: the next run takes it, so it is no invoice these runners left behind."""
    open_database(team_store)
    try:
        return {i for (i,) in Invoice.select(Invoice.id).where(Invoice.fetch_status == "PENDING",
                                                               Invoice.available_from <= date.today()).tuples()}
    finally:
        close_database()


def _runner(location: str, server: SimulatorServer, lease: float | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, FATURAS_PROVIDER_KEY=server.key_string)
    if lease is not None:
        env["FATURAS_CLAIM_LEASE"] = str(lease)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", location, "--provider-url", server.url,
         "--concurrency", "2", "--rate", "15", "--no-retry", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def _finish(procs: list[subprocess.Popen[str]], timeout: float = 120) -> list[int]:
    codes = []
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
        assert proc.returncode in (0, 1), err[-2000:]
        codes.append(proc.returncode)
    return codes


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        pause.wait(0.05)


def _attempts_per_invoice() -> Counter[int]:
    return Counter(i for (i,) in FetchAttempt.select(FetchAttempt.invoice).tuples())


def test_three_runners_fetch_every_invoice_exactly_once(team_store: str, team_world: World, due_at_start: set[int],
                                                        make_simulator: Callable[..., SimulatorServer]) -> None:
    server = make_simulator(world=team_world, profile=get_profile("healthy", latency_median_ms=30,
                                                                  latency_p95_ms=60))
    procs = [_runner(team_store, server) for _ in range(RUNNERS)]
    _finish(procs)
    open_database(team_store)
    try:
        runs = list(FetchRun.select().order_by(FetchRun.id))
        assert len(runs) == RUNNERS and {r.status for r in runs} == {"COMPLETED"}
        for run in runs:
            assert_run_consistent(run.id)
        assert all(run.processed > 0 for run in runs), [r.processed for r in runs]  # the work was shared
        per_invoice = _attempts_per_invoice()
        assert per_invoice and set(per_invoice.values()) == {1}  # nobody fetched an invoice twice
        # every invoice that was due to be looked at was, by one of them
        assert not Invoice.select().where(Invoice.fetch_status == "PENDING", Invoice.last_fetch_at.is_null(False)
                                          ).exists()
        pending_due = [i.id for i in Invoice.select().where(Invoice.fetch_status == "PENDING")
                       if i.id not in per_invoice and i.id in due_at_start]
        assert pending_due == []
        # the planned figures are what each run really took on: together, every invoice once
        assert sum(r.invoices for r in runs) == len(per_invoice) == sum(r.processed for r in runs)
        assert FetchClaim.select().count() == 0  # every claim released
    finally:
        close_database()
    lookups = server.document_lookups()
    assert lookups and set(lookups.values()) == {1}, {d: n for d, n in lookups.items() if n > 1}
    assert server.stats().repeat_lookups == 0


def test_a_killed_runner_loses_its_claims_after_the_lease_and_the_others_finish(
        team_store: str, team_world: World, due_at_start: set[int],
        make_simulator: Callable[..., SimulatorServer]) -> None:
    lease = 4.0
    server = make_simulator(world=team_world, profile=get_profile("healthy", latency_median_ms=30,
                                                                  latency_p95_ms=60))
    procs = [_runner(team_store, server, lease) for _ in range(RUNNERS)]
    victim, others = procs[0], procs[1:]
    open_database(team_store, recover=False)  # to watch them through the store, as any window would
    try:
        def all_going_and_victim_holds_claims() -> bool:
            for proc in procs:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            running = FetchRun.select().where(FetchRun.status == "RUNNING").count()
            run = FetchRun.get_or_none(FetchRun.pid == victim.pid)
            claims = 0 if run is None else FetchClaim.select().where(FetchClaim.run_id == run.id).count()
            return running == RUNNERS and run is not None and run.processed >= 5 and claims > 0

        _wait(all_going_and_victim_holds_claims, 60, "three runners going, the first holding claims")
        close_database()
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        _finish(others)
    finally:
        close_database()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
    assert victim.returncode == -signal.SIGKILL
    open_database(team_store)
    try:
        dead = FetchRun.get(FetchRun.pid == victim.pid)
        assert dead.status == "INTERRUPTED" and "interrupted" in (dead.message or "")
        for run in FetchRun.select():
            assert_run_consistent(run.id)  # the dead run's counters equal its attempt rows
        survivors = list(FetchRun.select().where(FetchRun.id != dead.id))
        assert {r.status for r in survivors} == {"COMPLETED"}
        per_invoice = _attempts_per_invoice()
        assert set(per_invoice.values()) == {1}  # what the dead runner had committed was not fetched again
        assert dead.processed > 0 and sum(r.processed for r in survivors) > 0
        pending_due = [i.id for i in Invoice.select().where(Invoice.fetch_status == "PENDING")
                       if i.id not in per_invoice and i.id in due_at_start]
        assert pending_due == []  # the others took what the dead runner held
        assert FetchClaim.select().count() == 0
    finally:
        close_database()


def test_two_scheduled_runners_on_one_store_make_one_run(team_store: str, team_world: World,
                                                        make_simulator: Callable[..., SimulatorServer]) -> None:
    from datetime import UTC, datetime, timedelta

    from storage.settings_store import set_setting

    fire = datetime.now(UTC) - timedelta(minutes=3)  # the slot both OS schedulers started them for
    open_database(team_store)
    try:
        set_setting("schedule_cron", f"{fire.minute} {fire.hour} * * *")
    finally:
        close_database()
    server = make_simulator(world=team_world)
    env = dict(os.environ, FATURAS_PROVIDER_KEY=server.key_string, TZ="UTC")
    procs = [subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", team_store, "--provider-url", server.url,
         "--origin", "automatic", "--rate", "200", "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(2)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1), err[-2000:]
        outputs.append((out, err))
    left = [err for out, err in outputs if not out.strip()]
    assert len(left) == 1 and "already being made by cli:" in left[0]  # the other said so and stopped
    open_database(team_store)
    try:
        runs = list(FetchRun.select())
        assert len(runs) == 1 and runs[0].origin == "AUTOMATIC" and runs[0].status == "COMPLETED"
    finally:
        close_database()
