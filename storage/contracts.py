"""Storing imported contracts and their ten invoices, all in one write transaction.

Contracts are matched by contract number. A new contract gets invoices 1..10 scheduled by
core.due_dates; a known one has its fields updated and keeps every invoice and its fetch
history. When its install date changed, the invoices whose due date was not imported are
rescheduled. When its install date or customer document changed, the contract now names another
sale or another customer: what was fetched for its invoices (amount, bar code, PIX...) may belong
to someone else, so those invoices go back to PENDING with their found data and tracking fields
cleared (their fetch_attempt rows stay, as the history of what was asked). This is the one
place where found data is dropped rather than kept. Everything happens in bulk (multi-row
statements of up to 32,000 parameters), never one query per contract: 100,000 contracts and
their million invoices take about 10 s on SQLite.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

import peewee as pw

from core.domain import INVOICES_PER_CONTRACT, ContractRecord, FetchStatus
from core.due_dates import available_from, cohort_of, invoice_schedule
from storage import rollups_write as rollups
from storage.errors import StoreWriteError
from storage.models import Contract, Invoice, database_proxy

if TYPE_CHECKING:
    from storage.imported_due_dates import DueDateChanges

log = logging.getLogger(__name__)

SQLITE_MAX_PARAMETERS = 32_766  # SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32
_PARAMETER_BUDGET = 32_000  # stay safely under it

# The contract columns an import sets, in ContractData order.
_CONTRACT_DATA = (
    Contract.document,
    Contract.customer_name,
    Contract.install_date,
    Contract.cohort,
    Contract.status,
    Contract.plan,
    Contract.plan_value,
    Contract.service_order,
)
_CONTRACT_INSERT = (Contract.number, *_CONTRACT_DATA, Contract.created_at, Contract.updated_at)
_INVOICE_INSERT = (
    Invoice.contract,
    Invoice.number,
    Invoice.due_date,
    Invoice.due_date_imported,
    Invoice.available_from,
    Invoice.fetch_status,
    Invoice.fetch_attempts,
    Invoice.updated_at,
)

ContractData = tuple[str, str, date, str, str, str | None, Decimal | None, str | None]
_T = TypeVar("_T")
_PENDING = FetchStatus.PENDING.value
# The implicit primary keys, which the peewee stubs do not declare as attributes.
_CONTRACT_ID: pw.Field = Contract._meta.fields["id"]
_INVOICE_ID: pw.Field = Invoice._meta.fields["id"]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    invoices_created: int
    invoices_reset: int = 0  # fetched invoices sent back to PENDING: their contract changed identity
    due_dates_set: int = 0  # invoices given an imported due date (`vencimento_N`) they did not have

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def write_transaction() -> Any:
    """A write transaction; on SQLite `BEGIN IMMEDIATE`, so the write lock is taken up front
    (a deferred transaction that upgrades later can fail with "database is locked")."""
    if isinstance(database_proxy.obj, pw.SqliteDatabase):
        return database_proxy.atomic("IMMEDIATE")
    return database_proxy.atomic()


def import_contracts(records: Sequence[ContractRecord], now: datetime) -> ImportSummary:
    """Create or update `records` (unique contract numbers) and create the new ones' invoices.
    StoreWriteError when the database refuses the write (nothing is written then)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    numbers = [r.number for r in records]
    if len(set(numbers)) != len(numbers):
        raise ValueError("contract numbers must be unique within one import")
    try:
        summary = _import(records, now)
    except pw.OperationalError as exc:  # e.g. still locked by another writer after the busy timeout
        raise StoreWriteError(f"cannot write the contracts to the database: {exc}") from exc
    log.info("contracts imported: %s", summary)
    return summary


