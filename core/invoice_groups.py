"""The status groups the Invoices screen filters by, one rule each.

- READY ("prontas para cobrança"): matched (SUCCESS or PARTIAL) with the data a charge needs
  (the amount and a bar code or PIX code) and not marked paid by the payment spreadsheet;
- PROBLEM ("com problema"): the Problems screen's statuses (core.domain.PROBLEM_STATUSES);
- PAID ("pagas"): paid by the spreadsheet (PAID) or no longer open at the operator (CLOSED).

And what waits to be fetched (the "Pendentes" and "Ainda não disponíveis" figures):

- to fetch now ("Pendentes"): what a full run started today takes (core.eligibility's rule for
  an automatic run: a status runs take again, available from today or earlier, not paid);
- not yet available ("Ainda não disponíveis"): never fetched or not listed by the operator yet,
  and not available before a later day (NOT_YET_AVAILABLE_STATUSES, `available_from` > today).

Storage turns these into SQL (storage.contracts_query, storage.analytics.waiting); nothing
else spells them out.
"""

from __future__ import annotations

import enum

from core.domain import MATCHED_STATUSES, PROBLEM_STATUSES, FetchStatus, PaymentStatus


class InvoiceGroup(enum.StrEnum):
    READY = "ready"
    PROBLEM = "problem"
    PAID = "paid"


READY_STATUSES: tuple[FetchStatus, ...] = MATCHED_STATUSES
PAID_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.PAID, FetchStatus.CLOSED)
GROUP_STATUSES: dict[InvoiceGroup, tuple[FetchStatus, ...]] = {
    InvoiceGroup.READY: READY_STATUSES,
    InvoiceGroup.PROBLEM: PROBLEM_STATUSES,
    InvoiceGroup.PAID: PAID_STATUSES,
}
# READY also needs data and no payment: the spreadsheet's word wins over a fetched bar code.
READY_EXCLUDES_PAYMENT = PaymentStatus.PAID


# Not fetched, or fetched and not listed yet: with a later `available_from`, "not yet available".
NOT_YET_AVAILABLE_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE)


def in_group(group: InvoiceGroup, status: FetchStatus, *, has_data: bool, payment: PaymentStatus | None) -> bool:
    """Whether an invoice belongs to `group` (the pure form of the SQL in storage)."""
    if status not in GROUP_STATUSES[group]:
        return False
    if group is InvoiceGroup.READY:
        return has_data and payment is not READY_EXCLUDES_PAYMENT
    return True


__all__ = ["GROUP_STATUSES", "NOT_YET_AVAILABLE_STATUSES", "PAID_STATUSES", "READY_STATUSES", "InvoiceGroup",
           "in_group"]
