"""Starting the desktop app: QApplication, language, database, demo, main window, qasync loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.i18n import LanguageError, install_language
from gui.icons import app_icon
from gui.main_window import MainWindow
from gui.services import Services

log = logging.getLogger(__name__)


GUI_SWITCH_INTERVAL = 0.0002  # seconds


def tune_threads() -> None:
    """Hand the GIL over every 0.2 ms instead of every 5: while the engine's threads are busy,
    every call from Qt into Python (a slot, a model's data(), a paint override) waits for the GIL,
    and a repaint makes dozens of them; at 1 ms each the window stalled for tens of milliseconds
    per repaint during a fast run."""
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


@contextlib.contextmanager
def quit_on_terminal_signals(window: MainWindow) -> Iterator[None]:
    """Ctrl+C (SIGINT) or SIGTERM in the terminal ends the app as File → Quit does (a run going is
    cancelled, keeping what it fetched), so the `with` blocks around the window unwind: the
    demo's simulator stops and its temporary folder is removed.

    Qt's event loop runs in C++, where Python signal handlers cannot run: the C-level handler
    writes the signal number to a socket (signal.set_wakeup_fd) that a QSocketNotifier watches,
    and Python runs the handler as soon as the notifier's slot enters the interpreter."""
    from PySide6.QtCore import QSocketNotifier, QTimer

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(drain)

    def handler(signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        QTimer.singleShot(0, window.quit_now)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


async def _serve(window: MainWindow, on_ready: Callable[[], None] | None = None) -> int:
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
    if on_ready is not None:
        on_ready()
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
            ready = (lambda: console.print("[dim]demo running: close the window, or press Ctrl+C here, to end "
                                           "it[/]")) if services.demo else None
            with quit_on_terminal_signals(window):
                code = qasync.run(_serve(window, ready))
            services.controller.cancel()
            services.controller.wait(15)
            return int(code or 0)
    except KeyboardInterrupt:  # Ctrl+C before the window was up (the demo's preparation)
        print("interrupted", file=sys.stderr)
        return 130
    except DemoError as exc:
        QMessageBox.critical(None, "Faturas Monitor", str(exc))
        print(f"error: {exc}", file=sys.stderr)
        return 2
