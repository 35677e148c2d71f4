"""The app as a whole: a run started from the Live tab finishes, and the Runs and Performance
tabs then show it; the selection made in the Invoices tab reaches the Live tab."""

from __future__ import annotations

from storage.analytics import dashboard_refresh
from storage.models import FetchRun


def _settle(services, wait_until) -> None:
    from gui.async_tools import pending_tasks

    wait_until(lambda: not services._throttle.isActive() and not pending_tasks(), timeout=30)


def test_a_run_from_the_live_tab_shows_in_runs_and_performance(services, main_window, aio, wait_until) -> None:
    window = main_window
    before = FetchRun.select().count()
    window.show_tab(window.live)
    window.live.btn_all.click()
    wait_until(lambda: not services.controller.busy, timeout=60)
    run = FetchRun.select().order_by(FetchRun.id.desc()).get()
    assert FetchRun.select().count() == before + 1 and run.status == "COMPLETED"
    # the Runs tab lists it first, with its figures
    window.show_tab(window.runs)
    aio(window.refresh_tab(window.tabs.currentIndex(), force=True))
    assert window.runs.model.rowCount() > 0, (window.runs.result, FetchRun.select().count())
    first = window.runs.model.row(0)
    assert (first.id, first.successes, first.errors, first.invoices) == (run.id, run.successes, run.errors,
                                                                         run.invoices)
    # the Performance tab's figures include it
    window.show_tab(window.performance)
    aio(window.refresh_tab(window.tabs.currentIndex(), force=True))
    expected = dashboard_refresh(services.now(), services.tz, 30)
    assert expected.overview.runs >= 1
    shown = window.performance.snapshot
    assert shown is not None and shown.overview.runs == expected.overview.runs
    assert shown.overview.by_status == expected.overview.by_status
    _settle(services, wait_until)


def test_invoices_selection_reaches_the_live_tab(services, main_window, wait_until) -> None:
    window = main_window
    assert not window.live.btn_selection.isEnabled()
    window.show_tab(window.invoices)
    services.set_selection((1, 2, 3))  # what selecting three invoices in the Invoices tab does
    assert window.live.btn_selection.isEnabled() and "3" in window.live.btn_selection.text()
    _settle(services, wait_until)
