"""One scheduled run per slot: the first runner to take a fire time of the schedule runs it.

With several desktops (and perhaps cron on a server) on one store, each one's schedule fires
at 00:05. Each first tries to take the slot (the fire time, as `core.schedule.slot_key` writes
it): an INSERT into `schedule_slot`, whose primary key lets exactly one of them in, on SQLite
and PostgreSQL alike. The others leave the run to it and watch it live.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from core.process import this_host
from storage.models import ScheduleSlot, database_proxy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SlotTaker:
    """Who took a slot, and when."""

    slot: str
    taken_by: str
    hostname: str
    taken_at: datetime


def take_slot(slot: str, taken_by: str, now: datetime) -> SlotTaker | None:
    """Take the slot for this process; None if it got it, else who had taken it first."""
    host = this_host()[:120]
    try:
        with database_proxy.atomic():
            ScheduleSlot.create(slot=slot, taken_by=taken_by[:120], hostname=host, taken_at=now)
        log.info("took the scheduled run of %s", slot)
        return None
    except pw.IntegrityError:
        row = ScheduleSlot.get_by_id(slot)
        log.info("the scheduled run of %s was taken by %s on %s", slot, row.taken_by, row.hostname)
        return SlotTaker(row.slot, row.taken_by, row.hostname, row.taken_at)

