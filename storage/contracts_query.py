"""The Invoices screen's reads: find contracts, list a contract's ten invoices, look invoices up
by id (also for the Problems screen's history and its "group" filter).

Searching takes one text and matches it three ways at once, OR-ed:

- contract number, exact or prefix: a range on the unique index `contract.number`;
- document (CPF/CNPJ), exact after `core.documents.normalize_document` strips the dots,
  dashes, slashes and spaces: the index `contract.document`;
- document, "contains" the text's letters and digits (at least DOCUMENT_FRAGMENT_MIN of them,
  punctuation and the mask's asterisks dropped): what a user sees of a masked document,
  "***.788.244-**", finds it typed as "788.244", "788244" or pasted whole;
- customer name, "contains", ignoring case and accents (only when the text has a letter).

A one-word text with a digit ("7000123", "C-1001", "529.982.247-25") is first looked up on the
two indexes alone; names and document fragments are scanned only if that finds nothing.

A status group (core.invoice_groups) keeps the contracts with at least one invoice in it (an
EXISTS over the unique index invoice(contract_id, number)). Pages are by contract number, or
by one of CONTRACT_SORT_KEYS with the contract id as tie-breaker.

Accents: names are stored as typed, with no folded copy (no schema change). On SQLite each
read connection gets a deterministic SQL function `fm_fold(text)` (Python: accents removed
through a translation table that also drops combining marks, so NFC and NFD names fold alike,
then lower-cased), and the name term is `fm_fold(customer_name) LIKE '%<folded text>%'` (LIKE
wildcards in the text escaped). That scans the contract table once, in contract-number order,
with the total taken by a window count in the same pass: about 0.12 s for 100,000 contracts.
A page is always LIMITed and the text is capped. Other databases fold with
`translate(lower(...))` instead (untested here).

Personal data: `ContractRow.document` and `customer_name` are left out of the repr, so a
row that reaches a log line does not carry them; nothing here logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import peewee as pw

from core.documents import normalize_document
from core.domain import ContractStatus, FetchOrigin, FetchStatus, Outcome, PaymentStatus
from core.invoice_groups import GROUP_STATUSES, READY_EXCLUDES_PAYMENT, InvoiceGroup
from storage.analytics.figures import StatusCounts, read_snapshot
from storage.analytics.params import (
    AnalyticsParamError,
    NotFoundError,
    PageOf,
    check_int,
    check_optional_enum,
    check_page,
    check_page_size,
)
from storage.analytics.problems import ProblemFilter, ProblemInvoice, problem_order
from storage.analytics.sorting import Sort
from storage.analytics.waiting import WaitingCounts, waiting_by_contract
from storage.dialect import int_list_sql, is_postgres
from storage.models import Contract, Invoice, database_proxy
from storage.rollups import parse_db_time
from storage.text_fold import FOLD_FUNCTION, fold_text, install_fold

MAX_SEARCH_LENGTH = 100
DOCUMENT_FRAGMENT_MIN = 3
_NOT_DOCUMENT_CHAR = re.compile(r"[^0-9A-Z]")
MAX_LOOKUP_IDS = 100_000
_DOCUMENT_RE = re.compile(r"[0-9A-Z]{11}|[0-9A-Z]{14}")
_CONTRACT_ID: pw.Field = Contract._meta.fields["id"]  # the implicit keys the stubs do not declare
_INVOICE_ID: pw.Field = Invoice._meta.fields["id"]


# -- accent folding (storage.text_fold) ---------------------------------------------------------

def _folded_name() -> pw.ColumnBase:
    return cast(pw.ColumnBase, getattr(pw.fn, FOLD_FUNCTION)(Contract.customer_name))


# -- records -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ContractRow:
    id: int
    number: str
    customer_name: str = field(repr=False)  # personal data
    document: str = field(repr=False)  # digits (or CNPJ letters) only; mask before showing
    install_date: date
    cohort: str
    status: ContractStatus | None  # None: a value this version does not know
    plan: str | None
    plan_value: Decimal | None
    counts: StatusCounts  # its invoices by fetch status
    waiting: WaitingCounts = WaitingCounts(0, 0, 0, 0)  # to fetch now / not yet available, as of the search's day


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    id: int
    contract_id: int
    number: int  # 1..10
    due_date: date
    due_date_imported: bool
    available_from: date
    status: FetchStatus
    origin: FetchOrigin | None
    attempts: int
    last_outcome: Outcome | None
    last_fetch_at: datetime | None
    fetch_seconds: float | None
    amount: Decimal | None
    remote_due_date: date | None
    reference_month: str | None
    bar_code: str | None
    pix_code: str | None
    error: str | None
    payment_status: PaymentStatus | None
    last_run_id: int | None


@dataclass(frozen=True, slots=True)
class InvoiceDetail:
    """One invoice with the contract it belongs to (for a header above its history)."""

    contract_id: int
    contract_number: str
    cohort: str
    invoice: InvoiceRow


# -- contracts ---------------------------------------------------------------------------------

def check_search_text(text: object) -> str:
    if not isinstance(text, str):
        raise AnalyticsParamError("text", text, "is not text")
    clean = " ".join(text.split())
    if len(clean) > MAX_SEARCH_LENGTH:
        raise AnalyticsParamError("text", clean[:20] + "…", f"is longer than {MAX_SEARCH_LENGTH} characters")
    return clean


def _looks_like_code(text: str) -> bool:
    """One word with a digit: a contract number or a document rather than a name."""
    return any(c.isdigit() for c in text) and " " not in text


def document_fragment(text: str) -> str | None:
    """The letters and digits of `text` to look for inside documents, or None when the text is
    not made of a document's visible part (digits, punctuation, the mask's asterisks)."""
    upper = text.upper()
    if not any(c.isdigit() for c in upper) or re.search(r"[^0-9A-Z.\-/*\s]", upper):
        return None
    if any(c.isalpha() for c in upper) and any(c.isspace() for c in upper):
        return None  # words: a name or an address, not a (letters-and-digits CNPJ) document
    fragment = _NOT_DOCUMENT_CHAR.sub("", upper)
    return fragment if len(fragment) >= DOCUMENT_FRAGMENT_MIN else None


def _search_condition(text: str, *, names: bool = True) -> pw.Node | None:
    """The OR of the number, document and (with `names`) name and document-fragment terms for
    `text`; None: all."""
    if not text:
        return None
    upper = text[:-1] + chr(ord(text[-1]) + 1) if ord(text[-1]) < 0x10FFFF else None
    cond: pw.Node = Contract.number >= text
    cond = (cond & (Contract.number < upper)) if upper is not None else cond
    document = normalize_document(text)
    if _DOCUMENT_RE.fullmatch(document):
        cond = cond | (Contract.document == document)
    fragment = document_fragment(text)
    if names and fragment is not None:
        position = pw.fn.strpos if is_postgres(database_proxy.obj) else pw.fn.instr
        cond = cond | (position(Contract.document, fragment) > 0)
    if names and _scans_names(text):
        cond = cond | _folded_name().contains(fold_text(text))
    return cond


def _scans_names(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _scans(text: str) -> bool:
    """Whether the full search reads every contract (a name or a document fragment)."""
    return bool(text) and (_scans_names(text) or document_fragment(text) is not None)


def group_condition(group: InvoiceGroup) -> pw.Node:
    """Contracts with at least one invoice in `group` (core.invoice_groups' rule in SQL)."""
    statuses = [s.value for s in GROUP_STATUSES[group]]
    inner = Invoice.select(pw.SQL("1")).where((Invoice.contract == _CONTRACT_ID) & Invoice.fetch_status.in_(statuses))
    if group is InvoiceGroup.READY:
        inner = inner.where(
            Invoice.amount.is_null(False)
            & ((pw.fn.coalesce(Invoice.bar_code, "") != "") | (pw.fn.coalesce(Invoice.pix_code, "") != ""))
            & (Invoice.payment_status.is_null() | (Invoice.payment_status != READY_EXCLUDES_PAYMENT.value)))
    return pw.fn.EXISTS(inner)


# The contract list's sortable columns; its default order is by number (the unique index).
_CONTRACT_SORT: dict[str, pw.ColumnBase] = {
    "number": Contract.number, "customer": _folded_name(), "document": Contract.document,
    "cohort": Contract.cohort, "install_date": Contract.install_date, "status": Contract.status,
    "plan": Contract.plan, "plan_value": Contract.plan_value,
}
CONTRACT_SORT_KEYS = tuple(_CONTRACT_SORT)


def _contract_order(sort: Sort | None) -> list[pw.Node]:
    if sort is None or sort.key is None:
        return [Contract.number]
    column = _CONTRACT_SORT.get(sort.key) if isinstance(sort, Sort) else None
    if column is None:
        raise AnalyticsParamError("sort", getattr(sort, "key", sort),
                                  "is not a sortable column (one of: " + ", ".join(CONTRACT_SORT_KEYS) + ")")
    if sort.descending:
        return [column.is_null(), column.desc(), _CONTRACT_ID.desc()]
    return [column.is_null(), column.asc(), _CONTRACT_ID.asc()]


def _search_query(text: str, *, names: bool = True) -> pw.ModelSelect[Contract]:
    query = Contract.select(
        _CONTRACT_ID, Contract.number, Contract.customer_name, Contract.document, Contract.install_date,
        Contract.cohort, Contract.status, Contract.plan, Contract.plan_value,
    )
    cond = _search_condition(text, names=names)
    return query.where(cond) if cond is not None else query


def _page(query: pw.ModelSelect[Contract], page: int, page_size: int, *, scan: bool, sort: Sort | None = None
          ) -> tuple[list[tuple[Any, ...]], int]:
    """One page of `query` (by contract number unless `sort` says otherwise), and the total. When
    the query scans the table anyway, the total comes from the same scan (a window count)
    instead of a second one."""
    ordered = query.order_by(*_contract_order(sort)).limit(page_size).offset((page - 1) * page_size)
    if not scan:
        return _tuples(ordered), int(query.count())
    rows = _tuples(ordered.select_extend(pw.fn.COUNT(_CONTRACT_ID).over()))
    if rows:
        return [r[:-1] for r in rows], int(rows[0][-1])
    return [], 0 if page == 1 else int(query.count())


def search_contracts(text: str, *, page: int = 1, page_size: int = 50, sort: Sort | None = None,
                     group: InvoiceGroup | None = None, today: date | None = None) -> PageOf[ContractRow]:
    """Contracts whose number starts with `text`, whose document is `text` or contains its digits
    (punctuation and mask ignored) or whose customer name contains it (case and accents
    ignored); with `group`, only those with an invoice in that status group. By contract number
    unless `sort` names another column (CONTRACT_SORT_KEYS)."""
    clean = check_search_text(text)
    page, page_size = check_page(page), check_page_size(page_size)
    group = check_optional_enum("group", group, InvoiceGroup)
    _contract_order(sort)  # refuses an unknown column before any query
    install_fold()

    def query(names: bool) -> pw.ModelSelect[Contract]:
        q = _search_query(clean, names=names)
        return q.where(group_condition(group)) if group is not None else q

    with read_snapshot():
        rows: list[tuple[Any, ...]] = []
        total = 0
        grouped = group is not None
        if _looks_like_code(clean):  # a number or a document: the indexes answer, nothing is scanned
            rows, total = _page(query(False), page, page_size, scan=grouped, sort=sort)
        if not total:
            rows, total = _page(query(True), page, page_size, scan=grouped or _scans(clean), sort=sort)
        counts = _status_counts([r[0] for r in rows])
        waits = waiting_by_contract(today or date.today(), [int(r[0]) for r in rows])
    items = tuple(_contract(r, counts.get(r[0], StatusCounts()), waits.get(int(r[0]))) for r in rows)
    return PageOf(items, total, page, page_size)


def explain_search(text: str, *, names: bool = True) -> tuple[str, ...]:
    """SQLite's query plan for the page query of a search (tests and benchmarks); `names=False`
    is the first, index-only query tried for a text that looks like a number or a document."""
    install_fold()
    query = _search_query(check_search_text(text), names=names)
    sql, params = query.order_by(Contract.number).limit(50).sql()
    cursor = database_proxy.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
    return tuple(str(r[3]) for r in cursor)


def contract_row(contract_id: int, today: date | None = None) -> ContractRow:
    contract_id = check_int("contract_id", contract_id, 1)
    with read_snapshot():
        rows = _tuples(_search_query("").where(_CONTRACT_ID == contract_id))
        if not rows:
            raise NotFoundError("contract_id", contract_id, "is not a contract")
        counts = _status_counts([contract_id])
        waits = waiting_by_contract(today or date.today(), [contract_id])
    return _contract(rows[0], counts.get(contract_id, StatusCounts()), waits.get(contract_id))


def cohorts() -> tuple[str, ...]:
    """Every cohort that has a contract, newest first (off the cohort index)."""
    query = Contract.select(Contract.cohort).distinct().order_by(Contract.cohort.desc())
    return tuple(str(r[0]) for r in _tuples(query))


def _status_counts(contract_ids: Sequence[int]) -> dict[int, StatusCounts]:
    if not contract_ids:
        return {}
    query = (Invoice.select(Invoice.contract, Invoice.fetch_status, pw.fn.count(_INVOICE_ID))
             .where(Invoice.contract.in_(list(contract_ids)))
             .group_by(Invoice.contract, Invoice.fetch_status))
    by_contract: dict[int, dict[str, int]] = {}
    for contract_id, status, n in _tuples(query):
        by_contract.setdefault(int(contract_id), {})[str(status).lower()] = int(n)
    known = {f.name for f in fields(StatusCounts)}
    return {cid: StatusCounts(**{k: v for k, v in values.items() if k in known})
            for cid, values in by_contract.items()}


def _contract(r: Sequence[Any], counts: StatusCounts, waiting: WaitingCounts | None = None) -> ContractRow:
    try:
        status: ContractStatus | None = ContractStatus(r[6])
    except ValueError:
        status = None
    return ContractRow(
        id=int(r[0]), number=r[1], customer_name=r[2], document=r[3], install_date=r[4], cohort=r[5],
        status=status, plan=r[7], plan_value=r[8], counts=counts, waiting=waiting or WaitingCounts(0, 0, 0, 0),
    )


# -- invoices ----------------------------------------------------------------------------------

_INVOICE_FIELDS = (
    _INVOICE_ID, Invoice.contract, Invoice.number, Invoice.due_date, Invoice.due_date_imported,
    Invoice.available_from, Invoice.fetch_status, Invoice.fetch_origin, Invoice.fetch_attempts,
    Invoice.last_outcome, Invoice.last_fetch_at, Invoice.fetch_seconds,
    Invoice.amount, Invoice.remote_due_date, Invoice.reference_month, Invoice.bar_code, Invoice.pix_code,
    Invoice.fetch_error, Invoice.payment_status, Invoice.last_run,
)


def _invoice(r: Sequence[Any]) -> InvoiceRow:
    return InvoiceRow(
        id=int(r[0]), contract_id=int(r[1]), number=int(r[2]), due_date=r[3], due_date_imported=bool(r[4]),
        available_from=r[5], status=FetchStatus(r[6]), origin=FetchOrigin(r[7]) if r[7] else None,
        attempts=int(r[8] or 0), last_outcome=Outcome(r[9]) if r[9] else None, last_fetch_at=r[10],
        fetch_seconds=r[11], amount=r[12], remote_due_date=r[13],
        reference_month=r[14], bar_code=r[15] or None, pix_code=r[16] or None, error=r[17] or None,
        payment_status=_payment(r[18]), last_run_id=r[19],
    )


def _payment(value: str | None) -> PaymentStatus | None:
    try:
        return PaymentStatus(value) if value else None
    except ValueError:
        return None


def contract_invoices(contract_id: int) -> tuple[InvoiceRow, ...]:
    """A contract's invoices (1..10) with everything a user needs about them."""
    contract_id = check_int("contract_id", contract_id, 1)
    with read_snapshot():
        if not Contract.select(_CONTRACT_ID).where(_CONTRACT_ID == contract_id).exists():
            raise NotFoundError("contract_id", contract_id, "is not a contract")
        query = Invoice.select(*_INVOICE_FIELDS).where(Invoice.contract == contract_id).order_by(Invoice.number)
        return tuple(_invoice(r) for r in _tuples(query))


def invoice_detail(invoice_id: int) -> InvoiceDetail:
    invoice_id = check_int("invoice_id", invoice_id, 1)
    query = (Invoice.select(*_INVOICE_FIELDS, Contract.number, Contract.cohort).join(Contract)
             .where(_INVOICE_ID == invoice_id))
    rows = _tuples(query)
    if not rows:
        raise NotFoundError("invoice_id", invoice_id, "is not an invoice")
    r = rows[0]
    return InvoiceDetail(contract_id=int(r[1]), contract_number=r[-2], cohort=r[-1], invoice=_invoice(r[:-2]))


# -- problem invoices among given ids (the Problems screen's "error group" filter) ---------------

_PROBLEM_SELECT = """SELECT i.id, i.contract_id, c.number, i.number, c.cohort, i.due_date, i.fetch_status,
        i.fetch_origin, i.fetch_attempts, i.last_outcome, i.fetch_error, i.last_fetch_at, i.fetch_seconds,
        i.last_run_id, c.customer_name, c.document
    FROM invoice i JOIN contract c ON c.id = i.contract_id"""


def _among(ids: Iterable[int], flt: ProblemFilter | None) -> tuple[str, list[object]]:
    wanted = sorted({check_int("invoice_ids", i, 1) for i in ids})
    if len(wanted) > MAX_LOOKUP_IDS:
        raise AnalyticsParamError("invoice_ids", len(wanted), f"are more than {MAX_LOOKUP_IDS}")
    where, params = (flt or ProblemFilter()).sql()
    # One JSON parameter instead of thousands of placeholders.
    ids_json = "[" + ",".join(str(i) for i in wanted) + "]"
    return f"i.id IN ({int_list_sql(database_proxy.obj)}) AND {where}", [ids_json, *params]


def problem_invoices_among(ids: Iterable[int], flt: ProblemFilter | None = None, *, page: int = 1,
                           page_size: int = 50, sort: Sort | None = None) -> PageOf[ProblemInvoice]:
    """The problem invoices among `ids` that `flt` shows, one page; newest fetch first unless
    `sort` names another column."""
    page, page_size = check_page(page), check_page_size(page_size)
    where, params = _among(ids, flt)
    with read_snapshot():
        total = database_proxy.execute_sql(
            f"SELECT count(*) FROM invoice i JOIN contract c ON c.id = i.contract_id WHERE {where}", params
        ).fetchone()[0]
        rows = database_proxy.execute_sql(
            f"{_PROBLEM_SELECT} WHERE {where} ORDER BY {problem_order(sort)} LIMIT ? OFFSET ?",
            [*params, page_size, (page - 1) * page_size],
        ).fetchall()
    return PageOf(tuple(_problem(r) for r in rows), int(total), page, page_size)


def problem_ids_among(ids: Iterable[int], flt: ProblemFilter | None = None) -> tuple[int, ...]:
    """Every id among `ids` that `flt` shows (all pages), newest fetch first."""
    where, params = _among(ids, flt)
    sql = (f"SELECT i.id FROM invoice i JOIN contract c ON c.id = i.contract_id WHERE {where} "
           "ORDER BY i.last_fetch_at DESC, i.id DESC")
    return tuple(int(r[0]) for r in database_proxy.execute_sql(sql, params))


def _problem(r: Sequence[Any]) -> ProblemInvoice:
    return ProblemInvoice(
        invoice_id=r[0], contract_id=r[1], contract_number=r[2], invoice_number=r[3], cohort=r[4],
        due_date=date.fromisoformat(str(r[5])), status=FetchStatus(r[6]),
        origin=FetchOrigin(r[7]) if r[7] else None, attempts=r[8],
        last_outcome=Outcome(r[9]) if r[9] else None, error=r[10], last_fetch_at=parse_db_time(r[11]),
        fetch_seconds=r[12], last_run_id=r[13], customer_name=r[14] or "", document=r[15] or "",
    )


def _tuples(query: pw.Select) -> list[tuple[Any, ...]]:
    return list(cast(Iterable[tuple[Any, ...]], query.tuples()))


__all__ = [
    "CONTRACT_SORT_KEYS",
    "MAX_SEARCH_LENGTH",
    "ContractRow",
    "InvoiceDetail",
    "InvoiceRow",
    "cohorts",
    "contract_invoices",
    "contract_row",
    "document_fragment",
    "group_condition",
    "explain_search",
    "fold_text",
    "invoice_detail",
    "problem_ids_among",
    "problem_invoices_among",
    "search_contracts",
]
