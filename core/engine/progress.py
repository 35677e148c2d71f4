"""Progress of a run as immutable snapshots, throttled to ~10 per second, with an ETA.

The ETA divides the lookups still to make (queued, waiting on backoff, in flight, and the
retry pass's expected share) by the lookup rate over a recent window, so it reacts to a
slowdown within seconds and accounts for pending retries.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from core.domain import Outcome, RunStatus
from core.messages import is_encoded, without_details

EMIT_INTERVAL = 0.1  # seconds: at most ~10 snapshots per second
RATE_WINDOW = 10.0  # seconds of history behind the rate and the ETA


def _empty() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ProgressSnapshot:
    run_id: int
    status: RunStatus
    phase: str  # "planning", "main", "retry", "finished"
    started_at: datetime
    elapsed: float
    total: int  # invoices planned
    done: int  # invoices with at least one result in this run
    documents_total: int
    documents_done: int
    successes: int
    partial: int
    errors: int
    not_available: int
    gave_up: int
    retries: int
    lookups: int
    in_flight: int
    pending_retries: int  # lookups waiting on backoff
    rate: float  # invoices settled per second, recent window
    lookups_per_second: float
    eta_seconds: float | None
    p50_recent: float | None  # lookup time over the recent window
    rate_limit: float | None
    breaker: str
    outcomes: Mapping[str, int] = field(default_factory=_empty)
    log_tail: tuple[str, ...] = ()
    message: str = ""
    closed: int = 0  # no open debt at the operator (CLOSED)

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else min(100.0, 100.0 * self.done / self.total)

    @property
    def finished(self) -> bool:
        return self.status is not RunStatus.RUNNING


class ProgressSink(Protocol):
    def __call__(self, snapshot: ProgressSnapshot) -> None: ...


class RateWindow:
    """Events per second over the last `window` seconds."""

    def __init__(self, window: float = RATE_WINDOW) -> None:
        self.window = window
        self._events: collections.deque[tuple[float, int]] = collections.deque()
        self._total = 0
        self._start: float | None = None

    def add(self, now: float, count: int = 1) -> None:
        if self._start is None:
            self._start = now
        self._events.append((now, count))
        self._total += count
        self._trim(now)

    def _trim(self, now: float) -> None:
        while self._events and now - self._events[0][0] > self.window:
            self._total -= self._events.popleft()[1]

    def per_second(self, now: float) -> float:
        self._trim(now)
        if self._start is None or not self._events:
            return 0.0
        span = min(self.window, max(now - self._start, 1e-3))
        return self._total / span


def eta_seconds(remaining_lookups: float, lookups_per_second: float) -> float | None:
    if remaining_lookups <= 0:
        return 0.0
    if lookups_per_second <= 0:
        return None
    return remaining_lookups / lookups_per_second


def outcome_map(counter: Mapping[Outcome, int]) -> Mapping[str, int]:
    return MappingProxyType({o.value: n for o, n in counter.items() if n})


# -- the snapshot as one small JSON row, for any window to show any run ------------------------------

PUBLISH_INTERVAL = 0.5  # seconds: a run publishes its snapshot to the store at most twice a second
PUBLISHED_LOG_LINES = 12  # the tail of the log a published snapshot carries (the row stays small)
_PUBLISHED_LINE = 300  # characters per published log line at most


def _published_line(line: str) -> str:
    """A log line short enough to publish: an encoded message loses its technical detail (cutting
    it would leave JSON that no longer decodes), any other text is cut."""
    if len(line) <= _PUBLISHED_LINE:
        return line
    stamp, _, rest = line.partition(" ")
    if is_encoded(rest):
        return f"{stamp} {without_details(rest)}"
    return line[:_PUBLISHED_LINE]


def snapshot_to_json(snapshot: ProgressSnapshot, *, whole: bool = False) -> str:
    """The snapshot as compact JSON (times as ISO text). For the store the log tail is cut short;
    `whole` keeps every line as it is (a window following its own run in another process)."""
    data = {f: getattr(snapshot, f) for f in ProgressSnapshot.__dataclass_fields__}
    data["status"] = snapshot.status.value
    data["started_at"] = snapshot.started_at.isoformat()
    data["outcomes"] = dict(snapshot.outcomes)
    data["log_tail"] = (list(snapshot.log_tail) if whole
                        else [_published_line(line) for line in snapshot.log_tail[-PUBLISHED_LOG_LINES:]])
    for name in ("elapsed", "rate", "lookups_per_second", "eta_seconds", "p50_recent", "rate_limit"):
        if isinstance(data[name], float):
            data[name] = round(data[name], 3)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def snapshot_from_json(text: str) -> ProgressSnapshot:
    """A published snapshot back; ValueError (saying what is wrong) when it is not one."""
    try:
        data = json.loads(text)
        fields = ProgressSnapshot.__dataclass_fields__
        values = {name: data[name] for name in fields if name in data}
        values["status"] = RunStatus(data["status"])
        values["started_at"] = datetime.fromisoformat(data["started_at"])
        values["outcomes"] = MappingProxyType({str(k): int(v) for k, v in dict(data.get("outcomes", {})).items()})
        values["log_tail"] = tuple(str(line) for line in data.get("log_tail", ()))
        return ProgressSnapshot(**values)
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a progress snapshot: {type(exc).__name__}: {exc}") from exc
