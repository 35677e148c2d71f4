"""The rules of a payment import, pure: which invoice a spreadsheet row names, and the fetch status
an invoice takes from its payment status.

Which invoice, by due date. The row's date is compared with each of the contract's invoices'
due date (ours: the rule's or an imported one) and the operator's (`remote_due_date`, once
fetched). An exact date names its invoice; otherwise the invoice whose date is nearest, if it
is within DUE_DATE_WINDOW_DAYS and no other invoice is as near. The window is half a month: a
customer who picked another due day has every invoice some days off the rule, and consecutive
invoices are a month apart, so the nearest one is the right one (a date exactly between two
is refused: give the invoice number).

The fetch status. PAGO makes the invoice PAID: never fetched again, never a problem; what was
found (amount, bar code, PIX) stays as history. Any other payment status leaves the fetch status
alone, except on a PAID invoice (a corrected spreadsheet): it goes back to what its data says,
SUCCESS or PARTIAL (by its last match: MATCHED or MATCHED_DIVERGENT) when it holds found data,
else PENDING, to be fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.domain import FetchStatus, Outcome, PaymentStatus

DUE_DATE_WINDOW_DAYS = 15


@dataclass(frozen=True, slots=True)
class InvoiceDates:
    """One stored invoice of a contract, as far as naming it by a date goes."""

    number: int
    due_date: date
    remote_due_date: date | None = None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """Why a due date names no single invoice (shown to the user as is)."""

    message: str


def invoice_by_due_date(due: date, invoices: Sequence[InvoiceDates]) -> int | Unresolved:
    """The number of the invoice `due` names among one contract's `invoices` (see the module docstring)."""
    if not invoices:
        return Unresolved("the contract has no invoices")
    exact = sorted({i.number for i in invoices if due in (i.due_date, i.remote_due_date)})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        numbers = " and ".join(str(n) for n in exact)
        return Unresolved(f"invoices {numbers} are both due on {due:%d/%m/%Y}: give the invoice number")

    def distance(invoice: InvoiceDates) -> int:
        days = [abs((d - due).days) for d in (invoice.due_date, invoice.remote_due_date) if d is not None]
        return min(days)

    ranked = sorted(invoices, key=lambda i: (distance(i), i.number))
    nearest = ranked[0]
    gap = distance(nearest)
    if gap > DUE_DATE_WINDOW_DAYS:
        dates = ", ".join(f"{i.due_date:%d/%m/%Y}" for i in sorted(invoices, key=lambda i: i.number)[:3])
        return Unresolved(f"no invoice of the contract is due within {DUE_DATE_WINDOW_DAYS} days of "
                          f"{due:%d/%m/%Y} (its first ones are due on {dates}…)")
    if len(ranked) > 1 and distance(ranked[1]) == gap:
        other = ranked[1]
        return Unresolved(f"{due:%d/%m/%Y} is as near to invoice {nearest.number} ({nearest.due_date:%d/%m/%Y}) "
                          f"as to invoice {other.number} ({other.due_date:%d/%m/%Y}): give the invoice number")
    return nearest.number


def fetch_status_after(current: FetchStatus, payment: PaymentStatus, *, has_data: bool,
                       last_match: Outcome | None) -> FetchStatus:
    """The invoice's fetch status once the spreadsheet says `payment` (see the module docstring).
    `last_match`: the outcome of the invoice's latest matching attempt, if any."""
    if payment is PaymentStatus.PAID:
        return FetchStatus.PAID
    if current is not FetchStatus.PAID:
        return current
    if not has_data:
        return FetchStatus.PENDING
    return FetchStatus.PARTIAL if last_match is Outcome.MATCHED_DIVERGENT else FetchStatus.SUCCESS
