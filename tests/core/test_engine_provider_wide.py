"""Failures of the provider or of our configuration count nothing against an invoice.

A wrong key string, a captcha wall on every answer and 429s that never stop each end (or slow)
the run with a message that says which, and leave every invoice as it was: the next run with a
working provider fetches them all. Real simulator on loopback, real SQLite store.
"""

from __future__ import annotations

import time
from datetime import UTC

import pytest

from core.domain import FetchStatus, Outcome, RunStatus
from core.engine import FetchEngine, RunRequest
from core.messages import PROVIDER_UNAVAILABLE_CODES, decode, render_text
from core.provider.negocia import NegociaClient
from core.simulator.profiles import get_profile
from storage.engine_store import SqlEngineStore
from storage.models import FetchAttempt, FetchRun, Invoice
from tests.engine_support import (
    PinnedClock,
    assert_run_consistent,
    fast_config,
    invoice_rows,
    run_engine,
    seed_from_world,
)

REQUEST = RunRequest(concurrency=8, rate_limit=None, max_attempts=2)


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    return small_world


def _no_attempts(run_id: int) -> bool:
    return not FetchAttempt.select().where(FetchAttempt.run == run_id).exists()


def _fetches_everything_next(server, world) -> None:
    result = run_engine(server, world, REQUEST)
    assert result.status is RunStatus.COMPLETED, result.message
    assert result.planned_invoices > 0 and result.counters.processed == result.planned_invoices
    assert not Invoice.select().where(Invoice.fetch_status == FetchStatus.GAVE_UP.value).exists()
    assert_run_consistent(result.run_id)


def test_a_wrong_key_string_ends_the_run_at_once_and_touches_nothing(seeded, make_simulator) -> None:
    server = make_simulator()
    before = invoice_rows()
    client = NegociaClient(server.url, "not the portal's key", read_timeout=2.0, pool_size=8)
    started = time.monotonic()
    try:
        engine = FetchEngine(SqlEngineStore(), client, config=fast_config(outage_limit=30.0),
                             clock=PinnedClock(seeded.today), tz=UTC)
        result = engine.run(REQUEST)
    finally:
        client.close()
    assert time.monotonic() - started < 10  # not the 30 s outage limit: waiting does not fix a key
    assert result.status is RunStatus.FAILED
    assert decode(result.message).code == "run.key_mismatch" and "run.key_mismatch" in PROVIDER_UNAVAILABLE_CODES
    assert "key string does not decrypt" in render_text(result.message)  # says which setting is wrong
    assert _no_attempts(result.run_id) and invoice_rows() == before
    assert FetchRun.get_by_id(result.run_id).status == "FAILED"
    _fetches_everything_next(server, seeded)


def test_a_captcha_wall_counts_nothing_and_says_what_it_saw(seeded, make_simulator) -> None:
    server = make_simulator()
    server.inject("captcha", 100_000)
    before = invoice_rows()
    result = run_engine(server, seeded, REQUEST, config=fast_config(outage_limit=0.8))
    assert result.status is RunStatus.FAILED
    assert decode(result.message).code in PROVIDER_UNAVAILABLE_CODES
    assert "not its API" in render_text(result.message)
    assert _no_attempts(result.run_id) and invoice_rows() == before
    server.clear_injected()
    _fetches_everything_next(server, seeded)


def test_429s_that_never_stop_end_the_run_and_burn_no_attempt(seeded, make_simulator) -> None:
    server = make_simulator(profile=get_profile("instant", retry_after_s=0))
    server.inject("rate_limit", 100_000)
    before = invoice_rows()
    result = run_engine(server, seeded, REQUEST, config=fast_config(outage_limit=0.8))
    assert result.status is RunStatus.FAILED
    assert "429" in render_text(result.message)
    assert _no_attempts(result.run_id) and invoice_rows() == before
    server.clear_injected()
    _fetches_everything_next(server, seeded)


