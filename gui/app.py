"""Starting the desktop app: QApplication, language, database, demo, main window, qasync loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.i18n import LanguageError, install_language
from gui.icons import app_icon
from gui.main_window import MainWindow
from gui.services import Services

log = logging.getLogger(__name__)


GUI_SWITCH_INTERVAL = 0.001  # seconds


def tune_threads() -> None:
    """Hand the GIL over every millisecond instead of every 5: while the engine's threads are
    busy, the GUI thread then waits at most a few milliseconds to run an event."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Faturas Monitor")
    app.setOrganizationName("faturas-monitor")
    app.setWindowIcon(app_icon())
    # The window may hide to the tray; quitting is explicit (MainWindow.quit / close accepted).
    app.setQuitOnLastWindowClosed(False)
    from gui.theme import apply_theme, saved_theme

    apply_theme(app, saved_theme())
    return app


@contextlib.contextmanager
def open_services(args: argparse.Namespace, console: Any = None) -> Iterator[Services]:
    """The Services for a window. The normal app opens its database after the window is on
    screen (MainWindow.start); the demo prepares its database and world first."""
    from storage.db import close_database, resolve_db_location

    location = resolve_db_location(getattr(args, "db", None))
    try:
        if getattr(args, "demo", False):
            from runner.demo import build_history, demo_environment
            from storage.db import open_database

            open_database(location)
            with demo_environment(profile="flaky", console=console) as env:
                build_history(env, console=console)
                services = Services(location, provider_config=env.provider, demo=True)
                services.mark_database_open()
                yield services
        else:
            yield Services(location)
    finally:
        close_database()


async def _serve(window: MainWindow) -> int:
    from storage.errors import StoreError

    app = QCoreApplication.instance()
    assert app is not None
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def quitting() -> None:
        if not done.done():
            done.set_result(0)

    app.aboutToQuit.connect(quitting)
    window.show()
    try:
        await window.start()
    except StoreError as exc:
        QMessageBox.critical(window, "Faturas Monitor", str(exc))
        return 4
    return await done


def run_gui(args: argparse.Namespace) -> int:
    from rich.console import Console

    from runner.demo import DemoError

    app = application()
    tune_threads()
    try:
        install_language(app, getattr(args, "lang", None))
    except LanguageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    console = Console(stderr=True)
    try:
        with open_services(args, console) as services:
            window = MainWindow(services)
            window.destroyed.connect(app.quit)
            code = qasync.run(_serve(window))
            services.controller.cancel()
            services.controller.wait(15)
            return int(code or 0)
    except DemoError as exc:
        QMessageBox.critical(None, "Faturas Monitor", str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return 2
