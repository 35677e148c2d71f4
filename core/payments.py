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
from core.messages import Msg, msg, render

DUE_DATE_WINDOW_DAYS = 15


@dataclass(frozen=True, slots=True)
class InvoiceDates:
    """One stored invoice of a contract, as far as naming it by a date goes."""

    number: int
    due_date: date
    remote_due_date: date | None = None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """Why a due date names no single invoice: a message code (core.messages) with its values."""

    problem: Msg

    @property
    def message(self) -> str:
        return render(self.problem)


def invoice_by_due_date(due: date, invoices: Sequence[InvoiceDates]) -> int | Unresolved:
    """The number of the invoice `due` names among one contract's `invoices` (see the module docstring)."""
    if not invoices:
        return Unresolved(msg("import.contract_no_invoices"))
    exact = sorted({i.number for i in invoices if due in (i.due_date, i.remote_due_date)})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        numbers = ", ".join(str(n) for n in exact)
        return Unresolved(msg("import.same_due", numbers=numbers, due=f"{due:%d/%m/%Y}"))

    def distance(invoice: InvoiceDates) -> int:
        days = [abs((d - due).days) for d in (invoice.due_date, invoice.remote_due_date) if d is not None]
        return min(days)

    ranked = sorted(invoices, key=lambda i: (distance(i), i.number))
    nearest = ranked[0]
    gap = distance(nearest)
    if gap > DUE_DATE_WINDOW_DAYS:
        dates = ", ".join(f"{i.due_date:%d/%m/%Y}" for i in sorted(invoices, key=lambda i: i.number)[:3])
        return Unresolved(msg("import.due_far", days=DUE_DATE_WINDOW_DAYS, due=f"{due:%d/%m/%Y}", dates=dates))
    if len(ranked) > 1 and distance(ranked[1]) == gap:
        other = ranked[1]
        return Unresolved(msg("import.due_between", due=f"{due:%d/%m/%Y}", first=nearest.number,
                              first_due=f"{nearest.due_date:%d/%m/%Y}", second=other.number,
                              second_due=f"{other.due_date:%d/%m/%Y}"))
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
