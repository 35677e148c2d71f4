"""Every run going in the store, as any window sees it: who started it, where, and its newest
progress snapshot (published by the run itself, at most twice a second); and a cancel asked
for one of them, which the run picks up with its heartbeat.

Reading the list first marks runs of this host whose process is gone INTERRUPTED (a dead pid is
proof), so a window watching a run that was killed sees it end; a run on another machine that
went silent shows as such until its claims' lease passes or the next start recovers it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from core.domain import RunStatus
from core.engine.progress import ProgressSnapshot, snapshot_from_json
from storage.models import FetchRun, RunProgress, database_proxy
from storage.recovery import recover_interrupted_runs

log = logging.getLogger(__name__)

SILENT_AFTER = 30.0  # seconds without a published snapshot before a run is shown as silent


@dataclass(frozen=True, slots=True)
class GoingRun:
    run_id: int
    origin: str
    started_by: str
    hostname: str
    started_at: datetime
    snapshot: ProgressSnapshot | None  # None until the run publishes its first one
    published_at: datetime | None
    cancel_requested_by: str | None
    silent_seconds: float  # since its last snapshot (or its start)

    @property
    def silent(self) -> bool:
        return self.silent_seconds > SILENT_AFTER


def going_runs() -> tuple[GoingRun, ...]:
    """The RUNNING runs, newest first, with their published progress. Measured on this
    machine's UTC clock, as the runs publish."""
    now = datetime.now(UTC)
    recover_interrupted_runs(now, dead_only=True)
    rows = list(FetchRun.select(FetchRun.id, FetchRun.origin, FetchRun.started_by, FetchRun.hostname,
                                FetchRun.started_at, FetchRun.cancel_requested_by, FetchRun.cancel_requested_at)
                .where(FetchRun.status == RunStatus.RUNNING.value)
                .order_by(FetchRun.id.desc()))
    progress = {p.run_id: p for p in RunProgress.select().where(RunProgress.run_id.in_([r.id for r in rows]))}
    runs = []
    for row in rows:
        published = progress.get(row.id)
        since = published.updated_at if published else row.started_at
        runs.append(GoingRun(
            run_id=row.id, origin=row.origin, started_by=row.started_by, hostname=row.hostname,
            started_at=row.started_at, snapshot=_decode(row.id, published.snapshot if published else None),
            published_at=published.updated_at if published else None,
            cancel_requested_by=(row.cancel_requested_by or "?") if row.cancel_requested_at else None,
            silent_seconds=max((now - since).total_seconds(), 0.0),
        ))
    return tuple(runs)


def run_snapshot(run_id: int) -> tuple[ProgressSnapshot | None, str, str]:
    """A run's newest snapshot (its final one once it ended), its status and its message."""
    run = FetchRun.get_or_none(FetchRun.id == run_id)
    if run is None:
        return None, "", ""
    row = RunProgress.get_or_none(RunProgress.run_id == run_id)
    return _decode(run_id, row.snapshot if row else None), run.status, run.message or ""


def request_cancel(run_id: int, who: str, now: datetime) -> bool:
    """Ask a going run to cancel (it stops at its next heartbeat); False if it is not going
    or a cancel was asked already."""
    with database_proxy.atomic():
        changed = (FetchRun.update(cancel_requested_at=now, cancel_requested_by=who[:120])
                   .where(FetchRun.id == run_id, FetchRun.status == RunStatus.RUNNING.value,
                          FetchRun.cancel_requested_at.is_null())
                   .execute())
    if changed:
        log.info("cancel of run %d asked by %s", run_id, who)
    return bool(changed)


def _decode(run_id: int, text: str | None) -> ProgressSnapshot | None:
    if not text:
        return None
    try:
        return snapshot_from_json(text)
    except ValueError as exc:  # a row from a newer or broken writer: the list still shows the run
        log.warning("run %d: progress not readable: %s", run_id, exc)
        return None
