"""What waits to be fetched, now: "Pendentes" (to fetch now) and "Ainda não disponíveis".

To fetch now is what a full automatic run started today would take, by core.eligibility's
rule (its status set, availability and payment terms, not a copy of them); not yet available
is an invoice never fetched or not listed by the operator yet whose `available_from` is a
later day (core.invoice_groups). One grouped count over the covering index
`ix_invoice_waiting` (fetch_status, available_from, payment_status): no table row is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain import FetchOrigin, FetchStatus
from core.eligibility import NEVER_FETCHED_PAYMENT, allowed_statuses, availability_applies
from core.engine.request import RunRequest
from core.invoice_groups import NOT_YET_AVAILABLE_STATUSES
from storage.analytics.params import AnalyticsParamError
from storage.dialect import is_postgres
from storage.models import database_proxy

_FULL_RUN = RunRequest(origin=FetchOrigin.AUTOMATIC)


@dataclass(frozen=True, slots=True)
class WaitingCounts:
    never_fetched: int  # PENDING, available: fetched by the next run
    looked_again: int  # NOT_AVAILABLE, available: the operator is asked again
    errors: int  # ERROR: retried by the next run
    not_yet_available: int  # PENDING or NOT_AVAILABLE, available only from a later day

    @property
    def to_fetch(self) -> int:
        """"Pendentes": what a full run started today takes."""
        return self.never_fetched + self.looked_again + self.errors


def waiting_statuses() -> tuple[FetchStatus, ...]:
    statuses = allowed_statuses(_FULL_RUN)
    assert statuses is not None and availability_applies(_FULL_RUN)  # a full run is never forced
    return statuses


def _check_today(today: object) -> date:
    if not isinstance(today, date):
        raise AnalyticsParamError("today", today, "is not a date")
    return today


def _select(today: date, extra_column: str = "", where: str = "", params: tuple[object, ...] = ()
            ) -> list[tuple[object, ...]]:
    statuses = tuple(dict.fromkeys((*waiting_statuses(), *NOT_YET_AVAILABLE_STATUSES)))
    marks = ", ".join("?" for _ in statuses)
    key = f"{extra_column}, " if extra_column else ""
    # SQLite takes the index only when told; PostgreSQL's planner finds it by itself
    hint = "" if is_postgres(database_proxy.obj) else " INDEXED BY ix_invoice_waiting"
    sql = f"""SELECT {key}fetch_status, sum(CASE WHEN available_from <= ? THEN 1 ELSE 0 END),
                     sum(CASE WHEN available_from > ? THEN 1 ELSE 0 END)
              FROM invoice{hint}
              WHERE fetch_status IN ({marks}) AND (payment_status IS NULL OR payment_status <> ?) {where}
              GROUP BY {key}fetch_status"""
    values = (today.isoformat(), today.isoformat(), *(s.value for s in statuses), NEVER_FETCHED_PAYMENT.value,
              *params)
    return list(database_proxy.execute_sql(sql, values).fetchall())


def _counts(rows: list[tuple[object, ...]]) -> WaitingCounts:
    taken = set(waiting_statuses())
    due: dict[FetchStatus, int] = {}
    later: dict[FetchStatus, int] = {}
    for status, d, n in rows:
        due[FetchStatus(str(status))] = int(str(d or 0))
        later[FetchStatus(str(status))] = int(str(n or 0))

    def now(status: FetchStatus) -> int:
        return due.get(status, 0) if status in taken else 0

    return WaitingCounts(
        never_fetched=now(FetchStatus.PENDING), looked_again=now(FetchStatus.NOT_AVAILABLE),
        errors=now(FetchStatus.ERROR),
        not_yet_available=sum(later.get(s, 0) for s in NOT_YET_AVAILABLE_STATUSES),
    )


def waiting_counts(today: date) -> WaitingCounts:
    """The waiting invoices as of `today` (the local date), by what happens to them next."""
    return _counts(_select(_check_today(today)))


def waiting_by_contract(today: date, contract_ids: list[int]) -> dict[int, WaitingCounts]:
    """The same, per contract, for a page of contracts."""
    today = _check_today(today)
    if not contract_ids:
        return {}
    marks = ", ".join("?" for _ in contract_ids)
    rows = _select(today, "contract_id", f"AND contract_id IN ({marks})", tuple(contract_ids))
    by: dict[int, list[tuple[object, ...]]] = {}
    for contract_id, *rest in rows:
        by.setdefault(int(str(contract_id)), []).append(tuple(rest))
    return {cid: _counts(r) for cid, r in by.items()}


__all__ = ["WaitingCounts", "waiting_by_contract", "waiting_counts", "waiting_statuses"]
