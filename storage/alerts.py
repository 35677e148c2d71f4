"""Alerts raised when a run ends (and when a scheduled run was missed), stored in `alert`.

The rules are core.alert_rules'; this module reads the figures they take (the run, its
baseline runs, the thresholds from the settings, the persistent-error count, kept per run in
`alert_run_state`) and writes what they raise. An alert with the same kind and dedupe key
that is still unacknowledged is bumped (occurrences + 1, last_seen_at, latest message)
instead of a new row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from core.alert_rules import (
    BASELINE_RUN_STATUS,
    AlertThresholds,
    AlertToRaise,
    PersistentMeasure,
    RunFigures,
    baseline_window,
    missed_schedule_alert,
    run_alerts,
)
from core.domain import FAILED_STATUSES, PERSISTENT_MIN_ATTEMPTS, AlertKind, AlertSeverity, FetchOrigin, RunStatus
from core.schedule import missed_fire_time
from storage.analytics.params import NotFoundError, check_int, check_now, check_tz
from storage.analytics.runs import RunSummary, fetch_runs, scalar
from storage.models import database_proxy
from storage.rollups import db_text, parse_db_time
from storage.settings_store import get_setting

_COLUMNS = (
    "id, kind, severity, dedupe_key, message, details, run_id, created_at, last_seen_at, occurrences, "
    "acknowledged_at, acknowledged_by"
)


class AlertError(ValueError):
    """An alert operation cannot be done (unknown alert, bad parameter)."""


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: int
    kind: AlertKind
    severity: AlertSeverity
    dedupe_key: str
    message: str
    details_json: str  # the figures behind the alert, JSON
    run_id: int | None
    created_at: datetime
    last_seen_at: datetime
    occurrences: int
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


def _record(row: Sequence[Any]) -> AlertRecord:
    created, seen, acked = parse_db_time(row[7]), parse_db_time(row[8]), parse_db_time(row[10])
    assert created is not None and seen is not None
    return AlertRecord(
        id=row[0], kind=AlertKind(row[1]), severity=AlertSeverity(row[2]), dedupe_key=row[3], message=row[4],
        details_json=row[5], run_id=row[6], created_at=created, last_seen_at=seen, occurrences=row[9],
        acknowledged_at=acked, acknowledged_by=row[11],
    )


def _get(alert_id: int) -> AlertRecord | None:
    row = database_proxy.execute_sql(f"SELECT {_COLUMNS} FROM alert WHERE id = ?", (alert_id,)).fetchone()
    return _record(row) if row else None


def _store(item: AlertToRaise, run_id: int | None, now: datetime) -> AlertRecord:
    """Bump the open alert of the same kind and key, or create one."""
    details = json.dumps(dict(item.params), sort_keys=True, default=str)
    stamp = db_text(now)
    with database_proxy.atomic():
        row = database_proxy.execute_sql(
            "SELECT id FROM alert WHERE kind = ? AND dedupe_key = ? AND acknowledged_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (item.kind.value, item.dedupe_key),
        ).fetchone()
        if row:
            alert_id = int(row[0])
            database_proxy.execute_sql(
                "UPDATE alert SET occurrences = occurrences + 1, last_seen_at = ?, message = ?, details = ?, "
                "severity = ?, run_id = coalesce(?, run_id) WHERE id = ?",
                (stamp, item.message, details, item.severity.value, run_id, alert_id),
            )
        else:
            cursor = database_proxy.execute_sql(
                "INSERT INTO alert (kind, severity, dedupe_key, message, details, run_id, created_at, "
                "last_seen_at, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                (item.kind.value, item.severity.value, item.dedupe_key, item.message, details, run_id, stamp, stamp),
            )
            alert_id = int(cursor.fetchone()[0])
    found = _get(alert_id)
    assert found is not None
    return found


def _figures(run: RunSummary) -> RunFigures:
    return RunFigures(
        run_id=run.id, status=run.status, started_at=run.started_at, planned=run.invoices,
        processed=run.processed, errors=run.errors, gave_up=run.gave_up, p50_seconds=run.p50_seconds,
        duration_seconds=run.duration_seconds, lookups=run.lookups,
    )


def _thresholds() -> AlertThresholds:
    return AlertThresholds(
        error_share=float(get_setting("alert_error_share")),
        latency_factor=float(get_setting("alert_latency_factor")),
        throughput_factor=float(get_setting("alert_throughput_factor")),
    )


def _baseline(run: RunSummary) -> list[RunFigures]:
    start, end = baseline_window(run.started_at)
    return [_figures(r) for r in fetch_runs(
        "started_at >= ? AND started_at < ? AND status = ? AND id <> ?",
        [db_text(start), db_text(end), BASELINE_RUN_STATUS.value, run.id],
    )]


def persistent_error_count() -> int:
    """Invoices failed after PERSISTENT_MIN_ATTEMPTS attempts or more (from the invoice rollup)."""
    statuses = [s.value for s in FAILED_STATUSES]
    return scalar(
        f"SELECT coalesce(sum(n), 0) FROM rollup_invoice WHERE status IN ({', '.join('?' for _ in statuses)}) "
        "AND attempts >= ?",
        [*statuses, PERSISTENT_MIN_ATTEMPTS],
    )


def _measure_persistent(run: RunSummary, now: datetime) -> tuple[PersistentMeasure | None, int]:
    """The measure of the latest earlier run, and this run's (recorded in `alert_run_state`)."""
    current = persistent_error_count()
    row = database_proxy.execute_sql(
        "SELECT s.persistent_errors, s.run_id FROM alert_run_state s JOIN fetch_run r ON r.id = s.run_id "
        "WHERE s.run_id <> ? AND r.started_at <= ? ORDER BY r.started_at DESC, r.id DESC LIMIT 1",
        (run.id, db_text(run.started_at)),
    ).fetchone()
    database_proxy.execute_sql(
        "INSERT INTO alert_run_state (run_id, persistent_errors, measured_at) VALUES (?, ?, ?) "
        "ON CONFLICT (run_id) DO UPDATE SET persistent_errors = excluded.persistent_errors, "
        "measured_at = excluded.measured_at",
        (run.id, current, db_text(now)),
    )
    previous = None if row is None else PersistentMeasure(run_id=int(row[1]), persistent_errors=int(row[0]))
    return previous, current


