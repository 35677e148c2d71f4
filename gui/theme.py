"""Light, dark or the system's choice: the app's palettes, chosen in Preferences.

Both palettes are ours (Fusion style), so every text colour is known and meets WCAG AA: at
least 4.5:1 against the background it is drawn on. That covers the hint texts Qt greys out by
default (PlaceholderText: stat card titles, empty-field hints; disabled text: "nothing here"
messages), which Qt's own palettes draw at about 1.6:1. "System" follows the desktop's colour
scheme (Qt's style hints) and applies the matching palette of ours.

The status colours of gui.labels have a tone per palette (`labels.set_tones`), for the same reason.
The choice is a per-user display preference, kept in QSettings (not the shared database).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from gui import labels

SETTINGS_ORG = "faturas-monitor"
SETTINGS_KEY = "theme"
AA_CONTRAST = 4.5  # WCAG 2 level AA, normal text

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


class Theme(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


# role -> colour, per palette. Text roles are paired with their backgrounds in TEXT_PAIRS.
_LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f3f3f3", Role.WindowText: "#1b1b1b", Role.Base: "#ffffff", Role.AlternateBase: "#f4f6f8",
    Role.Text: "#1b1b1b", Role.Button: "#e8e8e8", Role.ButtonText: "#1b1b1b", Role.Highlight: "#2b5fa8",
    Role.HighlightedText: "#ffffff", Role.ToolTipBase: "#ffffdc", Role.ToolTipText: "#1b1b1b",
    Role.PlaceholderText: "#5c6068", Role.BrightText: "#ffffff", Role.Link: "#1a55a3",
    Role.LinkVisited: "#6a3aa2", Role.Light: "#ffffff", Role.Midlight: "#e3e3e3", Role.Mid: "#b8b8b8",
    Role.Dark: "#8c8c8c", Role.Shadow: "#5a5a5a",
}
_DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#2b2b2b", Role.WindowText: "#e6e6e6", Role.Base: "#1f1f1f", Role.AlternateBase: "#282828",
    Role.Text: "#e6e6e6", Role.Button: "#353535", Role.ButtonText: "#e6e6e6", Role.Highlight: "#2f62a8",
    Role.HighlightedText: "#ffffff", Role.ToolTipBase: "#3a3a3a", Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#a8acb3", Role.BrightText: "#ffffff", Role.Link: "#8ab8f0",
    Role.LinkVisited: "#c0a0f0", Role.Light: "#4a4a4a", Role.Midlight: "#3d3d3d", Role.Mid: "#5a5a5a",
    Role.Dark: "#1a1a1a", Role.Shadow: "#0d0d0d",
}
# Disabled widgets: readable still (a "nothing to show" message is a disabled label).
_DISABLED_TEXT = {False: "#5f636a", True: "#a3a7ad"}

# (text role, background roles it is drawn on)
TEXT_PAIRS: tuple[tuple[QPalette.ColorRole, tuple[QPalette.ColorRole, ...]], ...] = (
    (Role.WindowText, (Role.Window,)),
    (Role.Text, (Role.Base, Role.AlternateBase)),
    (Role.ButtonText, (Role.Button,)),
    (Role.HighlightedText, (Role.Highlight,)),
    (Role.ToolTipText, (Role.ToolTipBase,)),
    (Role.PlaceholderText, (Role.Window, Role.Base, Role.AlternateBase)),
    (Role.Link, (Role.Window, Role.Base)),
)


def palette(dark: bool) -> QPalette:
    """Our light or dark palette."""
    pal = QPalette()
    for role, color in (_DARK if dark else _LIGHT).items():
        pal.setColor(role, QColor(color))
    disabled = QColor(_DISABLED_TEXT[dark])
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(Group.Disabled, role, disabled)
    pal.setColor(Group.Disabled, Role.PlaceholderText, disabled)
    return pal


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark scheme (light when it cannot tell)."""
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: Theme) -> bool:
    return theme is Theme.DARK or (theme is Theme.SYSTEM and system_is_dark())


def saved_theme() -> Theme:
    value = QSettings(SETTINGS_ORG, "appearance").value(SETTINGS_KEY, Theme.SYSTEM.value)
    try:
        return Theme(str(value))
    except ValueError:
        return Theme.SYSTEM


def save_theme(theme: Theme) -> None:
    st = QSettings(SETTINGS_ORG, "appearance")
    st.setValue(SETTINGS_KEY, theme.value)
    st.sync()


def apply_theme(app: QApplication, theme: Theme) -> bool:
    """Fusion style with our light or dark palette, and the status colours' matching tones;
    returns whether the dark palette was applied."""
    dark = is_dark(theme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    labels.set_tones(dark)
    app.setPalette(palette(dark))
    return dark


# -- contrast (WCAG 2) ----------------------------------------------------------------------------

def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """The relative luminance of an opaque colour (WCAG 2)."""
    return 0.2126 * _channel(color.redF()) + 0.7152 * _channel(color.greenF()) + 0.0722 * _channel(color.blueF())


def contrast(text: QColor, background: QColor) -> float:
    """The contrast ratio of a text colour on a background, 1 to 21; a translucent text colour
    (Qt's default hint colour is Text at half alpha) counts as blended onto the background."""
    alpha = text.alphaF()
    if alpha < 1.0:
        text = QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in (
            (text.redF(), background.redF()), (text.greenF(), background.greenF()),
            (text.blueF(), background.blueF()))))
    la, lb = sorted((luminance(text), luminance(background)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def weakest_pairs(pal: QPalette, accents: Iterable[QColor] = ()) -> list[tuple[str, float]]:
    """(what, ratio) of every text colour on every background it is drawn on, weakest first:
    the palette's text roles (active and disabled) and the given accent colours on the bases."""
    out: list[tuple[str, float]] = []
    for text, backgrounds in TEXT_PAIRS:
        for background in backgrounds:
            ratio = contrast(pal.color(Group.Active, text), pal.color(Group.Active, background))
            out.append((f"{text.name} on {background.name}", ratio))
    for background in (Role.Window, Role.Base):
        for role in (Role.WindowText, Role.Text):
            ratio = contrast(pal.color(Group.Disabled, role), pal.color(Group.Disabled, background))
            out.append((f"disabled {role.name} on {background.name}", ratio))
    for accent in accents:
        for background in (Role.Base, Role.AlternateBase, Role.Window):
            out.append((f"{accent.name()} on {background.name}", contrast(accent, pal.color(background))))
    return sorted(out, key=lambda pair: pair[1])