def _import(records: Sequence[ContractRecord], now: datetime) -> ImportSummary:
    with write_transaction():
        existing = _existing_contracts([r.number for r in records])
        new: list[ContractRecord] = []
        changed: list[ContractRecord] = []
        moved: list[tuple[int, date]] = []  # (contract id, new install date)
        reidentified: list[int] = []  # contracts whose install date or document changed
        for record in records:
            found = existing.get(record.number)
            if found is None:
                new.append(record)
                continue
            contract_id, current = found
            data = _data(record)
            if data == current:
                continue
            changed.append(record)
            if current[2] != record.install_date:
                moved.append((contract_id, record.install_date))
            if current[2] != record.install_date or current[0] != record.document:
                reidentified.append(contract_id)
        short = _short_contracts([contract_id for contract_id, _ in existing.values()])
        # Contracts whose invoices change cohort or gain siblings leave the rollups and come back.
        # Reset invoices change status and data, so their contracts leave too.
        touched = {contract_id for contract_id, _ in moved} | {contract_id for contract_id, _ in short}
        touched |= set(reidentified)
        rollups.contracts_out(database_proxy.obj, touched)
        _insert_contracts(new, now)
        new_ids = _contract_ids([r.number for r in new])
        invoices_created = _insert_invoices(((new_ids[r.number], r.install_date) for r in new), now)
        _update_contracts(changed, now)
        invoices_created += _complete_schedules(short, now)
        _reschedule(moved, now)
        invoices_reset = _reset_fetched(reidentified, now)
        rollups.contracts_in(database_proxy.obj, touched | set(new_ids.values()))
        due_dates = _import_due_dates(records, {**{n: cid for n, (cid, _) in existing.items()}, **new_ids}, now)
    unchanged = len(records) - len(new) - len(changed)
    return ImportSummary(len(new), len(changed), unchanged, invoices_created, invoices_reset + due_dates.reset,
                         due_dates.changed)


def _import_due_dates(records: Sequence[ContractRecord], ids: dict[str, int], now: datetime) -> DueDateChanges:
    """The rows' imported due dates onto their invoices (after the rollups took the contract
    changes in: apply_due_dates keeps the rollup of the invoices it resets itself). A row
    without due dates keeps the ones imported before."""
    from storage.imported_due_dates import apply_due_dates  # it uses this module's write_transaction

    items = [(ids[r.number], number, due) for r in records for number, due in r.due_dates]
    return apply_due_dates(items, now)


def contract_numbers() -> Iterator[str]:
    """Every stored contract number, streamed (no order)."""
    for (number,) in Contract.select(Contract.number).tuples().iterator():
        yield number


def contracts_count() -> int:
    return int(Contract.select().count())


def invoices_count() -> int:
    return int(Invoice.select().count())


