"""The Live tab on real data: runs started from its buttons against the simulator, cancel,
the selection button, the idle column (last run, schedule) and acknowledging alerts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QMessageBox

from core.domain import RETRYABLE_STATUSES, AlertKind, FetchOrigin, FetchStatus, RunStatus
from core.messages import render_text
from core.simulator.profiles import get_profile
from gui import formatting as fmt
from gui.labels import origin_label, run_message
from gui.live_chart import MAX_POINTS, LiveChart
from gui.live_progress import new_lines
from gui.tabs.live_tab import LiveTab
from runner.build import ProviderConfig
from storage.alerts import check_missed_schedule, list_alerts, open_alerts
from storage.models import Contract, FetchAttempt, FetchRun, Invoice
from tests.gui.waiting_support import waiting_by_rule
from tests.storage.analytics_fixtures import change_invoices


@pytest.fixture
def tab(services, qtbot, aio):
    services.settings["rate_limit"] = 1000.0  # the fixture simulator is instant: do not pace the tests
    widget = LiveTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    aio(widget.refresh())
    yield widget
    # pytest-qt has closed it and asked for deleteLater: delete it now, on this thread, so no
    # garbage collection in a worker thread later destroys a widget there.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_run_end(services, tab, wait_until) -> FetchRun:
    wait_until(lambda: not services.controller.busy and tab.progress.last is not None
               and tab.progress.last.finished, timeout=30)
    return FetchRun.get_by_id(tab.progress.run_id)


def test_fetch_all_ends_at_100_percent_with_the_stored_counters(services, tab, wait_until) -> None:
    assert tab.btn_all.isEnabled() and not tab.btn_cancel.isEnabled()
    assert tab.stack.currentWidget() is tab.empty
    tab.btn_all.click()
    assert services.controller.busy and tab.btn_cancel.isEnabled() and not tab.btn_all.isEnabled()
    run = wait_run_end(services, tab, wait_until)
    assert run.origin == FetchOrigin.MANUAL.value and run.status == RunStatus.COMPLETED.value
    assert run.invoices > 0 and run.processed == run.invoices
    panel = tab.progress
    assert tab.stack.currentWidget() is panel
    assert panel.bar.value() == panel.bar.maximum()
    assert panel.percent.text() == fmt.percent(1.0)
    assert panel.status.text() == "Completed"
    counters = {key: c.value.text() for key, c in panel.counters.items()}
    assert counters == {
        "success": fmt.number(run.successes), "partial": fmt.number(run.partial),
        "not_available": fmt.number(run.not_available), "error": fmt.number(run.errors),
        "gave_up": fmt.number(run.gave_up), "retries": fmt.number(run.retries),
    }
    assert panel.figures["done"].text() == f"{fmt.number(run.processed)} of {fmt.number(run.invoices)}"
    assert panel.chart.point_count() >= 1
    log_text = panel.log.toPlainText()
    assert f"Run {run.id} started" in log_text and render_text(run.message) in log_text
    assert log_text.count(f"Run {run.id} started") == 1  # each line appended once
    assert '{"c":' not in log_text  # every line rendered, none shown as stored
    assert tab.btn_all.isEnabled() and not tab.btn_cancel.isEnabled()


def test_cancel_mid_run_ends_cancelled_and_the_tab_shows_it(services, tab, gui_world, wait_until, aio) -> None:
    _world, server = gui_world
    server.set_profile(get_profile("healthy", latency_median_ms=30, latency_p95_ms=50))
    services.settings.update(rate_limit=2.0, concurrency=1)
    # work for the run: the fixture's runs left little to fetch (closed and fetched invoices wait
    # for no run)
    available = Invoice.select(Invoice.id).where(Invoice.available_from <= gui_world[0].today)
    change_invoices([i.id for i in available], fetch_status=FetchStatus.PENDING.value, fetch_attempts=0)
    tab.btn_all.click()
    wait_until(lambda: tab.progress.last is not None and tab.progress.last.lookups >= 1)
    assert not tab.progress.last.finished
    tab.btn_cancel.click()
    assert not tab.btn_cancel.isEnabled()
    run = wait_run_end(services, tab, wait_until)
    assert run.status == RunStatus.CANCELLED.value
    assert run.processed < run.invoices
    assert tab.progress.status.text() == "Cancelled"
    aio(tab.refresh())
    assert tab.idle.last_title.text() == f"Run #{run.id} (Manual)"
    assert tab.idle.last_status.text() == "Cancelled"


def test_selection_button_starts_an_individual_run_on_exactly_those_invoices(services, tab, gui_world,
                                                                             wait_until) -> None:
    world, _server = gui_world
    assert not tab.btn_selection.isEnabled()
    assert tab.btn_selection.text() == "Fetch selection (0)"
    ids = tuple(i.id for i in Invoice.select(Invoice.id).where(
        Invoice.fetch_status.in_([FetchStatus.ERROR.value, FetchStatus.NOT_AVAILABLE.value, FetchStatus.PENDING.value]),
        Invoice.available_from <= world.today).order_by(Invoice.id).limit(3))
    assert len(ids) == 3
    services.set_selection(ids)
    assert tab.btn_selection.isEnabled() and tab.btn_selection.text() == "Fetch selection (3)"
    tab.btn_selection.click()
    run = wait_run_end(services, tab, wait_until)
    assert run.origin == FetchOrigin.INDIVIDUAL.value
    assert json.loads(run.selector)["invoice_ids"] == list(ids)
    assert run.invoices == 3
    touched = {a.invoice_id for a in FetchAttempt.select().where(FetchAttempt.run == run.id)}
    assert touched == set(ids)
    services.set_selection(())
    assert not tab.btn_selection.isEnabled()


def test_cohort_combo_lists_the_cohorts_newest_first_and_starts_a_cohort_run(services, tab, wait_until) -> None:
    cohorts = [tab.cohort.itemData(i) for i in range(tab.cohort.count())]
    assert cohorts and cohorts == sorted(cohorts, reverse=True)
    today = services.test_clock.now().date()
    with_work = (Invoice.select(Contract.cohort).join(Contract)
                 .where(Invoice.fetch_status == FetchStatus.PENDING.value, Invoice.available_from <= today)
                 .order_by(Contract.cohort).first().contract.cohort)
    tab.cohort.setCurrentIndex(cohorts.index(with_work))
    tab.btn_cohort.click()
    run = wait_run_end(services, tab, wait_until)
    assert run.origin == FetchOrigin.COHORT.value and run.cohort == with_work


def test_a_cohort_with_nothing_to_fetch_makes_no_run_and_says_why(services, tab, main_window) -> None:
    today = services.test_clock.now().date()
    busy = {c.contract.cohort for c in Invoice.select(Contract.cohort).join(Contract).where(
        Invoice.fetch_status.in_([s.value for s in RETRYABLE_STATUSES]), Invoice.available_from <= today)}
    idle = [tab.cohort.itemData(i) for i in range(tab.cohort.count()) if tab.cohort.itemData(i) not in busy]
    assert idle, "the fixture leaves a cohort with nothing to fetch"
    runs = FetchRun.select().count()
    tab.cohort.setCurrentIndex([tab.cohort.itemData(i) for i in range(tab.cohort.count())].index(idle[0]))
    assert tab.btn_cohort.click() is None and not services.controller.busy
    assert FetchRun.select().count() == runs  # no empty run written
    box = tab.window().findChild(QMessageBox, "nothingToFetch")
    assert box is not None and box.text().startswith("Nothing to fetch")
    box.close()


def test_start_without_a_provider_shows_the_message(services, tab, monkeypatch, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    texts: list[str] = []
    answer = [QMessageBox.StandardButton.Close]

    def warning(_parent: object, title: str, text: str, *_buttons: object) -> QMessageBox.StandardButton:
        shown.append(title)
        texts.append(text)
        return answer[0]

    monkeypatch.setattr("gui.run_start.QMessageBox.warning", warning)
    services._provider_config = None
    services.settings["provider_url"] = ""
    assert tab.start_all() is False
    assert shown == ["Provider not configured"] and not services.controller.busy
    assert "no provider URL: set it in Settings → Preferences → Operator" in texts[0]
    answer[0] = QMessageBox.StandardButton.Open  # "Open the Preferences": on the operator page
    with qtbot.waitSignal(services.preferencesRequested, timeout=2000) as asked:
        assert tab.start_all() is False
    assert asked.args == [1]
    services.settings["provider_url"] = "http://127.0.0.1:9"
    answer[0] = QMessageBox.StandardButton.Close
    assert tab.start_all() is False  # a URL, but no key saved anywhere
    assert "no provider key string" in texts[-1]
    services._provider_config = ProviderConfig("http://127.0.0.1:9", "k")
    services.settings["max_attempts"] = 99  # RunRequest refuses it: a ValueError
    assert tab.start_all() is False
    assert shown[-1] == "Cannot start the fetch"


def test_idle_panel_shows_the_last_run_and_the_next_scheduled_run(services, tab) -> None:
    last = FetchRun.select().order_by(FetchRun.started_at.desc(), FetchRun.id.desc()).get()
    idle = tab.idle
    assert idle.last_title.text() == f"Run #{last.id} ({origin_label(last.origin)})"
    assert idle.last_status.text() == "Completed"
    assert idle.last_processed.text() == f"{fmt.number(last.processed)} of {fmt.number(last.invoices)} invoices"
    assert idle.last_message.text() == run_message(last)
    assert idle.last_message.text().startswith("Completed: ")
    assert tab.last_log_title.text() == f"Log of the last run (#{last.id}):"
    assert f"Run {last.id} started" in tab.last_log.toPlainText()
    assert tab.data is not None
    next_at = tab.data.status.schedule.next_run_at
    assert next_at is not None and next_at > services.now()
    assert idle.next_run.text() == f"Next scheduled run: {fmt.when(next_at)}."
    status = tab.data.status
    to_fetch, later = waiting_by_rule(services)
    assert idle.pending.value.text() == fmt.number(to_fetch)
    assert idle.not_available.value.text() == fmt.number(later)
    assert idle.in_error.value.text() == fmt.number(status.in_error)
    assert idle.gave_up.value.text() == fmt.number(status.gave_up)


def test_missed_scheduled_run_and_alerts_can_be_acknowledged(services, tab, aio, wait_until) -> None:
    # The fixture's automatic run started on the world's day at noon; two days later the
    # 00:05 run of the next days did not start.
    services.test_clock._base += timedelta(days=2)
    assert check_missed_schedule(services.now(), services.tz) is not None
    aio(tab.refresh())
    assert tab.idle.missed.isVisible()
    assert tab.idle.missed.text().startswith("The scheduled run of ")
    alerts = open_alerts()
    assert alerts and tab.idle.alerts.rowCount() == len(alerts)
    assert tab.idle.alert_view.isVisible() and not tab.idle.alerts_empty.isVisible()
    assert not tab.idle.btn_ack.isEnabled()
    row = next(i for i, a in enumerate(tab.idle.alerts.rows()) if a.kind is AlertKind.SCHEDULED_RUN_MISSED)
    tab.idle.alert_view.selectRow(row)
    assert tab.idle.btn_ack.isEnabled()
    target = tab.idle.alerts.row(row).id
    tab.idle.btn_ack.click()
    wait_until(lambda: all(a.id != target for a in tab.idle.alerts.rows()))
    acked = next(a for a in list_alerts() if a.id == target)
    assert acked.acknowledged_at is not None and acked.acknowledged_by.startswith("app:")


def test_refreshes_coalesce_into_one_more_load(services, tab, aio, monkeypatch) -> None:
    import asyncio

    calls = 0
    original = tab._load

    async def counted() -> None:
        nonlocal calls
        calls += 1
        await original()

    monkeypatch.setattr(tab._loader, "_load", lambda: counted)  # SerialLoad holds a getter

    async def burst() -> None:
        first = asyncio.ensure_future(tab.refresh())
        while calls == 0:  # the first load is under way (its query runs in a worker thread)
            await asyncio.sleep(0)
        await asyncio.gather(first, *(tab.refresh() for _ in range(4)))

    aio(burst())
    assert calls == 2  # the first load, then one more for the four asked for during it


def test_log_tail_appends_only_new_lines() -> None:
    assert new_lines((), ("a", "b")) == ["a", "b"]
    assert new_lines(("a", "b"), ("a", "b")) == []
    assert new_lines(("a", "b", "c"), ("b", "c", "d", "e")) == ["d", "e"]
    assert new_lines(("x",), ("a", "b")) == ["a", "b"]
    assert new_lines(("a", "a"), ("a", "a", "a")) == ["a"]


def test_chart_keeps_a_bounded_number_of_points_over_the_whole_run(qtbot) -> None:
    chart = LiveChart()
    qtbot.addWidget(chart)
    for i in range(5000):  # ~8 minutes of snapshots at 10 per second
        chart.add_point(i / 10, 20.0, None if i % 7 == 0 else 0.1)
    assert 2 <= chart.point_count() <= MAX_POINTS
    assert chart._x[0] == 0.0 and chart._x[-1] >= 499.9 - chart._spacing  # still the whole span
    chart.add_point(500.05, 1.0, 0.2, force=True)  # the final snapshot is always drawn
    assert chart._x[-1] == 500.05
    chart.clear_points()
    assert chart.point_count() == 0

