"""One load at a time per table (used by the Problems and Invoices tabs).

`SerialLoad` wraps an async load (query off-thread, then fill a model). Whoever asks for a load
awaits one that *started after* the request, so the data it sees is current; requests that
arrive while a load runs are served together by a single next load. A table therefore never has
two loads in flight, and a burst of refreshes (a run's progress, typing in a filter) costs at
most one extra load. The load reads filters and page when it starts, not when it was asked for.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from types import MethodType


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


__all__ = ["SerialLoad"]
