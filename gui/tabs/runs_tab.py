"""The Runs tab: the run history (newest first, filtered by origin, status and cohort, paged)
and the detail of the selected run (figures, timings, log, attempts).

Every load runs off the GUI thread, one at a time per table (later asks coalesce into one more
load), and only one page is ever loaded. A refresh keeps the selected run and reloads its
detail only when its figures changed (a running run), so the 1.5 s refreshes during a run stay
cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.domain import FetchOrigin, RunStatus
from gui import formatting as fmt
from gui.async_tools import SerialLoad, launch
from gui.labels import origin_label, run_message, run_status_color, run_status_label
from gui.message_text import started_by_text
from gui.pager import Pager
from gui.runs_detail import RunDetailPanel
from gui.runs_look import duration_text, setup_table
from gui.services import Services
from gui.table_model import RIGHT, Column, RecordTableModel, enable_sorting
from storage.analytics.cohorts import cohorts_from
from storage.analytics.figures import load_invoice_rollup
from storage.analytics.params import PageOf
from storage.analytics.runs import RunSummary, recent_runs
from storage.analytics.sorting import Sort

RUNS_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class RunsPage:
    runs: PageOf[RunSummary]
    cohorts: tuple[str, ...]  # for the filter, newest first


def load_runs_page(now: datetime, tz: tzinfo, page: int, page_size: int, origin: str | None,
                   status: str | None, cohort: str | None, sort: Sort | None = None) -> RunsPage:
    runs = recent_runs(now, tz, page=page, page_size=page_size, origin=origin, status=status, cohort=cohort,
                       sort=sort)
    if not runs.items and runs.total and page > runs.pages:  # the last page shrank: show the new last one
        runs = recent_runs(now, tz, page=runs.pages, page_size=page_size, origin=origin, status=status,
                           cohort=cohort, sort=sort)
    cohorts = tuple(c.cohort for c in cohorts_from(load_invoice_rollup()).cohorts)
    return RunsPage(runs, cohorts)


class RunsModel(RecordTableModel[RunSummary]):
    """The run columns, with a tooltip on the headers whose figure needs explaining."""

    def __init__(self, columns: Sequence[Column[RunSummary]], tips: Sequence[str], parent: Any = None) -> None:
        super().__init__(columns, parent, server_sort=True)
        self._tips = list(tips)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._tips) and self._tips[section]):
            return self._tips[section]
        return super().headerData(section, orientation, role)


class RunsTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.page = 1
        self.page_size = RUNS_PAGE_SIZE
        self.result: PageOf[RunSummary] | None = None
        self._selected: int | None = None
        self._selecting = False
        self._loader = SerialLoad(self._load)
        # -- filters and pager
        self.origin = QComboBox(self)
        self.origin.addItem(self.tr("All origins"), None)
        for origin in FetchOrigin:
            self.origin.addItem(origin_label(origin), origin.value)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All statuses"), None)
        for status in RunStatus:
            self.status.addItem(run_status_label(status), status.value)
        self.cohort = QComboBox(self)
        self.cohort.addItem(self.tr("All cohorts"), None)
        self.cohort.setToolTip(self.tr("Runs limited to one cohort (safra)."))
        self.pager = Pager(self)
        bar = QHBoxLayout()
        for caption, combo in ((self.tr("Origin:"), self.origin), (self.tr("Status:"), self.status),
                               (self.tr("Cohort:"), self.cohort)):
            bar.addWidget(QLabel(caption, self))
            bar.addWidget(combo)
            bar.addSpacing(8)
        bar.addStretch(1)
        bar.addWidget(self.pager)
        # -- history table
        columns, tips = self._columns()
        self.model = RunsModel(columns, tips, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        setup_table(self.view, single=True)
        enable_sorting(self.view)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty)
        self.detail = RunDetailPanel(services, self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table_stack)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 420])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        for combo in (self.origin, self.status, self.cohort):
            combo.currentIndexChanged.connect(self._on_filter)
        self.pager.pageRequested.connect(self._on_page)
        self.model.sortRequested.connect(lambda: self._on_page(1))
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

    def _columns(self) -> tuple[list[Column[RunSummary]], list[str]]:
        n = fmt.number
        spec: list[tuple[Column[RunSummary], str]] = [
            (Column(self.tr("Run #"), lambda r: str(r.id), RIGHT, sort="id"), ""),
            (Column(self.tr("Started"), lambda r: fmt.when(r.started_at),
                    tooltip=lambda r: fmt.when(r.started_at, with_seconds=True), sort="started_at"), ""),
            (Column(self.tr("Origin"), lambda r: origin_label(r.origin), sort="origin"), ""),
            (Column(self.tr("Cohort"), lambda r: r.cohort or "—", sort="cohort"),
             self.tr("The cohort the run was limited to.")),
            (Column(self.tr("Status"), lambda r: run_status_label(r.status), tooltip=lambda r: run_message(r),
                    color=lambda r: run_status_color(r.status), sort="status"), ""),
            (Column(self.tr("Duration"), lambda r: duration_text(r.duration_seconds), RIGHT, sort="duration"), ""),
            (Column(self.tr("Invoices"), lambda r: n(r.invoices), RIGHT, sort="invoices"),
             self.tr("Invoices planned.")),
            (Column(self.tr("Processed"), lambda r: n(r.processed), RIGHT, sort="processed"),
             self.tr("Invoices with at least one attempt in the run.")),
            (Column(self.tr("Success"), lambda r: n(r.successes), RIGHT, sort="successes"), ""),
            (Column(self.tr("Partial"), lambda r: n(r.partial), RIGHT, sort="partial"),
             self.tr("Matched with a divergent date or amount.")),
            (Column(self.tr("Errors"), lambda r: n(r.errors), RIGHT, sort="errors"), ""),
            (Column(self.tr("Not available"), lambda r: n(r.not_available), RIGHT, sort="not_available"),
             self.tr("Not at the provider yet, or no debts.")),
            (Column(self.tr("Gave up"), lambda r: n(r.gave_up), RIGHT, sort="gave_up"),
             self.tr("Invoices that reached the attempt limit in the run.")),
            (Column(self.tr("Retries"), lambda r: n(r.retries), RIGHT, sort="retries"),
             self.tr("Attempts beyond an invoice's first in the run.")),
            (Column(self.tr("Lookups"), lambda r: n(r.lookups), RIGHT, sort="lookups"),
             self.tr("Provider lookups made; one lookup covers a whole document.")),
            (Column(self.tr("p50 / p95"), self._percentiles, RIGHT, sort="p50"),
             self.tr("Lookup time per invoice attempt, in seconds: half took at most p50, 95% at most p95.")),
            (Column(self.tr("Started by"), lambda r: started_by_text(r.started_by), sort="started_by"),
             self.tr("The app or command, and the user.")),
            (Column(self.tr("Host"), lambda r: r.hostname, sort="hostname"), self.tr("The machine the run ran on.")),
        ]
        return [c for c, _ in spec], [t for _, t in spec]

    def _percentiles(self, r: RunSummary) -> str:
        if r.p50_seconds is None and r.p95_seconds is None:
            return "—"
        return self.tr("%1 / %2 s").replace("%1", fmt.number(r.p50_seconds, 3)) \
            .replace("%2", fmt.number(r.p95_seconds, 3))

    # -- filters, paging, selection --------------------------------------------------------------
    def _filters(self) -> tuple[str | None, str | None, str | None]:
        return self.origin.currentData(), self.status.currentData(), self.cohort.currentData()

    def _on_filter(self, _index: int) -> None:
        self.page = 1
        launch(self.refresh())

    def _on_page(self, page: int) -> None:
        self.page = max(1, page)
        launch(self.refresh())

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._selecting:
            return
        rows = self.view.selectionModel().selectedRows()
        self._selected = self.model.row(rows[0].row()).id if rows else None
        launch(self.detail.show_run(self._selected))

    def select_run(self, run_id: int) -> bool:
        """Select a run of the current page (its detail loads); False if it is not on it."""
        for i, run in enumerate(self.model.rows()):
            if run.id == run_id:
                self.view.selectRow(i)
                return True
        return False

    # -- loading ---------------------------------------------------------------------------------
    async def refresh(self) -> None:
        await self._loader.request()

    async def _load(self) -> None:
        origin, status, cohort = self._filters()
        result = await self.services.query(load_runs_page, self.services.now(), self.services.tz, self.page,
                                           self.page_size, origin, status, cohort, self.model.sort_spec())
        if self._filters() != (origin, status, cohort):
            return  # the filters changed meanwhile; the load they asked for follows
        self._set_cohorts(result.cohorts)
        runs = result.runs
        self.result = runs
        self.page = runs.page
        self._selecting = True
        try:
            self.model.set_rows(runs.items)
            target = self._selected if any(r.id == self._selected for r in runs.items) else None
            if target is None and runs.items:
                target = runs.items[0].id
            if target is not None:
                self.select_run(target)
        finally:
            self._selecting = False
        self.view.resizeColumnsToContents()
        self.pager.set_state(runs.page, runs.pages, runs.total)
        filtered = any(v is not None for v in (origin, status, cohort))
        self.empty.setText(self.tr("No runs match these filters.") if filtered else self.tr("No runs yet."))
        self.table_stack.setCurrentWidget(self.view if runs.items else self.empty)
        await self._sync_detail(target, runs.items)

    async def _sync_detail(self, target: int | None, items: Sequence[RunSummary]) -> None:
        changed = target != self._selected or self.detail.run_id != target
        self._selected = target
        shown = self.detail.data.detail.run if self.detail.data is not None else None
        current = next((r for r in items if r.id == target), None)
        if changed or shown is None or current != shown:
            await self.detail.show_run(target)

    def _set_cohorts(self, cohorts: tuple[str, ...]) -> None:
        current = [self.cohort.itemData(i) for i in range(1, self.cohort.count())]
        if current == list(cohorts):
            return
        chosen = self.cohort.currentData()
        self.cohort.blockSignals(True)
        while self.cohort.count() > 1:
            self.cohort.removeItem(1)
        for cohort in cohorts:
            self.cohort.addItem(cohort, cohort)
        index = self.cohort.findData(chosen) if chosen else 0
        self.cohort.setCurrentIndex(max(index, 0))
        self.cohort.blockSignals(False)
