"""Running blocking work off the GUI thread and getting the result back on it.

The GUI thread never does HTTP or a slow query: `off_thread(fn, ...)` awaits `fn` in a worker
thread (asyncio.to_thread on the qasync loop). `launch(coro)` starts a coroutine from a plain
slot and logs (never swallows silently) what it raises.

`SerialLoad` wraps an async load (query off-thread, then fill a model): whoever asks awaits a
load that *started after* the request, so the data it sees is current; requests that arrive
while a load runs are served together by one next load. A table never has two loads in flight,
and a burst of refreshes (a run's progress, typing in a filter) costs at most one extra load.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from types import MethodType
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
    """Launched tasks still going on the current event loop (a task left behind by a loop that
    was closed never ends and does not count)."""
    for task in [t for t in _tasks if t.get_loop().is_closed()]:
        _tasks.discard(task)
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    return sum(1 for t in _tasks if not t.done() and (loop is None or t.get_loop() is loop))


class SerialLoad:
    def __init__(self, load: Callable[[], Awaitable[None]]) -> None:
        # A widget's own method is held weakly: no reference cycle keeps a closed widget alive
        # until a garbage collection that may run on a worker thread.
        self._load: Callable[[], Callable[[], Awaitable[None]] | None] = (
            weakref.WeakMethod(load) if isinstance(load, MethodType) else lambda: load)
        self._waiters: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def settled(self) -> None:
        """Return once no load is running (asking for none): the last one asked for is done."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def request(self) -> None:
        """Load (or join the next load) and return when it is done; re-raises its error."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if not self.busy:
            self._task = asyncio.ensure_future(self._drain())
        await waiter

    async def _drain(self) -> None:
        while self._waiters:
            batch, self._waiters = self._waiters, []
            error: Exception | None = None
            load = self._load()
            try:
                if load is not None:
                    await load()
            except Exception as exc:  # handed to every caller of this round
                error = exc
            for waiter in batch:
                if waiter.done():  # its caller gave up waiting
                    continue
                if error is None:
                    waiter.set_result(None)
                else:
                    waiter.set_exception(error)
