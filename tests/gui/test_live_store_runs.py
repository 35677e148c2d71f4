"""Every run going in the store shows in the Live tab, wherever it was started: here a real
`python main.py fetch` process on the same database, watched from the tab through the progress
it publishes, and cancelled from the tab through the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from core.domain import RunStatus
from core.messages import decode
from core.process import this_host
from core.simulator.profiles import get_profile
from gui.tabs.live_tab import LiveTab
from storage.models import FetchRun

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tab(services, qtbot):
    widget = LiveTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()  # a shown Live tab polls the store
    yield widget
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_fetch_process_shows_live_and_a_cancel_from_the_tab_ends_it(tab, services, gui_world, db_path, qtbot,
                                                                       wait_until) -> None:
    _, server = gui_world
    server.set_profile(get_profile("healthy", latency_median_ms=80, latency_p95_ms=120))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", str(db_path), "--provider-url", server.url,
         "--force", "--concurrency", "1", "--rate", "4", "--json"],
        env=dict(os.environ, FATURAS_PROVIDER_KEY=server.key_string),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        def shown_with_progress() -> bool:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            going = tab.going.run(tab.watched)
            last = tab.progress.last
            return (going is not None and last is not None and last.run_id == going.run_id
                    and last.done > 0 and not last.finished)

        wait_until(shown_with_progress, timeout=60)
        going = tab.going.run(tab.watched)
        assert going is not None and going.started_by.startswith("cli:") and going.hostname == this_host()
        assert tab.going.isVisible() and tab.going.model.rowCount() == 1
        assert tab.progress.title.text() == f"Run #{going.run_id}"
        assert not services.controller.busy and tab.btn_cancel.isEnabled()
        qtbot.mouseClick(tab.btn_cancel, Qt.MouseButton.LeftButton)
        wait_until(lambda: proc.poll() is not None, timeout=60)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err[-2000:]  # the process ended as if its own user had cancelled
    run = FetchRun.get_by_id(going.run_id)
    stored = decode(run.message)
    assert run.status == RunStatus.CANCELLED.value and stored.code == "run.cancelled_by"
    assert str(stored.params["who"]).startswith("app:")
    assert 0 < run.processed < run.invoices
    # the tab saw it end and shows its final state
    wait_until(lambda: tab.progress.last is not None and tab.progress.last.status is RunStatus.CANCELLED,
               timeout=30)
    assert tab.watched is None and not tab.going.isVisible()
    tab.hide()
    wait_until(lambda: not tab._going_loader.busy, timeout=10)