def evaluate_run_alerts(run_id: int, now: datetime) -> list[AlertRecord]:
    """Apply every rule to a finished run; return the alerts raised or bumped (possibly none)."""
    run_id = check_int("run_id", run_id, 1)
    now = check_now(now)
    found = fetch_runs("id = ?", [run_id])
    if not found:
        raise NotFoundError("run_id", run_id, "is not a run")
    run = found[0]
    if run.status is RunStatus.RUNNING:
        raise AlertError(f"run_id: run {run_id} is still RUNNING; alerts are evaluated when it ends")
    with database_proxy.atomic():
        previous, current = _measure_persistent(run, now)
        raised = run_alerts(_figures(run), _thresholds(), _baseline(run), previous, current)
        return [_store(item, run.id, now) for item in raised]


def check_missed_schedule(now: datetime, tz: tzinfo) -> AlertRecord | None:
    """Raise (or bump) SCHEDULED_RUN_MISSED if the schedule fired without an AUTOMATIC run since."""
    now = check_now(now)
    tz = check_tz(tz)
    if not bool(get_setting("schedule_enabled")):
        return None
    cron = str(get_setting("schedule_cron"))
    row = database_proxy.execute_sql(
        "SELECT max(started_at) FROM fetch_run WHERE origin = ?", (FetchOrigin.AUTOMATIC.value,)
    ).fetchone()
    missed = missed_fire_time(cron, parse_db_time(row[0] if row else None), now, tz)
    if missed is None:
        return None
    return _store(missed_schedule_alert(missed, cron, tz), None, now)


def acknowledge_alert(alert_id: int, by: str, now: datetime) -> AlertRecord:
    """Mark an alert seen; a later occurrence of the same problem opens a new alert."""
    alert_id = check_int("alert_id", alert_id, 1)
    now = check_now(now)
    if not isinstance(by, str) or not by.strip():
        raise AlertError(f"by: {by!r} must name who acknowledges the alert")
    with database_proxy.atomic():
        if _get(alert_id) is None:
            raise NotFoundError("alert_id", alert_id, "is not an alert")
        database_proxy.execute_sql(
            "UPDATE alert SET acknowledged_at = ?, acknowledged_by = ? "
            "WHERE id = ? AND acknowledged_at IS NULL",
            (db_text(now), by.strip()[:120], alert_id),
        )
    found = _get(alert_id)
    assert found is not None
    return found


def list_alerts(*, include_acknowledged: bool = True, limit: int = 100) -> tuple[AlertRecord, ...]:
    """Open alerts first (newest activity first), then acknowledged ones."""
    limit = check_int("limit", limit, 1, 1000)
    where = "" if include_acknowledged else "WHERE acknowledged_at IS NULL"
    rows = database_proxy.execute_sql(
        f"SELECT {_COLUMNS} FROM alert {where} "
        "ORDER BY acknowledged_at IS NOT NULL, last_seen_at DESC, id DESC LIMIT ?",
        (limit,),
    )
    return tuple(_record(r) for r in rows)


def open_alerts(limit: int = 100) -> tuple[AlertRecord, ...]:
    return list_alerts(include_acknowledged=False, limit=limit)


__all__ = [
    "AlertError",
    "AlertRecord",
    "acknowledge_alert",
    "check_missed_schedule",
    "evaluate_run_alerts",
    "list_alerts",
    "open_alerts",
    "persistent_error_count",
]
