"""The run's single writer: a thread that commits batches in order, off the dispatch loop.

The coordinator must keep the provider's pace (one lookup every few milliseconds); a commit
can take tens of milliseconds. So batches go through a bounded queue to one writer thread,
which commits them one by one, in order, each in its own transaction. A failed commit stops
the writer and is raised in the coordinator at its next hand-over, which ends the run: the
store's StoreFailure as it is (its cause is the run's message), anything else as a RuntimeError.

After a commit, at most once every CANCEL_POLL seconds, the writer also asks the store whether
someone cancelled the run from another window (`poll_cancel`): the question rides on the
heartbeat's thread, never on the dispatch loop.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from core.engine.ports import Batch, EngineStore, StoreFailure

log = logging.getLogger(__name__)

_STOP = object()
CANCEL_POLL = 1.0  # seconds between two questions to the store about a cancel from elsewhere


class BatchWriter:
    def __init__(self, store: EngineStore, run_id: int, max_pending: int = 8) -> None:
        self._store = store
        self._run_id = run_id
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_pending)  # backpressure
        self._error: BaseException | None = None
        self._cancel_asked: Callable[[], str | None] | None = None
        self._on_cancel: Callable[[str], None] | None = None
        self._polled_at = float("-inf")
        self._thread = threading.Thread(target=self._work, name=f"run-{run_id}-writer", daemon=True)
        self._thread.start()

    def poll_cancel(self, asked: Callable[[], str | None], on_cancel: Callable[[str], None]) -> None:
        """After commits, call `asked` now and then; when it names someone, call `on_cancel`."""
        self._cancel_asked, self._on_cancel = asked, on_cancel

    def put(self, batch: Batch) -> None:
        self.raise_if_failed()
        self._queue.put(batch)

    def raise_if_failed(self) -> None:
        if isinstance(self._error, StoreFailure):
            raise self._error
        if self._error is not None:
            raise RuntimeError(f"writing the run's results failed: {self._error}") from self._error

    def close(self) -> None:
        """Commit everything queued, stop the thread; raise if a commit failed."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        self.raise_if_failed()

    @property
    def failed(self) -> bool:
        return self._error is not None

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self._error is not None:
                continue  # drain without writing after a failure
            assert isinstance(item, Batch)
            try:
                self._store.commit(self._run_id, item)
            except StoreFailure as exc:  # a known cause: one line; the traceback only for debugging
                log.error("run %d: a batch could not be written: %s", self._run_id, exc.cause)
                log.debug("the failed write", exc_info=True)
                self._error = exc
            except BaseException as exc:  # reported to the coordinator
                log.exception("run %d: a batch could not be written", self._run_id)
                self._error = exc
            else:
                self._poll()

    def _poll(self) -> None:
        asked, on_cancel = self._cancel_asked, self._on_cancel
        now = time.monotonic()
        if asked is None or on_cancel is None or now - self._polled_at < CANCEL_POLL:
            return
        self._polled_at = now
        try:
            who = asked()
        except Exception:  # the next poll asks again; the run goes on
            log.warning("run %d: could not ask the store about a cancel", self._run_id, exc_info=True)
            return
        if who:
            on_cancel(who)
