"""The Live tab: start a fetch (all pending, one cohort, the selected invoices), watch the
running run (progress, figures, counters, chart, log) and cancel it; when idle, the last
finished run, the schedule, what is waiting and the open alerts.

Snapshots from the run controller update the progress panel directly (cheap, no queries);
the status column reloads only through `refresh()`, which the main window calls when the
data changed (at most every ~1.5 s while a run goes).

Runs going elsewhere (the tray, cron, another desktop or machine on the same store) are found
by polling the store once a second while the tab is on screen, off the GUI thread: they are
listed with who started them and where, and the chosen one (the newest by default) shows in
the progress panel from the snapshots it publishes. Cancel asks it, through the store, to stop
at its next heartbeat. A run started in this window is always the one shown while it goes.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.domain import FetchOrigin, RunStatus
from core.engine import ProgressSnapshot
from core.process import this_host
from gui.async_tools import SerialLoad, launch
from gui.live_going import GoingRunsPanel
from gui.live_idle import IdlePanel, LivePanelData, load_live_panel
from gui.live_progress import ProgressPanel
from gui.message_text import log_line_text
from gui.run_start import start_run
from gui.runs_look import wrap_log
from gui.services import Services
from runner.build import current_user
from storage.alerts import acknowledge_alert
from storage.live_runs import going_runs, request_cancel, run_snapshot

log = logging.getLogger(__name__)

POLL_MS = 1000  # how often the tab looks for runs going in the store


class LiveTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._loader = SerialLoad(self._load)
        self._going_loader = SerialLoad(self._poll_store)
        self.data: LivePanelData | None = None
        self.watched: int | None = None  # the run from the store the progress panel shows
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(lambda: launch(self.poll_store()))
        # -- start controls
        self.btn_all = QPushButton(self.tr("Fetch all pending"), self)
        self.btn_all.setToolTip(self.tr("Fetch every invoice that is due to be looked at (Ctrl+R)."))
        self.cohort = QComboBox(self)
        self.cohort.setMinimumContentsLength(8)
        self.cohort.setToolTip(self.tr("Cohort (safra): the month the contracts were installed."))
        self.btn_cohort = QPushButton(self.tr("Fetch cohort"), self)
        self.btn_cohort.setToolTip(self.tr("Fetch the pending invoices of the chosen cohort."))
        self.btn_selection = QPushButton(self)
        self.btn_selection.setToolTip(self.tr("Fetch the invoices selected in the Invoices tab now."))
        self.btn_cancel = QPushButton(self.tr("Cancel"), self)
        self.btn_cancel.setToolTip(self.tr("Stop the running fetch; what was fetched so far is kept (Ctrl+.)."))
        controls = QHBoxLayout()
        controls.addWidget(self.btn_all)
        controls.addSpacing(16)
        controls.addWidget(QLabel(self.tr("Cohort:"), self))
        controls.addWidget(self.cohort)
        controls.addWidget(self.btn_cohort)
        controls.addSpacing(16)
        controls.addWidget(self.btn_selection)
        controls.addStretch(1)
        controls.addWidget(self.btn_cancel)
        # -- run area (empty state until a run is seen) and status column
        self.stack = QStackedWidget(self)
        self.empty = QWidget(self.stack)
        hint = QLabel(self.tr("No run is going. Start one with the buttons above; its progress, a live chart "
                              "and its log will show here."), self.empty)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # the palette's disabled text: a quiet placeholder
        self.last_log_title = QLabel(self.empty)
        self.last_log = QPlainTextEdit(self.empty)
        self.last_log.setReadOnly(True)
        wrap_log(self.last_log)
        self.last_log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_layout.addWidget(hint)
        empty_layout.addSpacing(8)
        empty_layout.addWidget(self.last_log_title)
        empty_layout.addWidget(self.last_log, 1)
        self.progress = ProgressPanel(self.stack)
        self.going = GoingRunsPanel(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.progress)
        self.idle = IdlePanel(self)
        # The side panel scrolls rather than squeeze its wrapped texts when the window is short
        # (a run going adds the list of runs above it).
        side = QScrollArea(self)
        side.setWidget(self.idle)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setMinimumWidth(360)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.stack)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.going)
        layout.addWidget(split, 1)
        self._wire()
        self._on_selection(services.selection)
        self._update_buttons()
        latest = services.controller.latest()
        if latest is not None:
            self._on_progress(latest)

    def _wire(self) -> None:
        s, c = self.services, self.services.controller
        self.btn_all.clicked.connect(self.start_all)
        self.btn_cohort.clicked.connect(self.start_cohort)
        self.btn_selection.clicked.connect(self.start_selection)
        self.btn_cancel.clicked.connect(self.cancel)
        self.cohort.currentIndexChanged.connect(lambda _i: self._update_buttons())
        s.selectionChanged.connect(self._on_selection)
        c.runStarted.connect(self._on_run_started)
        c.progress.connect(self._on_progress)
        c.busyChanged.connect(lambda _busy: self._update_buttons())
        c.runFailed.connect(self.progress.failed)
        self.idle.acknowledgeRequested.connect(lambda ids: launch(self.acknowledge(ids)))
        self.going.runChosen.connect(self._watch)

    # -- starting and cancelling -----------------------------------------------------------------
    def start_all(self) -> bool:
        return self._start(FetchOrigin.MANUAL)

    def start_cohort(self) -> bool:
        cohort = self.cohort.currentData()
        if not cohort:
            return False
        return self._start(FetchOrigin.COHORT, cohort=str(cohort))

    def start_selection(self) -> bool:
        ids = tuple(self.services.selection)
        if not ids:
            return False
        return self._start(FetchOrigin.INDIVIDUAL, invoice_ids=ids)

    def _start(self, origin: FetchOrigin, **kwargs: Any) -> bool:
        return start_run(self, self.services, origin, **kwargs)

    def cancel(self) -> None:
        if not self.services.controller.busy:
            if self._watched_going():
                launch(self.cancel_watched())
            return
        self.services.controller.cancel()
        self.btn_cancel.setEnabled(False)
        self.services.statusMessage.emit(
            self.tr("Cancelling: lookups in flight are discarded; what was fetched is kept."), 5000)

    async def cancel_watched(self) -> bool:
        """Ask the run shown from the store to cancel; it stops at its next heartbeat."""
        run_id = self.watched
        if run_id is None:
            return False
        self.btn_cancel.setEnabled(False)
        who = f"app:{current_user()}@{this_host()}"
        asked = await self.services.query(request_cancel, run_id, who, self.services.now())
        self.services.statusMessage.emit(
            self.tr("Cancel asked: run #%1 stops within a few seconds; what it fetched is kept.")
            .replace("%1", str(run_id)) if asked
            else self.tr("Run #%1 is not going any more.").replace("%1", str(run_id)), 8000)
        await self.poll_store()
        return asked

    # -- runs going in the store -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._poll.start()
        launch(self.poll_store())

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self._poll.stop()
        super().hideEvent(event)

    async def poll_store(self) -> None:
        """Look for runs going in the store (one query in flight at most)."""
        await self._going_loader.request()

    async def _poll_store(self) -> None:
        runs = await self.services.query(going_runs)
        local = self.services.controller.latest()
        here = local.run_id if local is not None and self.services.controller.busy else None
        ids = {r.run_id for r in runs}
        if here is None:
            if self.watched is not None and self.watched not in ids:
                await self._show_final(self.watched)
            if self.watched is None and runs:
                self.watched = runs[0].run_id
        self.going.show_runs(runs, here or self.watched, here)
        shown = self.going.run(self.watched)
        if here is None and shown is not None and shown.snapshot is not None:
            self._on_progress(shown.snapshot)
        self._update_buttons()

    async def _show_final(self, run_id: int) -> None:
        """A run watched from the store ended: its last snapshot with its final status."""
        self.watched = None
        snapshot, status, message = await self.services.query(run_snapshot, run_id)
        if snapshot is not None and status and status != RunStatus.RUNNING.value:
            self._on_progress(dataclasses.replace(snapshot, status=RunStatus(status), message=message,
                                                  eta_seconds=0.0, phase="finished"))
        self.services.dataChanged.emit()  # what it wrote shows on every screen

    def _watch(self, run_id: int) -> None:
        if self.services.controller.busy:
            return  # the run started here is the one shown while it goes
        self.watched = run_id
        shown = self.going.run(run_id)
        if shown is not None and shown.snapshot is not None:
            self._on_progress(shown.snapshot)
        self._update_buttons()

    def _watched_going(self) -> bool:
        run = self.going.run(self.watched)
        return run is not None and run.cancel_requested_by is None

    # -- controller events -----------------------------------------------------------------------
    def _on_run_started(self, _request: object) -> None:
        self.progress.starting()
        self.stack.setCurrentWidget(self.progress)

    def _on_progress(self, snapshot: ProgressSnapshot) -> None:
        if self.stack.currentWidget() is not self.progress:
            self.stack.setCurrentWidget(self.progress)
        self.progress.show_snapshot(snapshot)

    def _on_selection(self, ids: object) -> None:
        count = len(ids) if isinstance(ids, tuple | list) else 0
        self.btn_selection.setText(self.tr("Fetch selection (%1)").replace("%1", str(count)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.services.controller.busy
        self.btn_all.setEnabled(not busy)
        self.btn_cohort.setEnabled(not busy and bool(self.cohort.currentData()))
        self.cohort.setEnabled(self.cohort.count() > 0)
        self.btn_selection.setEnabled(not busy and bool(self.services.selection))
        self.btn_cancel.setEnabled(busy or self._watched_going())

    # -- status column ---------------------------------------------------------------------------
    async def refresh(self) -> None:
        await self._loader.request()

    async def _load(self) -> None:
        data = await self.services.query(load_live_panel, self.services.now(), self.services.tz)
        self.data = data
        self._set_cohorts(data.cohorts)
        self.idle.show_data(data, running_here=self.services.controller.busy)
        last = data.status.last_finished
        self.last_log_title.setVisible(last is not None)
        self.last_log.setVisible(last is not None)
        if last is not None:
            self.last_log_title.setText(self.tr("Log of the last run (#%1):").replace("%1", str(last.id)))
            text = "\n".join(log_line_text(line) for line in data.last_log)
            if text != self.last_log.toPlainText():
                self.last_log.setPlainText(text)
                bar = self.last_log.verticalScrollBar()
                bar.setValue(bar.maximum())  # the end of a run's log says how it ended
        self._update_buttons()

    def _set_cohorts(self, cohorts: tuple[str, ...]) -> None:
        current = [self.cohort.itemData(i) for i in range(self.cohort.count())]
        if current == list(cohorts):
            return
        chosen = self.cohort.currentData()
        self.cohort.blockSignals(True)
        self.cohort.clear()
        for cohort in cohorts:
            self.cohort.addItem(cohort, cohort)
        index = self.cohort.findData(chosen) if chosen else -1
        self.cohort.setCurrentIndex(index if index >= 0 else 0 if cohorts else -1)
        self.cohort.blockSignals(False)

    async def acknowledge(self, alert_ids: tuple[int, ...]) -> None:
        who = f"app:{current_user()}"
        for alert_id in alert_ids:
            await self.services.query(acknowledge_alert, alert_id, who, self.services.now())
        self.services.statusMessage.emit(
            self.tr("%n alert(s) acknowledged.", "", len(alert_ids)), 5000)
        await self.refresh()

