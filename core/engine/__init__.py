"""The fetch engine: plan, dispatch through rate limiter and breaker, record, retry, finish."""

from core.engine.engine import CancelToken, Clock, EngineConfig, FetchEngine, RunResult, SystemClock
from core.engine.ports import EngineStore, Plan
from core.engine.progress import ProgressSink, ProgressSnapshot
from core.engine.request import RequestError, RunRequest

__all__ = [
    "CancelToken",
    "Clock",
    "EngineConfig",
    "EngineStore",
    "FetchEngine",
    "Plan",
    "ProgressSink",
    "ProgressSnapshot",
    "RequestError",
    "RunRequest",
    "RunResult",
    "SystemClock",
]
