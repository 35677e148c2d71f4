"""GUI test fixtures: a qasync loop on the test QApplication, a database with real runs made by
the engine against the simulator, and Services wired to that simulator.

Widgets are real (offscreen). Coroutines are driven with `aio(coro)`, which runs the qasync
loop (and so Qt's event loop) until the coroutine ends or the timeout passes; `wait_until`
waits on a condition the same way. Nothing sleeps to synchronise.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from core.domain import FetchOrigin
from core.engine import RunRequest
from core.simulator.profiles import get_profile
from gui.i18n import install_language
from gui.main_window import MainWindow
from gui.services import Services
from runner.build import ProviderConfig
from storage.models import Contract, Invoice
from tests.engine_support import PinnedClock, fast_config, run_engine, seed_from_world
from tests.storage.analytics_fixtures import change_invoices


@pytest.fixture(autouse=True)
def widgets_die_on_the_gui_thread() -> Iterator[None]:
    """pytest-qt closes widgets with deleteLater(); run those deletions now, on this thread, so
    the garbage collector never finalises a widget later from a query's worker thread."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Window geometry and last tab go to a temporary folder, never the user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("qsettings")))
    yield


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    install_language(qapp, "en")
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    # let pending callbacks finish, then close
    try:
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        # qasync leaves timers/workers in reference cycles; collected later from a worker thread
        # they would warn "Timers cannot be stopped from another thread" in an unrelated test.
        gc.collect()


@pytest.fixture
def aio(qloop: qasync.QEventLoop) -> Callable[..., Any]:
    """aio(coro, timeout=20): run a coroutine to its end on the qasync loop."""

    def run(coro: Coroutine[Any, Any, Any], timeout: float = 20.0) -> Any:
        return qloop.run_until_complete(asyncio.wait_for(coro, timeout))

    return run


@pytest.fixture
def wait_until(aio: Callable[..., Any]) -> Callable[..., None]:
    """wait_until(predicate, timeout=20): keep the event loop turning until predicate() is true."""

    def wait(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
        async def poll() -> None:
            while not predicate():
                await asyncio.sleep(0.01)

        aio(poll(), timeout)

    return wait


@pytest.fixture
def gui_world(db, small_world, make_simulator):
    """A database with the small world imported and two finished runs (one flaky), and the
    simulator (instant profile) still serving it. Returns (world, server)."""
    seed_from_world(small_world)
    server = make_simulator(profile=get_profile("flaky", latency_median_ms=1, latency_p95_ms=3, error_rate=0.35,
                                                timeout_rate=0.0, malformed_rate=0.1, token_ttl_s=0))
    run_engine(server, small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None, max_attempts=2),
               config=fast_config(breaker_threshold=1000), read_timeout=1.0)
    server.set_profile(get_profile("instant"))
    _reopen(0, 10)  # work for the second run: automatic runs leave fetched and closed invoices alone
    run_engine(server, small_world, RunRequest(origin=FetchOrigin.MANUAL, rate_limit=None))
    _reopen(10, 25)  # and work for the runs a test starts from the app
    return small_world, server


def _reopen(first: int, last: int) -> None:
    """The fetched invoices of the contracts first..last (by id) back to PENDING, written as a
    writer of facts does (rollups included)."""
    contracts = [c.id for c in Contract.select(Contract.id).order_by(Contract.id)][first:last]
    ids = [i.id for i in Invoice.select(Invoice.id).where(
        Invoice.contract.in_(contracts), Invoice.fetch_status.in_(["SUCCESS", "PARTIAL", "CLOSED"]))]
    change_invoices(ids, fetch_status="PENDING", fetch_attempts=0, amount=None, bar_code=None, pix_code=None,
                    remote_id=None, remote_due_date=None, reference_month=None)


@pytest.fixture
def services(gui_world, db_path, qloop) -> Iterator[Services]:
    """Services on the test database, pointed at the simulator, with the world's day as 'now'."""
    world, server = gui_world
    clock = PinnedClock(world.today, hour=13)  # after the fixture's runs (pinned at 12:00)
    svc = Services(str(db_path), tz=UTC, provider_config=ProviderConfig(server.url, server.key_string, 2.0),
                   clock=clock.now, engine_clock=clock)
    svc.test_clock = clock  # type: ignore[attr-defined]
    svc.mark_database_open()  # the `db` fixture opened it
    qloop.run_until_complete(svc.load_settings())
    # runs started from the GUI use the same pinned day as the fixtures
    svc._make_config = lambda: fast_config()  # type: ignore[method-assign]
    yield svc
    svc.controller.cancel()
    svc.controller.wait(15)


def now_of(services: Services) -> datetime:
    return services.now()


@pytest.fixture
def main_window(services: Services, qtbot: Any, aio: Callable[..., Any]) -> MainWindow:
    """The main window on the fixture data, shown and started (tabs built, settings loaded)."""
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    aio(window.start())
    return window
