"""The outcome → status rules of DESIGN §2, exhaustively."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import FetchStatus, Outcome
from core.engine.policy import counts_as_attempt, decide

TODAY = date(2026, 3, 10)
PAST = date(2026, 3, 1)
FUTURE = date(2026, 3, 20)
TRANSIENT = [o for o in Outcome if o.is_transient]
BUSINESS = [Outcome.NO_MATCH, Outcome.AMBIGUOUS, Outcome.INVALID_DOCUMENT]


def _decide(outcome: Outcome, *, status=FetchStatus.PENDING, attempts=0, tries=1, due=PAST, max_attempts=3,
            force=False):
    return decide(outcome, status_before=status, attempts_before=attempts, tries_in_run=tries, due_date=due,
                  today=TODAY, max_attempts=max_attempts, force=force)


def test_match_is_success_and_counts() -> None:
    d = _decide(Outcome.MATCHED, attempts=1)
    assert (d.status, d.counted, d.attempts_after, d.retry_in_run) == (FetchStatus.SUCCESS, True, 2, False)


def test_divergent_match_is_partial() -> None:
    assert _decide(Outcome.MATCHED_DIVERGENT).status is FetchStatus.PARTIAL


# The new status for every outcome (columns) after every previous status (rows), with the due date
# passed and the first attempt: S SUCCESS, P PARTIAL, N NOT_AVAILABLE, E ERROR, G GAVE_UP, C CLOSED,
# $ PAID. Settled invoices (SUCCESS, PARTIAL, CLOSED) keep their status on any failure; one that the
# operator no longer lists becomes CLOSED (paid since).
OUTCOMES = [o for o in Outcome if o is not Outcome.DEFERRED]
CODE = {"S": FetchStatus.SUCCESS, "P": FetchStatus.PARTIAL, "N": FetchStatus.NOT_AVAILABLE, "E": FetchStatus.ERROR,
        "G": FetchStatus.GAVE_UP, "C": FetchStatus.CLOSED, "$": FetchStatus.PAID}
#         MATCHED, DIVERGENT, NOT_YET, NO_DEBTS, NO_MATCH, NOT_OPEN, AMBIG, INVALID, TIMEOUT, CONN, 5XX, 429, AUTH, BAD
TABLE = {
    FetchStatus.PENDING: "S P N C E C E E E E E E E E",
    FetchStatus.NOT_AVAILABLE: "S P N C E C E E E E E E E E",
    FetchStatus.ERROR: "S P N C E C E E E E E E E E",
    FetchStatus.GAVE_UP: "S P N C E C E E E E E E E E",
    FetchStatus.SUCCESS: "S P C C C C S S S S S S S S",
    FetchStatus.PARTIAL: "S P C C C C P P P P P P P P",
    FetchStatus.CLOSED: "S P C C C C C C C C C C C C",
    FetchStatus.PAID: "$ $ $ $ $ $ $ $ $ $ $ $ $ $",
}


def test_the_table_names_every_outcome_in_order() -> None:
    assert [o.value for o in OUTCOMES] == [
        "MATCHED", "MATCHED_DIVERGENT", "NOT_YET_AVAILABLE", "NO_DEBTS", "NO_MATCH", "NOT_OPEN", "AMBIGUOUS",
        "INVALID_DOCUMENT", "TIMEOUT", "CONNECTION", "HTTP_5XX", "RATE_LIMITED", "AUTH", "BAD_RESPONSE",
    ]
    assert set(TABLE) == set(FetchStatus)


@pytest.mark.parametrize("before", list(TABLE))
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_outcome_after_status(outcome: Outcome, before: FetchStatus) -> None:
    expected = CODE[TABLE[before].split()[OUTCOMES.index(outcome)]]
    assert _decide(outcome, status=before).status is expected


@pytest.mark.parametrize("before", [FetchStatus.SUCCESS, FetchStatus.PARTIAL, FetchStatus.CLOSED])
@pytest.mark.parametrize("outcome", TRANSIENT + [Outcome.AMBIGUOUS, Outcome.INVALID_DOCUMENT])
def test_a_failure_never_demotes_a_settled_invoice(outcome: Outcome, before: FetchStatus) -> None:
    d = _decide(outcome, status=before, attempts=2, force=True, tries=3)
    assert (d.status, d.counted, d.retry_in_run) == (before, False, False)


def test_attempts_restart_after_a_success() -> None:
    d = _decide(Outcome.NO_MATCH, status=FetchStatus.SUCCESS, attempts=3)
    assert d.attempts_after == 1 and d.status is FetchStatus.CLOSED
    again = _decide(Outcome.MATCHED, status=FetchStatus.SUCCESS, attempts=3)
    assert again.attempts_after == 1


def test_not_yet_available_counts_nothing() -> None:
    d = _decide(Outcome.NOT_YET_AVAILABLE, attempts=2)
    assert (d.status, d.counted, d.attempts_after) == (FetchStatus.NOT_AVAILABLE, False, 2)


def test_no_debts_before_due_counts_nothing_after_due_is_closed() -> None:
    before = _decide(Outcome.NO_DEBTS, attempts=2, due=FUTURE)
    assert (before.status, before.counted, before.attempts_after) == (FetchStatus.NOT_AVAILABLE, False, 2)
    on_due = decide(Outcome.NO_DEBTS, status_before=FetchStatus.PENDING, attempts_before=0, tries_in_run=1,
                    due_date=TODAY, today=TODAY, max_attempts=3, force=False)
    assert on_due.counted and on_due.status is FetchStatus.CLOSED
    at_limit = _decide(Outcome.NO_DEBTS, attempts=2, due=PAST)
    assert at_limit.status is FetchStatus.CLOSED  # not a failure: no attempt limit to reach
    not_open_early = _decide(Outcome.NOT_OPEN, due=FUTURE)
    assert (not_open_early.status, not_open_early.counted) == (FetchStatus.NOT_AVAILABLE, False)


@pytest.mark.parametrize("outcome", BUSINESS)
def test_business_failures_count_but_are_not_retried_in_run(outcome: Outcome) -> None:
    d = _decide(outcome)
    assert (d.status, d.counted, d.attempts_after, d.retry_in_run) == (FetchStatus.ERROR, True, 1, False)


@pytest.mark.parametrize("outcome", TRANSIENT)
def test_transient_failures_retry_until_the_limit(outcome: Outcome) -> None:
    assert _decide(outcome, attempts=0).retry_in_run
    assert _decide(outcome, attempts=1).retry_in_run
    last = _decide(outcome, attempts=2)
    assert (last.status, last.retry_in_run, last.attempts_after) == (FetchStatus.GAVE_UP, False, 3)


def test_force_ignores_history_but_limits_tries_in_run() -> None:
    first = _decide(Outcome.TIMEOUT, status=FetchStatus.GAVE_UP, attempts=5, tries=1, force=True)
    assert first.retry_in_run and first.status is FetchStatus.ERROR and first.attempts_after == 6
    last = _decide(Outcome.TIMEOUT, status=FetchStatus.GAVE_UP, attempts=7, tries=3, force=True)
    assert last.status is FetchStatus.GAVE_UP and not last.retry_in_run
    ok = _decide(Outcome.MATCHED, status=FetchStatus.GAVE_UP, attempts=5, force=True)
    assert ok.status is FetchStatus.SUCCESS


def test_deferred_touches_nothing() -> None:
    assert not counts_as_attempt(Outcome.DEFERRED, PAST, TODAY)
    with pytest.raises(ValueError):
        _decide(Outcome.DEFERRED)


@given(
    outcome=st.sampled_from([o for o in Outcome if o is not Outcome.DEFERRED]),
    status=st.sampled_from(list(FetchStatus)),
    attempts=st.integers(0, 10),
    tries=st.integers(1, 10),
    max_attempts=st.integers(1, 10),
    force=st.booleans(),
    due=st.sampled_from([PAST, TODAY, FUTURE]),
)
def test_invariants(outcome, status, attempts, tries, max_attempts, force, due) -> None:
    d = _decide(outcome, status=status, attempts=attempts, tries=tries, max_attempts=max_attempts, force=force,
                due=due)
    base = 0 if status in (FetchStatus.SUCCESS, FetchStatus.PARTIAL) else attempts
    assert d.attempts_after == base + (1 if d.counted else 0)
    if status in (FetchStatus.SUCCESS, FetchStatus.PARTIAL, FetchStatus.CLOSED, FetchStatus.PAID):
        assert d.status not in (FetchStatus.ERROR, FetchStatus.GAVE_UP, FetchStatus.NOT_AVAILABLE)  # never demoted
    assert not (d.retry_in_run and not outcome.is_transient)  # only transient failures retry in-run
    assert not (d.retry_in_run and d.status is FetchStatus.GAVE_UP)
    if d.status is FetchStatus.GAVE_UP:
        assert d.counted
        assert (tries >= max_attempts) if force else (d.attempts_after >= max_attempts)
    if outcome.is_match and status is not FetchStatus.PAID:
        assert d.status in (FetchStatus.SUCCESS, FetchStatus.PARTIAL)
