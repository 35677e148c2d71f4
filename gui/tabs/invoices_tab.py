"""The Invoices tab: find a contract by number, customer name or CPF/CNPJ (whole, or the digits a
masked document shows), and see its ten invoices.

Typing searches after a short pause (Enter searches at once); results are paged, sorted by a
header click in the query, and can be kept to contracts with invoices in one status group
(ready for billing, with a problem, paid). Other tabs open a contract here (`open_contract`). Choosing a
contract shows its invoices with the current one's bar code and PIX code in full (copy buttons,
and a context menu on the table); "Fetch this contract now" starts an INDIVIDUAL run for it.
Invoices selected here become the app-wide selection (`services.set_selection`) that the Live
tab can fetch. Documents are masked unless the user turned masking off; no document or name is
logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.domain import FetchOrigin
from core.invoice_groups import InvoiceGroup
from gui import formatting as fmt
from gui import labels
from gui.async_tools import SerialLoad, launch
from gui.invoices_columns import (
    BAR_CODE_COLUMN,
    PIX_COLUMN,
    contract_columns,
    document_text,
    invoice_columns,
)
from gui.invoices_detail import InvoiceDetail
from gui.pager import Pager
from gui.problems_views import (
    MonospaceDelegate,
    TableStack,
    capture,
    copy_text,
    current_record,
    fit_columns,
    make_table,
    restore,
    select_ids,
    selected_records,
)
from gui.run_start import start_run
from gui.services import Services
from gui.table_model import RecordTableModel
from storage.contracts_query import (
    MAX_SEARCH_LENGTH,
    ContractRow,
    InvoiceRow,
    contract_invoices,
    contract_row,
    search_contracts,
)

PAGE_SIZE = 50
DEBOUNCE_MS = 300
CUSTOMER_COLUMN, DOCUMENT_COLUMN = 1, 2
CUSTOMER_WIDTH = 170  # the whole name is the cell's tooltip


def _id(record: Any) -> int:
    return int(record.id)


def contract_and_invoices(contract_id: int, today: date | None = None) -> tuple[ContractRow, tuple[InvoiceRow, ...]]:
    return contract_row(contract_id, today), contract_invoices(contract_id)


class InvoicesTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._page = 1
        self._text = ""
        self._contract: ContractRow | None = None
        self._contract_id: int | None = None
        self._published: tuple[int, ...] = ()
        self._restoring = False
        self._fitted: set[str] = set()
        self._contracts_load = SerialLoad(self._load_contracts)
        self._invoices_load = SerialLoad(self._load_invoices)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._build()
        self._wire()
        self._show_contract(None)

    # -- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Contract number, customer name or CPF/CNPJ"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(MAX_SEARCH_LENGTH)
        self.group = QComboBox(self)
        self.group.addItem(self.tr("All invoices"), None)
        self.group.addItem(self.tr("Ready for billing"), InvoiceGroup.READY.value)
        self.group.addItem(self.tr("With a problem"), InvoiceGroup.PROBLEM.value)
        self.group.addItem(self.tr("Paid"), InvoiceGroup.PAID.value)
        self.group.setToolTip(self.tr(
            "Contracts with at least one invoice that is: ready for billing (found with amount and bar code or "
            "PIX, not paid), with a problem (error, gave up or partial) or paid (paid or no longer open)."))
        self.contracts_model: RecordTableModel[ContractRow] = RecordTableModel(
            contract_columns(lambda: self.services.mask_documents), self, server_sort=True)
        self.contracts_view = make_table(self.contracts_model, self)
        # No column stretches: each is fitted to its contents once (names and plans capped), so a
        # long name does not take the room the figures need; a narrow window scrolls sideways.
        self.contracts_view.horizontalHeader().setStretchLastSection(False)
        self.contracts_stack = TableStack(self.contracts_view, self)
        self.pager = Pager(self)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.header.font())
        font.setBold(True)
        self.header.setFont(font)
        self.btn_fetch = QPushButton(self.tr("Fetch this contract now"), self)
        self.invoices_model: RecordTableModel[InvoiceRow] = RecordTableModel(invoice_columns(), self)
        self.invoices_view = make_table(self.invoices_model, self, multi=True)
        self.invoices_view.setItemDelegateForColumn(BAR_CODE_COLUMN, MonospaceDelegate(self.invoices_view))
        self.invoices_view.setItemDelegateForColumn(PIX_COLUMN, MonospaceDelegate(self.invoices_view))
        self.invoices_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.act_copy = QAction(self.tr("Copy"), self.invoices_view)
        self.act_copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.invoices_view.addAction(self.act_copy)
        self.invoices_stack = TableStack(self.invoices_view, self)
        self.detail = InvoiceDetail(self)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Search"), self))
        row.addWidget(self.search, 1)
        status_label = QLabel(self.tr("Invoices"), self)
        status_label.setBuddy(self.group)
        row.addWidget(status_label)
        row.addWidget(self.group)
        top_layout.addLayout(row)
        top_layout.addWidget(self.contracts_stack, 1)
        top_layout.addWidget(self.pager)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.header, 1)
        row.addWidget(self.btn_fetch)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.invoices_stack, 1)
        bottom_layout.addWidget(self.detail)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([380, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _wire(self) -> None:
        self.contracts_stack.empty_action.clicked.connect(self.services.importContractsRequested)
        self.search.textEdited.connect(lambda _t: self._debounce.start())
        self.search.textChanged.connect(self._on_text_changed)
        self.search.returnPressed.connect(self.search_now)
        self._debounce.timeout.connect(self.search_now)
        self.pager.pageRequested.connect(self._on_page)
        self.contracts_model.sortRequested.connect(lambda: self._on_page(1))
        self.group.currentIndexChanged.connect(lambda _i: self._on_page(1))
        self.contracts_view.selectionModel().currentRowChanged.connect(self._on_contract)
        self.invoices_view.selectionModel().selectionChanged.connect(lambda *_: self._publish_selection())
        self.invoices_view.selectionModel().currentRowChanged.connect(
            lambda *_: self.detail.show_invoice(current_record(self.invoices_view)))
        self.invoices_view.customContextMenuRequested.connect(self._context_menu)
        self.act_copy.triggered.connect(self.copy_current_cell)
        self.btn_fetch.clicked.connect(self.fetch_contract)
        self.services.settingsChanged.connect(self._on_settings)

    # -- public ---------------------------------------------------------------------------------
    async def refresh(self) -> None:
        await asyncio.gather(self._contracts_load.request(), self._invoices_load.request())

    async def run_search(self, text: str) -> None:
        """Search for `text` now and wait for the results (what Enter does, awaitable)."""
        self.search.setText(text)
        self._debounce.stop()
        self._text, self._page = " ".join(text.split()), 1
        await self._contracts_load.request()

    def search_now(self) -> None:
        self._debounce.stop()
        text = " ".join(self.search.text().split())
        if text == self._text:
            return
        self._text, self._page = text, 1
        self._launch(self._contracts_load.request())

    async def open_contract(self, contract_id: int, invoice_id: int | None = None) -> None:
        """Find this contract (by its number, every status group) and show its invoices, with
        `invoice_id` chosen: where a double-click on an invoice elsewhere leads."""
        contract = await self.services.query(contract_row, contract_id)
        self._contract_id = contract_id
        blocked = self.group.blockSignals(True)
        self.group.setCurrentIndex(0)
        self.group.blockSignals(blocked)
        await self.run_search(contract.number)
        await self._invoices_load.request()
        if invoice_id is not None:
            select_ids(self.invoices_view, _id, [invoice_id], invoice_id)
            index = self.invoices_view.currentIndex()
            if index.isValid():
                self.invoices_view.scrollTo(index)
            self.detail.show_invoice(current_record(self.invoices_view))
            self._publish_selection()

    async def show_contract(self, contract_id: int) -> None:
        self._contract_id = contract_id
        await self._invoices_load.request()

    def fetch_contract(self) -> bool:
        contract = self._contract
        if contract is None:
            return False
        if not start_run(self, self.services, FetchOrigin.INDIVIDUAL, contract_number=contract.number):
            return False
        self.services.statusMessage.emit(self.tr("Fetching contract %1…").replace("%1", contract.number), 8000)
        return True

    def copy_current_cell(self) -> None:
        index = self.invoices_view.currentIndex()
        record = current_record(self.invoices_view)
        if record is None:
            return
        if index.column() == BAR_CODE_COLUMN:
            copy_text(record.bar_code or "")
        elif index.column() == PIX_COLUMN:
            copy_text(record.pix_code or "")
        else:
            copy_text(str(index.data() or ""))

    # -- reactions ------------------------------------------------------------------------------
    def _launch(self, coro: Coroutine[Any, Any, Any]) -> None:
        launch(coro, on_error=lambda exc: self.services.statusMessage.emit(
            self.tr("Invoices: %1").replace("%1", str(exc)), 10_000))

    def _on_text_changed(self, text: str) -> None:
        if not text:  # the clear button: show everything again at once
            self.search_now()

    def _on_page(self, page: int) -> None:
        self._page = max(1, page)
        self._launch(self._contracts_load.request())

    def _on_contract(self, *_: Any) -> None:
        if self._restoring:
            return
        record = current_record(self.contracts_view)
        if record is not None and record.id != self._contract_id:
            self._contract_id = record.id
            self._launch(self._invoices_load.request())

    def _on_settings(self) -> None:
        self.contracts_view.viewport().update()
        self._show_contract(self._contract)

    def _context_menu(self, pos: QPoint) -> None:
        record = self.invoices_view.indexAt(pos).data(Qt.ItemDataRole.UserRole)
        if record is None:
            return
        menu = QMenu(self)
        menu.addAction(self.act_copy)
        bar = menu.addAction(self.tr("Copy bar code"))
        bar.setEnabled(bool(record.bar_code))
        bar.triggered.connect(lambda: copy_text(record.bar_code or ""))
        pix = menu.addAction(self.tr("Copy PIX code"))
        pix.setEnabled(bool(record.pix_code))
        pix.triggered.connect(lambda: copy_text(record.pix_code or ""))
        menu.popup(self.invoices_view.viewport().mapToGlobal(pos))

    # -- loads ----------------------------------------------------------------------------------
    async def _load_contracts(self) -> None:
        text, page, group = self._text, self._page, self.group.currentData()
        result = await self.services.query(search_contracts, text, page=page, page_size=PAGE_SIZE,
                                           sort=self.contracts_model.sort_spec(),
                                           group=InvoiceGroup(group) if group else None, today=self._today())
        state = capture(self.contracts_view, _id)
        self._restoring = True
        try:
            self.contracts_model.set_rows(result.items)
            if self._contract_id is not None:
                select_ids(self.contracts_view, _id, [self._contract_id], self._contract_id)
            self.contracts_view.verticalScrollBar().setValue(state.scroll)
        finally:
            self._restoring = False
        if self._page == page:
            self._page = result.page
        self.pager.set_state(result.page, result.pages, result.total)
        if text:
            self.contracts_stack.show_rows(len(result.items), self.tr("No contract matches “%1”.").replace("%1", text))
        elif group:
            self.contracts_stack.show_rows(len(result.items), self.tr("No contract has invoices in this group."))
        else:
            self.contracts_stack.show_rows(
                len(result.items), self.tr("No contracts yet: import the CSV or .xlsx file the back office exports."),
                self.tr("Import contracts…"))
        if self._fit_once("contracts", self.contracts_view, len(result.items)):
            header = self.contracts_view.horizontalHeader()
            widest = self.contracts_view.fontMetrics().horizontalAdvance("**.000.000/0000-**") + 16
            header.resizeSection(DOCUMENT_COLUMN, max(header.sectionSize(DOCUMENT_COLUMN), widest))
            header.resizeSection(CUSTOMER_COLUMN, min(header.sectionSize(CUSTOMER_COLUMN), CUSTOMER_WIDTH))
        if text and len(result.items) == 1 and result.items[0].id != self._contract_id:
            self.contracts_view.setCurrentIndex(self.contracts_model.index(0, 0))  # the one found: show it

    async def _load_invoices(self) -> None:
        contract_id = self._contract_id
        if contract_id is None:
            self._show_contract(None)
            return
        contract, invoices = await self.services.query(contract_and_invoices, contract_id, self._today())
        if contract_id != self._contract_id:
            return  # another contract was chosen meanwhile; its load follows
        same = self._contract is not None and self._contract.id == contract_id
        state = capture(self.invoices_view, _id)
        self._restoring = True
        try:
            self.invoices_model.set_rows(invoices)
            if same:
                restore(self.invoices_view, _id, state)
        finally:
            self._restoring = False
        self._show_contract(contract)
        self.invoices_stack.show_rows(len(invoices), self.tr("This contract has no invoices."))
        self.detail.show_invoice(current_record(self.invoices_view))
        self._fit_once("invoices", self.invoices_view, len(invoices))
        self._publish_selection()

    # -- helpers --------------------------------------------------------------------------------
    def _today(self) -> date:
        return self.services.now().astimezone(self.services.tz).date()

    def _show_contract(self, contract: ContractRow | None) -> None:
        self._contract = contract
        self.btn_fetch.setEnabled(contract is not None)
        self.detail.setVisible(contract is not None)
        if contract is None:
            self.header.setText(self.tr("Invoices"))
            self.invoices_model.set_rows(())
            self.invoices_stack.show_rows(0, self.tr("Choose a contract to see its invoices."))
            self.detail.show_invoice(None)
            return
        parts = [self.tr("Contract %1").replace("%1", contract.number), contract.customer_name,
                 document_text(contract.document, self.services.mask_documents),
                 labels.contract_status_label(contract.status), contract.plan or "—", fmt.money(contract.plan_value)]
        self.header.setText(" · ".join(parts))

    def _publish_selection(self) -> None:
        if self._restoring:
            return
        ids = tuple(_id(r) for r in selected_records(self.invoices_view))
        if ids != self._published:
            self._published = ids
            self.services.set_selection(ids)

    def _fit_once(self, name: str, view: Any, rows: int) -> bool:
        if not rows or name in self._fitted:
            return False
        self._fitted.add(name)
        fit_columns(view, {}, max_width=300)
        return True

    @property
    def contract(self) -> ContractRow | None:
        return self._contract
