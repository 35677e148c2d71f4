"""The main window: five tabs, menus and shortcuts, status bar, tray and schedule.

Startup: the window (menus, tab bar, status bar) is shown at once with a placeholder in each
tab; the tabs themselves (charts, tables, and the modules they import) are built in `start()`
while the settings load, so the first paint does not wait for pyqtgraph or numpy.

Refreshing: when the data changes (a run progressed or ended) only the visible tab reloads;
the others are marked stale and reload when shown. A tab never has two reloads in flight.
"""

from __future__ import annotations

import gc
import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from core.domain import FetchOrigin
from gui import formatting as fmt
from gui import menus
from gui.async_tools import SerialLoad, launch
from gui.export_actions import install_export_actions
from gui.icons import app_icon
from gui.labels import nothing_message, run_message
from gui.message_text import message_text
from gui.run_start import start_run
from gui.services import Services

if TYPE_CHECKING:
    from core.engine.run_types import RunResult
    from gui.scheduler import Scheduler
    from gui.tray import Tray

log = logging.getLogger(__name__)

SETTINGS_ORG = "faturas-monitor"


# While a run goes, how often a visible tab reloads from the store at most (seconds); the Runs
# tab follows every batch the run writes (services.DATA_CHANGED_INTERVAL_MS). The history, the
# problem lists, the contracts and the Live tab's side panel change little from one batch to the
# next, and reloading them (a chart, a thousand-row list) takes the GUI thread for tens of
# milliseconds each time; they reload at once when the run ends or when the user opens them. The
# run's own progress on the Live tab comes from the engine's snapshots, not from these reloads.
RUN_RELOAD_SECONDS = {"live": 5.0, "performance": 10.0, "problems": 5.0, "invoices": 5.0}


class _TabState:
    def __init__(self, widget: Any, name: str) -> None:
        self.widget = widget
        self.name = name
        self.stale = True
        self.load = SerialLoad(widget.refresh)
        self.loaded_at = float("-inf")  # monotonic time of its last reload


