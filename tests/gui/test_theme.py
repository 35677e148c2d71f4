"""Text contrast in the light and dark palettes (WCAG AA: 4.5:1), the hint texts included, and
the theme choice applied to the running app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from gui import labels, theme
from gui.theme import AA_CONTRAST, Theme


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[None]:
    before, style = qapp.palette(), qapp.style().name()
    yield
    labels.set_tones(False)
    qapp.setPalette(before)
    qapp.setStyle(style)


def test_the_contrast_formula_matches_wcag() -> None:
    from PySide6.QtGui import QColor

    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_colour_meets_aa_on_its_backgrounds(dark: bool, restore_palette: None) -> None:
    labels.set_tones(dark)
    pairs = theme.weakest_pairs(theme.palette(dark), labels.accents())
    assert len(pairs) > 30
    weakest, ratio = pairs[0]
    assert ratio >= AA_CONTRAST, f"{weakest}: {ratio:.2f}:1"


def test_qts_own_hint_colour_is_what_the_palettes_fix(qapp: QApplication) -> None:
    """Qt's default placeholder text (half-transparent text) is below AA: the reason the app
    ships its own palettes."""
    default = qapp.style().standardPalette()
    assert default.color(QPalette.ColorRole.PlaceholderText).alphaF() < 1.0
    ratio = theme.contrast(default.color(QPalette.ColorRole.PlaceholderText), default.color(QPalette.ColorRole.Base))
    assert ratio < AA_CONTRAST


def test_applying_a_theme_sets_the_palette_and_the_status_tones(qapp: QApplication, restore_palette: None) -> None:
    assert theme.apply_theme(qapp, Theme.DARK) is True
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == "#1f1f1f"
    assert labels.status_color("ERROR").name() == "#e3766c"  # type: ignore[union-attr]
    assert theme.apply_theme(qapp, Theme.LIGHT) is False
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == "#ffffff"
    assert labels.status_color("ERROR").name() == "#c93427"  # type: ignore[union-attr]
    assert qapp.style().name().lower() == "fusion"


def test_the_choice_is_remembered(qapp: QApplication) -> None:
    theme.save_theme(Theme.DARK)
    assert theme.saved_theme() is Theme.DARK
    theme.save_theme(Theme.SYSTEM)
    assert theme.saved_theme() is Theme.SYSTEM
