"""Reading the rollups once and turning them into counts: the building blocks of the screens.

`InvoiceRollup` is the current state of every invoice (counts by cohort, status, origin,
attempts, data, last outcome); `WindowActivity` is what the attempts of a window did, per
UTC hour and origin, with the latency histogram. `dashboard_refresh` loads each once and
hands them to every figure that needs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import peewee as pw

from core.domain import FetchOrigin, FetchStatus
from core.stats import round3
from storage.models import database_proxy
from storage.rollups import BUCKET_COUNT, percentile_from_histogram

STATUS_ORDER: tuple[FetchStatus, ...] = tuple(FetchStatus)


def read_snapshot() -> AbstractContextManager[Any]:
    """A read transaction: one consistent view, without the write lock that the store's
    default `atomic()` (BEGIN IMMEDIATE) would take and hold against the engine."""
    db = database_proxy.obj
    if isinstance(db, pw.SqliteDatabase):
        return db.atomic(lock_type="DEFERRED")
    if isinstance(db, pw.PostgresqlDatabase):  # one snapshot for every statement (READ COMMITTED takes one each)
        return db.atomic(isolation_level="REPEATABLE READ")
    return database_proxy.atomic()

_STATUS_BY_VALUE = {s.value: s for s in FetchStatus}
_ORIGIN_BY_VALUE: dict[str, FetchOrigin | None] = {o.value: o for o in FetchOrigin}
_ORIGIN_BY_VALUE[""] = None


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """Invoices (or run results) by fetch status."""

    pending: int = 0
    success: int = 0
    partial: int = 0
    not_available: int = 0
    error: int = 0
    gave_up: int = 0
    closed: int = 0  # no open debt at the operator (probably paid)
    paid: int = 0  # paid, by the payment spreadsheet

    @classmethod
    def from_values(cls, values: Iterable[int]) -> StatusCounts:
        return cls(*values)

    def get(self, status: FetchStatus) -> int:
        return int(getattr(self, status.value.lower()))

    @property
    def total(self) -> int:
        return (self.pending + self.success + self.partial + self.not_available + self.error + self.gave_up
                + self.closed + self.paid)

    @property
    def errors(self) -> int:
        """ERROR and GAVE_UP together: what failed."""
        return self.error + self.gave_up

    @property
    def settled(self) -> int:
        """Denominator of the success rate: got data (SUCCESS, PARTIAL) or failed (ERROR, GAVE_UP)."""
        return self.success + self.partial + self.error + self.gave_up

    @property
    def success_rate(self) -> float | None:
        """(SUCCESS + PARTIAL) / (SUCCESS + PARTIAL + ERROR + GAVE_UP); None if nothing settled.

        PENDING and NOT_AVAILABLE are left out (nothing was decided about them yet), and CLOSED and PAID
        (nothing is left to fetch).
        """
        return (self.success + self.partial) / self.settled if self.settled else None


@dataclass(frozen=True, slots=True)
class OriginCounts:
    """Invoices by the origin of their last fetch; `none` = never fetched."""

    manual: int = 0
    automatic: int = 0
    cohort: int = 0
    individual: int = 0
    retry: int = 0
    none: int = 0

    def get(self, origin: FetchOrigin | None) -> int:
        return self.none if origin is None else int(getattr(self, origin.value.lower()))


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    cohort: str
    status: FetchStatus
    origin: FetchOrigin | None
    attempts: int  # 0..4, 4 meaning 4 or more
    has_data: bool
    n: int
    timed: int
    sum_seconds: float
    sum_amount: float  # R$ of the amounts found (a float sum: round to cents to show)


def load_invoice_rollup(cohort: str | None = None) -> tuple[InvoiceRow, ...]:
    """The invoice rollup summed in SQL down to what the screens show (last outcome dropped)."""
    where = "WHERE cohort = ?" if cohort is not None else ""
    sql = ("SELECT cohort, status, origin, CASE WHEN attempts > 4 THEN 4 ELSE attempts END, has_data, sum(n), "
           f"sum(timed), sum(sum_seconds), sum(sum_amount) FROM rollup_invoice {where} GROUP BY 1, 2, 3, 4, 5 "
           "HAVING sum(n) <> 0")
    status, origin = _STATUS_BY_VALUE, _ORIGIN_BY_VALUE
    rows = database_proxy.execute_sql(sql, (cohort,) if cohort is not None else ())
    return tuple(
        InvoiceRow(c, status[s], origin[o], a, bool(d), n, t, ss, am) for c, s, o, a, d, n, t, ss, am in rows
    )


def status_counts(rows: Iterable[InvoiceRow]) -> StatusCounts:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        counts[row.status] += row.n
    return StatusCounts.from_values(counts[s] for s in STATUS_ORDER)


def attempted_count(rows: Iterable[InvoiceRow]) -> int:
    """Invoices some fetch has looked at: any status but PENDING, less the PAID ones no fetch ever
    touched (the payment spreadsheet made them PAID before any lookup)."""
    return sum(r.n for r in rows
               if r.status is not FetchStatus.PENDING and not (r.status is FetchStatus.PAID and r.origin is None))


def origin_counts(rows: Iterable[InvoiceRow]) -> OriginCounts:
    counts: dict[str, int] = {}
    for row in rows:
        key = row.origin.value.lower() if row.origin else "none"
        counts[key] = counts.get(key, 0) + row.n
    return OriginCounts(**counts)


def mean_seconds(rows: Iterable[InvoiceRow]) -> float | None:
    timed = 0
    total = 0.0
    for row in rows:
        timed += row.timed
        total += row.sum_seconds
    return round3(total / timed) if timed else None


# --- window activity ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HourRow:
    hour: str
    origin: FetchOrigin
    attempts: int
    timed: int
    sum_seconds: float
    min_seconds: float | None
    max_seconds: float | None
    results: StatusCounts


# (UTC hour key, origin value, histogram bucket, attempts): plain tuples, there are thousands.
LatencyRow = tuple[str, str, int, int]


@dataclass(frozen=True, slots=True)
class ActivityFigures:
    """What a set of attempts did. `results` counts each (run, invoice)'s final attempt;
    times are per attempt row; p50/p95 come from the histogram (approximate)."""

    attempts: int
    results: StatusCounts
    avg_seconds: float | None
    min_seconds: float | None
    max_seconds: float | None
    p50_seconds: float | None
    p95_seconds: float | None


def load_hours(start_hour: str, end_hour: str) -> tuple[HourRow, ...]:
    """The window's attempt-hour rollup, one row per (hour, origin) with its results by status."""
    sql = ("SELECT hour, origin, status, attempts, timed, sum_seconds, min_seconds, max_seconds, results "
           "FROM rollup_attempt_hour WHERE hour >= ? AND hour <= ? ORDER BY hour, origin")
    rows: list[HourRow] = []
    key: tuple[str, str] | None = None
    acc: list[Any] = []
    results: dict[FetchStatus, int] = {}

    def close() -> None:
        if key is not None:
            rows.append(HourRow(key[0], FetchOrigin(key[1]), acc[0], acc[1], acc[2], acc[3], acc[4],
                                StatusCounts.from_values(results.get(s, 0) for s in STATUS_ORDER)))

    for hour, origin, status, attempts, timed, total, lo, hi, res in database_proxy.execute_sql(
            sql, (start_hour, end_hour)):
        if (hour, origin) != key:
            close()
            key, acc, results = (hour, origin), [0, 0, 0.0, None, None], {}
        acc[0] += attempts
        acc[1] += timed
        acc[2] += total
        if lo is not None:
            acc[3] = lo if acc[3] is None else min(acc[3], lo)
        if hi is not None:
            acc[4] = hi if acc[4] is None else max(acc[4], hi)
        results[_STATUS_BY_VALUE[status]] = results.get(_STATUS_BY_VALUE[status], 0) + res
    close()
    return tuple(rows)


