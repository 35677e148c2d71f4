"""Storing imported due dates: they override the rule (core.due_dates) and are marked imported.

Written by the contract import (its `vencimento_N` columns, inside its transaction) and by
`import-due-dates` (its own transaction). An invoice given a due date gets `due_date_imported`
set and its `available_from` from the same rule as a computed due date (install + 3 days for
invoice 1, due - 3 days after). When the date changes, an invoice that holds no found data and
whose last verdict was about the old date (ERROR, GAVE_UP, NOT_AVAILABLE, or CLOSED: not open
past the old due date) goes back to PENDING with its attempt count and error cleared, to be
looked up against the right date; its attempt rows stay as history. An invoice with found data,
or PAID, keeps its status and data. The invoice rollup follows for the invoices whose status
changes (storage.rollups_write, out before and in after, in the same transaction).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import peewee as pw

from core.domain import FAILED_STATUSES, FetchStatus
from core.due_dates import available_from
from core.due_dates_import import CONTRACT, DueDateRecord
from core.messages import msg
from core.tabular import RowError
from storage import rollups_write as rollups
from storage.contracts import write_transaction
from storage.errors import StoreWriteError
from storage.models import Contract, Invoice, database_proxy

log = logging.getLogger(__name__)

_CHUNK = 500
_CONTRACT_ID: pw.Field = Contract._meta.fields["id"]
_INVOICE_ID: pw.Field = Invoice._meta.fields["id"]
# Verdicts reached against the old due date, with nothing found: looked up again against the new one.
RESET_ON_NEW_DUE_DATE: tuple[FetchStatus, ...] = (*FAILED_STATUSES, FetchStatus.NOT_AVAILABLE, FetchStatus.CLOSED)


@dataclass(frozen=True, slots=True)
class DueDateChanges:
    changed: int = 0  # invoices whose due date (or its imported mark) changed
    unchanged: int = 0  # already had that imported due date
    reset: int = 0  # of the changed, those sent back to PENDING (see the module docstring)


@dataclass(frozen=True, slots=True)
class DueDatesImport:
    changes: DueDateChanges
    errors: tuple[RowError, ...]  # rows naming no stored contract
    written: bool


def import_due_dates(records: Sequence[DueDateRecord], now: datetime, *, skip_invalid: bool = False,
                     dry_run: bool = False, columns: Mapping[str, str] | None = None) -> DueDatesImport:
    """`import-due-dates`: resolve the contracts and apply, in one transaction; nothing is written
    on a dry run or when a row names an unknown contract and `skip_invalid` is off."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    column = (columns or {}).get(CONTRACT, CONTRACT)
    try:
        with write_transaction():
            ids = _contract_ids({r.contract_number for r in records})
            errors = tuple(RowError.of(r.line, column, msg("import.unknown_contract", number=r.contract_number))
                           for r in records if r.contract_number not in ids)
            items = [(ids[r.contract_number], r.invoice_number, r.due_date)
                     for r in records if r.contract_number in ids]
            written = not dry_run and not (errors and not skip_invalid)
            changes = apply_due_dates(items, now, write=written)
    except pw.OperationalError as exc:
        raise StoreWriteError(f"cannot write the due dates to the database: {exc}") from exc
    return DueDatesImport(changes, errors, written)


def apply_due_dates(items: Sequence[tuple[int, int, date]], now: datetime, *, write: bool = True) -> DueDateChanges:
    """Give these (contract id, invoice number, due date) their imported due dates; call inside
    a write transaction. With `write` off, only count what would change."""
    wanted = {(contract_id, number): due for contract_id, number, due in items}
    if not wanted:
        return DueDateChanges()
    changed: list[tuple[int, date, date]] = []  # (invoice id, due, available from)
    reset: list[int] = []
    for row in _invoices(sorted({contract_id for contract_id, _, _ in items})):
        invoice_id, contract_id, number, due, imported, status, has_data, install = row
        new_due = wanted.get((contract_id, number))
        if new_due is None or (new_due == due and imported):
            continue
        changed.append((invoice_id, new_due, available_from(install, number, new_due)))
        if new_due != due and not has_data and FetchStatus(status) in RESET_ON_NEW_DUE_DATE:
            reset.append(invoice_id)
    if write and changed:
        _write(changed, reset, now)
        log.info("imported due dates: %d invoice(s) changed, %d sent back to pending", len(changed), len(reset))
    return DueDateChanges(len(changed), len(wanted) - len(changed), len(reset))


def _contract_ids(numbers: Iterable[str]) -> dict[str, int]:
    wanted = sorted(numbers)
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = Contract.select(Contract.number, _CONTRACT_ID).where(Contract.number.in_(chunk))
        ids.update(_tuples(query))
    return ids


def _invoices(contract_ids: Sequence[int]) -> Iterable[tuple[Any, ...]]:
    for start in range(0, len(contract_ids), _CHUNK):
        has_data = Invoice.amount.is_null(False) & (Invoice.bar_code.is_null(False) | Invoice.pix_code.is_null(False))
        query = (
            Invoice.select(_INVOICE_ID, Invoice.contract, Invoice.number, Invoice.due_date, Invoice.due_date_imported,
                           Invoice.fetch_status, has_data, Contract.install_date)
            .join(Contract, on=(Invoice.contract == _CONTRACT_ID))
            .where(Invoice.contract.in_(list(contract_ids[start : start + _CHUNK])))
        )
        for invoice_id, contract_id, number, due, imported, status, data, install in _tuples(query):
            yield invoice_id, contract_id, number, due, bool(imported), status, bool(data), install


def _write(changed: Sequence[tuple[int, date, date]], reset: Sequence[int], now: datetime) -> None:
    db = database_proxy.obj
    rollups.invoices_out(db, reset)
    groups: dict[tuple[date, date], list[int]] = {}
    for invoice_id, due, available in changed:
        groups.setdefault((due, available), []).append(invoice_id)
    for (due, available), ids in groups.items():
        for start in range(0, len(ids), _CHUNK):
            Invoice.update({Invoice.due_date: due, Invoice.available_from: available,
                            Invoice.due_date_imported: True, Invoice.updated_at: now}).where(
                _INVOICE_ID.in_(ids[start : start + _CHUNK])).execute()
    for start in range(0, len(reset), _CHUNK):
        Invoice.update({Invoice.fetch_status: FetchStatus.PENDING.value, Invoice.fetch_attempts: 0,
                        Invoice.fetch_error: None, Invoice.last_outcome: None}).where(
            _INVOICE_ID.in_(list(reset[start : start + _CHUNK]))).execute()
    rollups.invoices_in(db, reset)


def _tuples(query: pw.Select) -> Iterable[tuple[Any, ...]]:
    return cast(Iterable[tuple[Any, ...]], query.tuples())
