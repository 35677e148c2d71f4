"""The automatic run on a schedule: a cron expression and one single-shot QTimer.

No APScheduler (its QtScheduler leaks timers under PySide6). The next fire time comes from
core.schedule in the user's zone; the timer is re-armed after each fire, after a settings
change and at least hourly (so a suspended laptop or a clock change cannot leave it stale).
A fire while a run is going is skipped and said in the log, not queued.

With several desktops on one store, each fire first takes the slot (storage.schedule_slots):
the first window to take it runs the scheduled run, the others leave it to that one and show
it live (the Live tab lists every run going in the store).
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from core.domain import FetchOrigin
from core.schedule import ScheduleError, next_fire_time, slot_key
from gui.async_tools import launch
from gui.message_text import message_text
from gui.services import Services
from runner.build import ProviderNotConfigured, started_by

log = logging.getLogger(__name__)

MAX_WAIT_MS = 3_600_000  # re-check at least hourly


class Scheduler(QObject):
    nextRunChanged = Signal(object)  # noqa: N815  datetime | None (aware UTC)
    fired = Signal(bool)  # started?
    missedRun = Signal(str)  # noqa: N815
    slotTaken = Signal(str)  # noqa: N815  who took the slot first (another window or machine)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.paused = False
        self.next_run: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        services.settingsChanged.connect(self.rearm)

    @property
    def enabled(self) -> bool:
        return bool(self.services.settings.get("schedule_enabled", True)) and not self.paused

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.rearm()

    def rearm(self) -> None:
        self._timer.stop()
        self.next_run = None
        if self.enabled:
            cron = str(self.services.settings.get("schedule_cron", "5 0 * * *"))
            try:
                self.next_run = next_fire_time(cron, self.services.now(), self.services.tz)
            except ScheduleError as exc:
                log.warning("schedule not armed: %s", exc)
        if self.next_run is not None:
            wait_ms = (self.next_run - self.services.now()).total_seconds() * 1000
            self._timer.start(int(max(0, min(wait_ms, MAX_WAIT_MS))))
        self.nextRunChanged.emit(self.next_run)

    def _on_timeout(self) -> None:
        due = self.next_run
        if due is not None and self.services.now() >= due:
            launch(self.fire_slot(due))
        else:
            launch(self.check_missed())  # the hourly wake-up: was a scheduled run missed?
        self.rearm()

    async def check_missed(self) -> None:
        """Record a SCHEDULED_RUN_MISSED alert if the schedule fired without a run (the machine
        was off or asleep); the Live tab lists it and the tray says so once."""
        from storage.alerts import check_missed_schedule

        if not self.enabled:
            return
        alert = await self.services.query(check_missed_schedule, self.services.now(), self.services.tz)
        if alert is not None and alert.occurrences == 1:  # said once, not at every start
            self.missedRun.emit(message_text(alert.message))

    async def fire_slot(self, due: datetime) -> bool:
        """The schedule fired for `due`: take its slot in the store, then run, unless another
        window or machine took it first. Returns whether a run started here."""
        from storage.schedule_slots import take_slot

        if self.services.controller.busy:
            return self.fire()  # skipped and said, as any fire while a run is going
        taker = await self.services.query(take_slot, slot_key(due), started_by("app"), self.services.now())
        if taker is not None:
            who = f"{taker.taken_by}@{taker.hostname}"
            log.info("scheduled run of %s left to %s, who took it first", slot_key(due), who)
            self.services.statusMessage.emit(
                self.tr("The scheduled run is being made by %1; it shows in the Live tab.").replace("%1", who),
                10_000)
            self.slotTaken.emit(who)
            self.fired.emit(False)
            return False
        return self.fire()

    def fire(self) -> bool:
        """Start the automatic run now (if none is going); returns whether it started."""
        try:
            started = self.services.start_run(self.services.make_request(FetchOrigin.AUTOMATIC))
        except ProviderNotConfigured as exc:
            log.warning("scheduled run not started: %s", exc)
            self.services.statusMessage.emit(str(exc), 10_000)
            started = False
        if not started:
            log.info("scheduled run skipped: another run is going or the provider is not configured")
        self.fired.emit(started)
        return started