def load_latency(start_hour: str, end_hour: str) -> tuple[LatencyRow, ...]:
    sql = "SELECT hour, origin, bucket, n FROM rollup_latency_hour WHERE hour >= ? AND hour <= ? AND n <> 0"
    return tuple(database_proxy.execute_sql(sql, (start_hour, end_hour)))


def summarise(hours: Iterable[HourRow], latency: Iterable[LatencyRow]) -> ActivityFigures:
    attempts = timed = 0
    total = 0.0
    lo: float | None = None
    hi: float | None = None
    results = [0] * len(STATUS_ORDER)
    for h in hours:
        attempts += h.attempts
        timed += h.timed
        total += h.sum_seconds
        if h.min_seconds is not None:
            lo = h.min_seconds if lo is None else min(lo, h.min_seconds)
        if h.max_seconds is not None:
            hi = h.max_seconds if hi is None else max(hi, h.max_seconds)
        for i, status in enumerate(STATUS_ORDER):
            results[i] += h.results.get(status)
    counts = [0] * BUCKET_COUNT
    for _hour, _origin, bucket, n in latency:
        counts[bucket] += n
    return ActivityFigures(
        attempts=attempts,
        results=StatusCounts.from_values(results),
        avg_seconds=round3(total / timed) if timed else None,
        min_seconds=round3(lo),
        max_seconds=round3(hi),
        p50_seconds=round3(percentile_from_histogram(counts, 50, lo, hi)),
        p95_seconds=round3(percentile_from_histogram(counts, 95, lo, hi)),
    )


@dataclass(frozen=True, slots=True)
class WindowData:
    """The rollup rows of one window, loaded once for several figures."""

    hours: tuple[HourRow, ...]
    latency: tuple[LatencyRow, ...]
    runs_started: tuple[tuple[str, str], ...]  # (started_at text, origin) of the window's runs


def load_window(start_hour: str, end_hour: str, start: str, end: str) -> WindowData:
    runs = tuple(
        (str(a), str(o)) for a, o in database_proxy.execute_sql(
            "SELECT started_at, origin FROM fetch_run WHERE started_at >= ? AND started_at <= ?",
            (start, end))
    )
    return WindowData(load_hours(start_hour, end_hour), load_latency(start_hour, end_hour), runs)


def count_runs(start: str, end: str) -> int:
    row = database_proxy.execute_sql(
        "SELECT count(*) FROM fetch_run WHERE started_at >= ? AND started_at <= ?", (start, end)
    ).fetchone()
    return int(row[0])


__all__ = [
    "ActivityFigures",
    "HourRow",
    "InvoiceRow",
    "LatencyRow",
    "OriginCounts",
    "STATUS_ORDER",
    "StatusCounts",
    "WindowData",
    "count_runs",
    "load_hours",
    "load_invoice_rollup",
    "load_latency",
    "load_window",
    "read_snapshot",
    "mean_seconds",
    "origin_counts",
    "status_counts",
    "summarise",
]
