"""The Problems tab's filter bar: status, cohort, origin, last outcome and attempts ≥ N, with a
one-click "persistent errors" preset (error or gave up, at least PERSISTENT_MIN_ATTEMPTS attempts).

The bar turns its widgets into a validated `storage.analytics.ProblemFilter` and emits
`changed` once per user action (the preset sets two widgets but emits once).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from core.domain import (
    FAILED_STATUSES,
    PERSISTENT_MIN_ATTEMPTS,
    PROBLEM_OUTCOMES,
    PROBLEM_STATUSES,
    FetchOrigin,
    FetchStatus,
    Outcome,
)
from gui import labels
from storage.analytics import ProblemFilter

ALL = "all"
ERRORS = "errors"  # ERROR or GAVE_UP: what failed, without the divergent matches to review


class ProblemFilterBar(QWidget):
    changed = Signal()
    cleared = Signal()  # "Clear filters": the tab also drops its chosen error group

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self._group_active = False
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All problems"), ALL)
        self.status.addItem(self.tr("Error or gave up"), ERRORS)
        for status in PROBLEM_STATUSES:
            self.status.addItem(labels.status_label(status), status.value)
        self.status.setToolTip(self.tr("Partial: matched, but the amount or due date differs; needs review"))
        self.cohort = QComboBox(self)
        self.cohort.addItem(self.tr("All cohorts"), None)
        self.cohort.setMinimumContentsLength(9)
        self.origin = QComboBox(self)
        self.origin.addItem(self.tr("Any origin"), None)
        for origin in FetchOrigin:
            self.origin.addItem(labels.origin_label(origin), origin.value)
        self.outcome = QComboBox(self)
        self.outcome.addItem(self.tr("Any last outcome"), None)
        for outcome in PROBLEM_OUTCOMES:
            self.outcome.addItem(labels.outcome_label(outcome), outcome.value)
        self.attempts = QSpinBox(self)
        self.attempts.setRange(0, 99)
        self.attempts.setPrefix("≥ ")
        self.attempts.setSpecialValueText(self.tr("any"))
        self.attempts.setToolTip(self.tr("Only invoices with at least this many attempts"))
        self.persistent = QPushButton(self.tr("Persistent errors"), self)
        self.persistent.setCheckable(True)
        self.persistent.setToolTip(self.tr("Error or gave up after %1 attempts or more")
                                   .replace("%1", str(PERSISTENT_MIN_ATTEMPTS)))
        self.clear = QPushButton(self.tr("Clear filters"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((self.tr("Status"), self.status), (self.tr("Cohort"), self.cohort),
                             (self.tr("Origin"), self.origin), (self.tr("Outcome"), self.outcome),
                             (self.tr("Attempts"), self.attempts)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self.persistent)
        layout.addStretch(1)
        layout.addWidget(self.clear)
        for combo in (self.status, self.cohort, self.origin, self.outcome):
            combo.currentIndexChanged.connect(self._emit)
        self.attempts.valueChanged.connect(self._emit)
        self.persistent.clicked.connect(self._preset)
        self.clear.clicked.connect(self.reset)
        self.clear.setEnabled(False)

    # -- reading --------------------------------------------------------------------------------
    def problem_filter(self) -> ProblemFilter:
        status = self.status.currentData()
        origin, outcome = self.origin.currentData(), self.outcome.currentData()
        common = {
            "cohort": self.cohort.currentData(),
            "origin": FetchOrigin(origin) if origin else None,
            "outcome": Outcome(outcome) if outcome else None,
            "min_attempts": self.attempts.value() or None,
        }
        if status == ERRORS:
            return ProblemFilter(statuses=FAILED_STATUSES, **common)
        return ProblemFilter(status=FetchStatus(status) if status != ALL else None, **common)

    def is_default(self) -> bool:
        return self.problem_filter() == ProblemFilter()

    # -- writing --------------------------------------------------------------------------------
    def set_cohorts(self, cohorts: Sequence[str]) -> None:
        """Offer these cohorts, keeping the chosen one (even if it has no contract any more)."""
        chosen = self.cohort.currentData()
        wanted = list(cohorts)
        if chosen is not None and chosen not in wanted:
            wanted.insert(0, chosen)
        present = [self.cohort.itemData(i) for i in range(1, self.cohort.count())]
        if present == wanted:
            return
        self._quiet = True
        try:
            while self.cohort.count() > 1:
                self.cohort.removeItem(1)
            for cohort in wanted:
                self.cohort.addItem(cohort, cohort)
            self.cohort.setCurrentIndex(max(0, self.cohort.findData(chosen)) if chosen else 0)
        finally:
            self._quiet = False

    def set_persistent(self, on: bool) -> None:
        self.persistent.setChecked(on)
        self._preset(on)

    def set_group_active(self, on: bool) -> None:
        """An error group filters the list too: "Clear filters" clears it as well."""
        self._group_active = on
        self.clear.setEnabled(on or not self.is_default())

    def reset(self) -> None:
        self.cleared.emit()
        self._quiet = True
        try:
            for combo in (self.status, self.cohort, self.origin, self.outcome):
                combo.setCurrentIndex(0)
            self.attempts.setValue(0)
        finally:
            self._quiet = False
        self._emit()

    def _preset(self, on: bool) -> None:
        self._quiet = True
        try:
            self.status.setCurrentIndex(self.status.findData(ERRORS if on else ALL))
            self.attempts.setValue(PERSISTENT_MIN_ATTEMPTS if on else 0)
        finally:
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        self.persistent.setChecked(self.status.currentData() == ERRORS
                                   and self.attempts.value() == PERSISTENT_MIN_ATTEMPTS)
        self.clear.setEnabled(self._group_active or not self.is_default())
        self.changed.emit()


__all__ = ["ProblemFilterBar"]