def _chunks(items: Sequence[_T], columns: int) -> Iterator[Sequence[_T]]:
    size = max(1, _PARAMETER_BUDGET // max(1, columns))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _tuples(query: pw.Select) -> Iterator[tuple[Any, ...]]:
    """The rows of a select as plain tuples (the stubs type `.tuples()` as yielding models)."""
    yield from cast(Iterable[tuple[Any, ...]], query.tuples())


def _data(record: ContractRecord) -> ContractData:
    value = None if record.plan_value is None else record.plan_value.quantize(Decimal("0.01"))
    return (
        record.document,
        record.customer_name,
        record.install_date,
        cohort_of(record.install_date),
        record.status.value,
        record.plan,
        value,
        record.service_order,
    )


def _existing_contracts(numbers: Sequence[str]) -> dict[str, tuple[int, ContractData]]:
    found: dict[str, tuple[int, ContractData]] = {}
    for chunk in _chunks(numbers, 1):
        query = Contract.select(_CONTRACT_ID, Contract.number, *_CONTRACT_DATA).where(
            Contract.number.in_(list(chunk))
        )
        for contract_id, number, *data in _tuples(query):
            found[number] = (contract_id, cast(ContractData, tuple(data)))
    return found


def _contract_ids(numbers: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(numbers, 1):
        query = Contract.select(Contract.number, _CONTRACT_ID).where(Contract.number.in_(list(chunk)))
        ids.update((number, contract_id) for number, contract_id in _tuples(query))
    return ids


def bulk_insert(
    model: type[pw.Model],
    fields: Sequence[pw.Field],
    rows: Sequence[Sequence[Any]],
    decorate: Callable[[pw.Insert], pw.Insert] | None = None,
) -> None:
    """`model.insert_many(rows)` in chunks under the SQLite parameter limit, made fast.

    peewee renders every value of a multi-row INSERT through its query builder, which costs
    far more than the database itself (about 30 s for a million invoices). The statement's
    text depends only on the number of rows, so it is rendered once per chunk size by
    insert_many (with `decorate`, e.g. an ON CONFLICT clause, applied) and then executed for
    every chunk with that chunk's values converted by the same `Field.db_value` peewee uses.
    """
    width = len(fields)
    converters = [_memoized(field.db_value) for field in fields]
    rendered: dict[int, tuple[str, list[Any]]] = {}  # rows in the chunk -> (SQL, trailing params)
    for chunk in _chunks(rows, width):
        if len(chunk) not in rendered:
            query = model.insert_many(chunk, fields=list(fields))
            sql, params = (decorate(query) if decorate else query).sql()
            rendered[len(chunk)] = (sql, list(params[len(chunk) * width :]))
            database_proxy.execute_sql(sql, params)
            continue
        sql, trailing = rendered[len(chunk)]
        params = [convert(value) for row in chunk for convert, value in zip(converters, row, strict=True)]
        database_proxy.execute_sql(sql, params + trailing)


def _memoized(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` remembering its results: an import repeats the same few dates and constants."""
    cache: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = convert(value)
            return result
        except TypeError:  # unhashable
            return convert(value)

    return cached


def _insert_contracts(records: Sequence[ContractRecord], now: datetime) -> None:
    bulk_insert(Contract, _CONTRACT_INSERT, [(r.number, *_data(r), now, now) for r in records])


def _update_contracts(records: Sequence[ContractRecord], now: datetime) -> None:
    """An upsert: the rows exist, so only their data columns and updated_at change."""
    rows = [(r.number, *_data(r), now, now) for r in records]
    preserve = [*_CONTRACT_DATA, Contract.updated_at]
    bulk_insert(
        Contract,
        _CONTRACT_INSERT,
        rows,
        lambda query: query.on_conflict(conflict_target=[Contract.number], preserve=preserve),
    )


@lru_cache(maxsize=8192)
def _schedule(install_date: date) -> tuple[tuple[int, date, date], ...]:
    return tuple(invoice_schedule(install_date))  # an import has few distinct install dates


def _invoice_rows(contract_id: int, install_date: date, now: datetime, only: Iterable[int] | None = None
                  ) -> Iterator[tuple[Any, ...]]:
    wanted = None if only is None else set(only)
    for number, due, available in _schedule(install_date):
        if wanted is None or number in wanted:
            yield (contract_id, number, due, False, available, _PENDING, 0, now)


def _insert_invoices(contracts: Iterable[tuple[int, date]], now: datetime) -> int:
    rows = [row for contract_id, install in contracts for row in _invoice_rows(contract_id, install, now)]
    bulk_insert(Invoice, _INVOICE_INSERT, rows)
    return len(rows)


def _short_contracts(contract_ids: Sequence[int]) -> list[tuple[int, date]]:
    """(id, install date) of the known contracts that lack some of invoices 1..10."""
    if not contract_ids:
        return []
    counts = (
        Contract.select(_CONTRACT_ID, Contract.install_date)
        .join(Invoice, pw.JOIN.LEFT_OUTER, on=(Invoice.contract == _CONTRACT_ID))
        .group_by(_CONTRACT_ID, Contract.install_date)
        .having(pw.fn.COUNT(_INVOICE_ID) < INVOICES_PER_CONTRACT)
    )
    wanted = set(contract_ids)
    return [(cid, install) for cid, install in _tuples(counts) if cid in wanted]


def _complete_schedules(short: Sequence[tuple[int, date]], now: datetime) -> int:
    """Give these contracts any of invoices 1..10 they lack (never removes one); returns how many."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks([cid for cid, _ in short], 1):
        in_chunk = set(chunk)
        present: dict[int, set[int]] = {}
        query = Invoice.select(Invoice.contract, Invoice.number).where(Invoice.contract.in_(list(chunk)))
        for cid, number in _tuples(query):
            present.setdefault(cid, set()).add(number)
        for cid, install in short:
            if cid in in_chunk:
                missing = set(range(1, INVOICES_PER_CONTRACT + 1)) - present.get(cid, set())
                rows.extend(_invoice_rows(cid, install, now, only=missing))
    bulk_insert(Invoice, _INVOICE_INSERT, rows)
    if rows:
        log.warning("%d missing invoice(s) of %d known contract(s) were recreated", len(rows), len(short))
    return len(rows)


def _reschedule(moved: Sequence[tuple[int, date]], now: datetime) -> None:
    """New due / available dates for invoices whose due date was not imported; an imported one
    keeps its date (invoice 1 still becomes available 3 days after the new install date).

    Every invoice exists at this point, so the upsert only ever takes its update branch.
    """
    rows = [row for contract_id, install in moved for row in _invoice_rows(contract_id, install, now)]
    update = {
        Invoice.due_date: pw.EXCLUDED.due_date,
        Invoice.available_from: pw.EXCLUDED.available_from,
        Invoice.updated_at: pw.EXCLUDED.updated_at,
    }
    bulk_insert(
        Invoice,
        _INVOICE_INSERT,
        rows,
        lambda query: query.on_conflict(
            conflict_target=[Invoice.contract, Invoice.number],
            update=update,
            where=(Invoice.due_date_imported == False),  # noqa: E712 - a SQL expression
        ),
    )
    # An imported due date stays, but invoice 1 becomes available from the install date, which moved.
    # One statement per install date (an import has few), not per contract.
    by_install: dict[date, list[int]] = {}
    for contract_id, install in moved:
        by_install.setdefault(install, []).append(contract_id)
    for install, ids in by_install.items():
        for chunk in _chunks(ids, 1):
            Invoice.update({Invoice.available_from: available_from(install, 1, install), Invoice.updated_at: now}
                           ).where(Invoice.contract.in_(list(chunk)) & (Invoice.number == 1)
                                   & (Invoice.due_date_imported == True)).execute()  # noqa: E712


# What a fetch leaves on an invoice, and the values they go back to when it is reset.
_FETCHED_RESET: dict[pw.Field, Any] = {
    Invoice.amount: None,
    Invoice.remote_due_date: None,
    Invoice.remote_id: None,
    Invoice.reference_month: None,
    Invoice.bar_code: None,
    Invoice.pix_code: None,
    Invoice.fetch_status: _PENDING,
    Invoice.fetch_attempts: 0,
    Invoice.fetch_error: None,
    Invoice.last_outcome: None,
    Invoice.fetch_origin: None,
    Invoice.last_fetch_at: None,
    Invoice.fetch_seconds: None,
    Invoice.last_run: None,
}


def _reset_fetched(contract_ids: Sequence[int], now: datetime) -> int:
    """Send the fetched invoices of these contracts back to PENDING with nothing found; returns
    how many. "Fetched": any status but PENDING, or holding an amount, bar code or PIX code."""
    fetched = (
        (Invoice.fetch_status != _PENDING)
        | Invoice.amount.is_null(False)
        | Invoice.bar_code.is_null(False)
        | Invoice.pix_code.is_null(False)
    )
    reset = 0
    for chunk in _chunks(contract_ids, 1):
        query = Invoice.update({**_FETCHED_RESET, Invoice.updated_at: now}).where(
            Invoice.contract.in_(list(chunk)) & fetched
        )
        reset += int(query.execute())
    if reset:
        log.warning("%d fetched invoice(s) of %d contract(s) whose install date or document changed were reset "
                    "to PENDING", reset, len(contract_ids))
    return reset
