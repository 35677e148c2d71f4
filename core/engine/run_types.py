"""What a run is configured with and what it returns: the clock, the engine's tunables, the
cancel token and the result. Small and dependency-light, so the desktop app can import them
without loading the engine."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from core.domain import FetchOrigin, RunStatus
from core.eligibility import NothingToDo
from core.engine.pacing import Backoff
from core.engine.ports import RunCounters
from core.matching import MatchParams


class Clock(Protocol):
    def now(self) -> datetime: ...
    def monotonic(self) -> float: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass(frozen=True, slots=True)
class EngineConfig:
    match: MatchParams = field(default_factory=MatchParams)
    # attempt rows per commit at most: at a fast provider's pace (~4,000 rows a second) the
    # interval below cuts the batches, so a crash still loses at most half a second of results,
    # and each commit's fixed work (rollup statements, run row, the pages written) is shared by
    # more rows
    batch_size: int = 2000
    batch_interval: float = 0.5  # seconds between commits at most
    heartbeat_interval: float = 5.0
    backoff: Backoff = field(default_factory=Backoff)
    breaker_threshold: int = 5
    breaker_cooldown: float = 1.0
    breaker_max_cooldown: float = 30.0
    outage_limit: float = 120.0  # seconds of unavailability before the run ends FAILED
    seed: int | None = None  # for the backoff jitter
    # lookups/s this provider accepted in an earlier run (RunResult.learned_rate): start just under
    # its limit instead of discovering it again; None starts at the request's rate
    start_rate: float | None = None
    # claims: a run claims about this many seconds of lookups at its recent pace at a time (at
    # least claim_min documents), so several runners on one store share the work
    claim_seconds: float = 1.0
    claim_min: int = 8


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True, slots=True)
class RunResult:
    run_id: int
    status: RunStatus
    message: str
    counters: RunCounters
    duration_seconds: float
    planned_invoices: int
    planned_documents: int
    learned_rate: float | None = None  # lookups/s to start the next run at (None: the configured rate)
    # set when nothing was eligible: no run row was written (run_id is 0) and this says why
    nothing: NothingToDo | None = None
    origin: FetchOrigin | None = None  # what started it
