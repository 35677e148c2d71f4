"""The Problems screen: invoices in ERROR, GAVE_UP or PARTIAL, and one invoice's history.

Pages walk the partial index `ix_invoice_problems` (newest failure first) and stop after
the page; the total comes from `rollup_invoice` when the filter is expressible there (any
combination of cohort, origin, status, last outcome, attempts >= N with N <= ATTEMPTS_CAP),
else from a count over the same partial index. `problem_invoice_ids` gives the ids of
everything a filter shows, for "force retry all shown".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from core.domain import (
    FAILED_STATUSES,
    PERSISTENT_MIN_ATTEMPTS,
    PROBLEM_STATUSES,
    FetchOrigin,
    FetchStatus,
    Outcome,
)
from storage.analytics.params import (
    AnalyticsParamError,
    NotFoundError,
    PageOf,
    check_int,
    check_now,
    check_optional_cohort,
    check_origin,
    check_outcome,
    check_page,
    check_page_size,
    check_status,
    check_tz,
)
from storage.analytics.runs import AttemptRow, fetch_attempts, scalar
from storage.analytics.sorting import Sort, order_by
from storage.dialect import is_postgres
from storage.models import database_proxy
from storage.rollups import ATTEMPTS_CAP, parse_db_time
from storage.text_fold import FOLD_FUNCTION, install_fold

# The term of the partial index ix_invoice_problems, written exactly as the index's WHERE (in
# core.domain.PROBLEM_STATUSES' order): SQLite uses a partial index only for a query whose
# terms imply the index's, and INDEXED BY below fails on any other spelling.
PROBLEM_STATUSES_SQL = "(" + ", ".join(f"'{s.value}'" for s in PROBLEM_STATUSES) + ")"
_NAMES = ", ".join(s.value for s in PROBLEM_STATUSES)


@dataclass(frozen=True, slots=True)
class ProblemFilter:
    """Which problem invoices to show; None means any. Validated on creation."""

    cohort: str | None = None
    origin: FetchOrigin | None = None
    min_attempts: int | None = None
    outcome: Outcome | None = None
    status: FetchStatus | None = None
    statuses: tuple[FetchStatus, ...] = PROBLEM_STATUSES

    def __post_init__(self) -> None:
        object.__setattr__(self, "cohort", check_optional_cohort(self.cohort))
        object.__setattr__(self, "origin", check_origin(self.origin))
        object.__setattr__(self, "outcome", check_outcome(self.outcome))
        object.__setattr__(self, "status", check_status(self.status))
        if self.min_attempts is not None:
            check_int("min_attempts", self.min_attempts, 0)
        if self.status is not None and self.status not in PROBLEM_STATUSES:
            raise AnalyticsParamError("status", self.status.value, f"is not a problem status ({_NAMES})")
        if not self.statuses or any(s not in PROBLEM_STATUSES for s in self.statuses):
            raise AnalyticsParamError("statuses", self.statuses, f"must be problem statuses ({_NAMES})")

    def wanted_statuses(self) -> tuple[FetchStatus, ...]:
        return tuple(s for s in self.statuses if self.status is None or s is self.status)

    def sql(self) -> tuple[str, list[object]]:
        """WHERE terms over invoice i / contract c; always includes the partial index's term."""
        terms = [f"i.fetch_status IN {PROBLEM_STATUSES_SQL}"]
        params: list[object] = []
        wanted = self.wanted_statuses()
        if set(wanted) != set(PROBLEM_STATUSES):
            terms.append(f"i.fetch_status IN ({', '.join('?' for _ in wanted)})")
            params.extend(s.value for s in wanted)
        if self.cohort is not None:
            terms.append("c.cohort = ?")
            params.append(self.cohort)
        if self.origin is not None:
            terms.append("i.fetch_origin = ?")
            params.append(self.origin.value)
        if self.outcome is not None:
            terms.append("i.last_outcome = ?")
            params.append(self.outcome.value)
        if self.min_attempts:
            terms.append("i.fetch_attempts >= ?")
            params.append(self.min_attempts)
        return " AND ".join(terms), params


PERSISTENT = ProblemFilter(min_attempts=PERSISTENT_MIN_ATTEMPTS, statuses=FAILED_STATUSES)


@dataclass(frozen=True, slots=True)
class ProblemInvoice:
    invoice_id: int
    contract_id: int
    contract_number: str
    invoice_number: int
    cohort: str
    due_date: date
    status: FetchStatus
    origin: FetchOrigin | None
    attempts: int
    last_outcome: Outcome | None
    error: str | None
    last_fetch_at: datetime | None
    fetch_seconds: float | None
    last_run_id: int | None
    customer_name: str = field(default="", repr=False)  # personal data
    document: str = field(default="", repr=False)  # digits (or CNPJ letters); mask before showing


# PostgreSQL's planner finds the partial index by itself (its term implies the index's).
_FROM_SQLITE = "FROM invoice i INDEXED BY ix_invoice_problems JOIN contract c ON c.id = i.contract_id"
_FROM_POSTGRES = "FROM invoice i JOIN contract c ON c.id = i.contract_id"
_COLUMNS = """SELECT i.id, i.contract_id, c.number, i.number, c.cohort, i.due_date, i.fetch_status,
                    i.fetch_origin, i.fetch_attempts, i.last_outcome, i.fetch_error, i.last_fetch_at,
                    i.fetch_seconds, i.last_run_id, c.customer_name, c.document
             """


def _from() -> str:
    return _FROM_POSTGRES if is_postgres(database_proxy.obj) else _FROM_SQLITE


