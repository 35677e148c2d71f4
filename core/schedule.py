"""When the automatic run fires: cron expressions evaluated on the user's local wall clock.

The schedule (`schedule_cron`, e.g. "5 0 * * *") is local time, as a user writes it; runs and
alerts work in UTC. croniter is driven with *naive local wall times* and every candidate is
then placed on the real time line with `zoneinfo`, which is what makes DST safe:

- a wall time skipped by a spring-forward change (02:30 on a day that jumps 02:00 -> 03:00)
  fires once, shifted forward by the gap (03:30 local), as cron daemons do;
- a wall time that happens twice in a fall-back change fires once, at its first occurrence.

`local_zone()` gives the machine's zone as a DST-aware `ZoneInfo` whenever it can be named.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

# A candidate search stops after this many cron steps (a valid expression fires at least
# yearly; Feb-29-only expressions need a few years of steps, far below this).
_MAX_STEPS = 5000
DEFAULT_GRACE = timedelta(minutes=30)


class ScheduleError(ValueError):
    """A cron expression or a time handed to the schedule functions is not usable."""


def _zone_from_name(name: str) -> tzinfo | None:
    name = name.strip().lstrip(":")
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_zone() -> tzinfo:
    """The system's local zone, DST-aware: $TZ, then tzlocal if installed, then /etc/localtime.

    Falls back to the current fixed UTC offset (logged) only when no zone name can be found.
    """
    zone = _zone_from_name(os.environ.get("TZ", ""))
    if zone is not None:
        return zone
    try:
        import tzlocal  # optional: the reliable way on Windows

        return ZoneInfo(tzlocal.get_localzone_name())
    except Exception:  # not installed, or it could not tell
        pass
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            zone = _zone_from_name(target.split("zoneinfo/", 1)[1])
            if zone is not None:
                return zone
    except OSError:
        pass
    try:
        zone = _zone_from_name(Path("/etc/timezone").read_text(encoding="utf-8"))
        if zone is not None:
            return zone
    except OSError:
        pass
    fixed = datetime.now().astimezone().tzinfo
    log.warning("could not name the local time zone; using the fixed offset %s (no DST)", fixed)
    return fixed or UTC


def _check_aware(name: str, value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ScheduleError(f"{name} must be an aware datetime, got {value!r}")


def _check_cron(expr: str) -> None:
    if not isinstance(expr, str) or not _croniter().is_valid(expr):
        raise ScheduleError(
            f"schedule_cron: {expr!r} is not a cron expression (minute hour day month weekday)")


def _place(wall: datetime, tz: tzinfo) -> datetime:
    """A naive local wall time on the UTC time line (fold=0: first occurrence; gaps shift forward)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def next_fire_time(expr: str, after: datetime, tz: tzinfo) -> datetime:
    """The first time strictly after `after` at which the cron expression fires, aware UTC."""
    _check_cron(expr)
    _check_aware("after", after)
    after_utc = after.astimezone(UTC)
    # Start an hour early on the wall clock so a fall-back repeat cannot hide a candidate.
    start = after_utc.astimezone(tz).replace(tzinfo=None) - timedelta(hours=2)
    it = _croniter()(expr, start)
    for _ in range(_MAX_STEPS):
        wall: datetime = it.get_next(datetime)
        fire = _place(wall, tz)
        if fire > after_utc:
            return fire
    raise ScheduleError(f"schedule_cron: {expr!r} does not fire after {after_utc.isoformat()}")


def previous_fire_time(expr: str, at_or_before: datetime, tz: tzinfo) -> datetime | None:
    """The latest fire time not after `at_or_before`, aware UTC (None if none in range)."""
    _check_cron(expr)
    _check_aware("at_or_before", at_or_before)
    limit = at_or_before.astimezone(UTC)
    start = limit.astimezone(tz).replace(tzinfo=None) + timedelta(hours=2, minutes=1)
    it = _croniter()(expr, start)
    for _ in range(_MAX_STEPS):
        wall: datetime = it.get_prev(datetime)
        fire = _place(wall, tz)
        if fire <= limit:
            return fire
    return None


