"""What one outcome does to one invoice: its new status, whether it counts, whether to retry.

The rules of DESIGN §2 as one pure function:
- MATCHED → SUCCESS, MATCHED_DIVERGENT → PARTIAL (needs review); both count.
- NOT_YET_AVAILABLE, and NO_DEBTS before the due date → NOT_AVAILABLE, counting as nothing.
- NO_DEBTS on or after the due date → NOT_AVAILABLE, counted (most likely paid).
- NO_MATCH, AMBIGUOUS, INVALID_DOCUMENT → ERROR, counted, not retried inside the run.
- Transient failures → ERROR, counted, retried inside the run while the budget lasts.
- A counted failure that exhausts the budget → GAVE_UP. The budget is `max_attempts`
  attempts since the last success; a forced run ignores history and allows `max_attempts`
  tries within the run itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.domain import MATCHED_STATUSES, FetchStatus, Outcome


@dataclass(frozen=True, slots=True)
class Decision:
    status: FetchStatus
    counted: bool
    attempts_after: int
    retry_in_run: bool


def counts_as_attempt(outcome: Outcome, due_date: date, today: date) -> bool:
    if outcome is Outcome.DEFERRED or outcome is Outcome.NOT_YET_AVAILABLE:
        return False
    if outcome is Outcome.NO_DEBTS:
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
    counted = counts_as_attempt(outcome, due_date, today)
    attempts_after = base + (1 if counted else 0)
    if outcome is Outcome.MATCHED:
        return Decision(FetchStatus.SUCCESS, counted, attempts_after, False)
    if outcome is Outcome.MATCHED_DIVERGENT:
        return Decision(FetchStatus.PARTIAL, counted, attempts_after, False)
    status = FetchStatus.NOT_AVAILABLE if outcome.is_not_available else FetchStatus.ERROR
    if not counted:
        return Decision(status, False, attempts_after, False)
    exhausted = tries_in_run >= max_attempts if force else attempts_after >= max_attempts
    if exhausted:
        return Decision(FetchStatus.GAVE_UP, True, attempts_after, False)
    return Decision(status, True, attempts_after, outcome.is_transient)
