"""What one outcome does to one invoice: its new status, whether it counts, whether to retry.

The rules of DESIGN §2 as one pure function. An invoice is *settled* when the provider already
gave its data (SUCCESS, PARTIAL) or said it is no longer open (CLOSED). Then:

- A match → SUCCESS (MATCHED) or PARTIAL (MATCHED_DIVERGENT, needs review); both count.
- The lookup worked and the invoice is not among the open ones:
  - NO_DEBTS (no open invoice at all) or NOT_OPEN (the open ones are all other invoices): before
    the due date → NOT_AVAILABLE, counting as nothing; on or after it → CLOSED (most likely paid),
    counted, not a problem, not retried by automatic runs.
  - NO_MATCH (the customer has open invoices that match none of ours by date): a real problem →
    ERROR, counted, not retried inside the run.
  - A settled invoice that the provider no longer lists, whatever the outcome says about the others
    (NO_DEBTS, NOT_OPEN, NO_MATCH, NOT_YET_AVAILABLE), was paid since → CLOSED; its data stays.
- AMBIGUOUS, INVALID_DOCUMENT → ERROR, counted, not retried inside the run.
- Transient failures → ERROR, counted, retried inside the run while the budget lasts.
- Found data is never demoted: a settled invoice that meets a transient failure, an ambiguity or
  an invalid document keeps its status (and its data); the attempt is recorded, not counted.
- PAID (the operator's payment spreadsheet) is never changed by a lookup.
- A counted failure that exhausts the budget → GAVE_UP. The budget is `max_attempts` attempts
  since the last match; a forced run ignores history and allows `max_attempts` tries within the
  run itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain import MATCHED_STATUSES, FetchStatus, Outcome

# Statuses a failure never takes away: the data was found, or the operator said it is not open.
SETTLED_STATUSES: tuple[FetchStatus, ...] = (*MATCHED_STATUSES, FetchStatus.CLOSED)
# The lookup worked and the invoice is not among the customer's open invoices.
ABSENT_OUTCOMES: tuple[Outcome, ...] = (
    Outcome.NO_DEBTS, Outcome.NOT_OPEN, Outcome.NO_MATCH, Outcome.NOT_YET_AVAILABLE,
)


@dataclass(frozen=True, slots=True)
class Decision:
    status: FetchStatus
    counted: bool
    attempts_after: int
    retry_in_run: bool


def counts_as_attempt(outcome: Outcome, due_date: date, today: date) -> bool:
    """Whether an attempt with this outcome counts against an unsettled invoice's attempt limit."""
    if outcome is Outcome.DEFERRED or outcome is Outcome.NOT_YET_AVAILABLE:
        return False
    if outcome in (Outcome.NO_DEBTS, Outcome.NOT_OPEN):
        return today >= due_date
    return True


def decide(
    outcome: Outcome,
    *,
    status_before: FetchStatus,
    attempts_before: int,
    tries_in_run: int,
    due_date: date,
    today: date,
    max_attempts: int,
    force: bool,
) -> Decision:
    """The invoice's fate after its `tries_in_run`-th try in this run ended with `outcome`."""
    if outcome is Outcome.DEFERRED:
        raise ValueError("a deferred lookup touches no invoice")
    base = 0 if status_before in MATCHED_STATUSES else attempts_before
    if status_before is FetchStatus.PAID:  # the payment spreadsheet has the last word; never fetched anyway
        return Decision(FetchStatus.PAID, False, base, False)
    if outcome.is_match:
        status = FetchStatus.SUCCESS if outcome is Outcome.MATCHED else FetchStatus.PARTIAL
        return Decision(status, True, base + 1, False)
    if status_before in SETTLED_STATUSES:
        if outcome in ABSENT_OUTCOMES:  # listed before (or closed already), not now: paid since
            return Decision(FetchStatus.CLOSED, True, base + 1, False)
        return Decision(status_before, False, base, False)  # never demote what was found
    counted = counts_as_attempt(outcome, due_date, today)
    attempts_after = base + (1 if counted else 0)
    if outcome in (Outcome.NO_DEBTS, Outcome.NOT_OPEN, Outcome.NOT_YET_AVAILABLE):
        closed = counted  # the due date has passed
        return Decision(FetchStatus.CLOSED if closed else FetchStatus.NOT_AVAILABLE, counted, attempts_after, False)
    exhausted = tries_in_run >= max_attempts if force else attempts_after >= max_attempts
    if exhausted:
        return Decision(FetchStatus.GAVE_UP, True, attempts_after, False)
    return Decision(FetchStatus.ERROR, True, attempts_after, outcome.is_transient)
