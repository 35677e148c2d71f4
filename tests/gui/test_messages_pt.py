"""Stored messages shown in pt-BR: a run against a failing provider, seen in Live, in the Runs
detail (message, log, attempts) and in Problems, speaks Portuguese with Brazilian dates and
numbers; the technical detail only behind "Detalhes técnicos"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from core.domain import Outcome
from core.messages import decode
from core.simulator.profiles import get_profile
from gui.i18n import install_language
from gui.tabs.live_tab import LiveTab
from gui.tabs.problems_tab import ProblemsTab
from gui.tabs.runs_tab import RunsTab
from storage.models import FetchAttempt, FetchRun
from tests.engine_support import fast_config
from tests.reports.test_messages_pt import english_words

STORED = re.compile(r'\{"c":')


@pytest.fixture
def portuguese(qapp: QApplication, qloop: Any) -> Iterator[QApplication]:
    assert install_language(qapp, "pt_BR") == "pt_BR"
    try:
        yield qapp
    finally:
        install_language(qapp, "en")


def column_texts(model: Any, title: str) -> list[str]:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = headers.index(title)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def assert_portuguese(text: str) -> None:
    assert text and not STORED.search(text), text
    assert not english_words(text), (text, english_words(text))
    assert not re.search(r"\d{4}-\d\d-\d\d", text), text  # dates are dd/mm/aaaa


def test_a_failing_run_reads_in_portuguese_in_live_runs_and_problems(
        portuguese, services, gui_world, qtbot, aio, wait_until) -> None:
    _, server = gui_world
    server.set_profile(get_profile("flaky", latency_median_ms=1, latency_p95_ms=3, error_rate=0.5, timeout_rate=0.0,
                                   malformed_rate=0.2))
    services.settings["rate_limit"] = 1000.0
    services.settings["max_attempts"] = 2
    # half the lookups fail: without this the breaker would pause the run again and again
    services._make_config = lambda: fast_config(breaker_threshold=10_000)  # type: ignore[method-assign]
    live = LiveTab(services)
    qtbot.addWidget(live)
    live.resize(1200, 800)
    live.show()
    aio(live.refresh())
    live.btn_all.click()
    # The profile's 429s ask for a wait (Retry-After) that the pacer applies to every lookup: on a run
    # this small it can take a minute.
    wait_until(lambda: not services.controller.busy and live.progress.last is not None
               and live.progress.last.finished, timeout=150)
    run = FetchRun.get_by_id(live.progress.run_id)
    failed = FetchAttempt.select().where(FetchAttempt.run == run.id, FetchAttempt.error.is_null(False),
                                         FetchAttempt.outcome.in_([o.value for o in Outcome if o.is_transient]))
    assert failed.count() > 0  # the provider did fail in this run
    # Live: the closing message and every log line
    assert_portuguese(live.progress.message.text())
    log_lines = [line for line in live.progress.log.toPlainText().splitlines() if line.strip()]
    assert any(f"Execução {run.id} iniciada" in line for line in log_lines)
    for line in log_lines:
        assert_portuguese(line)

    # Runs: the detail's message, log and attempts' errors; the detail hidden until asked for
    runs = RunsTab(services)
    qtbot.addWidget(runs)
    runs.show()
    aio(runs.refresh())
    assert runs.select_run(run.id)
    wait_until(lambda: runs.detail.data is not None and runs.detail.data.detail.run.id == run.id)
    d = runs.detail
    assert_portuguese(d.message.text())
    assert d.figures["started_by"].text().startswith("aplicativo — ")
    detail_lines = d.log.toPlainText().splitlines()
    assert any(f"Execução {run.id} iniciada" in line for line in detail_lines)
    for line in detail_lines:
        assert_portuguese(line)
    errors = [t for t in column_texts(d.attempts, "Erro") if t and t != "—"]
    assert errors
    for text in errors:
        assert_portuguese(text)
    stored_detail = [a.error for a in failed if "detail" in str(decode(a.error).params)]
    assert stored_detail  # the client's text is kept, as a detail
    shown = d.log.toPlainText()
    d.details_toggle.setChecked(True)
    assert d.details_toggle.text() == "Detalhes técnicos"
    assert len(d.log.toPlainText()) > len(shown)  # the detail appears only on request
    d.details_toggle.setChecked(False)

    # Problems: the last error of each invoice with a problem
    problems = ProblemsTab(services)
    qtbot.addWidget(problems)
    problems.show()
    aio(problems.refresh())
    last_errors = [t for t in column_texts(problems.list_model, "Último erro") if t and t != "—"]
    assert last_errors
    for text in last_errors:
        assert_portuguese(text)
    groups = [problems.groups_model.data(problems.groups_model.index(r, c))
              for r in range(problems.groups_model.rowCount()) for c in range(problems.groups_model.columnCount())]
    assert not any(STORED.search(str(t)) for t in groups)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
