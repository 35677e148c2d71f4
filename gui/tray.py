"""The system tray: status icon, run now, next run, pause schedule, notifications.

Notifications: a run that ends with an error share over the alert threshold, a run that
failed (provider unavailable), and new alerts (performance degraded, persistent errors).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from core.alert_rules import MIN_SAMPLE_LOOKUPS, error_share, error_share_exceeds
from core.domain import FetchOrigin, RunStatus
from gui import formatting as fmt
from gui.icons import app_icon, status_icon
from gui.labels import run_message

if TYPE_CHECKING:
    from core.engine.run_types import RunResult


class Tray(QObject):
    openRequested = Signal()  # noqa: N815
    runRequested = Signal()  # noqa: N815
    pauseToggled = Signal(bool)  # noqa: N815
    quitRequested = Signal()  # noqa: N815

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        menu = QMenu()
        self.menu = menu
        self.act_open = QAction(self.tr("Open Faturas Monitor"), menu)
        self.act_run = QAction(self.tr("Run now"), menu)
        self.act_next = QAction(self.tr("Next run: —"), menu)
        self.act_next.setEnabled(False)
        self.act_pause = QAction(self.tr("Pause schedule"), menu)
        self.act_pause.setCheckable(True)
        self.act_quit = QAction(self.tr("Quit"), menu)
        for act in (self.act_open, self.act_run, self.act_next, self.act_pause):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_quit)
        self.icon.setContextMenu(menu)
        self.icon.setToolTip("Faturas Monitor")
        self.act_open.triggered.connect(self.openRequested)
        self.act_run.triggered.connect(self.runRequested)
        self.act_pause.toggled.connect(self.pauseToggled)
        self.act_quit.triggered.connect(self.quitRequested)
        self.icon.activated.connect(self._activated)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if self.available():
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.openRequested.emit()

    def set_next_run(self, when: datetime | None) -> None:
        text = fmt.when(when) if when else self.tr("not scheduled")
        self.act_next.setText(self.tr("Next run: %1").replace("%1", text))

    def set_busy(self, busy: bool) -> None:
        self.act_run.setEnabled(not busy)
        self.icon.setIcon(status_icon("running") if busy else app_icon())
        self.icon.setToolTip(self.tr("Faturas Monitor — fetching…") if busy else "Faturas Monitor")

    def notify_run(self, result: RunResult, error_threshold: float) -> str | None:
        """Notify when a run needs attention; returns the text shown (None if quiet)."""
        c = result.counters
        share = error_share(c.errors, c.gave_up, c.processed)
        text = None
        if result.nothing is not None or (result.origin is not FetchOrigin.AUTOMATIC
                                          and result.planned_invoices < MIN_SAMPLE_LOOKUPS):
            return None  # nothing ran, or the user ran a handful of invoices from the window: no balloon
        if result.status is RunStatus.FAILED:
            text = self.tr("Run %1 failed: %2").replace("%1", str(result.run_id)).replace("%2", run_message(result))
            level = QSystemTrayIcon.MessageIcon.Critical
        elif error_share_exceeds(share, error_threshold):
            text = (self.tr("Run %1 ended with %2 errors (%3)")
                    .replace("%1", str(result.run_id)).replace("%2", str(c.errors + c.gave_up))
                    .replace("%3", fmt.percent(share)))
            level = QSystemTrayIcon.MessageIcon.Warning
        if text is not None and self.available():
            self.icon.setIcon(status_icon("error"))
            self.icon.showMessage("Faturas Monitor", text, level, 10_000)
        return text

    def notify(self, text: str) -> None:
        if self.available():
            self.icon.showMessage("Faturas Monitor", text, QSystemTrayIcon.MessageIcon.Warning, 10_000)


__all__ = ["Tray"]
