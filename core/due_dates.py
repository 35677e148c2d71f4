"""The calendar of a contract: its cohort, its invoices' due dates and when each is available.

Invoice 1 is due install + 25 days when the install day is <= 28, else on the 26th of the next
month. Invoice n is invoice 1 plus (n - 1) months, clamped to the month's end, always counted
from invoice 1 (never chained month to month, which would drift 31 -> 28 -> 28). An invoice is
available at the provider from install + 3 days (invoice 1) or from its due date - 3 days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from core.domain import INVOICES_PER_CONTRACT

FIRST_DUE_OFFSET_DAYS = 25
LAST_DAY_FOR_OFFSET_RULE = 28
LATE_INSTALL_DUE_DAY = 26
AVAILABLE_AFTER_INSTALL_DAYS = 3
AVAILABLE_BEFORE_DUE_DAYS = 3


def cohort_of(install_date: date) -> str:
    """The safra: YYYY-MM of the install date."""
    return f"{install_date.year:04d}-{install_date.month:02d}"


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def first_due_date(install_date: date) -> date:
    if install_date.day <= LAST_DAY_FOR_OFFSET_RULE:
        return install_date + timedelta(days=FIRST_DUE_OFFSET_DAYS)
    return add_months(install_date.replace(day=1), 1).replace(day=LATE_INSTALL_DUE_DAY)


def due_date(install_date: date, number: int) -> date:
    """Due date of invoice `number` (1..10) by the rule."""
    check_invoice_number(number)
    return add_months(first_due_date(install_date), number - 1)


def available_from(install_date: date, number: int, due: date) -> date:
    """When the provider should list the invoice."""
    check_invoice_number(number)
    if number == 1:
        return install_date + timedelta(days=AVAILABLE_AFTER_INSTALL_DAYS)
    return due - timedelta(days=AVAILABLE_BEFORE_DUE_DAYS)


def on_day(month: date, day: int) -> date:
    """The `day` of `month`'s month, clamped to its last day."""
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def moved_schedule(install_date: date, number: int, real_due: date, due_day: int) -> list[tuple[int, date, date]]:
    """(number, due date, available from) of invoice `number`, found due on `real_due`, and of the
    later ones, when the customer pays on day `due_day` of the month instead of the rule's."""
    check_invoice_number(number)
    out = [(number, real_due, available_from(install_date, number, real_due))]
    for n in range(number + 1, INVOICES_PER_CONTRACT + 1):
        due = on_day(add_months(real_due.replace(day=1), n - number), due_day)
        out.append((n, due, available_from(install_date, n, due)))
    return out


def invoice_schedule(install_date: date) -> list[tuple[int, date, date]]:
    """(number, due date, available from) for invoices 1..10."""
    out = []
    for n in range(1, INVOICES_PER_CONTRACT + 1):
        due = due_date(install_date, n)
        out.append((n, due, available_from(install_date, n, due)))
    return out


def check_invoice_number(number: int) -> None:
    if not 1 <= number <= INVOICES_PER_CONTRACT:
        raise ValueError(f"invoice number must be 1..{INVOICES_PER_CONTRACT}, got {number}")
