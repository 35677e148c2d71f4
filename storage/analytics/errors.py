"""Error groups: the window's problem attempts grouped by outcome, HTTP status and message key.

A problem attempt is a failure (transport, provider or business) or a divergent match. The
message key collapses digits (storage.rollups.error_key), so "timeout after 30.0s" and
"timeout after 5.25s" are one group. Per group: distinct invoices (exact), attempt rows,
first and last seen within the window, and the most recent message as a sample. Read from
`rollup_error_hour` (per UTC hour and group), so the cost follows the window's hours and
groups, not the history. Distinct invoices are exact for windows ending now: each invoice is
counted in the hour of its latest attempt of the group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from core.domain import Outcome
from storage.analytics.params import Window, check_enum, check_int, make_window
from storage.analytics.problems import ProblemFilter
from storage.models import database_proxy
from storage.rollups import db_text, error_key, parse_db_time

MAX_GROUPS = 500


@dataclass(frozen=True, slots=True)
class ErrorGroup:
    outcome: Outcome
    http_status: int | None
    key: str  # the normalised message
    sample: str | None  # the latest message of the group, as stored (already sanitised)
    invoices: int
    attempts: int
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class ErrorGroups:
    window: Window
    groups: tuple[ErrorGroup, ...]  # most invoices first
    total_groups: int


def error_groups_from(window: Window, limit: int) -> ErrorGroups:
    rows = database_proxy.execute_sql(
        """SELECT outcome, http_status, msg_key, attempts, first_seen, last_seen, sample, invoices_last
           FROM rollup_error_hour WHERE hour >= ? AND hour <= ?""",
        (window.start_hour, window.end_hour),
    ).fetchall()
    merged: dict[tuple[str, int, str], list[Any]] = {}
    for outcome, http, key, attempts, first, last, sample, invoices in rows:
        found = merged.get((outcome, http, key))
        if found is None:
            merged[(outcome, http, key)] = [attempts, first, last, sample, invoices]
            continue
        found[0] += attempts
        found[1] = min(found[1], first)
        if last >= found[2]:  # the group's sample is its latest message
            found[2], found[3] = last, sample
        found[4] += invoices
    groups = []
    for (outcome, http, key), (attempts, first, last, sample, invoices) in merged.items():
        first_seen, last_seen = parse_db_time(first), parse_db_time(last)
        assert first_seen is not None and last_seen is not None
        groups.append(ErrorGroup(
            outcome=Outcome(outcome), http_status=http or None, key=key, sample=sample or None,
            invoices=int(invoices), attempts=int(attempts),
            first_seen=first_seen, last_seen=last_seen,
        ))
    groups.sort(key=lambda g: (-g.invoices, -g.attempts, g.outcome.value, g.http_status or 0, g.key))
    return ErrorGroups(window=window, groups=tuple(groups[:limit]), total_groups=len(groups))


def error_groups(now: datetime, tz: tzinfo, days: int = 30, limit: int = 50) -> ErrorGroups:
    """Problem attempts of the last `days` local days, grouped; the `limit` largest groups."""
    window = make_window(now, tz, days)
    return error_groups_from(window, check_int("limit", limit, 1, MAX_GROUPS))


def error_groups_shown(now: datetime, tz: tzinfo, days: int, flt: ProblemFilter, limit: int = 50) -> ErrorGroups:
    """The window's groups that the problem list filtered by `flt` contains: a group is listed only
    if at least one invoice the list shows had an attempt of it in the window, and its `invoices`
    are those invoices (what choosing it lists); attempts, first/last seen and the sample are the
    whole group's. Reads `rollup_error_invoice` joined to the invoices the filter shows."""
    window = make_window(now, tz, days)
    limit = check_int("limit", limit, 1, MAX_GROUPS)
    where, params = flt.sql()
    shown = database_proxy.execute_sql(
        f"""SELECT r.outcome, r.http_status, r.msg_key, count(*)
            FROM rollup_error_invoice r JOIN invoice i ON i.id = r.invoice_id JOIN contract c ON c.id = i.contract_id
            WHERE r.last_seen >= ? AND r.last_seen <= ? AND {where}
            GROUP BY r.outcome, r.http_status, r.msg_key""",
        (db_text(window.start), db_text(window.end), *params),
    ).fetchall()
    counts = {(Outcome(o), int(h) or None, k): int(n) for o, h, k, n in shown}
    every = error_groups_from(window, MAX_GROUPS)
    groups = [replace(g, invoices=counts[(g.outcome, g.http_status, g.key)]) for g in every.groups
              if (g.outcome, g.http_status, g.key) in counts]
    groups.sort(key=lambda g: (-g.invoices, -g.attempts, g.outcome.value, g.http_status or 0, g.key))
    return ErrorGroups(window=window, groups=tuple(groups[:limit]), total_groups=len(groups))


def error_group_invoice_ids(now: datetime, tz: tzinfo, days: int, outcome: Outcome | str,
                            http_status: int | None, key: str) -> tuple[int, ...]:
    """The invoices with at least one attempt of this group in the window (for a forced retry)."""
    window = make_window(now, tz, days)
    outcome_v = check_enum("outcome", outcome, Outcome)
    http = 0 if http_status is None else check_int("http_status", http_status, 100, 599)
    rows = database_proxy.execute_sql(
        """SELECT r.invoice_id FROM rollup_error_invoice r JOIN invoice i ON i.id = r.invoice_id
           WHERE r.outcome = ? AND r.http_status = ? AND r.msg_key = ?
             AND r.last_seen >= ? AND r.last_seen <= ?
           ORDER BY r.invoice_id""",
        (outcome_v.value, http, key, db_text(window.start), db_text(window.end)),
    )
    return tuple(int(r[0]) for r in rows)


normalise_error = error_key

__all__ = ["ErrorGroup", "ErrorGroups", "error_group_invoice_ids", "error_groups", "error_groups_from",
           "error_groups_shown",
           "normalise_error"]
