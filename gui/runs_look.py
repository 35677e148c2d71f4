"""Small presentation helpers shared by the Live and Runs screens: how a run's duration reads,
how their tables are set up (compact rows, alternating rows, no row numbers) and how their
logs wrap.

(Candidates for gui/formatting.py and gui/table_model.py once the other tabs want them too.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTableView

from gui import formatting as fmt


def duration_text(seconds: float | None) -> str:
    """A run's duration: tenths of a second under a minute (demo and small runs take < 1 s,
    which fmt.duration would show as "0 s"), else fmt.duration's minutes and hours."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return fmt.seconds(max(seconds, 0.0), 1)
    return fmt.duration(seconds)


def setup_table(view: QTableView, *, single: bool = False) -> None:
    """Row selection, compact rows sized to the font, alternating row colours from the palette."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)


def wrap_log(log: QPlainTextEdit) -> None:
    """A log view that wraps long lines at the view's width, so it never scrolls sideways and
    every line's start (its time and contract) stays in sight."""
    log.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    log.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    log.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
