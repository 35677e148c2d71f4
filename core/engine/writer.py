"""The run's single writer: a thread that commits batches in order, off the dispatch loop.

The coordinator must keep the provider's pace (one lookup every few milliseconds); a commit
can take tens of milliseconds. So batches go through a bounded queue to one writer thread,
which commits them one by one, in order, each in its own transaction. A failed commit stops
the writer and is raised in the coordinator at its next hand-over, which ends the run: the
store's StoreFailure as it is (its cause is the run's message), anything else as a RuntimeError.
"""

from __future__ import annotations

import logging
import queue
import threading

from core.engine.ports import Batch, EngineStore, StoreFailure

log = logging.getLogger(__name__)

_STOP = object()


class BatchWriter:
    def __init__(self, store: EngineStore, run_id: int, max_pending: int = 8) -> None:
        self._store = store
        self._run_id = run_id
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_pending)  # backpressure
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name=f"run-{run_id}-writer", daemon=True)
        self._thread.start()

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
