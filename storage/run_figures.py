"""A run's figures computed from its fetch_attempt rows: the definition every counter obeys.

The engine keeps the same figures incrementally while it runs; tests compare the two, and a
run recovered after a crash gets its figures from here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import cast

from core.domain import FetchStatus, RunStatus
from core.stats import percentile, round3
from storage.models import FetchAttempt, FetchRun


@dataclass(frozen=True, slots=True)
class RunFigures:
    processed: int
    successes: int
    partial: int
    errors: int
    not_available: int
    gave_up: int
    closed: int
    retries: int
    lookups: int
    avg_seconds: float | None
    min_seconds: float | None
    max_seconds: float | None
    p50_seconds: float | None
    p95_seconds: float | None


def figures_from_attempts(run_id: int) -> RunFigures:
    query = (
        FetchAttempt.select(
            FetchAttempt.invoice, FetchAttempt.try_no, FetchAttempt.status_after,
            FetchAttempt.lookup_no, FetchAttempt.seconds,
        )
        .where(FetchAttempt.run == run_id)
        .order_by(FetchAttempt.invoice, FetchAttempt.try_no)
    )
    rows = cast(Iterable[tuple[int, int, str, int, float | None]], query.tuples())
    last_status: dict[int, str] = {}
    lookups: set[int] = set()
    seconds: list[float] = []
    retries = 0
    for invoice_id, try_no, status_after, lookup_no, secs in rows:
        last_status[invoice_id] = status_after
        lookups.add(lookup_no)
        if try_no > 1:
            retries += 1
        if secs is not None:
            seconds.append(secs)
    counts = {s: 0 for s in FetchStatus}
    for status in last_status.values():
        counts[FetchStatus(status)] += 1
    seconds.sort()
    return RunFigures(
        processed=len(last_status),
        successes=counts[FetchStatus.SUCCESS],
        partial=counts[FetchStatus.PARTIAL],
        errors=counts[FetchStatus.ERROR],
        not_available=counts[FetchStatus.NOT_AVAILABLE],
        gave_up=counts[FetchStatus.GAVE_UP],
        closed=counts[FetchStatus.CLOSED],
        retries=retries,
        lookups=len(lookups),
        avg_seconds=round3(sum(seconds) / len(seconds)) if seconds else None,
        min_seconds=round3(seconds[0]) if seconds else None,
        max_seconds=round3(seconds[-1]) if seconds else None,
        p50_seconds=round3(percentile(seconds, 50)),
        p95_seconds=round3(percentile(seconds, 95)),
    )


def finalize_run_from_attempts(
    run_id: int, *, status: RunStatus, message: str, finished_at: datetime
) -> RunFigures:
    """Close a run whose process is gone: figures from its attempt rows, a final status."""
    figures = figures_from_attempts(run_id)
    run = FetchRun.get_by_id(run_id)
    log_lines = json.loads(run.log or "[]")
    log_lines.append(message)
    (
        FetchRun.update(
            status=status.value,
            message=message,
            finished_at=finished_at,
            duration_seconds=round3((finished_at - run.started_at).total_seconds()),
            log=json.dumps(log_lines[-200:], ensure_ascii=False),
            **asdict(figures),
        )
        .where(FetchRun.id == run_id)
        .execute()
    )
    return figures


__all__ = ["RunFigures", "figures_from_attempts", "finalize_run_from_attempts"]
