"""Runs left RUNNING by a process that is gone become INTERRUPTED at the next start.

A run belongs to (hostname, pid). On this host, a dead pid is proof. A live pid with a
heartbeat older than STALE_AFTER is a recycled pid. On another host (a shared PostgreSQL),
only a stale heartbeat is evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from core.domain import RunStatus
from core.messages import encode
from core.process import pid_alive, this_host
from storage.models import FetchClaim, FetchRun, database_proxy
from storage.run_figures import finalize_run_from_attempts

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)


def _is_orphan(run: FetchRun, now: datetime, host: str, stale_after: timedelta = STALE_AFTER) -> bool:
    """`stale_after` applies to another host's runs (there only the heartbeat tells); on this
    host a dead pid is proof, and a live one is taken for recycled only past STALE_AFTER."""
    def older_than(limit: timedelta) -> bool:
        return run.heartbeat_at is None or now - run.heartbeat_at > limit

    if run.hostname == host:
        return older_than(STALE_AFTER) or not pid_alive(run.pid)
    return older_than(stale_after)


def recover_interrupted_runs(now: datetime | None = None, *, only: Collection[int] | None = None,
                             stale_after: timedelta = STALE_AFTER, dead_only: bool = False) -> int:
    """Mark orphaned RUNNING runs INTERRUPTED, with figures recomputed from their attempts.
    `only`: just these runs (whose claims passed their lease: then `stale_after` is the lease).
    `dead_only`: only runs of this host whose process is gone (the proof a window polling
    the store can act on at once; heartbeats are left to the next start and to claims)."""
    now = now or datetime.now(UTC)
    host = this_host()
    recovered = 0
    query = FetchRun.select().where(FetchRun.status == RunStatus.RUNNING.value)
    if only is not None:
        query = query.where(FetchRun.id.in_(list(only)))
    for run in query:
        if dead_only:
            if run.hostname != host or pid_alive(run.pid):
                continue
        elif not _is_orphan(run, now, host, stale_after):
            continue
        with database_proxy.atomic():
            if FetchRun.select().where(FetchRun.id == run.id, FetchRun.status == RunStatus.RUNNING.value).count() == 0:
                continue  # another process closed it meanwhile
            finalize_run_from_attempts(
                run.id,
                status=RunStatus.INTERRUPTED,
                message=encode("run.interrupted"),
                finished_at=run.heartbeat_at or run.started_at,
            )
            FetchClaim.delete().where(FetchClaim.run_id == run.id).execute()  # its documents are free now
        log.warning("run %d (pid %d on %s) was interrupted", run.id, run.pid, run.hostname)
        recovered += 1
    return recovered
