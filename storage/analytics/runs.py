"""The Runs screen: run history (newest first, filtered, paged) and one run's detail.

Pages come off indexes: fetch_run (started_at) and its (origin|cohort|status, started_at)
companions; a run's attempts off the unique (run, invoice, try_no) index, so they are listed
grouped by invoice, tries in order. Raw SQL on purpose: the rows become dataclasses directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from core import alert_rules
from core.domain import FetchOrigin, FetchStatus, Outcome, RunStatus
from storage.analytics.params import (
    NotFoundError,
    PageOf,
    check_int,
    check_now,
    check_optional_cohort,
    check_origin,
    check_page,
    check_page_size,
    check_run_status,
    check_tz,
    share,
)
from storage.analytics.sorting import Sort, order_by
from storage.models import database_proxy
from storage.rollups import parse_db_time
from storage.text_fold import FOLD_FUNCTION, install_fold


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    origin: FetchOrigin
    cohort: str | None
    status: RunStatus
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    duration_seconds: float | None
    heartbeat_at: datetime
    message: str | None
    contracts: int
    invoices: int  # planned
    documents: int
    processed: int
    successes: int
    partial: int
    errors: int
    not_available: int
    gave_up: int
    retries: int
    lookups: int
    avg_seconds: float | None
    min_seconds: float | None
    max_seconds: float | None
    p50_seconds: float | None
    p95_seconds: float | None
    closed: int = 0  # no open debt at the operator (CLOSED)
    hostname: str = ""  # the machine it ran on

    @property
    def progress(self) -> float | None:
        """processed / planned invoices (None when nothing was planned)."""
        return share(self.processed, self.invoices)

    @property
    def error_share(self) -> float | None:
        """(errors + gave up) / processed."""
        return alert_rules.error_share(self.errors, self.gave_up, self.processed)

    @property
    def throughput(self) -> float | None:
        """Invoices processed per second of run time."""
        return alert_rules.throughput(self.processed, self.duration_seconds)


RUN_COLUMNS = (
    "id, origin, cohort, status, started_by, started_at, finished_at, duration_seconds, heartbeat_at, "
    "message, contracts, invoices, documents, processed, successes, partial, errors, not_available, "
    "gave_up, retries, lookups, avg_seconds, min_seconds, max_seconds, p50_seconds, p95_seconds, closed, hostname"
)


_COUNT_FIELDS = ("contracts", "invoices", "documents", "processed", "successes", "partial", "errors",
                 "not_available", "gave_up", "retries", "lookups")
_TIMING_FIELDS = ("avg_seconds", "min_seconds", "max_seconds", "p50_seconds", "p95_seconds")


def run_from_row(r: Sequence[Any]) -> RunSummary:
    """A RunSummary from a `SELECT {RUN_COLUMNS} FROM fetch_run` row."""
    started, finished, heartbeat = parse_db_time(r[5]), parse_db_time(r[6]), parse_db_time(r[8])
    assert started is not None and heartbeat is not None
    counts = dict(zip(_COUNT_FIELDS, (int(v) for v in r[10:21]), strict=True))
    timings = dict(zip(_TIMING_FIELDS, r[21:26], strict=True))
    return RunSummary(
        r[0], FetchOrigin(r[1]), r[2], RunStatus(r[3]), r[4], started, finished, r[7], heartbeat, r[9],
        **counts, **timings, closed=int(r[26]), hostname=r[27] or "",
    )


def fetch_runs(where: str = "", params: Sequence[Any] = (), tail: str = "") -> list[RunSummary]:
    sql = f"SELECT {RUN_COLUMNS} FROM fetch_run {'WHERE ' + where if where else ''} {tail}"
    return [run_from_row(r) for r in database_proxy.execute_sql(sql, tuple(params))]


@dataclass(frozen=True, slots=True)
class AttemptRow:
    id: int
    run_id: int
    invoice_id: int
    contract_number: str
    invoice_number: int
    cohort: str
    try_no: int
    attempt_no: int | None
    counted: bool
    retry_pass: bool
    started_at: datetime
    seconds: float | None
    outcome: Outcome
    status_after: FetchStatus
    http_status: int | None
    error: str | None
    origin: FetchOrigin
    contract_id: int = 0
    customer_name: str = field(default="", repr=False)  # personal data
    document: str = field(default="", repr=False)  # digits (or CNPJ letters); mask before showing


ATTEMPT_SELECT = """SELECT a.id, a.run_id, a.invoice_id, c.number, i.number, a.cohort, a.try_no, a.attempt_no,
        a.counted, a.retry_pass, a.started_at, a.seconds, a.outcome, a.status_after, a.http_status, a.error,
        a.origin, i.contract_id, c.customer_name, c.document
    FROM fetch_attempt a JOIN invoice i ON i.id = a.invoice_id JOIN contract c ON c.id = i.contract_id"""


def attempt_from_row(r: Sequence[Any]) -> AttemptRow:
    started = parse_db_time(r[10])
    assert started is not None
    return AttemptRow(
        id=r[0], run_id=r[1], invoice_id=r[2], contract_number=r[3], invoice_number=r[4], cohort=r[5],
        try_no=r[6], attempt_no=r[7], counted=bool(r[8]), retry_pass=bool(r[9]), started_at=started,
        seconds=r[11], outcome=Outcome(r[12]), status_after=FetchStatus(r[13]), http_status=r[14],
        error=r[15], origin=FetchOrigin(r[16]), contract_id=int(r[17]), customer_name=r[18] or "",
        document=r[19] or "",
    )


def fetch_attempts(where: str, params: Sequence[Any], order: str, page: int, page_size: int
                   ) -> list[AttemptRow]:
    sql = f"{ATTEMPT_SELECT} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    rows = database_proxy.execute_sql(sql, (*params, page_size, (page - 1) * page_size))
    return [attempt_from_row(r) for r in rows]


def scalar(sql: str, params: Sequence[Any] = ()) -> int:
    row = database_proxy.execute_sql(sql, tuple(params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


# The run list's sortable columns (the Runs screen's headers); the default is newest first.
RUN_SORT_COLUMNS = {
    "id": "id", "started_at": "started_at", "origin": "origin", "cohort": "cohort", "status": "status",
    "duration": "duration_seconds", "invoices": "invoices", "processed": "processed", "successes": "successes",
    "partial": "partial", "errors": "errors", "not_available": "not_available", "gave_up": "gave_up",
    "retries": "retries", "lookups": "lookups", "p50": "p50_seconds", "started_by": "started_by",
    "hostname": "hostname",
}
RUN_DEFAULT_ORDER = "started_at DESC, id DESC"
# A run's attempts: by invoice and try (the unique index) unless a column is chosen.
ATTEMPT_SORT_COLUMNS = {
    "invoice_id": "a.invoice_id", "contract": "c.number", "customer": f"{FOLD_FUNCTION}(c.customer_name)",
    "document": "c.document",
    "invoice": "i.number", "try": "a.try_no", "outcome": "a.outcome", "status_after": "a.status_after",
    "seconds": "a.seconds", "http": "a.http_status", "retry_pass": "a.retry_pass", "error": "a.error",
    "started_at": "a.started_at",
}
ATTEMPT_DEFAULT_ORDER = "a.run_id, a.invoice_id, a.try_no"


def recent_runs(
    now: datetime, tz: tzinfo, *, page: int = 1, page_size: int = 20,
    origin: FetchOrigin | str | None = None, status: RunStatus | str | None = None, cohort: str | None = None,
    sort: Sort | None = None,
) -> PageOf[RunSummary]:
    """Runs newest first (or by `sort`, RUN_SORT_COLUMNS), optionally of one origin, status and
    cohort; with the total."""
    check_now(now)
    check_tz(tz)
    page, page_size = check_page(page), check_page_size(page_size)
    origin_v, status_v = check_origin(origin), check_run_status(status)
    cohort_v = check_optional_cohort(cohort)
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (("origin", origin_v), ("status", status_v), ("cohort", cohort_v)):
        if value is not None:
            terms.append(f"{column} = ?")
            params.append(str(value))
    where = " AND ".join(terms)
    order = order_by(sort, RUN_SORT_COLUMNS, RUN_DEFAULT_ORDER, "id")
    total = scalar(f"SELECT count(*) FROM fetch_run {'WHERE ' + where if where else ''}", params)
    rows = fetch_runs(where, [*params, page_size, (page - 1) * page_size],
                      f"ORDER BY {order} LIMIT ? OFFSET ?")
    return PageOf(tuple(rows), total, page, page_size)


@dataclass(frozen=True, slots=True)
class RunDetail:
    run: RunSummary
    attempts: PageOf[AttemptRow]
    outcomes: tuple[tuple[Outcome, int], ...]  # attempt rows by outcome, most frequent first


def run_detail(run_id: int, now: datetime, tz: tzinfo, *, page: int = 1, page_size: int = 100,
               sort: Sort | None = None) -> RunDetail:
    """A run, one page of its attempts (by invoice and try, or by `sort`: ATTEMPT_SORT_COLUMNS) and
    its attempt rows by outcome."""
    check_now(now)
    check_tz(tz)
    run_id = check_int("run_id", run_id, 1)
    page, page_size = check_page(page), check_page_size(page_size)
    found = fetch_runs("id = ?", [run_id])
    if not found:
        raise NotFoundError("run_id", run_id, "is not a run")
    total = scalar("SELECT count(*) FROM fetch_attempt WHERE run_id = ?", [run_id])
    install_fold()
    order = order_by(sort, ATTEMPT_SORT_COLUMNS, ATTEMPT_DEFAULT_ORDER, "a.id")
    rows = fetch_attempts("a.run_id = ?", [run_id], order, page, page_size)
    outcomes = database_proxy.execute_sql(
        "SELECT outcome, count(*) FROM fetch_attempt WHERE run_id = ? GROUP BY outcome", (run_id,))
    counted = sorted(((Outcome(o), int(n)) for o, n in outcomes), key=lambda p: (-p[1], p[0].value))
    return RunDetail(run=found[0], attempts=PageOf(tuple(rows), total, page, page_size),
                     outcomes=tuple(counted))


__all__ = [
    "ATTEMPT_SELECT",
    "ATTEMPT_SORT_COLUMNS",
    "RUN_SORT_COLUMNS",
    "AttemptRow",
    "RunDetail",
    "RunSummary",
    "attempt_from_row",
    "fetch_attempts",
    "fetch_runs",
    "recent_runs",
    "run_detail",
    "run_from_row",
    "scalar",
]
