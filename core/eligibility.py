"""Which invoices a run picks: the rule once, as a predicate and as the pieces a query is built from.

An invoice is picked by a run when all of these hold:

1. it is within the request's selector: its cohort, its contract and its id, each only when
   the request gives one;
2. it is not paid (the FPD spreadsheet says PAID): a paid invoice is never fetched, forced or not;
3. unless the run is forced:
   a. it is available at the provider: `available_from` <= today (core.due_dates);
   b. its fetch status is one a run takes again (core.domain.RETRYABLE_STATUSES: PENDING,
      NOT_AVAILABLE, ERROR), and GAVE_UP too when the request names contracts or invoices
      ("explicit"), never in a full or cohort run;

A forced run takes every unpaid invoice of its selector, whatever its status or availability.
The attempt count plays no part here: the attempt limit acts through GAVE_UP, which the retry
policy (core.engine.policy) sets.

`is_eligible` is the rule as a predicate. `storage` builds its plan query from the declarative
pieces (`NEVER_FETCHED_PAYMENT`, `allowed_statuses`, `availability_applies`),
and a test holds the query to the predicate over every combination of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date

from core.domain import RETRYABLE_STATUSES, FetchStatus, PaymentStatus
from core.engine.ports import Candidate
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


def allowed_statuses(request: RunRequest) -> tuple[FetchStatus, ...] | None:
    """The fetch statuses the request takes; None when any status is taken (a forced run)."""
    if request.force:
        return None
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
    statuses = allowed_statuses(request)
    if statuses is not None and state.fetch_status not in statuses:
        return False
    return not (availability_applies(request) and state.available_from > today)


__all__ = [
    "NEVER_FETCHED_PAYMENT",
    "InvoiceState",
    "allowed_statuses",
    "availability_applies",
    "in_selector",
    "is_eligible",
    "is_explicit",
    "job_order",
]
