"""Icons from resources/icons (SVG, drawn for this app)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


@cache
def _icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


def app_icon() -> QIcon:
    return _icon("app")


def status_icon(state: str) -> QIcon:
    """'running' or 'error'; anything else is the app icon."""
    return _icon(state) if (ICONS / f"{state}.svg").exists() else app_icon()
