"""What the simulator has served: a thread-safe tally and its immutable snapshot."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ENDPOINTS = ("params", "session", "debts", "other")
DROPPED = 0  # the "status" of a request answered by closing the connection


@dataclass(frozen=True, slots=True)
class SimulatorStats:
    requests: int = 0
    by_endpoint: Mapping[str, int] = field(default_factory=dict)
    by_status: Mapping[int, int] = field(default_factory=dict)  # 0 = connection dropped
    rate_limited: int = 0  # 429 answers
    tokens_issued: int = 0
    sessions_issued: int = 0  # completed authentications
    unauthorized: int = 0  # 401 answers
    hangs: int = 0
    dropped: int = 0
    malformed: int = 0
    injected: int = 0  # faults taken from the inject() queue
    connections: int = 0  # TCP connections accepted (keep-alive: far fewer than requests)
    in_flight: int = 0
    concurrent_max: int = 0
    documents_looked_up: int = 0  # distinct documents whose debts were served
    repeat_lookups: int = 0  # debt lookups beyond the first of their document


    @property
    def rate_limited_share(self) -> float:
        return self.rate_limited / self.requests if self.requests else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "by_endpoint": dict(self.by_endpoint),
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "rate_limited": self.rate_limited,
            "rate_limited_share": round(self.rate_limited_share, 6),
            "tokens_issued": self.tokens_issued,
            "sessions_issued": self.sessions_issued,
            "unauthorized": self.unauthorized,
            "hangs": self.hangs,
            "dropped": self.dropped,
            "malformed": self.malformed,
            "injected": self.injected,
            "connections": self.connections,
            "in_flight": self.in_flight,
            "concurrent_max": self.concurrent_max,
            "documents_looked_up": self.documents_looked_up,
            "repeat_lookups": self.repeat_lookups,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SimulatorStats:
        """Read what `GET /__sim/stats` answers (for a benchmark in another process)."""
        return cls(
            requests=int(data["requests"]),
            by_endpoint={str(k): int(v) for k, v in data["by_endpoint"].items()},
            by_status={int(k): int(v) for k, v in data["by_status"].items()},
            **{name: int(data[name]) for name in ("rate_limited", "tokens_issued", "sessions_issued",
                                                  "unauthorized", "hangs", "dropped", "malformed",
                                                  "injected", "connections", "in_flight",
                                                  "concurrent_max")},
            documents_looked_up=int(data.get("documents_looked_up", 0)),
            repeat_lookups=int(data.get("repeat_lookups", 0)),
        )


class StatsTally:
    """Mutable counters behind SimulatorStats."""

    _SCALARS = ("rate_limited", "tokens_issued", "sessions_issued", "unauthorized", "hangs", "dropped",
                "malformed", "injected", "connections")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._by_endpoint: Counter[str] = Counter()
            self._by_document: Counter[str] = Counter()
            self._by_status: Counter[int] = Counter()
            self._scalars: Counter[str] = Counter()
            self._in_flight = getattr(self, "_in_flight", 0)
            self._concurrent_max = self._in_flight

    def answered(self, endpoint: str, status: int, **extra: int) -> None:
        with self._lock:
            self._by_endpoint[endpoint] += 1
            self._by_status[status] += 1
            for name, amount in extra.items():
                self._scalars[name] += amount

    def looked_up(self, document: str) -> None:
        with self._lock:
            self._by_document[document] += 1

    def document_lookups(self) -> dict[str, int]:
        with self._lock:
            return dict(self._by_document)

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._scalars[name] += amount

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._concurrent_max = max(self._concurrent_max, self._in_flight)

    def finished(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def snapshot(self) -> SimulatorStats:
        with self._lock:
            return SimulatorStats(
                requests=sum(self._by_endpoint.values()),
                by_endpoint={name: self._by_endpoint.get(name, 0) for name in ENDPOINTS},
                by_status=dict(self._by_status),
                in_flight=self._in_flight,
                concurrent_max=self._concurrent_max,
                documents_looked_up=len(self._by_document),
                repeat_lookups=sum(self._by_document.values()) - len(self._by_document),
                **{name: self._scalars.get(name, 0) for name in self._SCALARS},
            )
