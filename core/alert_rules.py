"""When an alert is raised: pure rules over a finished run's figures and the schedule.

Each rule takes figures (frozen dataclasses that storage reads) and returns the alerts to
raise, each with its kind, severity, dedupe key, message and the parameters behind it; the
store only reads the figures and writes (or bumps) the alert rows.

- ERROR_RATE: the run's error share, (errors + gave up) / processed, is over the
  `alert_error_share` threshold (strictly: exactly at the threshold is quiet). Invoices with no
  open debt at the operator (CLOSED) are not errors.
- SLOW_LOOKUPS: the run's p50 lookup time is over `alert_latency_factor` x the median p50 of the
  baseline.
- LOW_THROUGHPUT: its throughput (processed / duration) is under `alert_throughput_factor` x the
  baseline's median throughput. The baseline is the COMPLETED runs that started in the
  BASELINE_DAYS before it (`baseline_window`) with a sample of their own; each comparison needs
  MIN_BASELINE_RUNS runs with that figure, so one odd run cannot define "normal".
- The three rates above need a sample: MIN_SAMPLE_LOOKUPS lookups or more, so a run of three
  invoices (or one the user started on a handful) never raises them.
- PERSISTENT_ERRORS_GROWING: invoices failed after PERSISTENT_MIN_ATTEMPTS attempts or more
  (core.domain.is_persistent_error) are more than when the previous run was evaluated.
- PROVIDER_UNAVAILABLE: the run ended FAILED (the provider stayed down).
- SCHEDULED_RUN_MISSED: the cron schedule fired and no AUTOMATIC run started since (the fire
  time comes from core.schedule.missed_fire_time).

Messages are plain English and never hold a document; the GUI titles alerts by kind.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from types import MappingProxyType

from core.domain import PERSISTENT_MIN_ATTEMPTS, AlertKind, AlertSeverity, RunStatus
from core.messages import encode

BASELINE_DAYS = 7
BASELINE_RUN_STATUS = RunStatus.COMPLETED
MIN_BASELINE_RUNS = 3
MIN_SAMPLE_LOOKUPS = 20  # provider lookups a run needs before its rates say anything


def _no_params() -> Mapping[str, object]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class AlertToRaise:
    """One alert a rule raises; the store bumps an open alert of the same kind and key instead
    of adding one."""

    kind: AlertKind
    severity: AlertSeverity
    dedupe_key: str
    message: str
    params: Mapping[str, object] = field(default_factory=_no_params)  # stored as the alert's details


@dataclass(frozen=True, slots=True)
class AlertThresholds:
    """The alert settings (core.settings: alert_error_share, alert_latency_factor,
    alert_throughput_factor)."""

    error_share: float
    latency_factor: float
    throughput_factor: float


def error_share(errors: int, gave_up: int, processed: int) -> float | None:
    """(errors + gave up) / processed; None when nothing was processed."""
    return (errors + gave_up) / processed if processed else None


def error_share_exceeds(share: float | None, threshold: float) -> bool:
    """Whether an error share is over the alert threshold (at the threshold is not over)."""
    return share is not None and share > threshold


def throughput(processed: int, duration_seconds: float | None) -> float | None:
    """Invoices processed per second of run time; None without a positive duration."""
    if not duration_seconds or duration_seconds <= 0:
        return None
    return processed / duration_seconds


@dataclass(frozen=True, slots=True)
class RunFigures:
    """What the rules need of one run."""

    run_id: int
    status: RunStatus
    started_at: datetime
    planned: int
    processed: int
    errors: int
    gave_up: int
    p50_seconds: float | None
    duration_seconds: float | None
    lookups: int = 0

    @property
    def sampled(self) -> bool:
        """Enough lookups for its rates (error share, p50, throughput) to mean something."""
        return self.lookups >= MIN_SAMPLE_LOOKUPS

    @property
    def error_share(self) -> float | None:
        return error_share(self.errors, self.gave_up, self.processed)

    @property
    def throughput(self) -> float | None:
        return throughput(self.processed, self.duration_seconds)


@dataclass(frozen=True, slots=True)
class PersistentMeasure:
    """How many persistent errors there were when a run's alerts were evaluated."""

    run_id: int
    persistent_errors: int


def baseline_window(started_at: datetime) -> tuple[datetime, datetime]:
    """[start, end) of the start times of the runs a run is compared with (BASELINE_RUN_STATUS
    runs only, the run itself left out)."""
    return started_at - timedelta(days=BASELINE_DAYS), started_at


def error_rate_alerts(run: RunFigures, thresholds: AlertThresholds) -> tuple[AlertToRaise, ...]:
    share, limit = run.error_share, thresholds.error_share
    if not run.sampled or share is None or not error_share_exceeds(share, limit):
        return ()
    failed = run.errors + run.gave_up
    return (
        AlertToRaise(
            AlertKind.ERROR_RATE,
            AlertSeverity.WARNING,
            "error_rate",
            encode("alert.error_rate", run=run.run_id, failed=failed, processed=run.processed,
                   share=round(share, 4), limit=limit),
            {"run_id": run.run_id, "share": round(share, 4), "threshold": limit, "failed": failed,
             "processed": run.processed},
        ),
    )


