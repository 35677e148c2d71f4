"""Whole lists for export, streamed: invoices (of a search, a cohort, a status, a contract) and the
collection list (invoices with data to send, per customer).

The screens page these lists; an export takes every row of the same filter. Rows come off one
cursor inside one read transaction (a consistent snapshot, WAL readers do not block the engine)
in batches of `batch` rows, so memory stays flat whatever the size. The invoice search term is the
Invoices screen's own (storage.contracts_query), so "invoices of a search" are the invoices of the
contracts that search lists.

Personal data: `ExportInvoice.document` and `customer_name` stay out of the repr; nothing here
logs. Masking is the writer's choice (core.documents.mask_document), recorded in the file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import peewee as pw

from core.domain import MATCHED_STATUSES, ContractStatus, FetchStatus, PaymentStatus
from storage.analytics.figures import read_snapshot
from storage.analytics.params import AnalyticsParamError, check_int, check_optional_cohort, check_status
from storage.contracts_query import _search_condition, check_search_text
from storage.models import Contract, Invoice, database_proxy
from storage.rollups import parse_db_time
from storage.text_fold import install_fold

DEFAULT_BATCH = 2000
_INVOICE_ID: pw.Field = Invoice._meta.fields["id"]
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """Which invoices to export; None / empty means any. Validated on creation."""

    cohort: str | None = None
    statuses: tuple[FetchStatus, ...] = ()
    contract_number: str | None = None
    search: str | None = None  # the Invoices screen's search text
    due_from: date | None = None
    due_to: date | None = None
    unpaid_only: bool = False  # leave out what the payment spreadsheet says is paid

    def __post_init__(self) -> None:
        object.__setattr__(self, "cohort", check_optional_cohort(self.cohort))
        object.__setattr__(self, "statuses", tuple(s for s in (check_status(v) for v in self.statuses) if s))
        if self.search is not None:
            object.__setattr__(self, "search", check_search_text(self.search) or None)
        if self.contract_number is not None and not self.contract_number.strip():
            raise AnalyticsParamError("contract", self.contract_number, "is empty")
        if self.due_from and self.due_to and self.due_from > self.due_to:
            raise AnalyticsParamError("due_from", self.due_from.isoformat(),
                                      f"is after due_to {self.due_to.isoformat()}")

    def describe(self) -> tuple[tuple[str, str], ...]:
        """(name, value) pairs of the filters set, for a file's header."""
        out: list[tuple[str, str]] = []
        if self.cohort:
            out.append(("cohort", self.cohort))
        if self.statuses:
            out.append(("status", ",".join(s.value for s in self.statuses)))
        if self.contract_number:
            out.append(("contract", self.contract_number))
        if self.search:
            out.append(("search", self.search))
        if self.due_from:
            out.append(("due_from", self.due_from.isoformat()))
        if self.due_to:
            out.append(("due_to", self.due_to.isoformat()))
        return tuple(out)


def collection_filter(cohort: str | None = None, due_from: date | None = None, due_to: date | None = None
                      ) -> InvoiceFilter:
    """The collection list: matched invoices (amount, bar code, PIX found), not paid, due in range."""
    return InvoiceFilter(cohort=cohort, statuses=MATCHED_STATUSES, due_from=due_from, due_to=due_to,
                         unpaid_only=True)


@dataclass(frozen=True, slots=True)
class ExportInvoice:
    invoice_id: int
    contract_number: str
    document: str = field(repr=False)
    customer_name: str = field(repr=False)
    install_date: date
    cohort: str
    contract_status: ContractStatus | None
    plan: str | None
    number: int
    due_date: date
    status: FetchStatus
    payment_status: PaymentStatus | None
    attempts: int
    last_fetch_at: datetime | None
    amount: Decimal | None
    remote_due_date: date | None
    bar_code: str | None
    pix_code: str | None
    error: str | None


_FIELDS = (
    _INVOICE_ID, Contract.number, Contract.document, Contract.customer_name, Contract.install_date,
    Contract.cohort, Contract.status, Contract.plan, Invoice.number, Invoice.due_date, Invoice.fetch_status,
    Invoice.payment_status, Invoice.fetch_attempts, Invoice.last_fetch_at, Invoice.amount,
    Invoice.remote_due_date, Invoice.bar_code, Invoice.pix_code, Invoice.fetch_error,
)


