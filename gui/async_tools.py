"""Running blocking work off the GUI thread and getting the result back on it.

The GUI thread never does HTTP or a slow query: `off_thread(fn, ...)` awaits `fn` in a worker
thread (asyncio.to_thread on the qasync loop). `launch(coro)` starts a coroutine from a plain
slot and logs (never swallows silently) what it raises.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
_tasks: set[asyncio.Task[Any]] = set()


async def off_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


def launch(coro: Coroutine[Any, Any, Any], *, on_error: Callable[[BaseException], None] | None = None
           ) -> asyncio.Task[Any]:
    """Schedule a coroutine on the running loop, keeping a reference until it ends."""
    task = asyncio.ensure_future(coro)
    _tasks.add(task)

    def done(t: asyncio.Task[Any]) -> None:
        _tasks.discard(t)
        if t.cancelled():
            return
        exc = t.exception()
        if exc is not None:
            log.error("background task failed", exc_info=exc)
            if on_error is not None:
                on_error(exc)

    task.add_done_callback(done)
    return task


def pending_tasks() -> int:
    return len(_tasks)
