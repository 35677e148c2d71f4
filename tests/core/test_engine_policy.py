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


def test_attempts_restart_after_a_success() -> None:
    d = _decide(Outcome.TIMEOUT, status=FetchStatus.SUCCESS, attempts=3)
    assert d.attempts_after == 1 and d.status is FetchStatus.ERROR


def test_not_yet_available_counts_nothing() -> None:
    d = _decide(Outcome.NOT_YET_AVAILABLE, attempts=2)
    assert (d.status, d.counted, d.attempts_after) == (FetchStatus.NOT_AVAILABLE, False, 2)


def test_no_debts_before_due_counts_nothing_after_due_counts() -> None:
    before = _decide(Outcome.NO_DEBTS, attempts=2, due=FUTURE)
    assert (before.status, before.counted, before.attempts_after) == (FetchStatus.NOT_AVAILABLE, False, 2)
    on_due = decide(Outcome.NO_DEBTS, status_before=FetchStatus.PENDING, attempts_before=0, tries_in_run=1,
                    due_date=TODAY, today=TODAY, max_attempts=3, force=False)
    assert on_due.counted and on_due.status is FetchStatus.NOT_AVAILABLE
    at_limit = _decide(Outcome.NO_DEBTS, attempts=2, due=PAST)
    assert at_limit.status is FetchStatus.GAVE_UP


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
    assert not (d.retry_in_run and not outcome.is_transient)  # only transient failures retry in-run
    assert not (d.retry_in_run and d.status is FetchStatus.GAVE_UP)
    if d.status is FetchStatus.GAVE_UP:
        assert d.counted
        assert (tries >= max_attempts) if force else (d.attempts_after >= max_attempts)
    if outcome.is_match:
        assert d.status in (FetchStatus.SUCCESS, FetchStatus.PARTIAL)
