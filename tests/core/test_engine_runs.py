"""The engine against the real simulator on loopback and a real SQLite file."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC

import pytest

from core.domain import FetchOrigin, FetchStatus, Outcome, RunStatus
from core.engine import RunRequest
from core.engine.run_types import CancelToken
from core.messages import render_log_line, render_text
from core.simulator.profiles import get_profile
from storage.models import Contract, FetchAttempt, FetchRun, Invoice
from tests.engine_support import (
    SnapshotLog,
    assert_run_consistent,
    fast_config,
    invoice_rows,
    run_engine,
    seed_from_world,
)


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    return small_world


def test_healthy_run_fetches_and_tracks_everything(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("instant"))
    log = SnapshotLog()
    result = run_engine(server, seeded, sink=log)
    assert result.status is RunStatus.COMPLETED
    assert_run_consistent(result.run_id)
    run = FetchRun.get_by_id(result.run_id)
    assert run.invoices == result.planned_invoices > 0
    assert run.processed == run.invoices  # every planned invoice got a result
    assert run.successes > run.invoices * 0.5
    assert run.partial > 0  # the world has shifted dates and different amounts
    assert run.lookups >= run.documents  # one lookup per document (plus retries)
    assert run.documents < run.invoices  # invoices were grouped by document
    assert run.status == "COMPLETED" and run.finished_at is not None and run.duration_seconds > 0
    # matched invoices carry what the operator has, with the time of the HTTP exchange
    ok = Invoice.select().where(Invoice.fetch_status == FetchStatus.SUCCESS.value)
    for inv in ok:
        assert inv.bar_code and inv.pix_code and inv.amount is not None and inv.fetch_seconds is not None
        assert inv.fetch_origin == FetchOrigin.MANUAL.value and inv.fetch_attempts == 1
    # the last snapshot is final and agrees with the stored run
    last = log.snapshots[-1]
    assert last.finished and last.done == run.processed and last.successes == run.successes
    assert last.percent == 100.0


def test_remote_invoice_never_settles_two_local_invoices(seeded, make_simulator) -> None:
    run_engine(make_simulator(), seeded)
    pairs = Counter(
        Invoice.select(Invoice.remote_id).where(Invoice.remote_id.is_null(False)).tuples()
    )
    assert pairs and all(n == 1 for n in pairs.values())


def test_matches_agree_with_the_world_ground_truth(seeded, make_simulator) -> None:
    run_engine(make_simulator(), seeded)
    truth = {}
    for debts in seeded.debts.values():
        for debt in debts:
            for inv in debt.invoices:
                if inv.contract_number is not None:
                    truth[inv.remote_id] = (inv.contract_number, inv.number)
    q = (Invoice.select(Invoice.remote_id, Contract.number, Invoice.number).join(Contract)
         .where(Invoice.fetch_status.in_(["SUCCESS", "PARTIAL"])).tuples())
    for remote_id, contract_number, number in q:
        assert truth[remote_id] == (contract_number, number)


@pytest.mark.parametrize(
    "profile",
    [
        get_profile("healthy", latency_median_ms=5, latency_p95_ms=15),
        get_profile("flaky", latency_median_ms=5, latency_p95_ms=20, error_rate=0.15, timeout_rate=0.05,
                    hang_seconds=3.0, malformed_rate=0.1, token_ttl_s=0.5),
        get_profile("rate-limited", latency_median_ms=2, latency_p95_ms=5, capacity_rps=60, burst=5,
                    retry_after_s=0.2),
        get_profile("outage", latency_median_ms=2, latency_p95_ms=5, outages=(), retry_after_s=0.1),
    ],
    ids=lambda p: p.name,
)
def test_counters_equal_attempt_rows_under_every_profile(seeded, make_simulator, profile) -> None:
    from core.simulator.profiles import OutageWindow

    if profile.name == "outage":  # a short outage shortly after the start
        profile = profile.with_overrides(outages=(OutageWindow(start_s=0.05, duration_s=0.6),))
    server = make_simulator(profile=profile)
    request = RunRequest(concurrency=8, rate_limit=200.0, max_attempts=4)
    result = run_engine(server, seeded, request, config=fast_config(outage_limit=5.0), read_timeout=0.5)
    assert result.status is RunStatus.COMPLETED, result.message
    assert_run_consistent(result.run_id)
    run = FetchRun.get_by_id(result.run_id)
    assert run.processed == run.invoices
    stats = server.stats()
    if profile.name == "rate-limited":  # the provider pushed back, and no invoice paid for it
        assert stats.rate_limited > 0
        assert not FetchAttempt.select().where(FetchAttempt.run == result.run_id,
                                               FetchAttempt.outcome == Outcome.RATE_LIMITED.value).exists()
        assert run.gave_up == 0


def test_outage_burns_no_attempts_and_fails_the_run(seeded, make_simulator) -> None:
    server = make_simulator()
    server.start_outage(None)  # down until told otherwise
    before = invoice_rows()
    result = run_engine(server, seeded, config=fast_config(outage_limit=0.8))
    assert result.status is RunStatus.FAILED
    assert "Provider unavailable" in render_text(result.message)
    assert FetchAttempt.select().where(FetchAttempt.run == result.run_id).count() == 0
    assert invoice_rows() == before  # every invoice exactly as it was
    run = FetchRun.get_by_id(result.run_id)
    assert run.status == "FAILED" and "Provider unavailable" in render_text(run.message)


def test_outage_mid_run_defers_instead_of_counting(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=3, latency_p95_ms=6))
    token = CancelToken()
    # A scripted outage, not a timed one: ten answers, then eight failures in a row, then answers.
    server.inject("none", 10)
    server.inject("http_500", 8)
    result = run_engine(server, seeded, RunRequest(concurrency=4, rate_limit=None), cancel=token,
                        config=fast_config(outage_limit=10.0))
    assert result.status is RunStatus.COMPLETED
    assert any("pausing lookups" in render_log_line(line) for line in json.loads(FetchRun.get_by_id(result.run_id).log))
    assert_run_consistent(result.run_id)
    transport = FetchAttempt.select().where(
        FetchAttempt.run == result.run_id,
        FetchAttempt.outcome.in_([Outcome.HTTP_5XX.value, Outcome.CONNECTION.value, Outcome.TIMEOUT.value]),
    ).count()
    assert transport == 0  # the breaker held them back: the outage burned nothing
    gave_up = [i.id for i in Invoice.select().where(Invoice.fetch_status == "GAVE_UP")]
    history = [(a.invoice_id, a.try_no, a.outcome, a.http_status, a.error) for a in
               FetchAttempt.select().where(FetchAttempt.invoice.in_(gave_up))]
    assert not gave_up, history


def test_cancel_mid_run_keeps_what_was_done(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=20, latency_p95_ms=40))
    token = CancelToken()

    def sink(s):
        if s.done >= 15:
            token.cancel()

    before = invoice_rows()
    result = run_engine(server, seeded, RunRequest(concurrency=2, rate_limit=None), sink=sink, cancel=token)
    assert result.status is RunStatus.CANCELLED
    assert_run_consistent(result.run_id)
    run = FetchRun.get_by_id(result.run_id)
    assert 15 <= run.processed < run.invoices
    touched = {i for (i,) in FetchAttempt.select(FetchAttempt.invoice).where(FetchAttempt.run == run.id).tuples()}
    after = invoice_rows()
    assert all(after[i] == before[i] for i in before if i not in touched)
    assert all(after[i] != before[i] for i in touched)


def test_retry_pass_stays_within_the_cohort(seeded, make_simulator) -> None:
    cohorts = Counter(c for (c,) in Contract.select(Contract.cohort).tuples())
    cohort = max(cohorts, key=cohorts.get)
    server = make_simulator()
    server.inject("http_500", 10_000)  # every lookup fails: everything goes to the retry pass
    result = run_engine(server, seeded, RunRequest(origin=FetchOrigin.COHORT, cohort=cohort, rate_limit=None,
                                                   max_attempts=5),
                        config=fast_config(breaker_threshold=10_000))
    assert_run_consistent(result.run_id)
    rows = list(FetchAttempt.select().where(FetchAttempt.run == result.run_id))
    assert rows and all(a.cohort == cohort for a in rows)
    invoice_cohorts = {c for (c,) in Invoice.select(Contract.cohort).join(Contract)
                       .where(Invoice.id.in_([a.invoice_id for a in rows])).tuples()}
    assert invoice_cohorts == {cohort}
    assert all(a.origin == "COHORT" for a in rows)


def test_transient_failures_are_retried_after_the_main_pass_and_counted(seeded, make_simulator) -> None:
    server = make_simulator()
    server.inject("http_500", 4)  # four lookups fail (fewer than the breaker needs), then all answer
    result = run_engine(server, seeded, RunRequest(rate_limit=None, max_attempts=3, concurrency=1))
    assert result.status is RunStatus.COMPLETED
    assert_run_consistent(result.run_id)
    rows = list(FetchAttempt.select().where(FetchAttempt.run == result.run_id))
    failed = {a.invoice_id for a in rows if a.outcome == Outcome.HTTP_5XX.value}
    assert failed
    retried = [a for a in rows if a.try_no > 1]
    assert {a.invoice_id for a in retried} == failed  # every transient failure came back
    assert all(a.retry_pass for a in retried) and not any(a.retry_pass for a in rows if a.try_no == 1)
    # answers that settle nothing by a retry (business failures, not open at the operator) are not
    # retried inside the run
    settled_by_answer = (Outcome.NO_MATCH, Outcome.AMBIGUOUS, Outcome.NOT_OPEN, Outcome.NO_DEBTS)
    business = {a.invoice_id for a in rows if a.outcome in {o.value for o in settled_by_answer}}
    assert business and all(a.try_no == 1 for a in rows if a.invoice_id in business and a.invoice_id not in failed)
    run = FetchRun.get_by_id(result.run_id)
    assert run.retries == len(retried) and run.retry_pass
    assert Invoice.select().where(Invoice.id.in_(list(failed)), Invoice.fetch_status == "ERROR",
                                  Invoice.last_outcome == "HTTP_5XX").count() == 0


def test_no_retry_leaves_transient_failures_for_the_next_run(seeded, make_simulator) -> None:
    server = make_simulator()
    server.inject("http_503", 4)
    result = run_engine(server, seeded, RunRequest(rate_limit=None, retry_pass=False, concurrency=1),
                        config=fast_config(breaker_threshold=100))
    assert_run_consistent(result.run_id)
    rows = list(FetchAttempt.select().where(FetchAttempt.run == result.run_id))
    assert all(a.try_no == 1 for a in rows)
    failed = {a.invoice_id for a in rows if a.outcome == Outcome.HTTP_5XX.value}
    assert failed and all(Invoice.get_by_id(i).fetch_status == "ERROR" for i in failed)
    assert FetchRun.get_by_id(result.run_id).retries == 0


def test_attempt_limit_gives_up_and_force_retry_fetches_again(seeded, make_simulator) -> None:
    server = make_simulator()
    server.inject("http_502", 10_000)
    first = run_engine(server, seeded, RunRequest(rate_limit=None, max_attempts=2),
                       config=fast_config(breaker_threshold=10_000))
    assert_run_consistent(first.run_id)
    gave_up = [i for (i,) in Invoice.select(Invoice.id).where(Invoice.fetch_status == "GAVE_UP").tuples()]
    assert len(gave_up) == first.planned_invoices
    assert all(i.fetch_attempts == 2 for i in Invoice.select().where(Invoice.id.in_(gave_up)))
    # an ordinary run leaves them alone
    server.app.clear_injected()
    runs = FetchRun.select().count()
    again = run_engine(server, seeded, RunRequest(rate_limit=None))
    assert again.run_id == 0 and again.nothing is not None  # nothing to do: no run row
    assert again.nothing.summary.gave_up == len(gave_up) and FetchRun.select().count() == runs
    # a forced RETRY run on exactly those ids fetches them again
    forced = run_engine(server, seeded, RunRequest(origin=FetchOrigin.RETRY, invoice_ids=tuple(gave_up),
                                                   force=True, rate_limit=None))
    assert_run_consistent(forced.run_id)
    run = FetchRun.get_by_id(forced.run_id)
    assert run.invoices == len(gave_up) and run.origin == "RETRY"
    touched = {i for (i,) in FetchAttempt.select(FetchAttempt.invoice).where(FetchAttempt.run == run.id).tuples()}
    assert touched == set(gave_up)
    assert Invoice.select().where(Invoice.id.in_(gave_up), Invoice.fetch_status == "SUCCESS").count() > 0


def test_a_second_run_picks_up_only_what_is_left(seeded, make_simulator) -> None:
    server = make_simulator()
    first = run_engine(server, seeded, RunRequest(rate_limit=None, retry_pass=False))
    left = Invoice.select().where(Invoice.fetch_status.in_(["PENDING", "ERROR", "NOT_AVAILABLE"]),
                                  Invoice.available_from <= seeded.today).count()
    second = run_engine(server, seeded, RunRequest(rate_limit=None, retry_pass=False))
    planned = FetchRun.get_by_id(second.run_id).invoices if second.run_id else 0
    assert planned == left < first.planned_invoices
    assert (second.nothing is None) == (left > 0)


def test_invalid_selector_values_are_refused() -> None:
    from core.engine import RequestError

    with pytest.raises(RequestError, match="cohort"):
        RunRequest(cohort="2026-13")
    with pytest.raises(RequestError, match="concurrency"):
        RunRequest(concurrency=0)
    with pytest.raises(RequestError, match="invoice ids"):
        RunRequest(invoice_ids=(0,))


def test_internal_error_still_ends_the_run(seeded, make_simulator, monkeypatch) -> None:
    import core.engine.recorder as recorder

    def boom(*args, **kwargs):
        raise RuntimeError("matching exploded")

    monkeypatch.setattr(recorder, "match_invoices", boom)
    with pytest.raises(RuntimeError, match="matching exploded"):
        run_engine(make_simulator(), seeded)
    run = FetchRun.select().order_by(FetchRun.id.desc()).get()
    assert run.status == "FAILED" and "matching exploded" in run.message
    assert run.finished_at is not None and run.finished_at.tzinfo is UTC


def test_an_answer_with_a_malformed_invoice_settles_the_others_and_proves_no_absence(seeded, make_simulator) -> None:
    server = make_simulator()
    server.inject("bad_due_date", 10_000)  # every answer: its first invoice has an impossible dueDate
    result = run_engine(server, seeded, RunRequest(rate_limit=None, retry_pass=False, concurrency=4),
                        config=fast_config(breaker_threshold=100))
    assert_run_consistent(result.run_id)
    rows = list(FetchAttempt.select().where(FetchAttempt.run == result.run_id))
    outcomes = Counter(a.outcome for a in rows)
    assert outcomes[Outcome.MATCHED.value] > 0  # the valid invoices of each answer still arrived
    # A local invoice missing from such an answer may be the unreadable one: retried later, not NO_MATCH.
    assert outcomes[Outcome.NO_MATCH.value] == 0 and outcomes[Outcome.BAD_RESPONSE.value] > 0
    bad = [a for a in rows if a.outcome == Outcome.BAD_RESPONSE.value]
    assert all("malformed invoice" in render_text(a.error) for a in bad)
