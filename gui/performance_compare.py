"""Two cohorts side by side: pick a cohort on each side, read their figures and the difference.

The widget only shows; the Performance tab runs the query (`compare_cohorts`) off the GUI
thread when `pairRequested` fires and hands the result back with `set_pair`. Differences are
right minus left; the success rate's difference is in percentage points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from gui import formatting as fmt
from gui import labels
from gui.performance_format import points
from storage.analytics import CohortFigures, CohortPair

Row = tuple[str, Callable[[CohortFigures], str], Callable[[CohortFigures, CohortFigures], str] | None]


def _count_delta(get: Callable[[CohortFigures], int]) -> Callable[[CohortFigures, CohortFigures], str]:
    def delta(left: CohortFigures, right: CohortFigures) -> str:
        d = get(right) - get(left)
        return ("+" if d > 0 else "−" if d < 0 else "±") + fmt.number(abs(d))

    return delta


def _share_delta(get: Callable[[CohortFigures], float | None]) -> Callable[[CohortFigures, CohortFigures], str]:
    def delta(left: CohortFigures, right: CohortFigures) -> str:
        a, b = get(left), get(right)
        return points(None if a is None or b is None else b - a)

    return delta


class CohortCompare(QWidget):
    pairRequested = Signal(str, str)  # noqa: N815  left, right

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left_combo = QComboBox(self)
        self.right_combo = QComboBox(self)
        for combo in (self.left_combo, self.right_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_choice)
        self.rows: list[Row] = [
            (self.tr("Contracts"), lambda c: fmt.number(c.contracts), _count_delta(lambda c: c.contracts)),
            (self.tr("Invoices"), lambda c: fmt.number(c.invoices), _count_delta(lambda c: c.invoices)),
            (self.tr("Fetched"), lambda c: fmt.percent(c.fetched_share), _share_delta(lambda c: c.fetched_share)),
            (self.tr("Success rate"), lambda c: fmt.percent(c.success_rate),
             _share_delta(lambda c: c.success_rate)),
            (self.tr("Errors"), lambda c: fmt.number(c.errors), _count_delta(lambda c: c.errors)),
            (self.tr("Gave up"), lambda c: fmt.number(c.gave_up), _count_delta(lambda c: c.gave_up)),
            (self.tr("Never fetched"), lambda c: fmt.number(c.pending), _count_delta(lambda c: c.pending)),
            (self.tr("Invoices with data"), lambda c: fmt.number(c.with_data), _count_delta(lambda c: c.with_data)),
            (self.tr("Avg time"), lambda c: fmt.seconds(c.avg_seconds), None),
        ]
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.left_combo, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.right_combo, 0, 2, Qt.AlignmentFlag.AlignRight)
        diff = QLabel(self.tr("Difference"), self)
        diff.setToolTip(self.tr("Right cohort minus left cohort; rates in percentage points."))
        grid.addWidget(diff, 0, 3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cells: dict[tuple[int, int], QLabel] = {}
        for r, (title, _value, _delta) in enumerate(self.rows, start=1):
            grid.addWidget(QLabel(title, self), r, 0)
            for c in (1, 2, 3):
                cell = QLabel("—", self)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, r, c)
                self.cells[(r, c)] = cell
        grid.setColumnStretch(4, 1)  # figures stay next to their names; the spare width goes right
        self.delta_label = QLabel(self)
        self.delta_label.setWordWrap(True)
        bold = QFont(self.delta_label.font())
        bold.setBold(True)
        self.delta_label.setFont(bold)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.delta_label)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.pair: CohortPair | None = None
        self._filling = False

    # -- choices ---------------------------------------------------------------------------------
    def set_cohorts(self, cohorts: Sequence[str]) -> tuple[str, str] | None:
        """Offer these cohorts (newest first); keep the user's choice when it is still there,
        else compare the newest with the one before it. Returns the pair to compare, if any."""
        left, right = self.left_combo.currentText(), self.right_combo.currentText()
        names = list(cohorts)
        self._filling = True
        try:
            for combo in (self.left_combo, self.right_combo):
                combo.clear()
                combo.addItems(names)
            if not names:
                self.pair = None
                self._clear(self.tr("No cohorts yet: import contracts to compare cohorts."))
                return None
            if left not in names or right not in names:
                right = names[0]
                left = names[1] if len(names) > 1 else names[0]
            self.left_combo.setCurrentText(left)
            self.right_combo.setCurrentText(right)
        finally:
            self._filling = False
        return left, right

    def choice(self) -> tuple[str, str] | None:
        left, right = self.left_combo.currentText(), self.right_combo.currentText()
        return (left, right) if left and right else None

    def _on_choice(self, _index: int) -> None:
        if self._filling:
            return
        pair = self.choice()
        if pair is not None:
            self.pairRequested.emit(*pair)

    # -- figures ---------------------------------------------------------------------------------
    def set_pair(self, pair: CohortPair) -> None:
        self.pair = pair
        for r, (_title, value, delta) in enumerate(self.rows, start=1):
            self.cells[(r, 1)].setText(value(pair.left))
            self.cells[(r, 2)].setText(value(pair.right))
            self.cells[(r, 3)].setText(delta(pair.left, pair.right) if delta is not None else "")
        d = pair.success_rate_delta
        if d is None:
            self.delta_label.setText(self.tr("Success rate: not enough decided invoices to compare."))
            self.delta_label.setStyleSheet("")
        else:
            self.delta_label.setText(
                self.tr("Success rate of %1 vs %2: %3").replace("%1", pair.right.cohort)
                .replace("%2", pair.left.cohort).replace("%3", points(d)))
            color = labels.GREEN if d > 0.0005 else labels.RED if d < -0.0005 else None
            self.delta_label.setStyleSheet(f"color: {color.name()};" if color is not None else "")
        self.hint.setText(self.tr("Where the invoices of each cohort stand now (all time)."))

    def delta_text(self) -> str:
        return self.delta_label.text()

    def _clear(self, message: str) -> None:
        for cell in self.cells.values():
            cell.setText("—")
        self.delta_label.setText("")
        self.hint.setText(message)


__all__ = ["CohortCompare"]