# The list's sortable columns (the Problems screen's headers); the default order is the index's.
SORT_COLUMNS = {
    "contract": "c.number", "invoice": "i.number", "customer": f"{FOLD_FUNCTION}(c.customer_name)",
    "document": "c.document",
    "cohort": "c.cohort", "status": "i.fetch_status", "attempts": "i.fetch_attempts",
    "outcome": "i.last_outcome", "error": "i.fetch_error", "last_fetch": "i.last_fetch_at",
    "due_date": "i.due_date", "origin": "i.fetch_origin",
}
DEFAULT_ORDER = "i.last_fetch_at DESC, i.id DESC"


def problem_order(sort: Sort | None) -> str:
    """The ORDER BY of a problem list; installs `fm_fold` on this connection for the name."""
    install_fold()
    return order_by(sort, SORT_COLUMNS, DEFAULT_ORDER, "i.id")


def _row(r: Sequence[Any]) -> ProblemInvoice:
    return ProblemInvoice(
        invoice_id=r[0], contract_id=r[1], contract_number=r[2], invoice_number=r[3], cohort=r[4],
        due_date=date.fromisoformat(str(r[5])), status=FetchStatus(r[6]),
        origin=FetchOrigin(r[7]) if r[7] else None, attempts=r[8],
        last_outcome=Outcome(r[9]) if r[9] else None,
        error=r[10], last_fetch_at=parse_db_time(r[11]), fetch_seconds=r[12],
        last_run_id=r[13], customer_name=r[14] or "", document=r[15] or "",
    )


def count_problems(flt: ProblemFilter) -> int:
    if flt.min_attempts is not None and flt.min_attempts > ATTEMPTS_CAP:
        where, params = flt.sql()
        sql = f"SELECT count(*) {_from()} WHERE {where}"
        return int(database_proxy.execute_sql(sql, params).fetchone()[0])
    terms = [f"status IN ({', '.join('?' for _ in flt.wanted_statuses())})", "n <> 0"]
    params2: list[object] = [s.value for s in flt.wanted_statuses()]
    for column, value in (("cohort", flt.cohort), ("origin", flt.origin), ("outcome", flt.outcome)):
        if value is not None:
            terms.append(f"{column} = ?")
            params2.append(value.value if isinstance(value, FetchOrigin | Outcome) else value)
    if flt.min_attempts:
        terms.append("attempts >= ?")
        params2.append(flt.min_attempts)
    sql2 = f"SELECT coalesce(sum(n), 0) FROM rollup_invoice WHERE {' AND '.join(terms)}"
    row = database_proxy.execute_sql(sql2, params2).fetchone()
    return int(row[0])


def problem_invoices(now: datetime, tz: tzinfo, flt: ProblemFilter | None = None, *, page: int = 1,
                     page_size: int = 50, sort: Sort | None = None) -> PageOf[ProblemInvoice]:
    """Problem invoices matching `flt`, one page, with the total; most recently fetched first
    unless `sort` names another column (SORT_COLUMNS)."""
    check_now(now)
    check_tz(tz)
    flt = flt or ProblemFilter()
    page, page_size = check_page(page), check_page_size(page_size)
    where, params = flt.sql()
    order = problem_order(sort)
    rows = database_proxy.execute_sql(
        f"{_COLUMNS}{_from()} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, page_size, (page - 1) * page_size],
    )
    return PageOf(tuple(_row(r) for r in rows), count_problems(flt), page, page_size)


def persistent_errors(now: datetime, tz: tzinfo, *, min_attempts: int = PERSISTENT_MIN_ATTEMPTS,
                      page: int = 1, page_size: int = 50) -> PageOf[ProblemInvoice]:
    """Invoices in ERROR or GAVE_UP with at least `min_attempts` attempts."""
    check_int("min_attempts", min_attempts, 1)
    flt = ProblemFilter(min_attempts=min_attempts, statuses=FAILED_STATUSES)
    return problem_invoices(now, tz, flt, page=page, page_size=page_size)


def problem_invoice_ids(flt: ProblemFilter | None = None) -> tuple[int, ...]:
    """Every invoice id the filter shows (all pages), for a forced retry."""
    where, params = (flt or ProblemFilter()).sql()
    sql = f"SELECT i.id {_from()} WHERE {where} ORDER BY i.last_fetch_at DESC, i.id DESC"
    return tuple(int(r[0]) for r in database_proxy.execute_sql(sql, params))


def attempt_history(invoice_id: int, now: datetime, tz: tzinfo, *, page: int = 1,
                    page_size: int = 50) -> PageOf[AttemptRow]:
    """One invoice's attempts, newest first."""
    check_now(now)
    check_tz(tz)
    invoice_id = check_int("invoice_id", invoice_id, 1)
    page, page_size = check_page(page), check_page_size(page_size)
    if not scalar("SELECT count(*) FROM invoice WHERE id = ?", [invoice_id]):
        raise NotFoundError("invoice_id", invoice_id, "is not an invoice")
    total = scalar("SELECT count(*) FROM fetch_attempt WHERE invoice_id = ?", [invoice_id])
    rows = fetch_attempts("a.invoice_id = ?", [invoice_id], "a.started_at DESC, a.id DESC", page, page_size)
    return PageOf(tuple(rows), total, page, page_size)


__all__ = [
    "PERSISTENT",
    "PROBLEM_STATUSES_SQL",
    "SORT_COLUMNS",
    "ProblemFilter",
    "ProblemInvoice",
    "attempt_history",
    "count_problems",
    "persistent_errors",
    "problem_invoice_ids",
    "problem_invoices",
    "problem_order",
]
