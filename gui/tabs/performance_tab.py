"""The Performance tab: what the manager reads — stat cards, the daily chart, performance by
origin, the slowest lookups and the cohort comparison, over a window of 7, 30 or 90 days.

One refresh is one off-thread `dashboard_refresh` (every figure of the screen in one read
transaction) plus one `compare_cohorts` for the side-by-side. Refreshes never overlap: a
single worker task loads, and a request made while it loads makes it load once more; every
caller awaits the data it asked for. Nothing redraws between refreshes.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import formatting as fmt
from gui.async_tools import launch
from gui.charts import DailyChart
from gui.performance_cards import PerformanceCards
from gui.performance_compare import CohortCompare
from gui.performance_tables import cohort_columns, make_table, origin_columns, slowest_columns
from gui.services import Services
from gui.table_model import RecordTableModel
from storage.analytics import (
    CohortFigures,
    CohortPair,
    DashboardSnapshot,
    OriginPerformance,
    SlowInvoice,
    compare_cohorts,
    dashboard_refresh,
)
from storage.analytics.waiting import WaitingCounts, waiting_counts

log = logging.getLogger(__name__)

DAY_CHOICES = (7, 30, 90)
DEFAULT_DAYS = 30


def dashboard_and_waiting(now: datetime, tz: tzinfo, days: int) -> tuple[DashboardSnapshot, WaitingCounts]:
    """One worker call: the dashboard and what waits to be fetched (its own index count)."""
    return dashboard_refresh(now, tz, days), waiting_counts(now.astimezone(tz).date())


class PerformanceTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.days = DEFAULT_DAYS  # remembered while the app runs (the tab lives as long as the window)
        self.snapshot: DashboardSnapshot | None = None
        self.pair: CohortPair | None = None
        self.queries = 0  # dashboard_refresh calls made (tests check that a window change re-queries)
        self._task: asyncio.Future[None] | None = None
        self._want = self._want_full = False

        self.day_buttons: dict[int, QPushButton] = {}
        self.day_group = QButtonGroup(self)
        self.day_group.setExclusive(True)
        self.window_label = QLabel(self)
        self.window_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.updated_label = QLabel(self)
        self.export_button = QPushButton(self.tr("Export chart as PNG…"), self)
        self.export_button.setToolTip(self.tr("Save an image of the daily chart, to paste into a report."))
        self.cards = PerformanceCards(self)
        self.chart = DailyChart(self)
        self.origin_model: RecordTableModel[OriginPerformance] = RecordTableModel(origin_columns(), self)
        self.slowest_model: RecordTableModel[SlowInvoice] = RecordTableModel(slowest_columns(), self)
        self.cohort_model: RecordTableModel[CohortFigures] = RecordTableModel(cohort_columns(), self)
        self.origin_view = make_table(self.origin_model, self, stretch_last=False)
        self.slowest_view = make_table(self.slowest_model, self)
        self.cohort_view = make_table(self.cohort_model, self, stretch_last=False)
        self.compare = CohortCompare(self)
        self.origin_note, self.slowest_note, self.cohort_note = QLabel(self), QLabel(self), QLabel(self)
        self._build()
        self._wire()

    # -- construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Window:"), self))
        segments = QHBoxLayout()
        segments.setSpacing(0)
        segment_style = ("QPushButton { padding: 3px 12px; }"
                         "QPushButton:checked { background-color: palette(highlight); color: palette(highlighted-text);"
                         " border: 1px solid palette(highlight); }")
        for days in DAY_CHOICES:
            button = QPushButton(self.tr("%1 days").replace("%1", fmt.number(days)), self)
            button.setCheckable(True)
            button.setStyleSheet(segment_style)
            button.setChecked(days == self.days)
            button.setToolTip(self.tr("Show the last %1 days, today included.").replace("%1", fmt.number(days)))
            self.day_group.addButton(button, days)
            self.day_buttons[days] = button
            segments.addWidget(button)
        top.addLayout(segments)
        top.addSpacing(12)
        top.addWidget(self.window_label, 1)
        top.addWidget(self.updated_label)
        top.addWidget(self.export_button)

        self.slowest_view.setToolTip(self.tr("Double-click a row to open the invoice's attempt history."))
        bottom_left = QTabWidget(self)
        bottom_left.setDocumentMode(True)
        bottom_left.addTab(_page(self.slowest_view, self.slowest_note), self.tr("Slowest invoices"))
        bottom_left.addTab(_page(self.origin_view, self.origin_note), self.tr("By origin"))
        bottom_right = QTabWidget(self)
        bottom_right.setDocumentMode(True)
        bottom_right.addTab(_page(self.cohort_view, self.cohort_note), self.tr("Cohorts"))
        bottom_right.addTab(self.compare, self.tr("Compare two cohorts"))
        self.bottom_left, self.bottom_right = bottom_left, bottom_right
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(bottom_left)
        bottom.addWidget(bottom_right)
        bottom.setChildrenCollapsible(False)
        bottom.setStretchFactor(0, 11)
        bottom.setStretchFactor(1, 9)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(bottom)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        for note in (self.origin_note, self.slowest_note, self.cohort_note):
            note.setWordWrap(True)
            small = QFont(note.font())
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
            note.setFont(small)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cards)
        layout.addWidget(self.splitter, 1)

    def _wire(self) -> None:
        self.day_group.idClicked.connect(self._on_days_clicked)
        self.export_button.clicked.connect(self.export_chart)
        self.slowest_view.doubleClicked.connect(self._on_slowest_double_clicked)
        self.compare.pairRequested.connect(lambda _l, _r: self._launch(full=False))

    # -- loading ---------------------------------------------------------------------------------
    async def refresh(self) -> None:
        """Reload every figure (off the GUI thread); returns when the data shown is fresh."""
        await self._request(full=True)

    async def set_days(self, days: int) -> None:
        """Show a window of `days` days (7, 30 or 90) and reload."""
        if days not in DAY_CHOICES:
            raise ValueError(f"days must be one of {DAY_CHOICES}, got {days}")
        self.days = days
        button = self.day_buttons[days]
        if not button.isChecked():
            button.setChecked(True)
        await self._request(full=True)

    async def _request(self, full: bool) -> None:
        self._want = True
        self._want_full = self._want_full or full
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._worker())
        await asyncio.shield(self._task)

    async def _worker(self) -> None:
        while self._want:
            full = self._want_full
            self._want = self._want_full = False
            if full or self.snapshot is None:
                await self._load_snapshot()
            await self._load_pair()

    async def _load_snapshot(self) -> None:
        s = self.services
        self.queries += 1
        snapshot, waiting = await s.query(dashboard_and_waiting, s.now(), s.tz, self.days)
        self._show_snapshot(snapshot)
        self.cards.set_waiting(waiting)

    async def _load_pair(self) -> None:
        choice = self.compare.choice()
        if choice is None:
            self.pair = None
            return
        s = self.services
        self.pair = await s.query(compare_cohorts, choice[0], choice[1], s.now(), s.tz)
        self.compare.set_pair(self.pair)

    def _launch(self, full: bool) -> None:
        launch(self._request(full), on_error=self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.services.statusMessage.emit(self.tr("Could not load: %1").replace("%1", str(exc)), 10_000)

    # -- showing ---------------------------------------------------------------------------------
    def _show_snapshot(self, snap: DashboardSnapshot) -> None:
        self.snapshot = snap
        ov, window = snap.overview, snap.overview.window
        self.cards.set_overview(ov, float(self.services.settings.get("alert_error_share", 0.10)))
        act = ov.activity
        self.window_label.setText(
            self.tr("%1 – %2: %3 runs, %4 attempts, %5 invoice results")
            .replace("%1", fmt.day(window.first_day)).replace("%2", fmt.day(window.last_day))
            .replace("%3", fmt.number(ov.runs)).replace("%4", fmt.number(act.attempts))
            .replace("%5", fmt.number(act.results.total)))
        self.updated_label.setText(self.tr("Updated %1").replace("%1", fmt.when(snap.now)))
        if ov.invoices == 0:
            empty = self.tr("No invoices yet: import contracts, then fetch their invoices.")
        else:
            empty = self.tr("No fetches in this window. Pick a longer window or start a run.")
        self.chart.set_title(self.tr("Invoice results per day and lookup time (p50) — last %1 days")
                             .replace("%1", fmt.number(window.days)))
        self.chart.set_days(snap.daily.days, empty)
        self.export_button.setEnabled(not self.chart.is_empty())
        self.origin_model.set_rows(snap.origins.origins)
        self.slowest_model.set_rows(snap.slowest.items)
        self.cohort_model.set_rows(snap.cohorts.cohorts)
        active = act.attempts > 0
        self.origin_note.setText(
            self.tr("Invoice results of the window's runs, by what started the run.") if active
            else self.tr("No fetches in this window."))
        self.slowest_note.setText(
            self.tr("The 10 slowest lookups of the window. Double-click a row to open the invoice's history.")
            if snap.slowest.items else self.tr("No lookups in this window."))
        self.cohort_note.setText(
            self.tr("Where each cohort's invoices stand now (all time), newest cohort first.")
            if snap.cohorts.cohorts else self.tr("No cohorts yet: import contracts first."))
        self.compare.set_cohorts([c.cohort for c in snap.cohorts.cohorts])

    # -- actions ---------------------------------------------------------------------------------
    def _on_days_clicked(self, days: int) -> None:
        if days != self.days:
            launch(self.set_days(days), on_error=self._on_error)

    def _on_slowest_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.services.showInvoiceRequested.emit(self.slowest_model.row(index.row()).invoice_id)

    def export_chart(self) -> str | None:
        """Ask for a file name and save the chart there as PNG; returns the path saved."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
        today = self.services.now().astimezone(self.services.tz).date().isoformat()
        suggested = str(Path(folder) / f"performance-{self.days}d-{today}.png")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export chart as PNG"), suggested,
                                                    self.tr("PNG images (*.png)"))
        if not path:
            return None
        if not path.lower().endswith(".png"):
            path += ".png"
        if not self.chart.export_png(path):
            QMessageBox.warning(self, self.tr("Export chart as PNG"),
                                self.tr("Could not write %1.").replace("%1", path))
            return None
        self.services.statusMessage.emit(self.tr("Chart saved to %1").replace("%1", path), 8000)
        return path


def _page(view: QWidget, note: QLabel) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(note)
    layout.addWidget(view, 1)
    return page


__all__ = ["DAY_CHOICES", "PerformanceTab"]
