"""A QGuiApplication for drawing PDFs when none exists (the command line, the scheduled reports):
fonts and QPdfWriter need one. Without a display it uses the offscreen platform, set before the
application is created; inside the desktop app the running application is used as it is."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None


def ensure_gui_app() -> QCoreApplication:
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless: no window is ever shown
    _app = QGuiApplication(sys.argv[:1] or ["faturas-monitor"])
    return _app


__all__ = ["ensure_gui_app"]
