"""The app's runs in a process of their own (runner.child, followed by gui.run_process): the run is
made and stored by another process, its progress and result reach the window, cancelling and a
child that dies are told, and the key string never shows in the child's command line or
environment. Real parts: the simulator on loopback, the SQLite file, a real child Python."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from core.domain import FetchOrigin, RunStatus
from core.messages import decode
from core.simulator.profiles import get_profile
from gui.run_process import ChildRunController
from gui.services import Services
from runner.build import ProviderConfig
from storage.models import FetchAttempt, FetchClaim, FetchRun
from tests.engine_support import seed_from_world

RUN_TIMEOUT_MS = 120_000  # a child Python starts, imports the engine and runs 50 contracts


@pytest.fixture
def child_services(db, db_location: str, small_world, make_simulator, qloop) -> Iterator[tuple[Services, object]]:
    """Services that run the engine in a child process, on SQLite and on PostgreSQL (the child
    gets the store's location, password included, on its input)."""
    seed_from_world(small_world)
    server = make_simulator()
    svc = Services(db_location, tz=UTC, provider_config=ProviderConfig(server.url, server.key_string, 2.0))
    svc.mark_database_open()
    qloop.run_until_complete(svc.load_settings())
    yield svc, server
    svc.controller.cancel()
    svc.controller.wait(15)


def test_the_app_runs_the_engine_in_a_child_process(child_services, qtbot) -> None:
    svc, server = child_services
    assert isinstance(svc.controller, ChildRunController)
    seen: list[int] = []
    svc.controller.progress.connect(lambda s: seen.append(s.run_id))
    with qtbot.waitSignal(svc.controller.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert svc.start_run(svc.make_request(FetchOrigin.MANUAL))
        assert svc.controller.busy
    result = finished.args[0]
    assert not svc.controller.busy
    run = FetchRun.get_by_id(result.run_id)
    assert run.pid != os.getpid()  # made by another process
    assert run.status == result.status.value == RunStatus.COMPLETED.value
    assert run.started_by.startswith("app:")
    assert run.processed == result.counters.processed > 0
    assert FetchAttempt.select().where(FetchAttempt.run == run.id).count() >= result.counters.processed
    assert seen and set(seen) == {result.run_id}  # its progress reached the window
    latest = svc.controller.latest()
    assert latest is not None and latest.finished and latest.done == latest.total
    assert server.stats().sessions_issued >= 1


def test_cancel_reaches_the_child_and_the_run_is_stored_cancelled(child_services, qtbot) -> None:
    svc, server = child_services
    server.set_profile(get_profile("instant", latency_median_ms=300, latency_p95_ms=400))
    progressed: list[int] = []
    svc.controller.progress.connect(lambda s: progressed.append(s.lookups))
    assert svc.start_run(svc.make_request(FetchOrigin.MANUAL))
    qtbot.waitUntil(lambda: any(n > 0 for n in progressed), timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(svc.controller.runFinished, timeout=60_000) as finished:
        svc.controller.cancel()
    result = finished.args[0]
    assert result.status is RunStatus.CANCELLED
    assert FetchRun.get_by_id(result.run_id).status == RunStatus.CANCELLED.value
    assert FetchClaim.select().count() == 0  # its claims were let go


def test_a_child_that_dies_is_told_as_a_failed_run(child_services, qtbot, wait_until) -> None:
    svc, server = child_services
    server.set_profile(get_profile("instant", latency_median_ms=300, latency_p95_ms=400))
    controller = svc.controller
    assert isinstance(controller, ChildRunController)
    started: list[int] = []
    controller.progress.connect(lambda s: started.append(s.run_id))
    assert svc.start_run(svc.make_request(FetchOrigin.MANUAL))
    qtbot.waitUntil(lambda: bool(started), timeout=RUN_TIMEOUT_MS)
    failures: list[str] = []
    controller.runFailed.connect(failures.append)
    changed: list[int] = []
    svc.dataChanged.connect(lambda: changed.append(len(failures)))
    controller.kill()
    wait_until(lambda: bool(changed), timeout=30)
    assert changed[0] == 1  # after the failure was told
    assert decode(failures[0]).code == "run.process_ended"
    assert not controller.busy
    # the screens reload once the dead process's run is closed, with what it wrote
    run = FetchRun.get_by_id(started[0])
    assert run.status == RunStatus.INTERRUPTED.value
    assert FetchClaim.select().count() == 0


def test_the_key_string_is_on_no_command_line_or_environment(child_services, qtbot) -> None:
    svc, server = child_services
    server.set_profile(get_profile("instant", latency_median_ms=300, latency_p95_ms=400))
    controller = svc.controller
    assert isinstance(controller, ChildRunController)
    assert svc.start_run(svc.make_request(FetchOrigin.MANUAL))
    process = controller._process
    assert process is not None
    qtbot.waitUntil(lambda: process.processId() > 0, timeout=30_000)
    proc = Path("/proc") / str(process.processId())
    key = server.key_string.encode()
    assert key not in (proc / "cmdline").read_bytes()
    assert key not in (proc / "environ").read_bytes()
    with qtbot.waitSignal(controller.runFinished, timeout=60_000):
        controller.cancel()
