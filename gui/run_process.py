"""The app's runs, each in a process of its own (runner.child), followed over its pipes.

The engine's lookup threads and its writer then never hold the window's GIL: the window
answers within milliseconds however busy the run is. The child sends its whole progress
snapshot about ten times a second; the window decodes only the newest of what has arrived
(at most one decode per event-loop turn), and the run's result or failure as its last line.
Cancelling writes `cancel` to the child's input; closing the window with a run going cancels it
and waits for the run to close (MainWindow.quit).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Slot

from core.engine.request import RunRequest
from gui.bridge import RunSignals

if TYPE_CHECKING:
    from core.engine.progress import ProgressSnapshot
    from core.engine.run_types import RunResult

log = logging.getLogger(__name__)

JobFactory = Callable[[RunRequest], dict[str, Any]]  # the child's first line (runner.child.job)
PROJECT_ROOT = Path(__file__).resolve().parent.parent  # where `runner` is importable from
_PROGRESS = '{"progress":'
_RESULT = '{"result":'
_FAILED = '{"failed":'


class ChildRunController(RunSignals):
    """Starts a run in a child process, relays its progress and result, and cancels it."""

    def __init__(self, job_factory: JobFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job_factory = job_factory
        self._process: QProcess | None = None
        self._latest: ProgressSnapshot | None = None
        self._pending = b""  # the start of a line not yet complete
        self._outcome: tuple[RunResult | None, str] | None = None  # (result, failure) once the child said
        self._running = False

    @property
    def busy(self) -> bool:
        """True from start() until runFinished/runFailed has been emitted."""
        return self._running

    def latest(self) -> ProgressSnapshot | None:
        return self._latest

    def start(self, request: RunRequest) -> bool:
        """Start a run unless one is going; returns whether it started. The job (with the key
        string) is built here, on the GUI thread, and written to the child's input."""
        if self._running:
            return False
        job = self._job_factory(request)
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(["-m", "runner.child"])
        env = QProcessEnvironment.systemEnvironment()
        path = env.value("PYTHONPATH")
        env.insert("PYTHONPATH", str(PROJECT_ROOT) + (os.pathsep + path if path else ""))
        process.setProcessEnvironment(env)
        process.setWorkingDirectory(str(PROJECT_ROOT))
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)  # its log, as ours
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process, self._latest, self._pending, self._outcome = process, None, b"", None
        self._running = True
        process.start()
        process.write((json.dumps(job, ensure_ascii=False) + "\n").encode())
        self.runStarted.emit(request)
        self.busyChanged.emit(True)
        return True

    def cancel(self) -> None:
        process = self._process
        if process is not None and process.state() is not QProcess.ProcessState.NotRunning:
            process.write(b"cancel\n")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the child ends (shutdown and tests only); its last lines are relayed."""
        process = self._process
        if process is None or process.state() is QProcess.ProcessState.NotRunning:
            return True
        return bool(process.waitForFinished(-1 if timeout is None else int(timeout * 1000)))

    def kill(self) -> None:
        """End the child at once (a window closing when waiting did not end it)."""
        if self._process is not None:
            self._process.kill()

    # -- the child's output --------------------------------------------------------------------------
    @Slot()
    def _read(self) -> None:
        process = self._process
        if process is None:
            return
        data = self._pending + bytes(process.readAllStandardOutput().data())
        *lines, self._pending = data.split(b"\n")
        newest_progress = None
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith(_PROGRESS):
                newest_progress = line
            elif line.startswith(_RESULT):
                self._outcome = (self._result(line[len(_RESULT):-1]), "")
            elif line.startswith(_FAILED):
                self._outcome = (None, str(json.loads(line[len(_FAILED):-1])))
            elif line:
                log.warning("the run's process said something unexpected: %.200s", line)
        if newest_progress is not None:
            from core.engine.progress import snapshot_from_json

            try:
                self._latest = snapshot_from_json(newest_progress[len(_PROGRESS):-1])
            except ValueError:
                log.exception("a progress line from the run's process does not decode")
            else:
                self.progress.emit(self._latest)

    @staticmethod
    def _result(text: str) -> RunResult | None:
        from runner.child import result_from_dict

        return result_from_dict(json.loads(text))

    @Slot(int, QProcess.ExitStatus)
    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        if self._outcome is None:  # killed, or crashed, before its last line
            from core.messages import encode

            how = "crashed or killed" if status is QProcess.ExitStatus.CrashExit else f"exit code {exit_code}"
            # its row says RUNNING still: the Live tab's next look at the store (every second,
            # storage.live_runs.going_runs) closes it as interrupted
            self._outcome = (None, encode("run.process_ended", detail=how))
        self._end()

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart and self._running:
            from core.messages import encode

            process = self._process
            self._outcome = (None, encode("run.process_not_started",
                                          detail=process.errorString() if process is not None else ""))
            self._end()

    def _end(self) -> None:
        if not self._running:
            return
        self._running = False
        result, failure = self._outcome or (None, "")
        if self._process is not None:
            self._process.deleteLater()
            self._process = None
        if result is None:
            self.runFailed.emit(failure)
        else:
            self.runFinished.emit(result)
        self.busyChanged.emit(False)
