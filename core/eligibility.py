"""Which invoices a run picks: the rule once, as a predicate and as the pieces a query is built from.

An invoice is picked by a run when all of these hold:

1. it is within the request's selector: its cohort, its contract and its id, each only when
   the request gives one;
2. it is not paid (the FPD spreadsheet says PAID, payment status or fetch status): a paid invoice
   is never fetched, forced or not;
3. unless the run is forced:
   a. it is available at the provider: `available_from` <= today (core.due_dates);
   b. its fetch status is one a run takes again (core.domain.RETRYABLE_STATUSES: PENDING,
      NOT_AVAILABLE, ERROR), and GAVE_UP too when the request names contracts or invoices
      ("explicit"), never in a full or cohort run;

A forced run takes every unpaid invoice of its selector, whatever its status or availability,
except CLOSED ones (no open debt at the operator: most likely paid) unless the request names them
by contract or invoice: "retry everything" never brings back what the operator said is settled.
The attempt count plays no part here: the attempt limit acts through GAVE_UP, which the retry
policy (core.engine.policy) sets.

`is_eligible` is the rule as a predicate. `storage` builds its plan query from the declarative
pieces (`NEVER_FETCHED_PAYMENT`, `allowed_statuses`, `availability_applies`),
and a test holds the query to the predicate over every combination of them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date

from core.domain import RETRYABLE_STATUSES, FetchStatus, PaymentStatus
from core.engine.ports import Candidate, SelectionSummary
from core.engine.request import RunRequest

NEVER_FETCHED_PAYMENT = PaymentStatus.PAID


@dataclass(frozen=True, slots=True)
class InvoiceState:
    """What the rule looks at of one invoice."""

    invoice_id: int
    cohort: str
    contract_number: str
    fetch_status: FetchStatus
    payment_status: PaymentStatus | None
    available_from: date
    fetch_attempts: int = 0


def is_explicit(request: RunRequest) -> bool:
    """The request names contracts or invoices (not merely a cohort, not everything)."""
    return bool(request.contract_number or request.invoice_ids)


def allowed_statuses(request: RunRequest) -> tuple[FetchStatus, ...]:
    """The fetch statuses the request takes."""
    if request.force:
        if is_explicit(request):
            return tuple(s for s in FetchStatus if s is not FetchStatus.PAID)
        return tuple(s for s in FetchStatus if s not in (FetchStatus.PAID, FetchStatus.CLOSED))
    if is_explicit(request):
        return (*RETRYABLE_STATUSES, FetchStatus.GAVE_UP)
    return RETRYABLE_STATUSES


def leaves_running_work(request: RunRequest) -> bool:
    """Whether invoices that a run still going has looked up are left to it. Several runners
    share the work: one that joins later helps with what is left instead of looking up again
    what another has just done. A request that names contracts or invoices, or forces, takes
    them anyway."""
    return not (request.force or is_explicit(request))


def availability_applies(request: RunRequest) -> bool:
    """Whether invoices not yet available at the provider are left out."""
    return not request.force


def job_order(candidates: Iterable[Candidate]) -> tuple[int, str, int]:
    """The order a run looks documents up in: new work first (a candidate never looked up), the
    earliest due first; then retries, the longest waiting first (its candidates' oldest last
    lookup). So earlier failures never starve new work, even across runs that end early, and
    every retry gets its turn. Ties: the lowest invoice id first."""
    cands = list(candidates)
    lowest_id = min(c.invoice_id for c in cands)
    new = [c.due_date for c in cands if c.last_fetch_at is None]
    if new:
        return (0, min(new).isoformat(), lowest_id)
    waited = min(c.last_fetch_at for c in cands if c.last_fetch_at is not None)
    return (1, waited.astimezone(UTC).isoformat(), lowest_id)


class EmptyReason(enum.StrEnum):
    """Why a run has nothing to fetch (the code a screen or command renders in its language)."""

    NO_INVOICES = "NO_INVOICES"  # the selector covers no invoice (nothing imported, a wrong cohort...)
    NOT_YET_AVAILABLE = "NOT_YET_AVAILABLE"  # what is left is not at the provider yet
    ONLY_GAVE_UP = "ONLY_GAVE_UP"  # what is left gave up: retry it by name or force it
    ALL_SETTLED = "ALL_SETTLED"  # everything is fetched, closed at the operator or paid


@dataclass(frozen=True, slots=True)
class NothingToDo:
    """An empty run's reason and the figures behind it. No run row is written for it."""

    reason: EmptyReason
    summary: SelectionSummary

    def describe(self) -> str:
        """One English sentence (the CLI's and the log's; the GUI renders the code itself)."""
        s = self.summary
        if self.reason is EmptyReason.NO_INVOICES:
            return "nothing to fetch: no invoice matches this selection"
        if self.reason is EmptyReason.NOT_YET_AVAILABLE:
            when = f"; the next becomes available on {s.next_available:%d/%m/%Y}" if s.next_available else ""
            return f"nothing to fetch yet: {s.waiting} invoice(s) are not available at the provider{when}"
        if self.reason is EmptyReason.ONLY_GAVE_UP:
            return (f"nothing to fetch: the {s.gave_up} invoice(s) left gave up after their attempts; "
                    "retry them from Problems or with --force")
        return (f"nothing to fetch: everything in this selection is fetched ({s.fetched}), "
                f"has no open debt at the operator ({s.closed}) or is paid ({s.paid})")


def explain_empty(summary: SelectionSummary) -> NothingToDo:
    """Why a run over this selection has nothing to fetch (its plan is empty: `eligible` is 0)."""
    if summary.total == 0:
        return NothingToDo(EmptyReason.NO_INVOICES, summary)
    if summary.waiting:
        return NothingToDo(EmptyReason.NOT_YET_AVAILABLE, summary)
    if summary.gave_up:
        return NothingToDo(EmptyReason.ONLY_GAVE_UP, summary)
    return NothingToDo(EmptyReason.ALL_SETTLED, summary)


def in_selector(state: InvoiceState, request: RunRequest) -> bool:
    if request.cohort is not None and state.cohort != request.cohort:
        return False
    if request.contract_number is not None and state.contract_number != request.contract_number:
        return False
    return not request.invoice_ids or state.invoice_id in request.invoice_ids


def is_eligible(state: InvoiceState, request: RunRequest, today: date) -> bool:
    """Whether a run for `request` started on `today` (its local date) picks the invoice."""
    if not in_selector(state, request) or state.payment_status == NEVER_FETCHED_PAYMENT:
        return False
    if state.fetch_status not in allowed_statuses(request):
        return False
    return not (availability_applies(request) and state.available_from > today)


__all__ = [
    "NEVER_FETCHED_PAYMENT",
    "EmptyReason",
    "NothingToDo",
    "explain_empty",
    "InvoiceState",
    "allowed_statuses",
    "availability_applies",
    "in_selector",
    "is_eligible",
    "is_explicit",
    "job_order",
]