def missed_fire_time(
    expr: str,
    last_run_at: datetime | None,
    now: datetime,
    tz: tzinfo,
    grace: timedelta = DEFAULT_GRACE,
) -> datetime | None:
    """The latest fire time in (last_run_at, now - grace] — a scheduled run that did not start.

    `last_run_at` is when the last scheduled (AUTOMATIC) run started; a run that started up to
    one minute before its fire time still counts for it (clock skew). With no run ever there
    is nothing to compare with, so nothing is reported.
    """
    _check_aware("now", now)
    if last_run_at is None:
        return None
    _check_aware("last_run_at", last_run_at)
    fire = previous_fire_time(expr, now - grace, tz)
    if fire is None:
        return None
    return fire if last_run_at.astimezone(UTC) < fire - timedelta(minutes=1) else None


def slot_key(fire: datetime) -> str:
    """The name of a fire time's slot: the same on every machine, whatever its zone."""
    _check_aware("fire", fire)
    return fire.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def due_fire_time(expr: str, now: datetime, tz: tzinfo, grace: timedelta = DEFAULT_GRACE) -> datetime | None:
    """The fire time a scheduled run starting `now` is for: the latest one not after now (a
    minute of clock skew allowed), if it is at most `grace` old; else None (a run started by
    hand at another time belongs to no slot)."""
    _check_aware("now", now)
    fire = previous_fire_time(expr, now + timedelta(minutes=1), tz)
    if fire is None or now - fire > grace:
        return None
    return fire


# -- the simple form: "every day at HH:MM" or "on these weekdays at HH:MM" ----------------------------

WEEKDAYS = range(7)  # cron numbering: 0 = Sunday ... 6 = Saturday


@dataclass(frozen=True, slots=True)
class SimpleSchedule:
    """A daily time on some weekdays (cron numbering, 0 = Sunday); all seven means every day."""

    hour: int
    minute: int
    weekdays: frozenset[int] = frozenset(WEEKDAYS)

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ScheduleError(f"{self.hour:02d}:{self.minute:02d} is not a time of day")
        if not self.weekdays or not self.weekdays <= frozenset(WEEKDAYS):
            raise ScheduleError("choose at least one weekday (0 = Sunday ... 6 = Saturday)")

    @property
    def every_day(self) -> bool:
        return self.weekdays == frozenset(WEEKDAYS)

    def to_cron(self) -> str:
        days = "*" if self.every_day else ",".join(str(d) for d in sorted(self.weekdays))
        return f"{self.minute} {self.hour} * * {days}"


def simple_schedule(expr: str) -> SimpleSchedule | None:
    """The simple form of a cron expression, or None when it says more than a time on weekdays
    (steps, several hours, days of the month: edit it as cron)."""
    fields = expr.split()
    if len(fields) != 5 or fields[2:4] != ["*", "*"]:
        return None
    minute, hour, days = fields[0], fields[1], fields[4]
    if not (minute.isdigit() and hour.isdigit()):
        return None
    weekdays: set[int] = set()
    if days == "*":
        weekdays = set(WEEKDAYS)
    else:
        for part in days.split(","):
            low, _, high = part.partition("-")
            if not low.isdigit() or (high and not high.isdigit()):
                return None
            first, last = int(low), int(high or low)
            if not 0 <= first <= last <= 7:
                return None
            weekdays.update(d % 7 for d in range(first, last + 1))  # 7 is Sunday too
    try:
        return SimpleSchedule(int(hour), int(minute), frozenset(weekdays))
    except ScheduleError:
        return None


__all__ = [
    "DEFAULT_GRACE",
    "SimpleSchedule",
    "simple_schedule",
    "due_fire_time",
    "slot_key",
    "ScheduleError",
    "local_zone",
    "missed_fire_time",
    "next_fire_time",
    "previous_fire_time",
]


def _croniter() -> Any:
    """croniter, imported on first use (it is slow to import and not needed to paint a window)."""
    from croniter import croniter

    return croniter
