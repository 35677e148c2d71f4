"""The run's figures kept incrementally, with the same definitions as storage.run_figures."""

from __future__ import annotations

from collections import Counter

from core.domain import FetchStatus, Outcome
from core.engine.ports import RunCounters
from core.stats import percentile, round3


class RunTally:
    def __init__(self) -> None:
        self.last_status: dict[int, FetchStatus] = {}
        self.outcomes: Counter[Outcome] = Counter()
        self.retries = 0
        self.lookups = 0
        self.attempt_rows = 0
        self._seconds: list[float] = []
        self._sum = 0.0
        self._min: float | None = None
        self._max: float | None = None

    def record_lookup(self) -> None:
        self.lookups += 1

    def record_attempt(
        self, invoice_id: int, try_no: int, outcome: Outcome, status_after: FetchStatus, seconds: float | None
    ) -> None:
        self.attempt_rows += 1
        self.last_status[invoice_id] = status_after
        self.outcomes[outcome] += 1
        if try_no > 1:
            self.retries += 1
        if seconds is not None:
            self._seconds.append(seconds)
            self._sum += seconds
            self._min = seconds if self._min is None else min(self._min, seconds)
            self._max = seconds if self._max is None else max(self._max, seconds)

    def status_counts(self) -> Counter[FetchStatus]:
        return Counter(self.last_status.values())

    def counters(self, *, with_percentiles: bool) -> RunCounters:
        counts = self.status_counts()
        n = len(self._seconds)
        p50 = p95 = None
        if with_percentiles and n:
            ordered = sorted(self._seconds)
            p50, p95 = round3(percentile(ordered, 50)), round3(percentile(ordered, 95))
        return RunCounters(
            processed=len(self.last_status),
            successes=counts[FetchStatus.SUCCESS],
            partial=counts[FetchStatus.PARTIAL],
            errors=counts[FetchStatus.ERROR],
            not_available=counts[FetchStatus.NOT_AVAILABLE],
            gave_up=counts[FetchStatus.GAVE_UP],
            closed=counts[FetchStatus.CLOSED],
            retries=self.retries,
            lookups=self.lookups,
            avg_seconds=round3(self._sum / n) if n else None,
            min_seconds=round3(self._min),
            max_seconds=round3(self._max),
            p50_seconds=p50,
            p95_seconds=p95,
        )

    def recent_seconds(self, count: int) -> list[float]:
        return self._seconds[-count:]
