"""Alerts raised when a run ends (and when a scheduled run was missed), stored in `alert`.

Rules (thresholds are the settings of core.settings, read through get_setting):

- ERROR_RATE: the run's (errors + gave up) / processed exceeds `alert_error_share`.
- PERFORMANCE_DEGRADED: the run's p50 lookup time exceeds `alert_latency_factor` x the median
  p50 of the COMPLETED runs that started in the 7 days before it, or its throughput
  (processed / duration) is under `alert_throughput_factor` x their median throughput. Needs
  at least MIN_BASELINE_RUNS such runs, so one odd run cannot define "normal".
- PERSISTENT_ERRORS_GROWING: invoices in ERROR/GAVE_UP with >= 3 attempts are more now than
  when the previous run's alerts were evaluated (counts kept in `alert_run_state`).
- PROVIDER_UNAVAILABLE: the run ended FAILED.
- SCHEDULED_RUN_MISSED (`check_missed_schedule`): the cron schedule fired and no AUTOMATIC
  run started since (after a grace period).

An alert with the same kind and dedupe key that is still unacknowledged is bumped
(occurrences + 1, last_seen_at, latest message) instead of a new row. Messages are plain
English (the GUI translates by kind) and never hold a document.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from core.domain import AlertKind, AlertSeverity, FetchStatus, RunStatus
from core.schedule import missed_fire_time
from storage.analytics.params import NotFoundError, check_int, check_now, check_tz
from storage.analytics.runs import RunSummary, fetch_runs, scalar
from storage.models import database_proxy
from storage.rollups import db_text, parse_db_time
from storage.settings_store import get_setting

BASELINE_DAYS = 7
MIN_BASELINE_RUNS = 3
PERSISTENT_ATTEMPTS = 3
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


@dataclass(frozen=True, slots=True)
class _Raise:
    kind: AlertKind
    severity: AlertSeverity
    key: str
    message: str
    details: dict[str, object]


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


def _store(item: _Raise, run_id: int | None, now: datetime) -> AlertRecord:
    """Bump the open alert of the same kind and key, or create one."""
    details = json.dumps(item.details, sort_keys=True, default=str)
    stamp = db_text(now)
    with database_proxy.atomic():
        row = database_proxy.execute_sql(
            "SELECT id FROM alert WHERE kind = ? AND dedupe_key = ? AND acknowledged_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (item.kind.value, item.key),
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
                "last_seen_at, occurrences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (item.kind.value, item.severity.value, item.key, item.message, details, run_id, stamp, stamp),
            )
            alert_id = int(cursor.lastrowid)
    found = _get(alert_id)
    assert found is not None
    return found


def _error_rate(run: RunSummary) -> list[_Raise]:
    limit = float(get_setting("alert_error_share"))
    share = run.error_share
    if share is None or share <= limit:
        return []
    failed = run.errors + run.gave_up
    return [
        _Raise(
            AlertKind.ERROR_RATE,
            AlertSeverity.WARNING,
            "error_rate",
            f"Run {run.id} ended with {failed} of {run.processed} invoices in error "
            f"({share:.1%}, over the {limit:.0%} threshold).",
            {
                "run_id": run.id,
                "share": round(share, 4),
                "threshold": limit,
                "failed": failed,
                "processed": run.processed,
            },
        )
    ]


def _baseline(run: RunSummary) -> list[RunSummary]:
    start = run.started_at - timedelta(days=BASELINE_DAYS)
    return fetch_runs(
        "started_at >= ? AND started_at < ? AND status = ? AND id <> ?",
        [db_text(start), db_text(run.started_at), RunStatus.COMPLETED.value, run.id],
    )


def _performance(run: RunSummary) -> list[_Raise]:
    out: list[_Raise] = []
    previous = _baseline(run)
    latency_factor = float(get_setting("alert_latency_factor"))
    p50s = [r.p50_seconds for r in previous if r.p50_seconds is not None]
    if run.p50_seconds is not None and len(p50s) >= MIN_BASELINE_RUNS:
        median = statistics.median(p50s)
        if median > 0 and run.p50_seconds > latency_factor * median:
            out.append(
                _Raise(
                    AlertKind.PERFORMANCE_DEGRADED,
                    AlertSeverity.WARNING,
                    "performance:latency",
                    f"Run {run.id} took {run.p50_seconds:.3f} s per lookup (median), "
                    f"over {latency_factor:g} times the {median:.3f} s of the previous {BASELINE_DAYS} days.",
                    {
                        "run_id": run.id,
                        "p50_seconds": run.p50_seconds,
                        "baseline_p50_seconds": median,
                        "factor": latency_factor,
                        "baseline_runs": len(p50s),
                    },
                )
            )
    throughput_factor = float(get_setting("alert_throughput_factor"))
    rates = [t for t in (r.throughput for r in previous) if t is not None and t > 0]
    rate = run.throughput
    if rate is not None and len(rates) >= MIN_BASELINE_RUNS:
        median = statistics.median(rates)
        if rate < throughput_factor * median:
            out.append(
                _Raise(
                    AlertKind.PERFORMANCE_DEGRADED,
                    AlertSeverity.WARNING,
                    "performance:throughput",
                    f"Run {run.id} processed {rate:.2f} invoices per second, "
                    f"under {throughput_factor:g} times the {median:.2f} "
                    f"of the previous {BASELINE_DAYS} days.",
                    {
                        "run_id": run.id,
                        "throughput": round(rate, 4),
                        "baseline_throughput": round(median, 4),
                        "factor": throughput_factor,
                        "baseline_runs": len(rates),
                    },
                )
            )
    return out


def persistent_error_count() -> int:
    """Invoices in ERROR or GAVE_UP with at least 3 attempts (from the invoice rollup)."""
    return scalar(
        "SELECT coalesce(sum(n), 0) FROM rollup_invoice WHERE status IN (?, ?) AND attempts >= ?",
        [FetchStatus.ERROR.value, FetchStatus.GAVE_UP.value, PERSISTENT_ATTEMPTS],
    )


def _persistent(run: RunSummary, now: datetime) -> list[_Raise]:
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
    if row is None or current <= int(row[0]):
        return []
    before = int(row[0])
    return [
        _Raise(
            AlertKind.PERSISTENT_ERRORS_GROWING,
            AlertSeverity.WARNING,
            "persistent_errors",
            f"Invoices failing after {PERSISTENT_ATTEMPTS} or more attempts grew from {before} to {current} "
            f"with run {run.id}.",
            {"run_id": run.id, "previous_run_id": int(row[1]), "before": before, "now": current},
        )
    ]


def _provider(run: RunSummary) -> list[_Raise]:
    if run.status is not RunStatus.FAILED:
        return []
    return [
        _Raise(
            AlertKind.PROVIDER_UNAVAILABLE,
            AlertSeverity.CRITICAL,
            "provider_unavailable",
            f"Run {run.id} stopped: the provider was unavailable. {run.processed} of {run.invoices} "
            f"invoices were processed; the rest are untouched.",
            {"run_id": run.id, "processed": run.processed, "planned": run.invoices},
        )
    ]


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
        raised = [*_error_rate(run), *_performance(run), *_persistent(run, now), *_provider(run)]
        return [_store(item, run.id, now) for item in raised]


def check_missed_schedule(now: datetime, tz: tzinfo) -> AlertRecord | None:
    """Raise (or bump) SCHEDULED_RUN_MISSED if the schedule fired without an AUTOMATIC run since."""
    now = check_now(now)
    tz = check_tz(tz)
    if not bool(get_setting("schedule_enabled")):
        return None
    cron = str(get_setting("schedule_cron"))
    row = database_proxy.execute_sql(
        "SELECT max(started_at) FROM fetch_run WHERE origin = 'AUTOMATIC'"
    ).fetchone()
    missed = missed_fire_time(cron, parse_db_time(row[0] if row else None), now, tz)
    if missed is None:
        return None
    local = missed.astimezone(tz)
    return _store(
        _Raise(
            AlertKind.SCHEDULED_RUN_MISSED,
            AlertSeverity.WARNING,
            f"missed:{missed.isoformat()}",
            f"The scheduled run of {local:%d/%m/%Y %H:%M} did not start.",
            {"fire_time_utc": missed.isoformat(), "cron": cron},
        ),
        None,
        now,
    )


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