class MainWindow(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Faturas Monitor — demo") if services.demo else self.tr("Faturas Monitor"))
        self.setWindowIcon(app_icon())
        self.resize(1280, 820)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.live: Any = None
        self.performance: Any = None
        self.runs: Any = None
        self.problems: Any = None
        self.invoices: Any = None
        self._pages: list[QVBoxLayout] = []  # each tab page's layout: a placeholder until built
        self._states: list[_TabState] = []
        self._deferred_reload = QTimer(self)  # the visible tab's next reload while a run goes
        self._deferred_reload.setSingleShot(True)
        self._deferred_reload.timeout.connect(lambda: self.refresh_current())
        for title in self._tab_titles():
            page = QWidget(self.tabs)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            loading = QLabel(self.tr("Loading…"), page)
            loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(loading)
            self.tabs.addTab(page, title)
            self._pages.append(layout)
        self.setCentralWidget(self.tabs)
        self.scheduler: Scheduler | None = None  # made in start(), after the first paint
        self.tray: Tray | None = None
        self._quitting = False
        self._closed = False
        self.first_run: Any = None  # the checklist, when it opened at start
        self._no_questions = False
        self._build_menus()
        self.exports = install_export_actions(self)  # File › Export…, and each list's "Export…"
        self._build_status_bar()
        self._wire()
        self._restore()

    # -- construction ---------------------------------------------------------------------------
    def _tab_titles(self) -> tuple[str, ...]:
        return (self.tr("Live"), self.tr("Performance"), self.tr("Runs"), self.tr("Problems"), self.tr("Invoices"))

    def build_tabs(self) -> None:
        """Build the five tabs into their pages (once)."""
        if self._states:
            return
        from gui.tabs.invoices_tab import InvoicesTab
        from gui.tabs.live_tab import LiveTab
        from gui.tabs.performance_tab import PerformanceTab
        from gui.tabs.problems_tab import ProblemsTab
        from gui.tabs.runs_tab import RunsTab

        s = self.services
        self.live = LiveTab(s, self)
        self.performance = PerformanceTab(s, self)
        self.runs = RunsTab(s, self)
        self.problems = ProblemsTab(s, self)
        self.invoices = InvoicesTab(s, self)
        tabs = {"live": self.live, "performance": self.performance, "runs": self.runs, "problems": self.problems,
                "invoices": self.invoices}
        for layout, (name, widget) in zip(self._pages, tabs.items(), strict=True):
            while (item := layout.takeAt(0)) is not None:
                placeholder = item.widget()
                if placeholder is not None:
                    placeholder.deleteLater()
            layout.addWidget(widget)
            self._states.append(_TabState(widget, name))
        self.exports.attach_lists()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = menus.add_file_menu(self)
        self.act_quit = self.file_menu.quit
        run_menu = bar.addMenu(self.tr("&Run"))
        self.act_start = QAction(self.tr("&Fetch all pending"), self)
        self.act_start.setShortcut(QKeySequence("Ctrl+R"))
        self.act_cancel = QAction(self.tr("&Cancel run"), self)
        self.act_cancel.setShortcut(QKeySequence("Ctrl+."))
        self.act_cancel.setEnabled(False)
        run_menu.addAction(self.act_start)
        run_menu.addAction(self.act_cancel)
        run_menu.addSeparator()
        # Pausing the schedule (also in the tray menu, kept in step): shown paused everywhere
        self.act_pause = QAction(self.tr("&Pause schedule"), self)
        self.act_pause.setCheckable(True)
        self.act_pause.toggled.connect(self._set_schedule_paused)
        run_menu.addAction(self.act_pause)
        view_menu = bar.addMenu(self.tr("&View"))
        self.act_refresh = QAction(self.tr("&Refresh"), self)
        self.act_refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        view_menu.addAction(self.act_refresh)
        for i, title in enumerate(self._tab_titles()):
            act = QAction(title, self)
            act.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            act.triggered.connect(lambda _=False, i=i: self.tabs.setCurrentIndex(i))
            view_menu.addAction(act)
        app_menu = bar.addMenu(self.tr("&Settings"))
        self.act_settings = QAction(self.tr("&Preferences…"), self)
        self.act_settings.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        app_menu.addAction(self.act_settings)
        self.help_menu = menus.add_help_menu(self)

    def _build_status_bar(self) -> None:
        self.lbl_db = QLabel(self)
        self.lbl_db.setText(self.tr("Database: %1").replace("%1", _short(self.services.db_shown)))
        self.lbl_db.setToolTip(self.services.db_shown)
        self.lbl_next = QLabel(self)
        self.statusBar().addWidget(self.lbl_db, 1)
        self.statusBar().addPermanentWidget(self.lbl_next)

    def _wire(self) -> None:
        s = self.services
        self.act_start.triggered.connect(self.start_all)
        self.act_cancel.triggered.connect(s.controller.cancel)
        self.act_refresh.triggered.connect(lambda: self.refresh_current(force=True))
        self.act_settings.triggered.connect(lambda: self.open_settings())
        self.tabs.currentChanged.connect(lambda _i: self.refresh_current())
        s.dataChanged.connect(self._on_data_changed)
        s.statusMessage.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        s.controller.busyChanged.connect(self._on_busy)
        s.controller.runFinished.connect(self._on_run_finished)
        s.controller.runFailed.connect(self._on_run_failed)
        s.showInvoiceRequested.connect(self._show_invoice)
        s.showContractRequested.connect(self._show_contract)
        s.preferencesRequested.connect(self.open_settings)

    def show_tab(self, widget: QWidget) -> int:
        """Make the tab holding `widget` current; returns its index (-1 if it is not a tab)."""
        for index, state in enumerate(self._states):
            if state.widget is widget:
                self.tabs.setCurrentIndex(index)
                return index
        return -1

    def _build_schedule_and_tray(self) -> None:
        if self.scheduler is not None:
            return
        from gui.scheduler import Scheduler
        from gui.tray import Tray

        self.scheduler = Scheduler(self.services, self)
        self.tray = Tray(self)
        self.scheduler.nextRunChanged.connect(self._on_next_run)
        self.tray.openRequested.connect(self.bring_to_front)
        self.tray.runRequested.connect(self.start_all)
        self.tray.pauseToggled.connect(self._set_schedule_paused)
        self.tray.quitRequested.connect(self.quit)
        self.scheduler.missedRun.connect(self._on_missed_run)

    # -- persistence ----------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(SETTINGS_ORG, "main-window")

    def _restore(self) -> None:
        st = self._settings()
        geometry = st.value("geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        try:
            index = int(st.value("tab", 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def save_state(self) -> None:
        st = self._settings()
        st.setValue("geometry", self.saveGeometry())
        st.setValue("tab", self.tabs.currentIndex())
        st.sync()

    # -- start ----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Open the database, load settings, build the tabs, arm the schedule, show the tray,
        fill the first tab. The window is already on screen while this runs."""
        self.statusBar().showMessage(self.tr("Opening the database…"))
        await self.services.open_database()
        self.statusBar().clearMessage()
        await self.services.load_settings()
        self.build_tabs()
        self._build_schedule_and_tray()
        assert self.scheduler is not None and self.tray is not None
        self.scheduler.rearm()
        self.tray.show()
        # What exists now (modules, widgets) lives as long as the app: keep it out of the
        # collector's way, so later collections are short and do not stall the window.
        gc.freeze()
        await self.scheduler.check_missed()
        await self.refresh_tab(self.tabs.currentIndex(), force=True)
        self.first_run = await menus.first_run_at_start(self)

    # -- refreshing -----------------------------------------------------------------------------
    def _on_data_changed(self) -> None:
        if not self._states:
            return
        for state in self._states:
            state.stale = True
        wait = self._run_reload_wait(self.tabs.currentIndex())
        if wait > 0:  # a run goes and this tab reloaded recently: once its interval is up
            if not self._deferred_reload.isActive():
                self._deferred_reload.start(max(1, int(wait * 1000)))
            return
        self.refresh_current()

    def _run_reload_wait(self, index: int) -> float:
        """Seconds before the tab may reload again while a run goes (0: now)."""
        interval = RUN_RELOAD_SECONDS.get(self._states[index].name)
        if interval is None or not self.services.controller.busy:
            return 0.0
        return max(0.0, interval - (time.monotonic() - self._states[index].loaded_at))

    def refresh_current(self, force: bool = False) -> None:
        if self._states and not self._closed:
            launch(self.refresh_tab(self.tabs.currentIndex(), force=force))

    async def refresh_tab(self, index: int, force: bool = False) -> None:
        """Reload a tab if it is stale (or forced); returns once it shows current data. A reload
        asked for while one runs joins the next one: never two in flight."""
        state = self._states[index]
        if not (state.stale or force):
            return
        state.stale = False
        state.loaded_at = time.monotonic()
        try:
            await state.load.request()
        except Exception as exc:
            log.exception("refreshing tab %d failed", index)
            self.statusBar().showMessage(self.tr("Could not load: %1").replace("%1", str(exc)), 10_000)

    async def tab_settled(self, index: int) -> None:
        """Return once the tab has no reload in flight (it shows the data last asked for)."""
        if self._states:
            await self._states[index].load.settled()

    # -- runs -----------------------------------------------------------------------------------
    @Slot()
    def start_all(self) -> None:
        self.start_request(FetchOrigin.MANUAL)

    def start_request(self, origin: FetchOrigin, **kwargs: Any) -> bool:
        return start_run(self, self.services, origin, **kwargs)

    def _on_busy(self, busy: bool) -> None:
        self.act_start.setEnabled(not busy)
        self.act_cancel.setEnabled(busy)
        if self.tray is not None:
            self.tray.set_busy(busy)

    def _on_run_finished(self, result: RunResult) -> None:
        if result.nothing is not None:  # no run was made: say why
            self.statusBar().showMessage(nothing_message(result.nothing), 15_000)
            if self.scheduler is not None:
                self.scheduler.rearm()
            return
        threshold = float(self.services.settings.get("alert_error_share", 0.10))
        if self.tray is not None:
            self.tray.notify_run(result, threshold)
        self.statusBar().showMessage(
            self.tr("Run %1 finished: %2").replace("%1", str(result.run_id)).replace("%2", run_message(result)), 15_000)
        if self.scheduler is not None:
            self.scheduler.rearm()

    def _on_run_failed(self, error: str) -> None:
        QMessageBox.critical(self, self.tr("Run failed"), message_text(error))

    def _set_schedule_paused(self, paused: bool) -> None:
        """Pause or resume the schedule, from the Run menu or the tray: both show it, and so do the
        status bar and the Live tab."""
        for act in (self.act_pause, getattr(self.tray, "act_pause", None)):
            if act is not None and act.isChecked() != paused:
                act.blockSignals(True)
                act.setChecked(paused)
                act.blockSignals(False)
        self.act_pause.setText(self.tr("Resume schedule") if paused else self.tr("&Pause schedule"))
        if self.tray is not None:
            self.tray.act_pause.setText(self.tr("Resume schedule") if paused else self.tr("Pause schedule"))
        self.live.idle.set_paused(paused)
        if self.scheduler is not None:
            self.scheduler.set_paused(paused)  # re-arms and says the next run (none while paused)

    def _on_next_run(self, when: Any) -> None:
        paused = self.scheduler is not None and self.scheduler.paused
        text = self.tr("paused") if paused else (fmt.when(when) if when else self.tr("not scheduled"))
        self.lbl_next.setText(self.tr("Next automatic run: %1").replace("%1", text))
        if self.tray is not None:
            self.tray.set_next_run(when)

    def _on_missed_run(self, _message: str) -> None:
        if self.tray is not None:
            self.tray.notify(self.tr("A scheduled run did not start (was the computer off?). See the open alerts."))
        self.services.dataChanged.emit()

    def _show_invoice(self, invoice_id: int) -> None:
        if self.problems is None:
            return
        self.show_tab(self.problems)
        show = getattr(self.problems, "show_invoice", None)
        if show is not None:
            launch(show(invoice_id))

    def _show_contract(self, contract_id: int, invoice_id: int) -> None:
        if self.invoices is None:
            return
        self.show_tab(self.invoices)
        launch(self.invoices.open_contract(contract_id, invoice_id or None))

    # -- settings -------------------------------------------------------------------------------
    def open_settings(self, page: int = 0) -> Any:
        from gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self)
        dialog.show_page(page)
        dialog.open()
        return dialog

    # -- window life ----------------------------------------------------------------------------
    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        self._quitting = True
        self.close()

    def quit_now(self) -> None:
        """Quit without asking (Ctrl+C in the terminal): a run going is cancelled first."""
        self._no_questions = True
        self.quit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        in_tray = self.tray is not None and self.tray.available()
        if not self._quitting and in_tray and self.scheduler is not None and self.scheduler.enabled:
            # Keep running in the tray so the schedule still fires.
            self.save_state()
            self.hide()
            assert self.tray is not None
            self.tray.notify(self.tr("Faturas Monitor keeps running in the tray for the schedule."))
            event.ignore()
            return
        if self.services.controller.busy and not self._no_questions:
            answer = QMessageBox.question(
                self, self.tr("A run is going"),
                self.tr("Cancel the running fetch and quit? What was fetched so far is kept."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._quitting = False
                event.ignore()
                return
        self._closed = True  # the run's end, told while we wait for it, reloads nothing now
        if self.services.controller.busy:
            self.services.controller.cancel()
            self.services.controller.wait(15)
        self.save_state()
        event.accept()
        QApplication.quit()


def _short(location: str) -> str:
    return location if len(location) <= 60 else "…" + location[-58:]



