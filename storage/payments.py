"""Storing a payment spreadsheet (FPD): each row's payment status and date on its invoice, in one
write transaction.

Every row is first resolved to a stored invoice (contract by number; invoice by number, or by
due date through core.payments.invoice_by_due_date); rows naming no stored contract or invoice,
or an invoice another row already named, are errors with their line. Then, unless there are
errors and the caller did not ask to skip them, every resolved row sets `payment_status` and
`paid_at` and the fetch status core.payments.fetch_status_after gives (PAGO: PAID; a PAID
invoice named by another status goes back to SUCCESS / PARTIAL / PENDING). Found data (amount,
bar code, PIX) is never touched. The invoice rollup follows in the same transaction
(storage.rollups_write: out before, in after, for the invoices whose fetch status changes).
A dry run does all of it but the writing, and says what would change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import peewee as pw

from core.domain import FetchStatus, Outcome, PaymentStatus
from core.messages import msg
from core.payments import InvoiceDates, Unresolved, fetch_status_after, invoice_by_due_date
from core.payments_import import CONTRACT, DUE_DATE, INVOICE, PaymentRecord
from core.tabular import RowError
from storage import rollups_write as rollups
from storage.contracts import write_transaction
from storage.errors import StoreWriteError
from storage.models import Contract, FetchAttempt, Invoice, database_proxy

log = logging.getLogger(__name__)

_CHUNK = 500
_CONTRACT_ID: pw.Field = Contract._meta.fields["id"]
_INVOICE_ID: pw.Field = Invoice._meta.fields["id"]
_MATCHES = (Outcome.MATCHED.value, Outcome.MATCHED_DIVERGENT.value)


@dataclass(frozen=True, slots=True)
class PaymentChanges:
    """What the rows did (or, in a dry run, would do) to their invoices."""

    rows: int = 0  # rows applied (resolved to an invoice)
    paid: int = 0  # invoices that became PAID
    reopened: int = 0  # PAID invoices a non-PAGO row took back to SUCCESS / PARTIAL / PENDING
    updated: int = 0  # other invoices whose payment status or date changed
    unchanged: int = 0  # already as the row says


@dataclass(frozen=True, slots=True)
class PaymentImport:
    changes: PaymentChanges
    errors: tuple[RowError, ...]  # rows that name no stored invoice (or one named before)
    written: bool  # False: a dry run, or errors without skip_invalid: nothing was written


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    number: int
    due_date: date
    remote_due_date: date | None
    fetch_status: FetchStatus
    last_outcome: str | None
    has_data: bool
    payment_status: str | None
    paid_at: date | None


@dataclass(frozen=True, slots=True)
class _Change:
    invoice: _Stored
    fetch_status: FetchStatus
    payment_status: PaymentStatus
    paid_at: date | None


def import_payments(records: Sequence[PaymentRecord], now: datetime, *, skip_invalid: bool = False,
                    dry_run: bool = False, columns: Mapping[str, str] | None = None) -> PaymentImport:
    """Resolve and apply `records` (see the module docstring). `columns` names each field's
    column (core.payments_import field -> header) for the errors. StoreWriteError when the
    database refuses the write (nothing is written then)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    names = {CONTRACT: CONTRACT, INVOICE: INVOICE, DUE_DATE: DUE_DATE, **(columns or {})}
    try:
        with write_transaction():
            stored = _stored_invoices({r.contract_number for r in records})
            resolved, errors = _resolve(records, stored, names)
            changes, summary = _changes(resolved)
            written = not dry_run and not (errors and not skip_invalid)
            if written:
                _write(changes, now)
    except pw.OperationalError as exc:
        raise StoreWriteError(f"cannot write the payments to the database: {exc}") from exc
    if written:
        log.info("payments imported: %s", summary)
    return PaymentImport(summary, tuple(errors), written)


def _stored_invoices(numbers: Iterable[str]) -> dict[str, list[_Stored]]:
    """contract number -> its invoices."""
    found: dict[str, list[_Stored]] = {}
    wanted = sorted(numbers)
    for start in range(0, len(wanted), _CHUNK):
        query = (
            Invoice.select(Contract.number, _INVOICE_ID, Invoice.number, Invoice.due_date, Invoice.remote_due_date,
                           Invoice.fetch_status, Invoice.last_outcome, Invoice.amount, Invoice.bar_code,
                           Invoice.pix_code, Invoice.payment_status, Invoice.paid_at)
            .join(Contract, on=(Invoice.contract == _CONTRACT_ID))
            .where(Contract.number.in_(wanted[start : start + _CHUNK]))
        )
        for (contract, invoice_id, number, due, remote_due, status, outcome, amount, bar_code, pix, payment,
             paid_at) in _tuples(query):
            has_data = amount is not None and bool(bar_code or pix)
            found.setdefault(contract, []).append(_Stored(invoice_id, number, due, remote_due, FetchStatus(status),
                                                          outcome, has_data, payment, paid_at))
    return found


