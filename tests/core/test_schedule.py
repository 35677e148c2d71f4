"""core.schedule: cron fire times on the local wall clock, DST-safe, returned in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.schedule import (
    ScheduleError,
    SimpleSchedule,
    local_zone,
    missed_fire_time,
    next_fire_time,
    previous_fire_time,
    simple_schedule,
)

SP = ZoneInfo("America/Sao_Paulo")
NY = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_next_fire_is_local_wall_time_returned_in_utc() -> None:
    # 00:05 in Sao Paulo (UTC-3) is 03:05 UTC
    assert next_fire_time("5 0 * * *", utc(2026, 1, 10, 2, 0), SP) == utc(2026, 1, 10, 3, 5)
    assert next_fire_time("5 0 * * *", utc(2026, 1, 10, 3, 5), SP) == utc(2026, 1, 11, 3, 5)  # strictly after


def test_next_fire_across_spring_forward_keeps_wall_time() -> None:
    # New York: 2026-03-08 02:00 EST -> 03:00 EDT. 00:05 stays 00:05 local on both sides.
    assert next_fire_time("5 0 * * *", utc(2026, 3, 7, 12), NY) == utc(2026, 3, 8, 5, 5)  # EST
    assert next_fire_time("5 0 * * *", utc(2026, 3, 8, 12), NY) == utc(2026, 3, 9, 4, 5)  # EDT


def test_wall_time_skipped_by_spring_forward_fires_shifted_forward_once() -> None:
    fire = next_fire_time("30 2 * * *", utc(2026, 3, 8, 0), NY)
    assert fire == utc(2026, 3, 8, 7, 30)  # 03:30 EDT
    assert next_fire_time("30 2 * * *", fire, NY) == utc(2026, 3, 9, 6, 30)  # 02:30 EDT next day


def test_repeated_wall_time_in_fall_back_fires_once() -> None:
    # 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice; fire at the first (EDT, 05:30 UTC).
    first = next_fire_time("30 1 * * *", utc(2026, 11, 1, 0), NY)
    assert first == utc(2026, 11, 1, 5, 30)
    assert next_fire_time("30 1 * * *", first, NY) == utc(2026, 11, 2, 6, 30)


def test_previous_fire_time() -> None:
    assert previous_fire_time("5 0 * * *", utc(2026, 1, 10, 3, 5), SP) == utc(2026, 1, 10, 3, 5)
    assert previous_fire_time("5 0 * * *", utc(2026, 1, 10, 3, 4), SP) == utc(2026, 1, 9, 3, 5)


def test_missed_fire_time() -> None:
    cron = "5 0 * * *"
    last = utc(2026, 1, 9, 3, 5, 2)  # the run of the 9th started on time
    # the 10th's fire at 03:05 UTC, now 04:00 (past the 30 min grace): missed
    assert missed_fire_time(cron, last, utc(2026, 1, 10, 4, 0), SP) == utc(2026, 1, 10, 3, 5)
    # within the grace period: not yet
    assert missed_fire_time(cron, last, utc(2026, 1, 10, 3, 30), SP) is None
    # the run of the 10th started: nothing missed
    assert missed_fire_time(cron, utc(2026, 1, 10, 3, 5, 1), utc(2026, 1, 10, 9), SP) is None
    # no run ever: nothing to compare with
    assert missed_fire_time(cron, None, utc(2026, 1, 10, 9), SP) is None
    assert missed_fire_time(cron, last, utc(2026, 1, 10, 3, 20), SP, grace=timedelta(minutes=10)) \
        == utc(2026, 1, 10, 3, 5)


def test_bad_input_is_a_schedule_error() -> None:
    with pytest.raises(ScheduleError, match="schedule_cron"):
        next_fire_time("every day", utc(2026, 1, 1), SP)
    with pytest.raises(ScheduleError, match="aware"):
        next_fire_time("5 0 * * *", datetime(2026, 1, 1), SP)


def test_local_zone_honours_tz_and_is_dst_aware(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    zone = local_zone()
    assert isinstance(zone, ZoneInfo) and str(zone) == "America/New_York"
    assert utc(2026, 1, 1).astimezone(zone).utcoffset() != utc(2026, 7, 1).astimezone(zone).utcoffset()
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_zone() is not None


# -- the simple form ------------------------------------------------------------------------------


@pytest.mark.parametrize(("expr", "expected"), [
    ("5 0 * * *", SimpleSchedule(0, 5)),
    ("30 7 * * 1-5", SimpleSchedule(7, 30, frozenset({1, 2, 3, 4, 5}))),
    ("0 22 * * 0,6", SimpleSchedule(22, 0, frozenset({0, 6}))),
    ("0 22 * * 7", SimpleSchedule(22, 0, frozenset({0}))),
    ("*/15 * * * *", None),
    ("0 8,20 * * *", None),
    ("0 8 1 * *", None),
    ("0 25 * * *", None),
    ("0 8 * * 9", None),
    ("bad", None),
])
def test_simple_form_of_a_cron_expression(expr: str, expected: SimpleSchedule | None) -> None:
    assert simple_schedule(expr) == expected


@given(st.integers(0, 23), st.integers(0, 59), st.sets(st.integers(0, 6), min_size=1))
def test_simple_schedule_round_trips_through_cron(hour: int, minute: int, days: set[int]) -> None:
    schedule = SimpleSchedule(hour, minute, frozenset(days))
    assert simple_schedule(schedule.to_cron()) == schedule


def test_simple_schedule_refuses_no_weekday_and_bad_times() -> None:
    with pytest.raises(ScheduleError):
        SimpleSchedule(8, 0, frozenset())
    with pytest.raises(ScheduleError):
        SimpleSchedule(24, 0)


def test_a_scheduled_start_belongs_to_the_slot_of_its_fire_time() -> None:
    from core.schedule import due_fire_time, slot_key

    sp = ZoneInfo("America/Sao_Paulo")
    fire = datetime(2026, 3, 10, 0, 5, tzinfo=sp)
    for late in (timedelta(0), timedelta(seconds=2), timedelta(minutes=29)):
        assert due_fire_time("5 0 * * *", fire + late, sp) == fire
    assert due_fire_time("5 0 * * *", fire - timedelta(seconds=20), sp) == fire  # clock skew
    assert due_fire_time("5 0 * * *", fire + timedelta(minutes=31), sp) is None  # started by hand later
    # the same fire time has the same name on every machine, whatever its zone
    assert slot_key(fire) == slot_key(fire.astimezone(UTC)) == "2026-03-10T03:05Z"
    with pytest.raises(ScheduleError):
        slot_key(datetime(2026, 3, 10, 0, 5))
