"""Runs left RUNNING by a process that is gone become INTERRUPTED at the next start.

A run belongs to (hostname, pid). On this host, a dead pid is proof. A live pid with a
heartbeat older than STALE_AFTER is a recycled pid. On another host (a shared PostgreSQL),
only a stale heartbeat is evidence.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from core.domain import RunStatus
from core.process import pid_alive, this_host
from storage.models import FetchRun, database_proxy
from storage.run_figures import finalize_run_from_attempts

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)


def _is_orphan(run: FetchRun, now: datetime, host: str) -> bool:
    stale = run.heartbeat_at is None or now - run.heartbeat_at > STALE_AFTER
    if run.hostname == host:
        return stale or not pid_alive(run.pid)
    return stale


def recover_interrupted_runs(now: datetime | None = None) -> int:
    """Mark orphaned RUNNING runs INTERRUPTED, with figures recomputed from their attempts."""
    now = now or datetime.now(UTC)
    host = this_host()
    recovered = 0
    for run in FetchRun.select().where(FetchRun.status == RunStatus.RUNNING.value):
        if not _is_orphan(run, now, host):
            continue
        with database_proxy.atomic():
            finalize_run_from_attempts(
                run.id,
                status=RunStatus.INTERRUPTED,
                message="interrupted: the process running it stopped before it finished",
                finished_at=run.heartbeat_at or run.started_at,
            )
        log.warning("run %d (pid %d on %s) was interrupted", run.id, run.pid, run.hostname)
        recovered += 1
    return recovered
