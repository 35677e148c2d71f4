"""The Runs tab on real data: history newest first with the stored figures, filters, paging,
the empty states, and the detail of a run with its attempts, log and paging."""

from __future__ import annotations

from datetime import UTC

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from core.domain import FetchOrigin, RunStatus
from core.engine import RunRequest
from core.messages import render_started_by
from gui import formatting as fmt
from gui.runs_look import duration_text
from gui.services import Services
from gui.tabs.runs_tab import RunsTab
from runner.build import ProviderConfig
from storage.models import FetchAttempt, FetchRun, Invoice
from tests.engine_support import run_engine


@pytest.fixture
def tab(services, qtbot, aio):
    widget = RunsTab(services)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    aio(widget.refresh())
    yield widget
    # pytest-qt has closed it and asked for deleteLater: delete it now, on this thread, so no
    # garbage collection in a worker thread later destroys a widget there.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def stored_runs() -> list[FetchRun]:
    return list(FetchRun.select().order_by(FetchRun.started_at.desc(), FetchRun.id.desc()))


def cell(tab: RunsTab, row: int, title: str) -> str:
    model = tab.model
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)
    return model.data(model.index(row, col))


def test_history_lists_the_runs_newest_first_with_their_figures(tab) -> None:
    runs = stored_runs()
    assert [r.id for r in tab.model.rows()] == [r.id for r in runs]
    for i, run in enumerate(runs):
        assert cell(tab, i, "Run #") == str(run.id)
        assert cell(tab, i, "Status") == "Completed"
        assert cell(tab, i, "Origin") == run.origin.capitalize()
        for title, field in (("Invoices", "invoices"), ("Processed", "processed"), ("Success", "successes"),
                             ("Partial", "partial"), ("Errors", "errors"), ("Not available", "not_available"),
                             ("Gave up", "gave_up"), ("Retries", "retries"), ("Lookups", "lookups")):
            assert cell(tab, i, title) == fmt.number(getattr(run, field)), title
        assert cell(tab, i, "Duration") == duration_text(run.duration_seconds)
        assert cell(tab, i, "Started by") == render_started_by(run.started_by)  # who
        assert cell(tab, i, "Host") == run.hostname  # where
    assert tab.pager.label.text() == f"page 1 of 1 ({len(runs)} rows)"
    # the newest run is selected and its detail shown
    assert tab.detail.run_id == runs[0].id
    assert tab.detail.title.text() == f"Run #{runs[0].id}"


def test_filters_narrow_the_history_and_say_when_nothing_matches(tab, aio) -> None:
    automatic = [r.id for r in stored_runs() if r.origin == FetchOrigin.AUTOMATIC.value]
    assert automatic
    tab.origin.setCurrentIndex(tab.origin.findData(FetchOrigin.AUTOMATIC.value))
    aio(tab.refresh())
    assert [r.id for r in tab.model.rows()] == automatic
    tab.status.setCurrentIndex(tab.status.findData(RunStatus.FAILED.value))
    aio(tab.refresh())
    assert tab.model.rowCount() == 0
    assert tab.table_stack.currentWidget() is tab.empty
    assert tab.empty.text() == "No runs match these filters."
    assert tab.detail.stack.currentWidget() is tab.detail.empty
    tab.status.setCurrentIndex(0)
    tab.origin.setCurrentIndex(0)
    assert tab.cohort.count() > 1  # "All cohorts" and the cohorts that exist
    aio(tab.refresh())
    assert tab.model.rowCount() == len(stored_runs())


def test_cohort_filter_lists_cohort_runs(services, tab, gui_world, aio) -> None:
    world, server = gui_world
    cohort = tab.cohort.itemData(1)
    run = run_engine(server, world, RunRequest(origin=FetchOrigin.COHORT, cohort=cohort, rate_limit=None,
                                               force=True))
    tab.cohort.setCurrentIndex(1)
    aio(tab.refresh())
    assert [r.id for r in tab.model.rows()] == [run.run_id]
    assert tab.model.rows()[0].cohort == cohort