def _resolve(records: Sequence[PaymentRecord], stored: Mapping[str, list[_Stored]], names: Mapping[str, str]
             ) -> tuple[list[tuple[PaymentRecord, _Stored]], list[RowError]]:
    resolved: list[tuple[PaymentRecord, _Stored]] = []
    errors: list[RowError] = []
    line_of: dict[int, int] = {}  # invoice id -> the line that named it
    for record in records:
        invoices = stored.get(record.contract_number)
        if invoices is None:
            errors.append(RowError.of(record.line, names[CONTRACT],
                                      msg("import.unknown_contract", number=record.contract_number)))
            continue
        by_number = {i.number: i for i in invoices}
        column = names[INVOICE]
        if record.invoice_number is not None:
            invoice = by_number.get(record.invoice_number)
            if invoice is None:
                errors.append(RowError.of(record.line, column, msg(
                    "import.no_such_invoice", number=record.contract_number, invoice=record.invoice_number)))
                continue
        else:
            assert record.due_date is not None
            column = names[DUE_DATE]
            dates = [InvoiceDates(i.number, i.due_date, i.remote_due_date) for i in invoices]
            found = invoice_by_due_date(record.due_date, dates)
            if isinstance(found, Unresolved):
                errors.append(RowError.of(record.line, column, msg(
                    "import.due_unresolved", number=record.contract_number, reason=[found.problem])))
                continue
            invoice = by_number[found]
        first = line_of.setdefault(invoice.id, record.line)
        if first != record.line:
            errors.append(RowError.of(record.line, column, msg(
                "import.named_again", invoice=invoice.number, number=record.contract_number, first=first)))
            continue
        resolved.append((record, invoice))
    errors.sort(key=lambda e: e.line)
    return resolved, errors


def _changes(resolved: Sequence[tuple[PaymentRecord, _Stored]]) -> tuple[list[_Change], PaymentChanges]:
    reopening = [invoice.id for record, invoice in resolved
                 if invoice.fetch_status is FetchStatus.PAID and record.status is not PaymentStatus.PAID
                 and invoice.has_data]
    last_match = _last_matches(reopening)
    changes: list[_Change] = []
    paid = reopened = updated = 0
    for record, invoice in resolved:
        match = last_match.get(invoice.id) or (invoice.last_outcome if invoice.last_outcome in _MATCHES else None)
        status = fetch_status_after(invoice.fetch_status, record.status, has_data=invoice.has_data,
                                    last_match=Outcome(match) if match else None)
        if (status, record.status.value, record.paid_at) == (invoice.fetch_status, invoice.payment_status,
                                                              invoice.paid_at):
            continue
        changes.append(_Change(invoice, status, record.status, record.paid_at))
        if status is FetchStatus.PAID and invoice.fetch_status is not FetchStatus.PAID:
            paid += 1
        elif invoice.fetch_status is FetchStatus.PAID and status is not FetchStatus.PAID:
            reopened += 1
        else:
            updated += 1
    return changes, PaymentChanges(len(resolved), paid, reopened, updated, len(resolved) - len(changes))


def _last_matches(invoice_ids: Sequence[int]) -> dict[int, str]:
    """invoice id -> the outcome of its latest matching attempt (MATCHED or MATCHED_DIVERGENT)."""
    latest: dict[int, str] = {}
    for start in range(0, len(invoice_ids), _CHUNK):
        query = (
            FetchAttempt.select(FetchAttempt.invoice, FetchAttempt.outcome)
            .where(FetchAttempt.invoice.in_(list(invoice_ids[start : start + _CHUNK]))
                   & FetchAttempt.outcome.in_(_MATCHES))
            .order_by(FetchAttempt.invoice, FetchAttempt.started_at, FetchAttempt._meta.fields["id"])
        )
        latest.update((invoice_id, outcome) for invoice_id, outcome in _tuples(query))
    return latest


def _write(changes: Sequence[_Change], now: datetime) -> None:
    moved = [c.invoice.id for c in changes if c.fetch_status is not c.invoice.fetch_status]
    db = database_proxy.obj
    rollups.invoices_out(db, moved)
    groups: dict[tuple[FetchStatus, PaymentStatus, date | None], list[int]] = {}
    for change in changes:
        groups.setdefault((change.fetch_status, change.payment_status, change.paid_at), []).append(change.invoice.id)
    for (status, payment, paid_at), ids in groups.items():
        for chunk in _chunked(ids):
            Invoice.update({
                Invoice.fetch_status: status.value, Invoice.payment_status: payment.value, Invoice.paid_at: paid_at,
                Invoice.updated_at: now,
            }).where(_INVOICE_ID.in_(list(chunk))).execute()
    rollups.invoices_in(db, moved)


def _chunked(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _tuples(query: pw.Select) -> Iterable[tuple[Any, ...]]:
    return cast(Iterable[tuple[Any, ...]], query.tuples())