def performance_alerts(
    run: RunFigures, baseline: Sequence[RunFigures], thresholds: AlertThresholds
) -> tuple[AlertToRaise, ...]:
    """Latency and throughput against the medians of `baseline` (the runs of `baseline_window`)."""
    out: list[AlertToRaise] = []
    if not run.sampled:
        return ()
    baseline = [r for r in baseline if r.sampled]
    factor = thresholds.latency_factor
    p50s = [r.p50_seconds for r in baseline if r.p50_seconds is not None]
    if run.p50_seconds is not None and len(p50s) >= MIN_BASELINE_RUNS:
        median = statistics.median(p50s)
        if median > 0 and run.p50_seconds > factor * median:
            out.append(
                AlertToRaise(
                    AlertKind.SLOW_LOOKUPS,
                    AlertSeverity.WARNING,
                    "performance:latency",
                    encode("alert.slow_lookups", run=run.run_id, seconds=round(run.p50_seconds, 3), factor=factor,
                           baseline=round(median, 3), days=BASELINE_DAYS),
                    {"run_id": run.run_id, "p50_seconds": run.p50_seconds, "baseline_p50_seconds": median,
                     "factor": factor, "baseline_runs": len(p50s)},
                )
            )
    factor = thresholds.throughput_factor
    rates = [t for t in (r.throughput for r in baseline) if t is not None and t > 0]
    rate = run.throughput
    if rate is not None and len(rates) >= MIN_BASELINE_RUNS:
        median = statistics.median(rates)
        if rate < factor * median:
            out.append(
                AlertToRaise(
                    AlertKind.LOW_THROUGHPUT,
                    AlertSeverity.WARNING,
                    "performance:throughput",
                    encode("alert.low_throughput", run=run.run_id, rate=round(rate, 2), factor=factor,
                           baseline=round(median, 2), days=BASELINE_DAYS),
                    {"run_id": run.run_id, "throughput": round(rate, 4), "baseline_throughput": round(median, 4),
                     "factor": factor, "baseline_runs": len(rates)},
                )
            )
    return tuple(out)


def persistent_errors_alerts(
    run: RunFigures, previous: PersistentMeasure | None, current: int
) -> tuple[AlertToRaise, ...]:
    """`previous`: the measure taken for the latest earlier run (None for the first run)."""
    if previous is None or current <= previous.persistent_errors:
        return ()
    before = previous.persistent_errors
    return (
        AlertToRaise(
            AlertKind.PERSISTENT_ERRORS_GROWING,
            AlertSeverity.WARNING,
            "persistent_errors",
            encode("alert.persistent_errors", attempts=PERSISTENT_MIN_ATTEMPTS, before=before, current=current,
                   run=run.run_id),
            {"run_id": run.run_id, "previous_run_id": previous.run_id, "before": before, "now": current},
        ),
    )


def provider_alerts(run: RunFigures) -> tuple[AlertToRaise, ...]:
    if run.status is not RunStatus.FAILED:
        return ()
    return (
        AlertToRaise(
            AlertKind.PROVIDER_UNAVAILABLE,
            AlertSeverity.CRITICAL,
            "provider_unavailable",
            encode("alert.provider_unavailable", run=run.run_id, processed=run.processed, planned=run.planned),
            {"run_id": run.run_id, "processed": run.processed, "planned": run.planned},
        ),
    )


def run_alerts(
    run: RunFigures,
    thresholds: AlertThresholds,
    baseline: Sequence[RunFigures],
    persistent_before: PersistentMeasure | None,
    persistent_now: int,
) -> tuple[AlertToRaise, ...]:
    """Every rule for a finished run, in a fixed order (error rate, performance, persistent
    errors, provider)."""
    if run.status is RunStatus.RUNNING:
        raise ValueError(f"run {run.run_id} is still RUNNING; alerts are evaluated when it ends")
    return (
        *error_rate_alerts(run, thresholds),
        *performance_alerts(run, baseline, thresholds),
        *persistent_errors_alerts(run, persistent_before, persistent_now),
        *provider_alerts(run),
    )


def missed_schedule_alert(missed_at: datetime, cron: str, tz: tzinfo) -> AlertToRaise:
    """The alert for a fire time (aware) with no AUTOMATIC run since; one per fire time."""
    local = missed_at.astimezone(tz)
    return AlertToRaise(
        AlertKind.SCHEDULED_RUN_MISSED,
        AlertSeverity.WARNING,
        f"missed:{missed_at.isoformat()}",
        encode("alert.schedule_missed", when=local.replace(second=0, microsecond=0)),
        {"fire_time_utc": missed_at.isoformat(), "cron": cron},
    )


__all__ = [
    "BASELINE_DAYS",
    "BASELINE_RUN_STATUS",
    "MIN_BASELINE_RUNS",
    "MIN_SAMPLE_LOOKUPS",
    "AlertThresholds",
    "AlertToRaise",
    "PersistentMeasure",
    "RunFigures",
    "baseline_window",
    "error_rate_alerts",
    "error_share",
    "error_share_exceeds",
    "missed_schedule_alert",
    "performance_alerts",
    "persistent_errors_alerts",
    "provider_alerts",
    "run_alerts",
    "throughput",
]