def test_a_provider_slower_than_we_ask_only_slows_the_run(seeded, make_simulator) -> None:
    """Capacity far under the rate we are allowed: 429s, and nothing given up or counted."""
    server = make_simulator(profile=get_profile("instant", capacity_rps=40, burst=4, retry_after_s=0))
    result = run_engine(server, seeded, RunRequest(concurrency=8, rate_limit=400.0, max_attempts=1),
                        config=fast_config(outage_limit=10.0))
    assert result.status is RunStatus.COMPLETED, result.message
    assert server.stats().rate_limited > 0
    assert result.counters.processed == result.planned_invoices
    assert not FetchAttempt.select().where(FetchAttempt.outcome == Outcome.RATE_LIMITED.value).exists()
    # what was given up was given up for the invoice's own answer (no match, no debts), never for a 429
    transient = [o.value for o in Outcome if o.is_transient]
    assert not FetchAttempt.select().where(FetchAttempt.status_after == FetchStatus.GAVE_UP.value,
                                           FetchAttempt.outcome.in_(transient)).exists()
    assert_run_consistent(result.run_id)


def test_one_bad_answer_among_good_ones_is_the_invoices_own_failure(seeded, make_simulator) -> None:
    """The wall detector must not hide a single broken answer: it counts as an ordinary failure."""
    server = make_simulator()
    server.inject("captcha", 1)
    result = run_engine(server, seeded, RunRequest(concurrency=1, rate_limit=None, retry_pass=False))
    assert result.status is RunStatus.COMPLETED, result.message
    rows = FetchAttempt.select().where(FetchAttempt.run == result.run_id,
                                       FetchAttempt.outcome == Outcome.BAD_RESPONSE.value)
    assert rows.count() >= 1
    assert_run_consistent(result.run_id)


def test_a_wall_with_a_few_good_answers_between_counts_none_of_its_pages(seeded, make_simulator) -> None:
    """Two captcha pages for every real answer: the real answers are recorded, the pages are not
    any invoice's failure, and the wall that does not go away ends the run saying what it is."""
    server = make_simulator()
    for _ in range(400):
        server.inject("captcha", 2)
        server.inject("none", 1)
    before = invoice_rows()
    result = run_engine(server, seeded, REQUEST, config=fast_config(outage_limit=1.0))
    assert result.status is RunStatus.FAILED and "not its API" in render_text(result.message), result.message
    assert not FetchAttempt.select().where(FetchAttempt.outcome == Outcome.BAD_RESPONSE.value).exists()
    assert any(row != before[i] for i, row in invoice_rows().items())  # the good answers were kept
    assert not Invoice.select().where(Invoice.fetch_status == FetchStatus.GAVE_UP.value).exists()
    assert_run_consistent(result.run_id)


def test_the_unavailable_limit_counts_from_the_first_failed_request(seeded, make_simulator) -> None:
    """Every request hangs: the run ends about `outage_limit` after the first one went out, not
    that plus the timeouts it took the breaker to open (and its probes)."""
    server = make_simulator(profile=get_profile("instant", timeout_rate=1.0, hang_seconds=30))
    before = invoice_rows()
    result = run_engine(server, seeded, REQUEST, config=fast_config(outage_limit=2.0), read_timeout=1.5)
    assert result.status is RunStatus.FAILED and "no answer" in render_text(result.message)
    assert result.duration_seconds < 2.0 + 1.0  # within the limit, not 1.5 s (timeouts) + 2 s + a probe
    assert _no_attempts(result.run_id) and invoice_rows() == before


def test_a_limit_shorter_than_the_read_timeout_is_kept_within_ten_percent(seeded, make_simulator) -> None:
    """Every request hangs and the read timeout (5 s) is longer than the limit (2 s): nothing comes
    back before the limit, and the run still ends at the limit, not at the first timeouts."""
    server = make_simulator(profile=get_profile("instant", timeout_rate=1.0, hang_seconds=30))
    before = invoice_rows()
    limit = 2.0
    result = run_engine(server, seeded, REQUEST, config=fast_config(outage_limit=limit), read_timeout=5.0)
    assert result.status is RunStatus.FAILED and decode(result.message).code == "run.no_answer"
    assert server.stats().hangs > 0
    assert limit <= result.duration_seconds < limit * 1.1
    assert _no_attempts(result.run_id) and invoice_rows() == before