def _query(flt: InvoiceFilter, *, per_customer: bool) -> pw.ModelSelect[Invoice]:
    query = Invoice.select(*_FIELDS).join(Contract, on=(Invoice.contract == Contract._meta.fields["id"]))
    terms: list[Any] = []
    if flt.cohort:
        terms.append(Contract.cohort == flt.cohort)
    if flt.statuses:
        terms.append(Invoice.fetch_status.in_([s.value for s in flt.statuses]))
    if flt.contract_number:
        terms.append(Contract.number == flt.contract_number.strip())
    if flt.search:
        cond = _search_condition(flt.search)
        if cond is not None:
            terms.append(cond)
    if flt.due_from:
        terms.append(Invoice.due_date >= flt.due_from)
    if flt.due_to:
        terms.append(Invoice.due_date <= flt.due_to)
    if flt.unpaid_only:
        terms.append(Invoice.payment_status.is_null() | (Invoice.payment_status != PaymentStatus.PAID.value))
        terms.append(Invoice.fetch_status != FetchStatus.PAID.value)
    for term in terms:
        query = query.where(term)
    if per_customer:
        return query.order_by(Contract.customer_name, Contract.document, Contract.number, Invoice.number)
    return query.order_by(Contract.number, Invoice.number)


def database_label() -> str:
    """The open database as a report names it: its path (a server's location without password)."""
    from storage.db import describe_location

    db = database_proxy.obj
    return describe_location(str(getattr(db, "database", "") or "")) if db is not None else ""


def count_invoices(flt: InvoiceFilter) -> int:
    if flt.search:
        install_fold()
    return int(_query(flt, per_customer=False).order_by().count())


@dataclass(frozen=True, slots=True)
class InvoiceTotals:
    invoices: int
    customers: int  # distinct documents
    amount: Decimal  # sum of the amounts found


def invoice_totals(flt: InvoiceFilter) -> InvoiceTotals:
    """How many invoices the filter takes, of how many customers, for how much."""
    if flt.search:
        install_fold()
    query = _query(flt, per_customer=False).order_by().select(
        pw.fn.COUNT(_INVOICE_ID), pw.fn.COUNT(Contract.document.distinct()), pw.fn.SUM(Invoice.amount))
    sql, params = query.sql()
    n, customers, amount = database_proxy.execute_sql(sql, params).fetchone()
    return InvoiceTotals(int(n or 0), int(customers or 0), _money(amount) or Decimal("0.00"))


def customer_totals(flt: InvoiceFilter) -> dict[str, tuple[int, Decimal]]:
    """Per customer document: how many invoices the filter takes and their amount (for the
    collection list's customer headings; one entry per customer, not per invoice)."""
    if flt.search:
        install_fold()
    query = _query(flt, per_customer=False).order_by().select(
        Contract.document, pw.fn.COUNT(_INVOICE_ID), pw.fn.SUM(Invoice.amount)).group_by(Contract.document)
    sql, params = query.sql()
    return {str(doc): (int(n), _money(total) or Decimal("0.00"))
            for doc, n, total in database_proxy.execute_sql(sql, params)}


def iter_invoices(flt: InvoiceFilter, *, per_customer: bool = False, batch: int = DEFAULT_BATCH
                  ) -> Iterator[list[ExportInvoice]]:
    """Every invoice the filter takes, in batches: by contract number and invoice number, or
    (`per_customer`, the collection list) by customer name, document, contract, invoice."""
    batch = check_int("batch", batch, 1, 100_000)
    if flt.search:
        install_fold()
    sql, params = _query(flt, per_customer=per_customer).sql()
    with read_snapshot():
        cursor = database_proxy.execute_sql(sql, params)
        while True:
            rows = cursor.fetchmany(batch)
            if not rows:
                return
            yield [_row(r) for r in rows]


_FETCH_STATUS = {s.value: s for s in FetchStatus}
_CONTRACT_STATUS = {s.value: s for s in ContractStatus}
_PAYMENT = {s.value: s for s in PaymentStatus}


@functools.lru_cache(maxsize=16384)  # due and install dates repeat across rows
def _iso_day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else _iso_day(str(value))


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(_CENT)


def _row(r: tuple[Any, ...]) -> ExportInvoice:
    due = _date(r[9])
    install = _date(r[4])
    assert due is not None and install is not None
    return ExportInvoice(
        invoice_id=int(r[0]), contract_number=r[1], document=r[2], customer_name=r[3], install_date=install,
        cohort=r[5], contract_status=_CONTRACT_STATUS.get(r[6]), plan=r[7], number=int(r[8]), due_date=due,
        status=_FETCH_STATUS[r[10]], payment_status=_PAYMENT.get(r[11]) if r[11] else None,
        attempts=int(r[12] or 0), last_fetch_at=parse_db_time(r[13]), amount=_money(r[14]),
        remote_due_date=_date(r[15]), bar_code=r[16] or None, pix_code=r[17] or None, error=r[18] or None,
    )


__all__ = ["ExportInvoice", "InvoiceFilter", "InvoiceTotals", "collection_filter", "count_invoices", "customer_totals",
           "database_label",
           "invoice_totals",
           "iter_invoices"]
