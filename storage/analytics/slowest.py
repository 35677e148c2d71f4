"""The slowest lookups of the window: the top N attempts by HTTP wall time.

Read from `rollup_slow_hour` (the 25 slowest attempts of every UTC hour), so the cost does
not grow with the history; ties are broken by the older attempt first. A lookup serves every
candidate invoice of a document, so several invoices of one lookup can share a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from core.domain import FetchOrigin, Outcome
from storage.analytics.params import Window, check_int, make_window
from storage.models import database_proxy
from storage.rollups import SLOW_KEEP_PER_HOUR, db_text, parse_db_time


@dataclass(frozen=True, slots=True)
class SlowInvoice:
    attempt_id: int
    invoice_id: int
    contract_number: str
    invoice_number: int
    cohort: str
    started_at: datetime
    seconds: float
    run_id: int
    origin: FetchOrigin
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class SlowestInvoices:
    window: Window
    items: tuple[SlowInvoice, ...]  # slowest first


def slowest_from(window: Window, limit: int) -> SlowestInvoices:
    rows = database_proxy.execute_sql(
        """SELECT a.id, a.invoice_id, c.number, i.number, a.cohort, a.started_at, a.seconds, a.run_id,
                  a.origin, a.outcome
           FROM (SELECT attempt_id, seconds FROM rollup_slow_hour WHERE hour >= ? AND hour <= ?
                 ORDER BY seconds DESC, attempt_id ASC LIMIT ?) s
           JOIN fetch_attempt a ON a.id = s.attempt_id
           JOIN invoice i ON i.id = a.invoice_id
           JOIN contract c ON c.id = i.contract_id
           WHERE a.started_at >= ? AND a.started_at <= ?
           ORDER BY s.seconds DESC, s.attempt_id ASC LIMIT ?""",
        # The inner LIMIT leaves room for the first hour's rows before the window's start
        # (half-hour zones), which the outer WHERE drops.
        (window.start_hour, window.end_hour, limit + SLOW_KEEP_PER_HOUR, db_text(window.start),
         db_text(window.end), limit),
    )
    items = []
    for aid, inv, contract_no, inv_no, cohort, started, secs, run_id, origin, outcome in rows:
        started_at = parse_db_time(started)
        assert started_at is not None
        items.append(SlowInvoice(aid, inv, contract_no, inv_no, cohort, started_at, secs, run_id,
                                 FetchOrigin(origin), Outcome(outcome)))
    return SlowestInvoices(window=window, items=tuple(items))


def slowest_invoices(now: datetime, tz: tzinfo, days: int = 30, limit: int = 10) -> SlowestInvoices:
    """The `limit` (1..25) slowest attempts whose lookup started in the window."""
    window = make_window(now, tz, days)
    limit = check_int("limit", limit, 1, SLOW_KEEP_PER_HOUR)
    return slowest_from(window, limit)


__all__ = ["SlowInvoice", "SlowestInvoices", "slowest_from", "slowest_invoices"]
