"""What the Problems tab asks the store, composed from storage functions (no Qt, no SQL here).

Each function runs in a worker thread (`await services.query(fn, ...)`). An error group is
remembered as a `GroupRef` (outcome, HTTP status, message key and the window it was read in);
the list filtered to a group shows the group's invoices that are still problems and that the
other filters also show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from core.domain import Outcome
from storage.analytics import (
    AttemptRow,
    ErrorGroup,
    ProblemFilter,
    ProblemInvoice,
    attempt_history,
    error_group_invoice_ids,
    problem_invoice_ids,
    problem_invoices,
)
from storage.analytics.params import PageOf
from storage.analytics.sorting import Sort
from storage.contracts_query import InvoiceDetail, invoice_detail, problem_ids_among, problem_invoices_among


@dataclass(frozen=True, slots=True)
class GroupRef:
    outcome: Outcome
    http_status: int | None
    key: str
    days: int
    sample: str | None = None  # shown on the chip; not part of the identity

    @classmethod
    def of(cls, group: ErrorGroup, days: int) -> GroupRef:
        return cls(group.outcome, group.http_status, group.key, days, group.sample)

    def matches(self, group: ErrorGroup) -> bool:
        return (group.outcome, group.http_status, group.key) == (self.outcome, self.http_status, self.key)


def group_invoice_ids(now: datetime, tz: tzinfo, group: GroupRef) -> tuple[int, ...]:
    """Every invoice with an attempt of the group in its window (problems or not by now)."""
    return error_group_invoice_ids(now, tz, group.days, group.outcome, group.http_status, group.key)


def list_page(now: datetime, tz: tzinfo, flt: ProblemFilter, group: GroupRef | None, page: int,
              page_size: int, sort: Sort | None = None) -> PageOf[ProblemInvoice]:
    """One page of the list in `sort`'s order (None: newest fetch first); a page past the end (the
    list shrank) gives the last page instead."""
    result = _page(now, tz, flt, group, page, page_size, sort)
    if not result.items and page > 1 and result.total:
        result = _page(now, tz, flt, group, result.pages, page_size, sort)
    return result


def _page(now: datetime, tz: tzinfo, flt: ProblemFilter, group: GroupRef | None, page: int,
          page_size: int, sort: Sort | None) -> PageOf[ProblemInvoice]:
    if group is None:
        return problem_invoices(now, tz, flt, page=page, page_size=page_size, sort=sort)
    return problem_invoices_among(group_invoice_ids(now, tz, group), flt, page=page, page_size=page_size,
                                  sort=sort)


def shown_ids(now: datetime, tz: tzinfo, flt: ProblemFilter, group: GroupRef | None) -> tuple[int, ...]:
    """Every invoice the list shows, all pages (for "retry everything shown")."""
    if group is None:
        return problem_invoice_ids(flt)
    return problem_ids_among(group_invoice_ids(now, tz, group), flt)


def group_problem_ids(now: datetime, tz: tzinfo, group: GroupRef) -> tuple[int, ...]:
    """The group's invoices that are still problems, whatever the other filters say."""
    return problem_ids_among(group_invoice_ids(now, tz, group), ProblemFilter())


def history_of(invoice_id: int, now: datetime, tz: tzinfo, page: int, page_size: int
               ) -> tuple[InvoiceDetail, PageOf[AttemptRow]]:
    """An invoice (with its contract) and one page of its attempts, newest first."""
    return invoice_detail(invoice_id), attempt_history(invoice_id, now, tz, page=page, page_size=page_size)


__all__ = ["GroupRef", "history_of", "group_invoice_ids", "group_problem_ids", "list_page", "shown_ids"]
