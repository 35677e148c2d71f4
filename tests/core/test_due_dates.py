"""core.due_dates: the due-date rule's edge cases, availability, cohort, and its properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import INVOICES_PER_CONTRACT
from core.due_dates import (
    add_months,
    available_from,
    check_invoice_number,
    cohort_of,
    due_date,
    first_due_date,
    invoice_schedule,
)


@pytest.mark.parametrize(
    ("install", "first_due"),
    [
        (date(2026, 1, 1), date(2026, 1, 26)),  # stays in the install month
        (date(2026, 1, 10), date(2026, 2, 4)),
        (date(2026, 1, 28), date(2026, 2, 22)),  # day 28: still install + 25
        (date(2026, 1, 29), date(2026, 2, 26)),  # day 29..31: the 26th of the next month
        (date(2026, 1, 30), date(2026, 2, 26)),
        (date(2026, 1, 31), date(2026, 2, 26)),
        (date(2026, 4, 30), date(2026, 5, 26)),
        (date(2026, 2, 28), date(2026, 3, 25)),  # the last day of a short February is <= 28
        (date(2028, 2, 28), date(2028, 3, 24)),  # leap year: 29 Feb lies in between
        (date(2028, 2, 29), date(2028, 3, 26)),  # leap day is > 28
        (date(2026, 12, 10), date(2027, 1, 4)),  # year rollover by + 25
        (date(2026, 12, 28), date(2027, 1, 22)),
        (date(2026, 12, 29), date(2027, 1, 26)),  # year rollover by the 26th rule
        (date(2026, 12, 31), date(2027, 1, 26)),
        (date(2027, 1, 31), date(2027, 2, 26)),
    ],
)
def test_first_due_date(install: date, first_due: date) -> None:
    assert first_due_date(install) == first_due
    assert due_date(install, 1) == first_due


def _dues(install: date) -> list[date]:
    return [due for _, due, _ in invoice_schedule(install)]


def test_a_first_due_on_the_31st_is_clamped_per_month_not_chained() -> None:
    # 6 Jan + 25 = 31 Jan; February clamps to the 28th, March is back on the 31st.
    assert _dues(date(2026, 1, 6)) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
        date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31),
    ]


def test_a_first_due_on_the_31st_in_a_leap_year_uses_the_29th_of_february() -> None:
    dues = _dues(date(2028, 1, 6))
    assert dues[:3] == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


def test_a_first_due_on_the_30th_comes_back_to_the_30th_after_february() -> None:
    dues = _dues(date(2026, 1, 5))
    assert dues[:4] == [date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30), date(2026, 4, 30)]


def test_a_first_due_on_the_29th_across_a_leap_and_a_common_february() -> None:
    assert _dues(date(2028, 1, 4))[1] == date(2028, 2, 29)
    assert _dues(date(2027, 1, 4))[1] == date(2027, 2, 28)


def test_the_schedule_crosses_the_year_end() -> None:
    dues = _dues(date(2026, 11, 15))  # first due 10 Dec 2026
    assert dues == [date(2026, 12, 10)] + [date(2027, m, 10) for m in range(1, 10)]


def test_a_december_late_install_schedule() -> None:
    assert _dues(date(2026, 12, 30)) == [date(2027, m, 26) for m in range(1, 11)]


def test_availability_of_the_first_and_later_invoices() -> None:
    install = date(2026, 1, 30)
    schedule = invoice_schedule(install)
    assert schedule[0] == (1, date(2026, 2, 26), date(2026, 2, 2))  # install + 3
    assert schedule[1] == (2, date(2026, 3, 26), date(2026, 3, 23))  # due - 3
    assert schedule[9] == (10, date(2026, 11, 26), date(2026, 11, 23))


def test_availability_crosses_a_month_and_a_year_boundary() -> None:
    assert available_from(date(2026, 12, 30), 1, date(2027, 1, 26)) == date(2027, 1, 2)
    assert available_from(date(2026, 1, 1), 2, date(2026, 3, 1)) == date(2026, 2, 26)
    assert available_from(date(2027, 11, 1), 3, date(2028, 3, 1)) == date(2028, 2, 27)  # leap Feb


@pytest.mark.parametrize(
    ("install", "cohort"),
    [(date(2026, 1, 1), "2026-01"), (date(2026, 1, 31), "2026-01"), (date(2026, 12, 31), "2026-12"),
     (date(999, 5, 2), "0999-05")],
)
def test_cohort(install: date, cohort: str) -> None:
    assert cohort_of(install) == cohort


@pytest.mark.parametrize("number", [0, -1, 11, 100])
def test_invoice_numbers_outside_1_to_10_are_rejected(number: int) -> None:
    with pytest.raises(ValueError, match="1..10"):
        check_invoice_number(number)
    with pytest.raises(ValueError):
        due_date(date(2026, 1, 1), number)
    with pytest.raises(ValueError):
        available_from(date(2026, 1, 1), number, date(2026, 2, 1))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 12, 15), 13, date(2028, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


installs = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@given(installs)
def test_schedule_properties(install: date) -> None:
    schedule = invoice_schedule(install)
    assert [n for n, _, _ in schedule] == list(range(1, INVOICES_PER_CONTRACT + 1))
    dues = [due for _, due, _ in schedule]
    first = dues[0]
    # one invoice per month, strictly increasing
    assert all(a < b for a, b in zip(dues, dues[1:], strict=False))
    assert [_month_index(due) - _month_index(first) for due in dues] == list(range(INVOICES_PER_CONTRACT))
    for n, due, available in schedule:
        # the first due's day of month is kept whenever the month has it (never chained)
        last_day = calendar.monthrange(due.year, due.month)[1]
        assert due.day == min(first.day, last_day)
        assert due == add_months(first, n - 1) == due_date(install, n)
        expected_available = install + timedelta(days=3) if n == 1 else due - timedelta(days=3)
        assert available == expected_available == available_from(install, n, due)
        assert install < available < due
    availables = [available for _, _, available in schedule]
    assert all(a < b for a, b in zip(availables, availables[1:], strict=False))


@given(installs)
def test_first_due_properties(install: date) -> None:
    first = first_due_date(install)
    assert 25 <= (first - install).days <= 28
    assert _month_index(first) - _month_index(install) in (0, 1)
    if install.day <= 28:
        assert first == install + timedelta(days=25)
    else:
        assert first.day == 26 and _month_index(first) == _month_index(install) + 1
    assert cohort_of(install) == install.strftime("%Y-%m")
