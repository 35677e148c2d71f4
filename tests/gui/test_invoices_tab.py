"""The Invoices tab on the fixture's database: searching, masking, a contract's invoices, copying
codes, "fetch this contract now" (a real run against the simulator) and the app-wide selection."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from core.documents import format_document, mask_document
from core.domain import FetchOrigin
from gui import formatting as fmt
from gui import labels
from gui.invoices_columns import BAR_CODE_COLUMN
from gui.tabs.invoices_tab import InvoicesTab
from storage.contracts_query import fold_text
from storage.models import Contract, FetchAttempt, FetchRun, Invoice

DOCUMENT_COLUMN = 2


@pytest.fixture
def tab(services, qtbot, aio) -> InvoicesTab:
    widget = InvoicesTab(services)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    aio(widget.refresh())
    return widget


def numbers(tab: InvoicesTab) -> list[str]:
    return [c.number for c in tab.contracts_model.rows()]


def search(tab: InvoicesTab, aio, text: str) -> list[str]:
    aio(tab.run_search(text))
    aio(tab._invoices_load.request())  # a single result is opened by itself
    return numbers(tab)


def open_contract(tab: InvoicesTab, aio, number: str) -> Contract:
    search(tab, aio, number)
    contract = Contract.get(Contract.number == number)
    assert tab.contract is not None and tab.contract.id == contract.id
    return contract


def test_without_text_every_contract_is_listed_by_number_in_pages(tab) -> None:
    assert numbers(tab) == [c.number for c in Contract.select().order_by(Contract.number)]
    assert tab.pager.total == Contract.select().count()


def test_search_by_contract_number_exact_and_prefix(tab, aio) -> None:
    assert search(tab, aio, "7000012") == ["7000012"]
    assert tab.contract is not None and tab.contract.number == "7000012"  # the only result opens
    prefix = search(tab, aio, "700001")
    assert prefix == [c.number for c in Contract.select().where(Contract.number.startswith("700001"))
                      .order_by(Contract.number)]
    assert len(prefix) == 10


@pytest.mark.parametrize("text", ["joao", "JOÃO", "conceicao mor", "simoes", "  Simões  "])
def test_search_by_part_of_the_name_ignores_case_and_accents(tab, aio, text: str) -> None:
    needle = fold_text(" ".join(text.split()))
    assert needle is not None
    expected = sorted(c.number for c in Contract.select() if needle in (fold_text(c.customer_name) or ""))
    assert expected
    assert search(tab, aio, text) == expected


def test_search_by_document_with_or_without_punctuation(tab, aio) -> None:
    owner = Contract.get(Contract.number == "7000043")  # a customer with three contracts
    expected = sorted(c.number for c in Contract.select().where(Contract.document == owner.document))
    assert len(expected) == 3
    assert search(tab, aio, owner.document) == expected
    assert search(tab, aio, format_document(owner.document)) == expected
    company = Contract.get(Contract.number == "7000050")
    assert len(company.document) == 14
    assert search(tab, aio, format_document(company.document)) == ["7000050"]


def test_typing_searches_after_a_pause_and_enter_at_once(tab, qtbot, aio, wait_until) -> None:
    qtbot.keyClicks(tab.search, "comercio")  # QTest types ASCII only
    assert tab._debounce.isActive()
    wait_until(lambda: numbers(tab) == ["7000050"])
    tab.search.clear()
    aio(tab._contracts_load.request())
    assert len(numbers(tab)) == Contract.select().count()
    qtbot.keyClicks(tab.search, "7000049")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert not tab._debounce.isActive()
    aio(tab._contracts_load.request())
    assert numbers(tab) == ["7000049"]


def test_no_match_shows_an_empty_state(tab, aio) -> None:
    assert search(tab, aio, "zzz nobody") == []
    assert tab.contracts_stack.showing_empty and "zzz nobody" in tab.contracts_stack.empty.text()


def test_documents_are_masked_unless_the_setting_is_off(tab, services, aio) -> None:
    for row, c in enumerate(tab.contracts_model.rows()):
        shown = tab.contracts_model.index(row, DOCUMENT_COLUMN).data()
        assert shown == mask_document(c.document) and c.document not in shown.replace(".", "").replace("-", "")
    contract = open_contract(tab, aio, "7000012")
    assert mask_document(contract.document) in tab.header.text()
    assert format_document(contract.document) not in tab.header.text()
    aio(services.save_setting("mask_documents", False))
    assert tab.contracts_model.index(0, DOCUMENT_COLUMN).data() == format_document(contract.document)
    assert format_document(contract.document) in tab.header.text()
    assert "document" not in repr(tab.contract) and contract.document not in repr(tab.contract)


def test_a_contracts_ten_invoices_show_with_their_fetched_data(tab, aio) -> None:
    fetched = (Invoice.select().where(Invoice.fetch_status == "SUCCESS", Invoice.bar_code.is_null(False),
                                      Invoice.pix_code.is_null(False)).order_by(Invoice.id).first())
    contract = open_contract(tab, aio, fetched.contract.number)
    rows = tab.invoices_model.rows()
    assert [r.number for r in rows] == list(range(1, 11))
    by_number = {i.number: i for i in Invoice.select().where(Invoice.contract == contract.id)}
    for row, record in enumerate(rows):
        inv = by_number[record.number]
        assert record.id == inv.id and record.status.value == inv.fetch_status
        assert tab.invoices_model.index(row, 1).data() == fmt.day(inv.due_date)
        assert tab.invoices_model.index(row, 3).data() == labels.status_label(inv.fetch_status)
        assert tab.invoices_model.index(row, 5).data() == fmt.money(inv.amount)
        assert tab.invoices_model.index(row, BAR_CODE_COLUMN).data() == (inv.bar_code or "—")
    row = [r.id for r in rows].index(fetched.id)
    tab.invoices_view.setCurrentIndex(tab.invoices_model.index(row, BAR_CODE_COLUMN))
    assert tab.detail.bar_code.text() == fetched.bar_code and tab.detail.copy_bar_code.isEnabled()
    tab.detail.copy_pix.click()
    assert QGuiApplication.clipboard().text() == (fetched.pix_code or "")
    tab.copy_current_cell()
    assert QGuiApplication.clipboard().text() == fetched.bar_code


def test_selecting_invoices_sets_the_app_selection(tab, services, aio, qtbot) -> None:
    open_contract(tab, aio, "7000012")
    model, selection = tab.invoices_model, QItemSelection()
    for row in (1, 3, 4):
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    with qtbot.waitSignal(services.selectionChanged) as signal:
        tab.invoices_view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    chosen = tuple(model.row(r).id for r in (1, 3, 4))
    assert services.selection == chosen and signal.args == [chosen]
    aio(tab.refresh())  # a refresh keeps it
    assert services.selection == chosen
    open_contract(tab, aio, "7000013")
    assert services.selection == ()


def test_fetch_this_contract_now_starts_an_individual_run_for_it(tab, services, aio, wait_until) -> None:
    today = date(2026, 3, 15)
    due = Invoice.select().join(Contract).where(Invoice.fetch_status.in_(("PENDING", "ERROR")),
                                                Invoice.available_from <= today).order_by(Invoice.id).first()
    contract = open_contract(tab, aio, due.contract.number)
    before = FetchRun.select().count()
    assert tab.fetch_contract() is True
    wait_until(lambda: not services.controller.busy, timeout=60)
    run = FetchRun.select().order_by(FetchRun.id.desc()).get()
    assert FetchRun.select().count() == before + 1
    assert run.origin == FetchOrigin.INDIVIDUAL.value and contract.number in (run.selector or "")
    attempts = list(FetchAttempt.select().where(FetchAttempt.run == run.id))
    assert {a.invoice.contract_id for a in attempts} == {contract.id} and due.id in {a.invoice_id for a in attempts}
    aio(tab.refresh())
    shown = {r.id: r for r in tab.invoices_model.rows()}
    assert shown[due.id].status.value == Invoice.get_by_id(due.id).fetch_status
    assert shown[due.id].last_fetch_at == Invoice.get_by_id(due.id).last_fetch_at is not None

def test_fetch_while_a_run_is_going_says_so(tab, services, aio, wait_until, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: told.append(text))
    open_contract(tab, aio, "7000012")
    assert services.start_run(services.make_request(FetchOrigin.MANUAL))
    assert tab.fetch_contract() is False
    assert told == ["A run is already going. Try again when it has finished."]
    wait_until(lambda: not services.controller.busy, timeout=60)
