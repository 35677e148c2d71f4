"""Ctrl+C in the terminal ends the desktop demo cleanly: the app, started as a real process
(offscreen), gets SIGINT once its window is up, exits 0, and leaves no temporary folder behind."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "demo running"
STARTUP_TIMEOUT = 120.0


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """stderr until a line holding `marker` (waiting on the pipe with a deadline, no sleeps)."""
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            if marker in line:
                return "".join(seen)
    raise AssertionError(f"no {marker!r} within {timeout} s; stderr so far:\n{''.join(seen)}")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_ends_the_demo_and_removes_its_folder(tmp_path: Path, sig: signal.Signals) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(scratch), "COLUMNS": "400",
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--demo", "--db", str(tmp_path / "demo.sqlite")],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        before = _read_until(proc, READY, STARTUP_TIMEOUT)
        match = re.search(r"contracts in (\S+faturas-demo-\S+)", before)
        assert match is not None, before
        folder = Path(match.group(1))
        assert folder.is_dir() and folder.parent == scratch
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        rest = proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    assert code == 0, rest
    assert "Traceback" not in rest
    assert not folder.exists()
    assert not list(scratch.glob("faturas-demo-*"))
