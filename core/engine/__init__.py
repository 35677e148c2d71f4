"""The fetch engine: plan, dispatch through rate limiter and breaker, record, retry, finish.

The names below load their module on first use (PEP 562), so importing a light part such as
`core.engine.request` does not pull in the whole engine (the desktop app paints sooner).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CancelToken": "core.engine.run_types",
    "Clock": "core.engine.run_types",
    "EngineConfig": "core.engine.run_types",
    "FetchEngine": "core.engine.engine",
    "RunResult": "core.engine.run_types",
    "SystemClock": "core.engine.run_types",
    "EngineStore": "core.engine.ports",
    "Plan": "core.engine.ports",
    "ProgressSink": "core.engine.progress",
    "ProgressSnapshot": "core.engine.progress",
    "RequestError": "core.engine.request",
    "RunRequest": "core.engine.request",
}

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

if TYPE_CHECKING:
    from core.engine.engine import FetchEngine
    from core.engine.ports import EngineStore, Plan
    from core.engine.progress import ProgressSink, ProgressSnapshot
    from core.engine.request import RequestError, RunRequest
    from core.engine.run_types import CancelToken, Clock, EngineConfig, RunResult, SystemClock


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'core.engine' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), name)
