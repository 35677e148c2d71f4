"""core.payments: which invoice a due date names, and the fetch status a payment status gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import PROBLEM_STATUSES, FetchStatus, Outcome, PaymentStatus
from core.due_dates import invoice_schedule
from core.messages import msg
from core.payments import DUE_DATE_WINDOW_DAYS, InvoiceDates, Unresolved, fetch_status_after, invoice_by_due_date

INSTALL = date(2026, 1, 10)  # invoices due on the 4th, Feb 4 .. Nov 4
RULE = [InvoiceDates(n, due) for n, due, _ in invoice_schedule(INSTALL)]


def test_an_exact_due_date_names_its_invoice() -> None:
    assert [invoice_by_due_date(i.due_date, RULE) for i in RULE] == list(range(1, 11))


def test_the_operators_due_date_names_its_invoice_too() -> None:
    invoices = [InvoiceDates(1, date(2026, 2, 4), date(2026, 2, 20)), InvoiceDates(2, date(2026, 3, 4))]
    assert invoice_by_due_date(date(2026, 2, 20), invoices) == 1


@pytest.mark.parametrize("offset", [-13, -12, -5, -1, 1, 3, 9, 13])
def test_another_due_day_names_the_nearest_invoice(offset: int) -> None:
    for invoice in RULE:
        assert invoice_by_due_date(invoice.due_date + timedelta(days=offset), RULE) == invoice.number


def test_a_date_far_from_every_invoice_names_none() -> None:
    found = invoice_by_due_date(date(2025, 6, 1), RULE)
    assert isinstance(found, Unresolved)
    assert found.message.startswith(f"no invoice of the contract is due within {DUE_DATE_WINDOW_DAYS} days of "
                                    "01/06/2025")


def test_a_date_as_near_to_two_invoices_is_refused() -> None:
    invoices = [InvoiceDates(1, date(2026, 2, 28)), InvoiceDates(2, date(2026, 3, 28))]
    found = invoice_by_due_date(date(2026, 3, 14), invoices)
    assert isinstance(found, Unresolved) and "give the invoice number" in found.message


def test_two_invoices_due_the_same_day_are_refused() -> None:
    invoices = [InvoiceDates(1, date(2026, 2, 4)), InvoiceDates(2, date(2026, 3, 4), date(2026, 2, 4))]
    found = invoice_by_due_date(date(2026, 2, 4), invoices)
    assert isinstance(found, Unresolved) and "invoices 1, 2 are all due on 04/02/2026" in found.message


def test_a_contract_without_invoices() -> None:
    assert invoice_by_due_date(date(2026, 2, 4), []) == Unresolved(msg("import.contract_no_invoices"))


@given(install=st.dates(date(2020, 1, 1), date(2030, 12, 31)), number=st.integers(1, 10),
       offset=st.integers(-13, 13))
def test_any_schedule_and_offset_within_the_window_names_the_right_invoice(install: date, number: int,
                                                                          offset: int) -> None:
    """Within ±13 days a date is nearer its own invoice than any neighbour (a month is >= 28 days)."""
    invoices = [InvoiceDates(n, due) for n, due, _ in invoice_schedule(install)]
    assert invoice_by_due_date(invoices[number - 1].due_date + timedelta(days=offset), invoices) == number


MATCHES = (None, Outcome.MATCHED, Outcome.MATCHED_DIVERGENT)


@pytest.mark.parametrize("current", list(FetchStatus))
@pytest.mark.parametrize("payment", list(PaymentStatus))
@pytest.mark.parametrize("has_data", [False, True])
@pytest.mark.parametrize("last_match", MATCHES)
def test_fetch_status_after_every_payment_status(current: FetchStatus, payment: PaymentStatus, has_data: bool,
                                                 last_match: Outcome | None) -> None:
    after = fetch_status_after(current, payment, has_data=has_data, last_match=last_match)
    if payment is PaymentStatus.PAID:
        expected = FetchStatus.PAID
    elif current is not FetchStatus.PAID:
        expected = current  # the spreadsheet says nothing the fetch does not know better
    elif not has_data:
        expected = FetchStatus.PENDING
    elif last_match is Outcome.MATCHED_DIVERGENT:
        expected = FetchStatus.PARTIAL
    else:
        expected = FetchStatus.SUCCESS
    assert after is expected
    if payment is PaymentStatus.PAID:
        assert not after.is_problem and after not in PROBLEM_STATUSES
