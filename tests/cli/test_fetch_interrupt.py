"""Ctrl+C on a real `python main.py fetch` while every lookup hangs at the provider: the process
ends within 2 s with exit 130, after one Ctrl+C (the run closed CANCELLED) or two at once (stop
now), and leaves no run RUNNING and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.simulator.profiles import get_profile
from storage.db import close_database, open_database
from storage.models import FetchRun
from tests.engine_support import seed_from_world

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 4
EXIT_WITHIN = 2.0  # seconds from the Ctrl+C to the end of the process


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    close_database()  # the command opens the store itself
    return small_world


@pytest.mark.parametrize("presses", [1, 2], ids=["once", "twice at once"])
def test_ctrl_c_ends_a_fetch_whose_lookups_hang_within_2_s(seeded, db_location, make_simulator, presses) -> None:
    server = make_simulator(profile=get_profile("instant", timeout_rate=1.0, hang_seconds=120))
    env = dict(os.environ)
    env["FATURAS_PROVIDER_KEY"] = server.key_string
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", db_location, "--provider-url", server.url,
         "--concurrency", str(CONCURRENCY), "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        waiting = threading.Event()
        deadline = time.monotonic() + 60
        while server.stats().in_flight < CONCURRENCY:  # every worker is stuck in a lookup
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the lookups never went out"
            waiting.wait(0.02)
        pressed = time.monotonic()
        for _ in range(presses):
            proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=EXIT_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {EXIT_WITHIN} s after Ctrl+C")
        took = time.monotonic() - pressed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert took < EXIT_WITHIN
    open_database(db_location)  # a run the second Ctrl+C left open is recognised here
    try:
        run = FetchRun.select().order_by(FetchRun.id.desc()).get()
        assert run.status in (("CANCELLED",) if presses == 1 else ("CANCELLED", "INTERRUPTED"))
    finally:
        close_database()
