"""The Invoices screen's queries on hand-built contracts: the three ways of searching, paging,
validation, the plans SQLite chooses, a contract's invoices, and invoices looked up by id."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import peewee as pw
import pytest

from core.documents import cnpj_check_digits, cpf_check_digits, format_document, mask_document
from core.domain import ContractStatus, FetchOrigin, FetchStatus, Outcome
from core.invoice_groups import InvoiceGroup
from storage.analytics import AnalyticsParamError, NotFoundError, ProblemFilter
from storage.analytics.sorting import Sort
from storage.contracts_query import (
    MAX_SEARCH_LENGTH,
    cohorts,
    contract_invoices,
    contract_row,
    document_fragment,
    explain_search,
    fold_text,
    invoice_detail,
    problem_ids_among,
    problem_invoices_among,
    search_contracts,
)
from storage.models import Contract, Invoice

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
CPF = "529982247" + cpf_check_digits("529982247")
CPF2 = "111444777" + cpf_check_digits("111444777")
CNPJ = "112223330001" + cnpj_check_digits("112223330001")


def contract(number: str, name: str, document: str = CPF, install: date = date(2026, 1, 10), **kw: Any) -> Contract:
    return Contract.create(number=number, document=document, customer_name=name, install_date=install,
                           cohort=install.strftime("%Y-%m"), status=kw.pop("status", "ACTIVE"),
                           plan=kw.pop("plan", "Fibra 500 Mega"), plan_value=kw.pop("plan_value", Decimal("129.90")),
                           created_at=T0, updated_at=T0, **kw)


def invoice(c: Contract, number: int, status: str = "PENDING", **kw: Any) -> Invoice:
    due = date(2026, 2, 4 + number)
    return Invoice.create(contract=c, number=number, due_date=due, available_from=due, fetch_status=status,
                          updated_at=T0, **kw)


@pytest.fixture
def world(db: pw.Database) -> dict[str, Contract]:
    made = {
        "joao": contract("1001", "João Simões Câmara"),
        "jose": contract("1002", "José Antônio", document=CPF2),
        "nfd": contract("1010", unicodedata.normalize("NFD", "Estêvão Peçanha"), install=date(2025, 12, 3)),
        "maria": contract("2001", "MARIA DA CONCEIÇÃO", status="DOWNGRADE", plan=None, plan_value=None),
        "firm": contract("30-A", "Padaria São João Ltda", document=CNPJ, install=date(2025, 11, 30)),
        "percent": contract("4000", "Loja 100% Boa_Vista"),
    }
    j = made["joao"]
    invoice(j, 1, "SUCCESS", amount=Decimal("129.90"), bar_code="8" * 47, pix_code="000201PIX",
            remote_due_date=date(2026, 2, 6), fetch_origin="AUTOMATIC", fetch_attempts=1, last_outcome="MATCHED",
            last_fetch_at=T0)
    invoice(j, 2, "ERROR", fetch_origin="MANUAL", fetch_attempts=2, last_outcome="TIMEOUT",
            fetch_error="read timeout after 30.0s", last_fetch_at=datetime(2026, 3, 2, tzinfo=UTC))
    invoice(j, 3, "GAVE_UP", fetch_origin="AUTOMATIC", fetch_attempts=3, last_outcome="HTTP_5XX",
            last_fetch_at=datetime(2026, 3, 3, tzinfo=UTC))
    invoice(j, 4, "PARTIAL", fetch_origin="RETRY", fetch_attempts=1, last_outcome="MATCHED_DIVERGENT",
            last_fetch_at=datetime(2026, 3, 1, tzinfo=UTC))
    for n in range(5, 11):
        invoice(j, n)
    invoice(made["maria"], 1, "ERROR", fetch_origin="AUTOMATIC", fetch_attempts=1, last_outcome="NO_MATCH",
            last_fetch_at=datetime(2026, 3, 4, tzinfo=UTC))
    return made


def found(text: str, **kw: Any) -> list[str]:
    return [c.number for c in search_contracts(text, **kw).items]


# -- searching ---------------------------------------------------------------------------------

def test_empty_text_lists_every_contract_by_number(world) -> None:
    page = search_contracts("")
    assert [c.number for c in page.items] == ["1001", "1002", "1010", "2001", "30-A", "4000"]
    assert page.total == 6


def test_contract_number_exact_or_prefix(world) -> None:
    assert found("1001") == ["1001"]
    assert found("10") == ["1001", "1002", "1010"]
    assert found("30-") == ["30-A"]
    assert found("9") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("joão", ["1001", "30-A"]),
    ("JOAO", ["1001", "30-A"]),
    ("simoes cam", ["1001"]),
    ("  SIMÕES   câmara ", ["1001"]),
    ("estevao pec", ["1010"]),  # stored decomposed (NFD)
    ("conceicao", ["2001"]),
    ("antonio", ["1002"]),
    ("loja 100%", ["4000"]),  # LIKE wildcards in the text are literal
    ("_vista", ["4000"]),
    ("a_c", []),  # ... and "_" is not "any character" ("da conceicao" has "a c")
])
def test_name_contains_ignoring_case_and_accents(world, text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_document_exact_with_or_without_punctuation(world) -> None:
    assert found(CPF) == ["1001", "1010", "2001", "4000"]
    assert found(format_document(CPF)) == ["1001", "1010", "2001", "4000"]
    assert found(f" {CPF[:3]} {CPF[3:6]}.{CPF[6:9]}-{CPF[9:]} ") == ["1001", "1010", "2001", "4000"]
    assert found(format_document(CNPJ)) == ["30-A"]
    assert found(CNPJ) == ["30-A"]
    assert found(CNPJ[:13]) == ["30-A"]  # ... and by any part of it (see the masked digits below)


def test_rows_carry_counts_by_status_and_keep_personal_data_out_of_repr(world) -> None:
    row = search_contracts("1001").items[0]
    c = row.counts
    assert (c.success, c.error, c.gave_up, c.partial, c.pending, c.not_available, c.total) == (1, 1, 1, 1, 6, 0, 10)
    assert (row.customer_name, row.document, row.cohort, row.status) == ("João Simões Câmara", CPF, "2026-01",
                                                                         ContractStatus.ACTIVE)
    assert row.plan_value == Decimal("129.90") and row.install_date == date(2026, 1, 10)
    assert CPF not in repr(row) and "João" not in repr(row)
    maria = contract_row(world["maria"].id)
    assert (maria.status, maria.plan, maria.plan_value, maria.counts.error) == (ContractStatus.DOWNGRADE, None,
                                                                                 None, 1)
    assert search_contracts("1002").items[0].counts.total == 0


def test_paging(world) -> None:
    first, second, last = (search_contracts("", page=p, page_size=4) for p in (1, 2, 3))
    assert [c.number for c in first.items] == ["1001", "1002", "1010", "2001"]
    assert [c.number for c in second.items] == ["30-A", "4000"]
    assert (first.total, first.pages, first.has_next, second.has_next) == (6, 2, True, False)
    assert last.items == () and last.total == 6
    assert found("joao", page=2, page_size=1) == ["30-A"]


@pytest.mark.parametrize(("call", "param"), [
    (lambda: search_contracts("", page=0), "page"),
    (lambda: search_contracts("", page_size=0), "page_size"),
    (lambda: search_contracts("", page_size=501), "page_size"),
    (lambda: search_contracts(None), "text"),  # type: ignore[arg-type]
    (lambda: search_contracts("x" * (MAX_SEARCH_LENGTH + 1)), "text"),
    (lambda: contract_invoices(0), "contract_id"),
    (lambda: contract_invoices("1"), "contract_id"),  # type: ignore[arg-type]
    (lambda: contract_row(-3), "contract_id"),
    (lambda: invoice_detail(True), "invoice_id"),  # type: ignore[arg-type]
    (lambda: problem_invoices_among([0]), "invoice_ids"),
])
def test_bad_parameters_are_named(world, call: Any, param: str) -> None:
    with pytest.raises(AnalyticsParamError) as err:
        call()
    assert err.value.param == param


def test_unknown_ids_are_not_found(world) -> None:
    for call in (lambda: contract_invoices(999), lambda: contract_row(999), lambda: invoice_detail(999)):
        with pytest.raises(NotFoundError):
            call()


# -- the plans ---------------------------------------------------------------------------------

@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_number_and_document_searches_use_their_indexes_and_never_scan(world) -> None:
    # A text like a number or a document is first looked up on the indexes alone (names=False);
    # names and document fragments are scanned only when that finds nothing.
    number = " ".join(explain_search("1001", names=False))
    assert "USING INDEX contract_number" in number and "SCAN" not in number
    document = " ".join(explain_search(format_document(CPF), names=False))
    assert "USING INDEX contract_document" in document and "USING INDEX contract_number" in document
    assert "SCAN" not in document
    everything = " ".join(explain_search(""))
    assert "SCAN" in everything and "contract_number" in everything  # walks the number index, LIMIT stops it


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_a_number_with_letters_is_looked_up_on_the_index_before_any_name_scan(world) -> None:
    contract("9999", "Oficina 30-A Motos")
    assert found("30-A") == ["30-A"]  # the number wins; the name that contains it is not scanned for
    plan = " ".join(explain_search("30-A", names=False))
    assert "USING INDEX contract_number" in plan and "SCAN" not in plan
    assert found("oficina 30-a") == ["9999"]  # with a space it is a name
    assert found("40-B") == []  # no such number: names are scanned too, and none has it


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_a_name_search_scans_in_number_order(world) -> None:
    plan = " ".join(explain_search("joao"))
    assert "SCAN" in plan and "USING INDEX contract_number" in plan and "TEMP B-TREE" not in plan


# -- invoices ----------------------------------------------------------------------------------

def test_a_contracts_invoices_with_everything_shown(world) -> None:
    rows = contract_invoices(world["joao"].id)
    assert [r.number for r in rows] == list(range(1, 11))
    first, second = rows[0], rows[1]
    assert (first.status, first.amount, first.bar_code, first.pix_code, first.remote_due_date) == (
        FetchStatus.SUCCESS, Decimal("129.90"), "8" * 47, "000201PIX", date(2026, 2, 6))
    assert (first.origin, first.last_outcome, first.attempts, first.last_fetch_at) == (
        FetchOrigin.AUTOMATIC, Outcome.MATCHED, 1, T0)
    assert (second.status, second.error, second.amount, second.bar_code) == (
        FetchStatus.ERROR, "read timeout after 30.0s", None, None)
    assert rows[9].status is FetchStatus.PENDING and rows[9].last_fetch_at is None
    assert contract_invoices(world["jose"].id) == ()


def test_invoice_detail_names_its_contract(world) -> None:
    inv = Invoice.get(Invoice.contract == world["joao"].id, Invoice.number == 3)
    detail = invoice_detail(inv.id)
    assert (detail.contract_number, detail.cohort, detail.invoice.number, detail.invoice.status) == (
        "1001", "2026-01", 3, FetchStatus.GAVE_UP)


def test_problem_invoices_among_given_ids(world) -> None:
    joao = {i.number: i.id for i in Invoice.select().where(Invoice.contract == world["joao"].id)}
    maria = Invoice.get(Invoice.contract == world["maria"].id).id
    ids = [joao[1], joao[2], joao[3], joao[4], maria]
    page = problem_invoices_among(ids)
    assert [r.invoice_id for r in page.items] == [maria, joao[3], joao[2], joao[4]]  # newest fetch first
    assert page.total == 4 and page.items[0].contract_number == "2001"
    assert problem_ids_among(ids, ProblemFilter(status=FetchStatus.ERROR)) == (maria, joao[2])
    assert problem_ids_among(ids, ProblemFilter(cohort="2026-01", min_attempts=2)) == (joao[3], joao[2])
    second = problem_invoices_among(ids, page=2, page_size=3)
    assert [r.invoice_id for r in second.items] == [joao[4]] and second.total == 4
    assert problem_ids_among([]) == ()


def test_cohorts_and_folding(world) -> None:
    assert cohorts() == ("2026-01", "2025-12", "2025-11")
    assert fold_text("JOÃO Simões Çà") == "joao simoes ca"
    assert fold_text(unicodedata.normalize("NFD", "Estêvão")) == "estevao"
    assert fold_text(None) is None


# -- what a user sees of a masked document finds it ----------------------------------------------

def test_the_visible_digits_of_a_masked_document_find_the_contract(world) -> None:
    masked = mask_document(CPF2)  # ***.444.777-**
    visible = masked.strip("*-.")  # "444.777"
    assert visible == f"{CPF2[3:6]}.{CPF2[6:9]}"
    assert found(visible) == ["1002"]
    assert found(visible.replace(".", "")) == ["1002"]
    assert found(masked) == ["1002"]  # pasted whole, asterisks and all
    assert found(CPF2[3:6]) == ["1002"]  # one group of three is enough
    firm = mask_document(CNPJ)  # **.222.333/0001-**
    assert found(firm.strip("*-.")) == ["30-A"]
    assert found(f"{CNPJ[5:8]}/{CNPJ[8:12]}") == ["30-A"]


def test_document_fragments_need_three_characters_and_only_document_characters() -> None:
    assert document_fragment("788.244") == "788244"
    assert document_fragment("***.788.244-**") == "788244"
    assert document_fragment("78") is None
    assert document_fragment("abc") is None  # no digit: a name
    assert document_fragment("rua 12") is None  # letters of a name with a number
    assert document_fragment("12.345.678/0001-90") == "12345678000190"


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_a_contract_number_is_still_found_on_the_index_before_any_fragment(world) -> None:
    plan = " ".join(explain_search("4000", names=False))
    assert "USING INDEX contract_number" in plan and "SCAN" not in plan
    assert found("4000") == ["4000"]  # not also every document containing 4000


# -- status groups -----------------------------------------------------------------------------

def test_status_groups_keep_contracts_with_an_invoice_in_the_group(world) -> None:
    assert found("", group=InvoiceGroup.PROBLEM) == ["1001", "2001"]
    assert found("", group=InvoiceGroup.READY) == ["1001"]  # success with amount and bar code
    assert found("", group=InvoiceGroup.PAID) == []
    invoice(world["jose"], 1, "PAID")
    invoice(world["firm"], 1, "CLOSED")
    invoice(world["percent"], 1, "SUCCESS", amount=Decimal("10.00"), bar_code="", pix_code="")  # no data
    invoice(world["maria"], 2, "SUCCESS", amount=Decimal("10.00"), bar_code="8" * 47, payment_status="PAID")
    assert found("", group=InvoiceGroup.PAID) == ["1002", "30-A"]
    assert found("", group=InvoiceGroup.READY) == ["1001"]  # no data / paid by the spreadsheet: not ready
    page = search_contracts("", group=InvoiceGroup.PROBLEM, page_size=1, page=2)
    assert ([c.number for c in page.items], page.total) == (["2001"], 2)
    assert found("maria", group=InvoiceGroup.PROBLEM) == ["2001"]
    assert found("1002", group=InvoiceGroup.PROBLEM) == []


def test_an_unknown_group_is_refused_naming_it(world) -> None:
    with pytest.raises(AnalyticsParamError, match="group"):
        search_contracts("", group="overdue")  # type: ignore[arg-type]


# -- sorting in the query ----------------------------------------------------------------------

def test_contracts_sort_by_a_column_in_the_query_and_pages_continue_the_order(world) -> None:
    by_name = found("", sort=Sort("customer"))
    assert by_name == ["1010", "1001", "1002", "4000", "2001", "30-A"]  # folded: Estêvão (NFD), João, José
    desc = found("", sort=Sort("customer", descending=True))
    assert desc == list(reversed(by_name))
    pages = [c.number for p in (1, 2, 3) for c in search_contracts("", sort=Sort("customer"), page=p,
                                                                     page_size=2).items]
    assert pages == by_name
    # ties broken by id: three contracts share CPF; the order among them is their creation order
    by_doc = found("", sort=Sort("document"))
    assert by_doc[:4] == ["1002", "30-A", "1001", "1010"] or by_doc.index("1001") < by_doc.index("1010")


def test_plan_value_sorts_with_empty_values_last_either_way(world) -> None:
    assert found("", sort=Sort("plan_value"))[-1] == "2001"
    assert found("", sort=Sort("plan_value", descending=True))[-1] == "2001"


def test_an_unknown_sort_column_is_refused_before_any_query(world) -> None:
    with pytest.raises(AnalyticsParamError, match="sort.*sortable"):
        search_contracts("", sort=Sort("customer_name; DROP TABLE contract"))


def test_problem_invoices_among_sort_and_carry_the_customer(world) -> None:
    ids = [i.id for i in Invoice.select()]
    page = problem_invoices_among(ids, sort=Sort("attempts", descending=True))
    assert [r.attempts for r in page.items] == [3, 2, 1, 1]
    assert {r.customer_name for r in page.items} == {"João Simões Câmara", "MARIA DA CONCEIÇÃO"}
    assert page.items[0].document == CPF
    assert "Câmara" not in repr(page.items[0]) and CPF not in repr(page.items[0])
