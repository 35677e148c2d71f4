"""The tray icon, tried for real: an X server (Xvfb), a window manager (openbox) and a real tray
host (trayer), the app's main window on a small simulated world, and the tray driven with real
X mouse clicks (xdotool) through the tray host.

    python scripts/tray_check.py            # start Xvfb + openbox + trayer, check, print JSON
    python scripts/tray_check.py --display :5   # on an X display that already has a tray host

Steps, each waited for with a deadline: the tray host is there; the icon is embedded (it has a
geometry on screen); a right click on it opens the tray menu; a click on "Run now" starts a run
that finishes; the menu again and a click on "Pause schedule" pauses the schedule. The result
is one JSON object on stdout ({"ok": true, "steps": {...}}); exit 0 when every step passed,
1 when one failed, 2 when the X tools are missing (with the reason).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOOLS = ("Xvfb", "openbox", "trayer", "xdotool")
STEP_TIMEOUT = 20.0


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextlib.contextmanager
def x_session() -> Iterator[str]:
    """Xvfb on a free display (it names it through -displayfd once it accepts clients), openbox
    and trayer on it; everything stopped at the end. Yields the DISPLAY value."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    children = [xvfb]
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()  # blocks until the server is ready
        if not number:
            raise RuntimeError("Xvfb did not start")
        display = f":{number}"
        env = {**os.environ, "DISPLAY": display}
        children.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        children.append(subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32",
             "--SetDockType", "true", "--transparent", "false"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield display
    finally:
        for child in reversed(children):
            child.terminate()
        for child in reversed(children):
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def click(x: int, y: int, button: int) -> None:
    """A real X pointer click at screen coordinates (through the X server, not Qt)."""
    subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y), "click", str(button)], check=True,
                   timeout=10)


async def wait_for(what: str, predicate: Callable[[], bool], timeout: float = STEP_TIMEOUT) -> float:
    """Keep the event loop turning until `predicate()`; returns the seconds it took."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what}: not within {timeout:g} s")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


@contextlib.contextmanager
def small_world_served(folder: Path) -> Iterator[tuple[str, Any]]:
    """A database with 20 imported contracts and the simulator serving them (started before the
    Qt event loop: the simulator's own asyncio loop runs in its thread). Yields (db path, server)."""
    from datetime import UTC, date, datetime

    from core.contracts_import import parse_contracts_csv
    from core.simulator.profiles import get_profile
    from core.simulator.server import SimulatorServer
    from core.simulator.world import generate_world
    from core.simulator.world_files import write_world
    from storage.contracts import import_contracts
    from storage.db import close_database, open_database

    today = date.today()
    world = generate_world(20, seed=7, today=today)
    csv_path, _ = write_world(world, folder)
    db_path = str(folder / "tray.sqlite")
    open_database(db_path)
    try:
        import_contracts(parse_contracts_csv(csv_path.read_bytes(), today).records, datetime.now(UTC))
        server = SimulatorServer(world, get_profile("instant")).start()
        try:
            yield db_path, server
        finally:
            server.stop()
    finally:
        close_database()


async def drive(steps: dict[str, Any], db_path: str, server: Any) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    from gui.main_window import MainWindow
    from gui.services import Services
    from runner.build import ProviderConfig

    steps["tray_host"] = round(await wait_for("a tray host", QSystemTrayIcon.isSystemTrayAvailable), 3)
    services = Services(db_path, provider_config=ProviderConfig(server.url, server.key_string, 2.0))
    services.mark_database_open()
    window = MainWindow(services)
    window.show()
    await window.start()
    tray, scheduler = window.tray, window.scheduler
    assert tray is not None and scheduler is not None
    steps["icon_embedded"] = round(await wait_for(
        "the icon in the tray", lambda: tray.icon.isVisible() and not tray.icon.geometry().isEmpty()), 3)
    geometry = tray.icon.geometry()
    steps["icon_geometry"] = [geometry.x(), geometry.y(), geometry.width(), geometry.height()]
    menu = tray.menu
    finished: list[Any] = []
    services.controller.runFinished.connect(finished.append)
    ran: list[bool] = []
    tray.runRequested.connect(lambda: ran.append(True))

    async def open_menu() -> None:
        center = tray.icon.geometry().center()
        click(center.x(), center.y(), 3)
        await wait_for("the tray menu", menu.isVisible)

    async def choose(action: Any) -> None:
        rect = menu.actionGeometry(action)
        point = menu.mapToGlobal(rect.center())
        click(point.x(), point.y(), 1)
        await wait_for("the menu to close", lambda: not menu.isVisible())

    await open_menu()
    steps["menu_opened"] = [a.text() for a in menu.actions() if not a.isSeparator()]
    await choose(tray.act_run)
    steps["run_requested"] = bool(ran)
    await wait_for("the run to finish", lambda: bool(finished), timeout=60)
    steps["run_finished"] = {"status": str(finished[0].status.value), "processed": finished[0].counters.processed}
    await wait_for("the run item enabled again", tray.act_run.isEnabled)
    await open_menu()
    await choose(tray.act_pause)
    steps["paused"] = bool(tray.act_pause.isChecked() and scheduler.paused)
    window.quit_now()


def run_checks(display: str) -> dict[str, Any]:
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    import qasync
    from PySide6.QtWidgets import QApplication

    from gui.i18n import install_language

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install_language(app, "en")
    steps: dict[str, Any] = {}
    error: str | None = None

    async def main(db_path: str, server: Any) -> None:
        nonlocal error
        try:
            await drive(steps, db_path, server)
        except Exception as exc:  # reported in the JSON, with the step reached
            error = f"{type(exc).__name__}: {exc}"

    folder = Path(tempfile.mkdtemp(prefix="faturas-tray-"))
    try:
        with small_world_served(folder) as (db_path, server):
            qasync.run(main(db_path, server))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    passed = error is None and steps.get("run_requested") is True and steps.get("paused") is True
    return {"ok": passed, "display": display, "steps": steps, "error": error}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--display", help="an X display with a tray host already running")
    args = parser.parse_args()
    if args.display:
        report = run_checks(args.display)
    else:
        missing = missing_tools()
        if missing:
            print(json.dumps({"ok": False, "skipped": f"not installed: {', '.join(missing)}"}))
            return 2
        with x_session() as display:
            report = run_checks(display)
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
