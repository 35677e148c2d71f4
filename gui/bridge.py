"""The one bridge between the engine thread and the widgets.

The engine runs on its own Python thread and reports through a sink. The sink only stores
the newest snapshot and, if none is waiting, emits one wake-up signal; the GUI thread then
picks up the newest snapshot. However fast the engine reports, the GUI repaints at most once
per event-loop turn and never sees a stale snapshot after a fresh one.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from core.engine.request import RunRequest

if TYPE_CHECKING:
    from core.engine.ports import EngineStore
    from core.engine.progress import ProgressSnapshot
    from core.engine.run_types import CancelToken, Clock, EngineConfig, RunResult
    from core.provider.base import Provider

log = logging.getLogger(__name__)

ProviderFactory = Callable[[int], "Provider"]  # concurrency → a provider
StoreFactory = Callable[[], "EngineStore"]
ConfigFactory = Callable[[], "EngineConfig"]
NO_FULL_COLLECTION = 1_000_000  # young-generation collections between two full ones, while a run goes


class RunSignals(QObject):
    """What a window hears of its run, wherever the engine runs."""

    runStarted = Signal(object)  # RunRequest  # noqa: N815
    progress = Signal(object)  # ProgressSnapshot
    runFinished = Signal(object)  # RunResult  # noqa: N815
    runFailed = Signal(str)  # noqa: N815  a message code (core.messages) or plain text
    busyChanged = Signal(bool)  # noqa: N815


class RunController(RunSignals):
    """Starts runs on a worker thread of this process, relays their progress, and cancels them
    (tests, with a pinned clock and engine settings of their own; the app uses ChildRunController)."""

    _wake = Signal()
    _done = Signal(object, str)  # RunResult or None, error text

    def __init__(self, provider_factory: ProviderFactory, store_factory: StoreFactory,
                 config_factory: ConfigFactory, parent: QObject | None = None, *,
                 clock: Clock | None = None, tz: tzinfo | None = None,
                 after_run: Callable[[RunResult], None] | None = None) -> None:
        super().__init__(parent)
        self._after_run = after_run  # on the engine thread, before runFinished (e.g. keep the learned pace)
        self._clock = clock
        self._tz = tz
        self._provider_factory = provider_factory
        self._store_factory = store_factory
        self._config_factory = config_factory
        self._lock = threading.Lock()
        self._latest: ProgressSnapshot | None = None
        self._wake_pending = False
        self._thread: threading.Thread | None = None
        self._token: CancelToken | None = None
        self._running = False
        self._gc_threshold = gc.get_threshold()
        self._wake.connect(self._deliver)
        self._done.connect(self._finished)

    @property
    def busy(self) -> bool:
        """True from start() until runFinished/runFailed has been delivered on the GUI thread."""
        return self._running

    def latest(self) -> ProgressSnapshot | None:
        with self._lock:
            return self._latest

    def start(self, request: RunRequest) -> bool:
        """Start a run unless one is going; returns whether it started."""
        if self.busy:
            return False
        from core.engine.run_types import CancelToken

        self._token = CancelToken()
        self._running = True
        with self._lock:
            self._latest = None
        # No full garbage collection while a run goes: it walks every object (tens of
        # milliseconds with a big run in memory) holding the GIL, so the window would freeze that
        # long. The young generations are still collected, a few hundred objects at a time, as
        # the run makes them: switching the collector off instead left the run's cyclic garbage
        # (tens of thousands of objects) to one collection of 40+ ms the moment the run ended.
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(self._gc_threshold[0], self._gc_threshold[1], NO_FULL_COLLECTION)
        self._thread = threading.Thread(target=self._work, args=(request, self._token),
                                        name="engine", daemon=True)
        self._thread.start()
        self.runStarted.emit(request)
        self.busyChanged.emit(True)
        return True

    def cancel(self) -> None:
        if self._token is not None:
            self._token.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the engine thread ends (tests and shutdown only)."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # -- engine thread ---------------------------------------------------------------------------
    def _sink(self, snapshot: ProgressSnapshot) -> None:
        with self._lock:
            self._latest = snapshot
            if self._wake_pending:
                return
            self._wake_pending = True
        self._wake.emit()

    def _work(self, request: RunRequest, token: CancelToken) -> None:
        from core.engine.engine import FetchEngine
        from core.engine.ports import StoreFailure  # loaded with the engine, not before the first paint

        provider = None
        try:
            provider = self._provider_factory(request.concurrency)
            engine = FetchEngine(self._store_factory(), provider, config=self._config_factory(), sink=self._sink,
                                 clock=self._clock, tz=self._tz)
            result: RunResult = engine.run(request, token)
        except StoreFailure as exc:  # the database refused a write: its cause, as a message code
            log.error("run stopped: %s", exc)
            self._done.emit(None, exc.message)
            return
        except Exception as exc:
            log.exception("run failed to start or finish")
            self._done.emit(None, f"{type(exc).__name__}: {exc}")
            return
        finally:
            if provider is not None:
                provider.close()
        if self._after_run is not None:
            try:
                self._after_run(result)
            except Exception:  # the run itself is over and stored: report it anyway
                log.exception("after the run")
        self._done.emit(result, "")

    # -- GUI thread ------------------------------------------------------------------------------
    @Slot(object, str)
    def _finished(self, result: RunResult | None, error: str) -> None:
        self._deliver()  # the final snapshot first
        self._running = False
        gc.set_threshold(*self._gc_threshold)
        if result is None:
            self.runFailed.emit(error)
        else:
            self.runFinished.emit(result)
        self.busyChanged.emit(False)

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            snapshot, self._wake_pending = self._latest, False
        if snapshot is not None:
            self.progress.emit(snapshot)
