"""Preferences → Schedule: "every day at HH:MM" or chosen weekdays, with cron as the advanced form.

The schedule is stored as the cron expression (`schedule_cron`); a stored expression that says
more than a time on weekdays opens in the advanced form, unchanged.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core.schedule import ScheduleError, SimpleSchedule, local_zone, next_fire_time, simple_schedule
from gui import formatting as fmt

# cron weekday (0 = Sunday) in the order a Brazilian or English week is shown: Monday first
_WEEK = (1, 2, 3, 4, 5, 6, 0)


def _qt_day(cron_day: int) -> int:
    return 7 if cron_day == 0 else cron_day  # Qt: 1 = Monday ... 7 = Sunday


class ScheduleBox(QWidget):
    def __init__(self, cron: str, enabled: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self.tr("Run automatically"), self)
        self.enabled.setObjectName("setting_schedule_enabled")
        self.enabled.setChecked(enabled)
        self.every_day = QRadioButton(self.tr("Every day"), self)
        self.weekdays = QRadioButton(self.tr("On these weekdays"), self)
        self.advanced = QRadioButton(self.tr("Advanced (cron expression)"), self)
        self.mode = QButtonGroup(self)
        for button in (self.every_day, self.weekdays, self.advanced):
            self.mode.addButton(button)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        self.days: dict[int, QCheckBox] = {}
        locale = QLocale()
        for day in _WEEK:
            box = QCheckBox(locale.dayName(_qt_day(day), QLocale.FormatType.ShortFormat), self)
            self.days[day] = box
        self.cron = QLineEdit(cron, self)
        self.cron.setObjectName("setting_schedule_cron")
        self.cron.setToolTip(self.tr("minute hour day month weekday, e.g. 5 0 * * * (00:05 every day)"))
        self.next_run = QLabel(self)
        self.next_run.setObjectName("scheduleNext")
        self.next_run.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        time_row = QHBoxLayout()
        time_row.addWidget(QLabel(self.tr("At"), self))
        time_row.addWidget(self.time)
        time_row.addStretch(1)
        layout.addLayout(time_row)
        layout.addWidget(self.every_day)
        layout.addWidget(self.weekdays)
        grid = QGridLayout()
        grid.setContentsMargins(24, 0, 0, 0)
        for column, day in enumerate(_WEEK):
            grid.addWidget(self.days[day], 0, column)
        layout.addLayout(grid)
        layout.addWidget(self.advanced)
        cron_row = QHBoxLayout()
        cron_row.setContentsMargins(24, 0, 0, 0)
        cron_row.addWidget(self.cron)
        layout.addLayout(cron_row)
        layout.addWidget(self.next_run)
        layout.addStretch(1)
        self._set(cron)
        for signal in (self.mode.buttonToggled, self.time.timeChanged, self.cron.textChanged,
                       self.enabled.toggled):
            signal.connect(self._update)
        for box in self.days.values():
            box.toggled.connect(self._update)
        self._update()

    def _set(self, cron: str) -> None:
        simple = simple_schedule(cron)
        if simple is None:
            self.advanced.setChecked(True)
            simple = SimpleSchedule(0, 5)
        elif simple.every_day:
            self.every_day.setChecked(True)
        else:
            self.weekdays.setChecked(True)
        self.time.setTime(QTime(simple.hour, simple.minute))
        for day, box in self.days.items():
            box.setChecked(day in simple.weekdays)

    def expression(self) -> str:
        """The cron expression on screen; ScheduleError when the form does not make one."""
        if self.advanced.isChecked():
            return self.cron.text().strip()
        t = self.time.time()
        if self.every_day.isChecked():
            return SimpleSchedule(t.hour(), t.minute()).to_cron()
        chosen = frozenset(day for day, box in self.days.items() if box.isChecked())
        if not chosen:
            raise ScheduleError(self.tr("choose at least one weekday"))
        return SimpleSchedule(t.hour(), t.minute(), chosen).to_cron()

    def _update(self, *_args: object) -> None:
        simple = not self.advanced.isChecked()
        self.time.setEnabled(simple)
        for box in self.days.values():
            box.setEnabled(self.weekdays.isChecked())
        self.cron.setEnabled(self.advanced.isChecked())
        if simple:
            try:
                self.cron.blockSignals(True)
                self.cron.setText(self.expression())
            except ScheduleError:
                pass
            finally:
                self.cron.blockSignals(False)
        self.next_run.setText(self._next_text())

    def _next_text(self) -> str:
        if not self.enabled.isChecked():
            return self.tr("Automatic runs are off: runs start only when you ask.")
        try:
            expr = self.expression()
            zone = local_zone()
            when = next_fire_time(expr, datetime.now(zone), zone)
        except ScheduleError:
            return self.tr("Not a valid schedule: choose a weekday, or check the cron expression.")
        return self.tr("Next automatic run: %1").replace("%1", fmt.when(when))
