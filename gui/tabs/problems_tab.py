"""The Problems tab: what keeps failing, and forcing a retry of it.

Three panes: the error groups of the last days (choosing one filters the list to it), the
problem invoices (ERROR, GAVE_UP, PARTIAL; filtered, paged, multi-selection) and the attempt
history of the current invoice. "Force retry" works on the selection, the chosen group or
everything the list shows (all pages), always after a question that states the count.

Each table has its own `SerialLoad`: one load in flight, refreshes coalesced. Selection, the
current invoice and the scroll position survive the refreshes a running retry triggers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from gui import formatting as fmt
from gui import labels
from gui.async_tools import SerialLoad, launch
from gui.message_text import message_text, tooltip_with_detail
from gui.pager import Pager
from gui.problems_columns import (
    GROUP_MESSAGE_COLUMN,
    INVOICE_CUSTOMER_COLUMN,
    INVOICE_ERROR_COLUMN,
    attempt_columns,
    group_columns,
    invoice_columns,
    one_line,
)
from gui.problems_data import GroupRef, group_problem_ids, history_of, list_page, shown_ids
from gui.problems_filters import ProblemFilterBar
from gui.problems_retry import RetryScope, force_retry
from gui.problems_views import (
    TableStack,
    capture,
    current_record,
    fit_columns,
    make_table,
    restore,
    select_ids,
    selected_records,
    stretch_column,
)
from gui.row_menu import RowMenu
from gui.services import Services
from gui.table_model import RecordTableModel
from storage.analytics import AttemptRow, ErrorGroup, NotFoundError, ProblemInvoice, error_groups_shown
from storage.contracts_query import cohorts

PAGE_SIZE = 100
HISTORY_PAGE_SIZE = 50
GROUP_LIMIT = 200
DAY_CHOICES = (7, 30, 90)
DEFAULT_DAYS = 30


def _key(record: ProblemInvoice) -> int:
    return record.invoice_id


class ProblemsTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._page = 1
        self._history_page = 1
        self._history_id: int | None = None
        self._group: GroupRef | None = None
        self._total = 0
        self._restoring = False
        self._fitted: set[str] = set()
        self._groups_load = SerialLoad(self._load_groups)
        self._list_load = SerialLoad(self._load_list)
        self._history_load = SerialLoad(self._load_history)
        self._cohorts_load = SerialLoad(self._load_cohorts)
        self._build()
        self._wire()
        self._show_group()
        self._update_actions()

    # -- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.filters = ProblemFilterBar(self)
        # error groups
        self.days = QComboBox(self)
        for days in DAY_CHOICES:
            self.days.addItem(self.tr("last %1 days").replace("%1", str(days)), days)
        self.days.setCurrentIndex(DAY_CHOICES.index(DEFAULT_DAYS))
        self.groups_model: RecordTableModel[ErrorGroup] = RecordTableModel(group_columns(), self)
        self.groups_view = make_table(self.groups_model, self)
        stretch_column(self.groups_view, GROUP_MESSAGE_COLUMN)
        self.groups_stack = TableStack(self.groups_view, self)
        self.group_chip = QLabel(self)
        self.group_chip.setTextFormat(Qt.TextFormat.PlainText)
        self.btn_all_groups = QPushButton(self.tr("Show all groups"), self)
        self.btn_retry_group = QPushButton(self.tr("Retry group…"), self)
        # invoices
        self.list_model: RecordTableModel[ProblemInvoice] = RecordTableModel(
            invoice_columns(lambda: self.services.mask_documents), self, server_sort=True)
        self.list_view = make_table(self.list_model, self, multi=True)
        stretch_column(self.list_view, INVOICE_ERROR_COLUMN)
        self.list_menu = RowMenu(self.list_view, "problems", self.open_contract, self._retry_records)
        self.list_stack = TableStack(self.list_view, self)
        self.pager = Pager(self)
        self.btn_retry_selection = QPushButton(self)
        self.btn_retry_shown = QPushButton(self)
        # history
        self.history_title = QLabel(self)
        self.history_title.setTextFormat(Qt.TextFormat.PlainText)
        self.history_model: RecordTableModel[AttemptRow] = RecordTableModel(attempt_columns(), self)
        self.history_view = make_table(self.history_model, self)
        self.history_stack = TableStack(self.history_view, self)
        self.history_pager = Pager(self)

        groups = _pane(self, [_heading(self.tr("Error groups"), self), self.days, 1, self.group_chip,
                              self.btn_all_groups, self.btn_retry_group], self.groups_stack)
        invoices = _pane(self, [_heading(self.tr("Problem invoices"), self), 1, self.pager],
                         self.list_stack, [self.btn_retry_selection, self.btn_retry_shown, 1])
        history = _pane(self, [_heading(self.tr("Attempt history"), self), self.history_title, 1,
                               self.history_pager], self.history_stack)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        for pane in (groups, invoices, history):
            self.splitter.addWidget(pane)
        self.splitter.setSizes([170, 450, 180])
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)

    def _wire(self) -> None:
        self.filters.changed.connect(self._on_filters)
        self.filters.cleared.connect(self.clear_group)
        self.services.settingsChanged.connect(self.list_view.viewport().update)  # masking on or off
        self.list_model.sortRequested.connect(self._on_filters)
        self.days.currentIndexChanged.connect(self._on_days)
        self.groups_view.selectionModel().selectionChanged.connect(self._on_group_selection)
        self.btn_all_groups.clicked.connect(self.clear_group)
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.list_view.selectionModel().currentRowChanged.connect(self._on_current)
        self.pager.pageRequested.connect(self._on_page)
        self.history_pager.pageRequested.connect(self._on_history_page)
        self.btn_retry_selection.clicked.connect(lambda: self._launch(self.retry_selection()))
        self.btn_retry_group.clicked.connect(lambda: self._launch(self.retry_group()))
        self.btn_retry_shown.clicked.connect(lambda: self._launch(self.retry_shown()))

    # -- public ---------------------------------------------------------------------------------
    async def refresh(self) -> None:
        await asyncio.gather(self._cohorts_load.request(), self._groups_load.request(),
                             self._list_load.request(), self._history_load.request())

    async def show_invoice(self, invoice_id: int) -> None:
        """Show this invoice's history, selecting it in the list when it is on the page."""
        self._history_id, self._history_page = invoice_id, 1
        self._restoring = True
        try:
            if not select_ids(self.list_view, _key, [invoice_id], invoice_id):
                self.list_view.clearSelection()
        finally:
            self._restoring = False
        self._update_actions()
        await self._history_load.request()

    @property
    def group(self) -> GroupRef | None:
        return self._group

    def clear_group(self) -> None:
        self._restoring = True
        try:
            self.groups_view.clearSelection()
        finally:
            self._restoring = False
        self._set_group(None)

    def open_contract(self, record: ProblemInvoice) -> None:
        """Show this invoice's contract in the Invoices tab, the invoice chosen."""
        self.services.showContractRequested.emit(record.contract_id, record.invoice_id)

    def _retry_records(self, records: tuple[ProblemInvoice, ...]) -> None:
        ids = tuple(r.invoice_id for r in records)

        async def find() -> tuple[int, ...]:
            return ids

        self._launch(force_retry(self, self.services, RetryScope.SELECTION, find))

    async def retry_selection(self) -> bool:
        ids = tuple(_key(r) for r in selected_records(self.list_view))

        async def find() -> tuple[int, ...]:
            return ids

        return await force_retry(self, self.services, RetryScope.SELECTION, find)

    async def retry_group(self) -> bool:
        group = self._group
        if group is None:
            return False
        return await force_retry(self, self.services, RetryScope.GROUP, lambda: self.services.query(
            group_problem_ids, self.services.now(), self.services.tz, group))

    async def retry_shown(self) -> bool:
        flt, group = self.filters.problem_filter(), self._group
        return await force_retry(self, self.services, RetryScope.SHOWN, lambda: self.services.query(
            shown_ids, self.services.now(), self.services.tz, flt, group))

    # -- reactions ------------------------------------------------------------------------------
    def _launch(self, coro: Coroutine[Any, Any, Any]) -> None:
        launch(coro, on_error=self._report)

    def _report(self, exc: BaseException) -> None:
        self.services.statusMessage.emit(self.tr("Problems: %1").replace("%1", str(exc)), 10_000)

    def _on_filters(self) -> None:
        self._page = 1
        self._launch(self._list_load.request())
        self._launch(self._groups_load.request())  # the groups follow the list's filters

    def _on_days(self) -> None:
        if self._group is not None:
            self._group = None
            self._launch(self._list_load.request())
        self._show_group()
        self._launch(self._groups_load.request())

    def _on_group_selection(self) -> None:
        if self._restoring:
            return
        records = selected_records(self.groups_view)
        self._set_group(GroupRef.of(records[0], self.days.currentData()) if records else None)

    def _set_group(self, group: GroupRef | None) -> None:
        if group == self._group:
            return
        self._group, self._page = group, 1
        self.filters.set_group_active(group is not None)
        self._show_group()
        self._update_actions()
        self._launch(self._list_load.request())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        record = current.data(Qt.ItemDataRole.UserRole)
        if record is not None and record.invoice_id != self._history_id:
            self._history_id, self._history_page = record.invoice_id, 1
            self._launch(self._history_load.request())

    def _on_page(self, page: int) -> None:
        self._page = max(1, page)
        self._launch(self._list_load.request())

    def _on_history_page(self, page: int) -> None:
        self._history_page = max(1, page)
        self._launch(self._history_load.request())

    # -- loads ----------------------------------------------------------------------------------
    async def _load_cohorts(self) -> None:
        self.filters.set_cohorts(await self.services.query(cohorts))

    async def _load_groups(self) -> None:
        days = int(self.days.currentData())
        flt = self.filters.problem_filter()
        result = await self.services.query(error_groups_shown, self.services.now(), self.services.tz, days, flt,
                                           GROUP_LIMIT)
        self._restoring = True
        try:
            self.groups_model.set_rows(result.groups)
            group = self._group
            if group is not None:
                for row, g in enumerate(self.groups_model.rows()):
                    if group.matches(g):
                        self.groups_view.selectionModel().select(
                            self.groups_model.index(row, 0),
                            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                        break
        finally:
            self._restoring = False
        self.groups_stack.show_rows(len(result.groups), self.tr("No failures in the last %1 days.")
                                    .replace("%1", str(days)))
        if result.total_groups > len(result.groups):
            self.groups_view.setToolTip(self.tr("The %1 largest of %2 groups").replace("%1", fmt.number(
                len(result.groups))).replace("%2", fmt.number(result.total_groups)))
        self._fit_once("groups", self.groups_view, len(result.groups), {})

    async def _load_list(self) -> None:
        flt, group, page = self.filters.problem_filter(), self._group, self._page
        sort = self.list_model.sort_spec()
        result = await self.services.query(list_page, self.services.now(), self.services.tz, flt, group, page,
                                           PAGE_SIZE, sort)
        state = capture(self.list_view, _key)
        self._restoring = True
        try:
            self.list_model.set_rows(result.items)
            restore(self.list_view, _key, state)
        finally:
            self._restoring = False
        if self._page == page:  # the user did not ask for another page meanwhile
            self._page = result.page
        self._total = result.total
        self.pager.set_state(result.page, result.pages, result.total)
        filtered = group is not None or not self.filters.is_default()
        self.list_stack.show_rows(len(result.items), self.tr("No problem invoices match these filters.") if filtered
                                  else self.tr("No problem invoices: nothing is in error, gave up or needs review."))
        self._fit_once("list", self.list_view, len(result.items), {INVOICE_CUSTOMER_COLUMN: 180})
        self._update_actions()

    async def _load_history(self) -> None:
        invoice_id, page = self._history_id, self._history_page
        if invoice_id is None:
            self.history_model.set_rows(())
            self.history_title.setText("")
            self.history_pager.setVisible(False)
            self.history_stack.show_rows(0, self.tr("Select an invoice to see its attempts."))
            return
        try:
            detail, history = await self.services.query(history_of, invoice_id, self.services.now(),
                                                        self.services.tz, page, HISTORY_PAGE_SIZE)
        except NotFoundError:
            if invoice_id == self._history_id:
                self.history_model.set_rows(())
                self.history_title.setText(self.tr("Invoice %1 no longer exists.").replace("%1", str(invoice_id)))
                self.history_stack.show_rows(0, "")
            return
        if invoice_id != self._history_id:
            return  # another invoice was chosen meanwhile; its load follows
        inv = detail.invoice
        self.history_title.setText(
            self.tr("Contract %1, invoice %2 · cohort %3 · %4 · attempts: %5 since the last match, %6 in all")
            .replace("%1", detail.contract_number).replace("%2", str(inv.number)).replace("%3", detail.cohort)
            .replace("%4", labels.status_label(inv.status)).replace("%5", fmt.number(inv.attempts))
            .replace("%6", fmt.number(history.total)))
        self.history_title.setToolTip(tooltip_with_detail(inv.error))
        self.history_model.set_rows(history.items)
        self.history_pager.set_state(history.page, history.pages, history.total)
        self.history_pager.setVisible(history.pages > 1)
        self.history_stack.show_rows(len(history.items), self.tr("This invoice has no attempts yet."))
        self._fit_once("history", self.history_view, len(history.items), {})

    # -- helpers --------------------------------------------------------------------------------
    def _fit_once(self, name: str, view: Any, rows: int, widths: dict[int, int]) -> None:
        if rows and name not in self._fitted:
            self._fitted.add(name)
            fit_columns(view, widths)

    def _show_group(self) -> None:
        group = self._group
        if group is None:
            self.group_chip.setText("")
            self.group_chip.setToolTip("")
        else:
            self.group_chip.setText(self.tr("List filtered to: %1").replace(
                "%1", labels.outcome_label(group.outcome) + (f" {group.http_status}" if group.http_status else "")))
            self.group_chip.setToolTip(one_line(message_text(group.sample) if group.sample else group.key))
        self.btn_all_groups.setVisible(group is not None)

    def _update_actions(self) -> None:
        selected = len(self.list_view.selectionModel().selectedRows())
        self.btn_retry_selection.setText(self.tr("Retry selected (%1)…").replace("%1", fmt.number(selected)))
        self.btn_retry_selection.setEnabled(selected > 0)
        self.btn_retry_shown.setText(self.tr("Retry all shown (%1)…").replace("%1", fmt.number(self._total)))
        self.btn_retry_shown.setEnabled(self._total > 0)
        self.btn_retry_group.setEnabled(self._group is not None)
        self.btn_retry_group.setToolTip(self.tr("Retry the invoices of the chosen group that still have a problem")
                                        if self._group is not None else self.tr("Choose an error group first"))

    def current_invoice(self) -> ProblemInvoice | None:
        record = current_record(self.list_view)
        return record if isinstance(record, ProblemInvoice) else None

    @property
    def history_invoice_id(self) -> int | None:
        return self._history_id


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _row(items: list[QWidget | int]) -> QHBoxLayout:
    """Widgets in a row; an int is a stretch of that factor."""
    row = QHBoxLayout()
    for item in items:
        if isinstance(item, int):
            row.addStretch(item)
        else:
            row.addWidget(item)
    return row


def _pane(parent: QWidget, header: list[QWidget | int], body: QWidget, footer: list[QWidget | int] | None = None
          ) -> QWidget:
    """A header row, the body (taking the room), and an optional footer row."""
    pane = QWidget(parent)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addLayout(_row(header))
    layout.addWidget(body, 1)
    if footer is not None:
        layout.addLayout(_row(footer))
    return pane