def test_paging_walks_the_history(services, tab, gui_world, aio) -> None:
    world, server = gui_world
    for _ in range(3):
        run_engine(server, world, RunRequest(origin=FetchOrigin.INDIVIDUAL, invoice_ids=(1, 2), force=True,
                                             rate_limit=None))
    expected = [r.id for r in stored_runs()]
    assert len(expected) == 5
    tab.page_size = 2
    aio(tab.refresh())
    assert [r.id for r in tab.model.rows()] == expected[:2]
    assert tab.pager.label.text() == "page 1 of 3 (5 rows)"
    assert not tab.pager.prev.isEnabled() and tab.pager.next.isEnabled()
    tab.pager.next.click()
    aio(tab.refresh())
    assert [r.id for r in tab.model.rows()] == expected[2:4]
    tab.pager.next.click()
    aio(tab.refresh())
    assert [r.id for r in tab.model.rows()] == expected[4:]
    assert not tab.pager.next.isEnabled() and tab.pager.prev.isEnabled()
    assert tab.detail.run_id == expected[4]


def test_detail_shows_the_run_figures_log_and_attempts(services, tab, aio, qtbot, wait_until) -> None:
    runs = stored_runs()
    target = max(runs, key=lambda r: r.lookups)
    tab.detail.page_size = 50
    assert tab.select_run(target.id)
    wait_until(lambda: tab.detail.data is not None and tab.detail.data.detail.run.id == target.id)
    aio(tab.detail.reload())
    d = tab.detail
    assert d.figures["processed"].text().startswith(fmt.number(target.processed))
    assert d.figures["successes"].text() == fmt.number(target.successes)
    assert d.figures["lookups"].text() == fmt.number(target.lookups)
    assert d.figures["started_by"].text() == f"{render_started_by(target.started_by)} on {target.hostname}"
    assert d.figures["pct"].text() == f"{fmt.seconds(target.p50_seconds)} / {fmt.seconds(target.p95_seconds)}"
    assert f"Run {target.id} started" in d.log.toPlainText()
    total = FetchAttempt.select().where(FetchAttempt.run == target.id).count()
    assert total > 50
    rows = d.attempts.rows()
    assert len(rows) == 50 and all(a.run_id == target.id for a in rows)
    assert d.pager.label.text() == f"page 1 of {-(-total // 50)} ({fmt.number(total)} rows)"
    d.pager.next.click()
    wait_until(lambda: d.data is not None and d.data.detail.attempts.page == 2)
    second = d.attempts.rows()
    assert {a.id for a in second}.isdisjoint({a.id for a in rows})
    # double-clicking an attempt asks for that invoice's contract in Invoices
    view = d.attempt_view
    rect = view.visualRect(d.attempts.index(0, 0))
    with qtbot.waitSignal(services.showContractRequested, timeout=2000) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    invoice = Invoice.get_by_id(second[0].invoice_id)
    assert signal.args == [invoice.contract_id, invoice.id]
    # ... and its history stays one right-click away
    menu = d.attempt_menu.build(d.attempts.index(0, 0))
    assert menu is not None
    history = next(a for a in menu.actions() if a.text() == "Show attempt history")
    with qtbot.waitSignal(services.showInvoiceRequested, timeout=2000) as signal:
        history.trigger()
    assert signal.args == [second[0].invoice_id]


def test_empty_history_says_no_runs_yet(db, db_path, qloop, aio) -> None:
    svc = Services(str(db_path), tz=UTC, provider_config=ProviderConfig("http://127.0.0.1:9", "k"))
    aio(svc.load_settings())
    tab = RunsTab(svc)
    aio(tab.refresh())
    assert tab.model.rowCount() == 0
    assert tab.table_stack.currentWidget() is tab.empty and tab.empty.text() == "No runs yet."
    assert tab.detail.stack.currentWidget() is tab.detail.empty
    tab.deleteLater()
    svc.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
