"""The main window on real data: tabs, shortcuts, state remembered."""

from __future__ import annotations

from datetime import UTC

import pytest
from PySide6.QtCore import QSettings

from gui.main_window import SETTINGS_ORG, MainWindow
from gui.services import Services
from runner.build import ProviderConfig
from tests.engine_support import PinnedClock


def test_window_opens_with_five_tabs_and_remembers_the_last_tab(services, main_window, qtbot) -> None:
    window = main_window
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Live", "Performance", "Runs", "Problems", "Invoices"]
    assert window.act_start.shortcut().toString() == "Ctrl+R"
    assert window.lbl_next.text().startswith("Next automatic run:")
    window.tabs.setCurrentIndex(3)
    window.save_state()
    again = MainWindow(services)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3
    assert QSettings(SETTINGS_ORG, "main-window").value("tab") in (3, "3")


@pytest.mark.parametrize("store_kind", ["postgresql"], indirect=True)
def test_the_window_opens_on_a_shared_postgresql_and_never_shows_its_password(gui_world, db_location, qloop, qtbot,
                                                                              aio) -> None:
    world, server = gui_world  # imported and fetched into PostgreSQL
    location = db_location.replace("://faturas@", "://faturas:hunter2@")  # the test server trusts the role
    clock = PinnedClock(world.today, hour=13)
    svc = Services(location, tz=UTC, provider_config=ProviderConfig(server.url, server.key_string, 2.0),
                   clock=clock.now, engine_clock=clock)
    svc.mark_database_open()
    qloop.run_until_complete(svc.load_settings())
    try:
        window = MainWindow(svc)
        qtbot.addWidget(window)
        window.show()
        aio(window.start())  # every tab loads its figures from PostgreSQL
        assert window.tabs.count() == 5
        assert "hunter2" not in window.lbl_db.text() + window.lbl_db.toolTip()
        assert window.lbl_db.toolTip() == location.replace(":hunter2@", ":***@")
    finally:
        svc.controller.cancel()
        svc.controller.wait(15)


def test_while_a_run_goes_the_performance_tab_waits_its_interval_then_reloads_when_the_run_ends(
        services: Services, main_window: MainWindow, wait_until) -> None:
    from dataclasses import replace

    from core.domain import FetchOrigin
    from gui.async_tools import SerialLoad, pending_tasks

    window = main_window
    window.tabs.setCurrentIndex(1)  # Desempenho
    wait_until(lambda: not pending_tasks(), timeout=30)
    state = window._states[1]
    reloads: list[bool] = []  # one per reload, with whether a run was going when it started

    async def counted() -> None:
        reloads.append(services.controller.busy)
        await window.performance.refresh()

    state.load = SerialLoad(counted)
    changes: list[int] = []
    services.dataChanged.connect(lambda: changes.append(1))
    # about 4 s of lookups at 4 a second: the screens are told of new data every 1.5 s meanwhile
    request = replace(services.make_request(FetchOrigin.MANUAL), rate_limit=4.0, concurrency=1)
    assert services.start_run(request)
    wait_until(lambda: not services.controller.busy, timeout=60)
    wait_until(lambda: not pending_tasks() and not window._deferred_reload.isActive(), timeout=30)
    assert len(changes) >= 3  # at least two during the run, and the one at its end
    assert reloads and not any(reloads)  # none while it went (its 10 s were not up), then once it ended
