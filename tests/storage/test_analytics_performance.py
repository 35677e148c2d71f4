"""The Performance screen's figures on a hand-built history: overview, daily, origins,
slowest, cohorts — every number worked out by hand (tests/storage/analytics_fixtures.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from core.domain import FetchOrigin
from storage.analytics import (
    cohort_comparison,
    compare_cohorts,
    daily_performance,
    overview,
    performance_by_origin,
    slowest_invoices,
)
from tests.storage.analytics_fixtures import Scenario, add_attempt, add_contract, add_invoice, add_run, utc

SP = ZoneInfo("America/Sao_Paulo")


@pytest.fixture
def s(db: pw.Database) -> Scenario:
    return Scenario()


def test_empty_database_gives_zeros_not_errors(db: pw.Database) -> None:
    o = overview(Scenario.NOW, SP, 30)
    assert o.invoices == 0 and o.success_rate is None and o.activity.attempts == 0
    assert o.activity.p50_seconds is None and o.amount_found == Decimal("0.00")
    d = daily_performance(Scenario.NOW, SP, 7)
    assert len(d.days) == 7 and all(day.invoices == 0 and day.runs == 0 for day in d.days)
    assert all(row.invoices == 0 for row in performance_by_origin(Scenario.NOW, SP, 7).origins)
    assert slowest_invoices(Scenario.NOW, SP, 7).items == ()
    assert cohort_comparison(Scenario.NOW, SP).cohorts == ()


def test_overview_state(s: Scenario) -> None:
    o = overview(Scenario.NOW, SP, 30)
    st = o.by_status
    assert (o.invoices, st.pending, st.success, st.partial, st.not_available, st.error, st.gave_up) == (
        6,
        1,
        2,
        1,
        1,
        0,
        1,
    )
    assert o.success_rate == pytest.approx(3 / 4)
    assert (o.by_origin.automatic, o.by_origin.retry, o.by_origin.manual, o.by_origin.none) == (2, 1, 2, 1)
    h = o.attempts_histogram
    assert (h.zero, h.one, h.two, h.three, h.four_plus) == (2, 1, 2, 1, 0)
    assert o.with_data == 3 and o.amount_found == Decimal("300.00")
    assert (o.attempted, o.pending, o.errors, o.gave_up) == (5, 1, 0, 1)


def test_overview_window_activity(s: Scenario) -> None:
    act = overview(Scenario.NOW, SP, 30).activity
    assert act.attempts == 8
    r = act.results
    assert (r.success, r.partial, r.error, r.gave_up, r.not_available, r.total) == (2, 1, 2, 1, 1, 7)
    assert act.avg_seconds == pytest.approx(36.5 / 8, abs=0.001)
    assert (act.min_seconds, act.max_seconds) == (0.3, 30.0)
    # 8 values: the exact p50 (linear) is 0.75; the histogram estimate is within a bucket
    assert act.p50_seconds is not None and 0.6 <= act.p50_seconds <= 0.9
    with_old = overview(Scenario.NOW, SP, 60)
    assert with_old.activity.attempts == 9 and with_old.runs == 4


def test_overview_of_one_cohort_is_exact(s: Scenario) -> None:
    o = overview(Scenario.NOW, SP, 30, cohort="2026-02")
    assert (o.invoices, o.by_status.gave_up, o.by_status.pending, o.by_status.not_available) == (3, 1, 1, 1)
    assert o.percentiles_exact and o.runs == 3  # runs that attempted its invoices
    assert o.activity.attempts == 4  # B1 x3, B2 x1
    assert o.activity.p50_seconds == pytest.approx((0.8 + 1.2) / 2)


def test_daily_uses_local_days(s: Scenario) -> None:
    d = daily_performance(Scenario.NOW, SP, 7)
    assert [x.day for x in d.days] == [date(2026, 3, n) for n in range(4, 11)]
    by_day = {x.day.day: x for x in d.days}
    # 02:30 UTC on the 5th is 23:30 on the 4th in Sao Paulo
    assert (by_day[4].runs, by_day[4].attempts, by_day[4].invoices, by_day[4].successes) == (1, 3, 2, 2)
    assert (by_day[5].runs, by_day[5].attempts, by_day[5].invoices, by_day[5].errors) == (0, 1, 1, 1)
    assert (by_day[6].runs, by_day[6].invoices, by_day[6].partial, by_day[6].errors) == (1, 2, 1, 1)
    assert (by_day[9].invoices, by_day[9].errors, by_day[9].gave_up, by_day[9].not_available) == (2, 1, 1, 1)
    for empty in (7, 8, 10):
        assert by_day[empty].invoices == 0 and by_day[empty].avg_seconds is None
    assert by_day[4].avg_seconds == pytest.approx(31.0 / 3, abs=0.001)


def test_daily_in_utc_puts_the_same_attempt_on_the_5th(s: Scenario) -> None:
    d = daily_performance(Scenario.NOW, ZoneInfo("UTC"), 7)
    by_day = {x.day.day: x for x in d.days}
    assert by_day[4].attempts == 0 and by_day[5].attempts == 4


@pytest.mark.parametrize(
    ("zone", "stamps", "expected"),
    [
        # New York springs forward on 2026-03-08 (EST -5 -> EDT -4)
        (
            "America/New_York",
            [(2026, 3, 8, 4, 30), (2026, 3, 8, 5, 30), (2026, 3, 9, 3, 59), (2026, 3, 9, 4, 30)],
            {7: 1, 8: 2, 9: 1},
        ),
        # Lisbon falls back on 2026-10-25 (WEST +1 -> WET 0)
        (
            "Europe/Lisbon",
            [(2026, 10, 24, 22, 59), (2026, 10, 24, 23, 30), (2026, 10, 25, 23, 30), (2026, 10, 26, 0, 30)],
            {24: 1, 25: 2, 26: 1},
        ),
    ],
)
def test_daily_across_a_dst_change(
    db: pw.Database, zone: str, stamps: list[tuple[int, ...]], expected: dict[int, int]
) -> None:
    tz = ZoneInfo(zone)
    inv = add_invoice(add_contract("D-1", date(2026, 1, 5)), 1)
    for i, stamp in enumerate(stamps):
        run = add_run("AUTOMATIC", utc(*stamp))
        add_attempt(run, inv, utc(*stamp), "MATCHED", 0.1 * (i + 1))
    now = utc(*stamps[-1][:3], 23) if zone == "America/New_York" else utc(2026, 10, 27, 12)
    d = daily_performance(now, tz, 5)
    got = {x.day.day: x.attempts for x in d.days if x.attempts}
    assert got == expected
    assert sum(x.runs for x in d.days) == 4 and {x.day.day: x.runs for x in d.days if x.runs} == expected


def test_by_origin(s: Scenario) -> None:
    rows = {r.origin: r for r in performance_by_origin(Scenario.NOW, SP, 30).origins}
    auto, retry, manual = rows[FetchOrigin.AUTOMATIC], rows[FetchOrigin.RETRY], rows[FetchOrigin.MANUAL]
    assert (auto.runs, auto.invoices, auto.successes, auto.errors, auto.attempts) == (1, 3, 2, 1, 4)
    assert auto.success_rate == pytest.approx(2 / 3)
    assert auto.avg_seconds == pytest.approx((0.4 + 30 + 0.6 + 0.8) / 4, abs=0.001)
    assert (retry.invoices, retry.partial, retry.errors, retry.success_rate) == (2, 1, 1, 0.5)
    assert (manual.invoices, manual.errors, manual.not_available, manual.success_rate) == (2, 1, 1, 0.0)
    assert rows[FetchOrigin.COHORT].invoices == 0 and rows[FetchOrigin.COHORT].success_rate is None


def test_slowest(s: Scenario) -> None:
    items = slowest_invoices(Scenario.NOW, SP, 30, limit=3).items
    assert [(i.seconds, i.contract_number, i.invoice_number, i.run_id) for i in items] == [
        (30.0, "A-100", 2, s.r1.id),
        (2.5, "B-200", 1, s.r3.id),
        (1.2, "B-200", 1, s.r2.id),
    ]
    assert items[0].cohort == "2026-01" and items[0].started_at == utc(2026, 3, 5, 2, 31)
    # the 30 s timeout of January is outside 30 days but inside 60
    assert len([i for i in slowest_invoices(Scenario.NOW, SP, 60, limit=5).items if i.seconds == 30.0]) == 2


def test_cohort_comparison(s: Scenario) -> None:
    rows = {c.cohort: c for c in cohort_comparison(Scenario.NOW, SP).cohorts}
    assert list(rows) == ["2026-02", "2026-01"]
    jan, feb = rows["2026-01"], rows["2026-02"]
    assert (jan.contracts, jan.invoices, jan.attempted, jan.successes, jan.partial) == (1, 3, 3, 2, 1)
    assert (jan.fetched_share, jan.success_rate, jan.avg_seconds) == (
        1.0,
        1.0,
        pytest.approx(0.567, abs=0.001),
    )
    assert (feb.contracts, feb.invoices, feb.attempted, feb.gave_up, feb.pending) == (2, 3, 2, 1, 1)
    assert feb.fetched_share == pytest.approx(2 / 3) and feb.success_rate == 0.0
    assert feb.avg_seconds == pytest.approx(1.4)
    pair = compare_cohorts("2026-01", "2026-02", Scenario.NOW, SP)
    assert pair.left == jan and pair.right == feb and pair.success_rate_delta == -1.0
    empty = compare_cohorts("2020-01", "2026-01", Scenario.NOW, SP)
    assert empty.left.invoices == 0 and empty.left.success_rate is None
