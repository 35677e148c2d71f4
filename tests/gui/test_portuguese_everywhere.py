"""Everything a pt-BR user can read is Portuguese, after runs against a failing provider.

The store is filled as a bad day leaves it: the fixture's flaky run (5xx, timeouts, broken
answers), then runs started from the window against the same simulator with a wrong key
string, during an outage, and one cancelled. Then every tab (with a row of each list selected,
so the detail panes show), every dialog the menus open, the Preferences pages and the tray menu
are read widget by widget: labels, buttons, titles, tabs, menus, combo items, text boxes,
tool tips, and each list's headers and cells. A text with an English word fails the test,
naming the widget and the text.

What is not prose is left out before the words are looked at: data (customer names, plans,
hosts, users, contract numbers, paths, URLs, numbers) and the technical detail a user opens on
purpose (a widget whose object name says "technical": exception texts, HTTP details).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from core.domain import RunStatus
from core.simulator.profiles import get_profile
from gui import menus
from gui.async_tools import pending_tasks
from gui.export_dialog import ExportDialog
from gui.i18n import install_language
from gui.main_window import MainWindow
from gui.services import Services
from gui.tray import Tray
from runner.build import ProviderConfig
from storage.models import Contract, FetchRun
from tests.engine_support import fast_config

# Words of English prose that Portuguese does not use (short Portuguese words such as "a", "o",
# "no", "do", "se", "para", "com" are not in the list, nor words both languages share: "status",
# "log", "total", "online").
ENGLISH_WORDS = (
    "the and of with from for to is are was were be been has have had it its this that these those "
    "there here not yet still only all none any some each every than then when while after before "
    "by at on in into over under about again ago "
    "run runs running started starting finished completed complete failed failure failures fail "
    "cancelled canceled cancel stopped paused resumed "
    "invoice invoices contract contracts customer customers document documents "
    "provider operator key wrong refused denied unavailable available outage down timeout timed "
    "error errors attempt attempts retry retries retried lookup lookups match matched matching "
    "ambiguous divergence pending success successful gave up paid unpaid due open closed "
    "settings preferences file help about shortcuts import export save load show hide details "
    "technical unknown automatic schedule scheduled next last today yesterday hour hours "
    "minute minutes second seconds day days week weeks month months "
    "answer answers answered request requests response slow slowing faster server "
    "loading please wait nothing found no-one nobody"
).split()
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, set(ENGLISH_WORDS)), key=len, reverse=True))
                     + r")(?![\w-])", re.IGNORECASE)
# Not prose: URLs, paths, e-mail addresses, anything with a digit, identifiers with _ or ., codes
NOT_PROSE = re.compile(r"https?://\S+|postgresql://\S+|(?:[A-Za-z]:)?[/\\][\w./\\-]+|\S+@\S+|\S*\d\S*|"
                       r"\b\w+[_.]\w+\b")


TECHNICAL_HEADING = "Detalhes técnicos:"


def plain(text: str) -> str:
    """Rich text as the user reads it."""
    if "<" in text and ">" in text:
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def english_in(text: str, data: Iterable[str]) -> list[str]:
    # the technical detail a tool tip adds after its heading is the user's to ask for, as is
    text = plain(text).split(TECHNICAL_HEADING)[0].replace("&&", "&").replace("&", "")
    for value in data:
        text = text.replace(value, " ")
    text = NOT_PROSE.sub(" ", text)
    return sorted({m.group(1).lower() for m in ENGLISH.finditer(text)})


def technical(widget: QWidget) -> bool:
    """A technical-detail pane, or inside one."""
    w: QWidget | None = widget
    while w is not None:
        if "technical" in w.objectName().lower():
            return True
        w = w.parentWidget()
    return False


def _model_texts(view: QAbstractItemView, rows: int = 60) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for orientation in (Qt.Orientation.Horizontal,):
        for c in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(c, orientation, role)
                if isinstance(value, str):
                    yield value

    def walk(parent: QModelIndex, depth: int) -> Iterator[str]:
        for r in range(min(model.rowCount(parent), rows)):
            for c in range(model.columnCount(parent)):
                index = model.index(r, c, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield value
            if depth < 2:
                yield from walk(model.index(r, 0, parent), depth + 1)

    yield from walk(QModelIndex(), 0)


def texts_of(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of `root` and its children, shown now or on another page."""
    for w in [root, *root.findChildren(QWidget)]:
        if technical(w):
            continue
        where = f"{type(root).__name__} > {type(w).__name__}({w.objectName() or '-'})"
        found: list[str] = [w.toolTip(), w.statusTip(), w.whatsThis()]
        if w.isWindow():
            found.append(w.windowTitle())
        if isinstance(w, QLabel):
            found.append(w.text())
        elif isinstance(w, QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QGroupBox):
            found.append(w.title())
        elif isinstance(w, QLineEdit):
            found += [w.text(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            found += [w.toPlainText(), w.placeholderText()]
        elif isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())] + [w.tabToolTip(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):  # a header: its view's
            found += list(_model_texts(w))
        if isinstance(w, QMenu):
            found += list(menu_texts(w))
        for action in w.actions():
            found += [action.text(), action.toolTip(), action.statusTip()]
        for text in found:
            if text and text.strip():
                yield where, text


def menu_texts(menu: QMenu) -> Iterator[str]:
    for action in menu.actions():
        yield from (action.text(), action.toolTip(), action.statusTip())
        if action.menu() is not None and action.menu() is not menu:
            yield from menu_texts(action.menu())


def data_values() -> list[str]:
    """Values from the store shown as they are (names, plans, hosts, users), longest first."""
    values: set[str] = set()
    for name, plan, number in Contract.select(Contract.customer_name, Contract.plan, Contract.number).tuples():
        values.update(v for v in (name, plan, number) if v)
    for by, host in FetchRun.select(FetchRun.started_by, FetchRun.hostname).tuples():
        values.update(v for v in (host, by, *by.split(":")) if v)
    return sorted(values, key=len, reverse=True)


@pytest.fixture
def portuguese(qapp: QApplication, qloop: Any) -> Iterator[QApplication]:
    assert install_language(qapp, "pt_BR") == "pt_BR"
    try:
        yield qapp
    finally:
        install_language(qapp, "en")


def _run_from_the_window(window: MainWindow, services: Services, wait_until: Callable[..., None]) -> FetchRun:
    before = FetchRun.select().count()
    assert window.live.start_all() is not False
    wait_until(lambda: not services.controller.busy and FetchRun.select().count() > before, timeout=60)
    return FetchRun.select().order_by(FetchRun.id.desc()).get()


def test_every_text_of_every_screen_is_portuguese_after_a_bad_day(portuguese, services: Services, gui_world, qtbot,
                                                                   aio, wait_until, tmp_path) -> None:
    world, server = gui_world
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    aio(window.start())
    good = services.provider_config()

    # A wrong key string: the run stops at once and says so.
    services._provider_config = ProviderConfig(good.url, "0" * len(good.key_string), good.read_timeout)
    wrong_key = _run_from_the_window(window, services, wait_until)
    assert wrong_key.status == RunStatus.FAILED.value
    # The provider down: the run waits out its outage limit and ends unavailable.
    services._provider_config = good
    services._make_config = lambda: fast_config(outage_limit=1.0)  # type: ignore[method-assign]
    server.set_profile(get_profile("outage", latency_median_ms=1, latency_p95_ms=2))
    outage = _run_from_the_window(window, services, wait_until)
    assert outage.status in (RunStatus.FAILED.value, RunStatus.COMPLETED.value)
    server.set_profile(get_profile("instant"))

    def settle() -> None:  # the loads the window started have landed
        wait_until(lambda: not services._throttle.isActive() and not pending_tasks(), timeout=30)

    data = data_values()
    found: dict[str, tuple[str, list[str]]] = {}  # text -> (where first seen, its English words)

    def check(where: str, text: str) -> None:
        words = english_in(text, data)
        if words and text not in found:
            found[text] = (where, words)

    seen: set[str] = set()

    def scan(root: QWidget) -> None:
        for where, text in texts_of(root):
            seen.add(text)
            check(where, text)

    # Every tab, with the first row of its lists selected so the detail panes show.
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        tab = window.tabs.widget(i)
        aio(window.refresh_tab(i, force=True))
        for view in tab.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None and model.rowCount() and view.isVisible():
                view.setCurrentIndex(model.index(0, 0))
        settle()
        scan(tab)
    scan(window)  # menus, status bar, toolbar

    # Every dialog the menus open, and every page of Preferences.
    for opener in (menus.open_import, menus.open_first_run, menus.open_shortcuts):
        dialog = opener(window)
        assert isinstance(dialog, QDialog)
        settle()
        scan(dialog)
        dialog.close()
    about = menus.open_about(window)
    if isinstance(about, QWidget):
        scan(about)
        about.close()
    settings = window.open_settings()
    settle()
    scan(settings)
    settings.close()
    exports = window.exports
    for job in (exports.problems_job(), exports.runs_job(), exports.performance_job(), exports.collection_job(),
                exports.error_groups_job(), exports.slowest_job(), exports.cohorts_job()):
        dialog = ExportDialog(job, "05/12/2026", window)
        scan(dialog)
        dialog.close()
    tray = window.tray or Tray(window)  # no tray host offscreen: the same menu, not shown
    tray.set_next_run(services.now())
    for text in menu_texts(tray.menu):
        check("tray menu", text)

    # The scan reached what it is meant to read: the lists' rows, the details, the dialogs.
    assert len(seen) > 400, len(seen)
    for expected in ("Problemas", "Testar conexão", "Importar contratos", "Atalhos de teclado"):
        assert any(expected in plain(text) for text in seen), expected
    report = "\n".join(f"{where}: {text[:200]!r} -> {words}" for text, (where, words) in sorted(found.items()))
    assert not found, f"{len(found)} English text(s) in pt-BR:\n{report}"


def test_the_word_check_tells_english_prose_from_portuguese_and_data() -> None:
    data = ["Maria Fernanda", "app", "root"]
    assert english_in("Run 3 stopped: the provider was unavailable.", data) == [
        "provider", "run", "stopped", "the", "unavailable", "was"]
    assert english_in("<b>Matched</b> with divergence", data) == ["divergence", "matched", "with"]
    assert english_in("Execução nº 3 interrompida: a operadora não respondeu por 120 s.", data) == []
    assert english_in("Última busca por: Manual · Maria Fernanda · app:root", data) == []
    assert english_in("Arquivo salvo em /tmp/run_log/the-file.csv (https://example.com/the/error)", data) == []
    assert english_in("&Arquivo", data) == [] and english_in("&File", data) == ["file"]
    assert english_in("A consulta falhou.\n\nDetalhes técnicos: server error (HTTP 500)", data) == []
    assert english_in("The lookup failed.\n\nDetalhes técnicos: x", data) == ["failed", "lookup", "the"]
