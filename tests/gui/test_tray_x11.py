"""The tray under a real X server with a real tray host: scripts/tray_check.py starts Xvfb,
openbox and trayer, shows the app's icon, opens its menu with a real right click, runs now
(the run finishes against the simulator) and pauses the schedule. Skipped, saying why, on a
machine without those programs (`.ci/run` installs them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from tray_check import missing_tools  # noqa: E402

MISSING = missing_tools()


@pytest.mark.slow
@pytest.mark.skipif(bool(MISSING), reason=f"needs an X server and a tray host; not installed: {', '.join(MISSING)}")
def test_the_tray_icon_menu_run_now_and_pause_under_a_real_tray_host() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "tray_check.py")], cwd=ROOT, capture_output=True,
                          text=True, timeout=240)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0 and report["ok"], (report, done.stderr[-3000:])
    steps = report["steps"]
    x, y, width, height = steps["icon_geometry"]
    assert width > 0 and height > 0  # embedded by the tray host, on screen
    assert steps["menu_opened"][:2] == ["Open Faturas Monitor", "Run now"]
    assert steps["run_requested"] is True
    assert steps["run_finished"]["status"] == "COMPLETED" and steps["run_finished"]["processed"] > 0
    assert steps["paused"] is True
