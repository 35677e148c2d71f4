"""What follows a finished run, for every front end: the scheduled reports of an automatic run.

The desktop app (on its engine thread) and `fetch` (the OS scheduler's path) both call
`after_run(run_id)` once the engine returns. A report that cannot be written is logged and
returned as a message; it never changes the run's outcome or exit code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.domain import FetchOrigin

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AfterRun:
    written: tuple[Path, ...] = ()
    problem: str | None = None


def after_run(run_id: int, now: datetime | None = None) -> AfterRun:
    """Write the scheduled reports if the run was automatic and a report folder is set."""
    from storage.analytics import local_zone
    from storage.analytics.runs import fetch_runs
    from storage.settings_store import get_setting

    folder = ""
    try:
        runs = fetch_runs("id = ?", [run_id])
        if not runs or runs[0].origin is not FetchOrigin.AUTOMATIC:
            return AfterRun()
        folder = str(get_setting("report_folder") or "")
        if not folder:
            return AfterRun()
        from reports.scheduled import write_scheduled_reports

        written = write_scheduled_reports(run_id, folder, collection=bool(get_setting("report_collection")),
                                          now=now or datetime.now(UTC), tz=local_zone())
    except Exception as exc:  # a report must never turn a finished run into a failure
        log.warning("the scheduled reports of run %d were not written to %s: %s", run_id, folder or "-", exc)
        return AfterRun(problem=f"{folder}: {exc}" if folder else str(exc))
    log.info("scheduled reports of run %d written: %s", run_id, ", ".join(str(p) for p in written))
    return AfterRun(written=written)


__all__ = ["AfterRun", "after_run"]
