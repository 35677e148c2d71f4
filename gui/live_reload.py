"""One load at a time per table: a `Reloader` runs an async load, and calls that arrive while it
is running coalesce into a single reload after it, so a table never has two overlapping loads
and always ends up showing the newest state (the load reads the filters and page when it runs).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any


class Reloader:
    """Coalesces calls to an async load: at most one in flight, at most one more queued."""

    def __init__(self, load: Callable[[], Awaitable[Any]]) -> None:
        self._load = load
        self._task: asyncio.Task[None] | None = None
        self._again = False

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run(self) -> None:
        """Load now, or (if a load is going) once more after it; return when the data is current."""
        if self.busy:
            self._again = True
        else:
            self._task = asyncio.ensure_future(self._loop())
        assert self._task is not None
        # shield: a caller that gives up waiting must not cancel the load other callers wait on
        await asyncio.shield(self._task)

    async def _loop(self) -> None:
        while True:
            self._again = False
            await self._load()
            if not self._again:
                return
