"""The schedule: the next fire time from the cron setting, an automatic run when it fires,
nothing when paused or disabled, and a missed scheduled run recorded as an alert."""

from __future__ import annotations

from datetime import timedelta

from core.schedule import next_fire_time
from gui.scheduler import Scheduler
from storage.alerts import list_alerts
from storage.models import FetchRun


def test_the_timer_is_armed_for_the_next_fire_time(services, qtbot) -> None:
    scheduler = Scheduler(services)
    fired: list[object] = []
    scheduler.nextRunChanged.connect(fired.append)
    scheduler.rearm()
    expected = next_fire_time(services.settings["schedule_cron"], services.now(), services.tz)
    assert scheduler.next_run == expected and fired[-1] == expected
    assert scheduler._timer.isActive()
    assert 0 <= scheduler._timer.interval() <= 3_600_000  # never longer than an hour before re-checking
    scheduler.set_paused(True)
    assert scheduler.next_run is None and not scheduler._timer.isActive() and fired[-1] is None
    scheduler.set_paused(False)
    services.settings["schedule_enabled"] = False
    scheduler.rearm()
    assert scheduler.next_run is None


def test_firing_starts_an_automatic_run(services, qtbot, wait_until) -> None:
    scheduler = Scheduler(services)
    before = FetchRun.select().count()
    assert scheduler.fire() is True
    assert scheduler.fire() is False  # one run at a time: a second fire is skipped, not queued
    wait_until(lambda: not services.controller.busy, timeout=60)
    run = FetchRun.select().order_by(FetchRun.id.desc()).get()
    assert FetchRun.select().count() == before + 1
    assert run.origin == "AUTOMATIC" and run.started_by == "app:schedule" and run.status == "COMPLETED"


def test_a_missed_scheduled_run_is_recorded_once(services, qtbot, aio) -> None:
    # the fixture's runs include an AUTOMATIC one; two days later the daily 00:05 run was missed
    services.test_clock._base += timedelta(days=2)  # type: ignore[attr-defined]
    scheduler = Scheduler(services)
    said: list[str] = []
    scheduler.missedRun.connect(said.append)
    aio(scheduler.check_missed())
    aio(scheduler.check_missed())
    missed = [a for a in list_alerts() if a.kind.value == "SCHEDULED_RUN_MISSED"]
    assert len(missed) == 1 and missed[0].is_open
    assert len(said) == 1 and "did not start" in said[0]


def test_two_windows_on_one_store_make_the_scheduled_run_once(services, db_path, qtbot, aio, wait_until) -> None:
    from datetime import UTC

    from gui.services import Services
    from tests.engine_support import fast_config

    other = Services(str(db_path), tz=UTC, provider_config=services.provider_config(), clock=services.now,
                     engine_clock=services.test_clock)  # type: ignore[attr-defined]
    other.mark_database_open()
    aio(other.load_settings())
    other._make_config = lambda: fast_config()  # type: ignore[method-assign]
    first, second = Scheduler(services), Scheduler(other)
    taken_by: list[str] = []
    second.slotTaken.connect(taken_by.append)
    before = FetchRun.select().where(FetchRun.origin == "AUTOMATIC").count()
    due = services.now() - timedelta(seconds=1)
    assert aio(first.fire_slot(due)) is True
    assert aio(second.fire_slot(due)) is False  # the other window took the slot first
    assert taken_by and taken_by[0].startswith("app:")
    wait_until(lambda: not services.controller.busy and not other.controller.busy, timeout=60)
    assert FetchRun.select().where(FetchRun.origin == "AUTOMATIC").count() == before + 1
    other.controller.wait(15)
