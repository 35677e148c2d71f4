"""core.messages: the catalog, encode/decode round trips for every parameter kind, legacy text,
technical detail kept out of the sentence, and an engine run against a failing simulator that
stores only codes."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from core.domain import FetchOrigin, Outcome
from core.engine import RunRequest
from core.messages import (
    CATALOG,
    LEGACY,
    Kind,
    MessageError,
    Msg,
    codes,
    decode,
    details,
    encode,
    group_key,
    msg,
    render,
    render_log_line,
    render_started_by,
    render_text,
    without_details,
)
from core.simulator.profiles import get_profile
from tests.engine_support import fast_config, run_engine, seed_from_world

DETAIL = "ReadTimeout (HTTPConnectionPool(host='operadora.example', port=443): read timed out)"
SAMPLE: dict[Kind, Any] = {
    Kind.INT: 41,
    Kind.COUNT: 1234,
    Kind.DECIMAL: Decimal("1.5"),
    Kind.MONEY: Decimal("1234.56"),
    Kind.SECONDS: 2.5,
    Kind.DATE: date(2026, 3, 5),
    Kind.DATES: [date(2026, 3, 5), date(2026, 3, 20)],
    Kind.DATETIME: datetime(2026, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=-3))),
    Kind.PERCENT: 0.125,
    Kind.TEXT: "7000123",
    Kind.DETAIL: DETAIL,
    Kind.OUTCOME: Outcome.TIMEOUT,
    Kind.ORIGIN: FetchOrigin.AUTOMATIC,
    Kind.STARTED_BY: "app:ana",
}


def sample(code: str) -> Msg:
    """A message of `code` with a value of every parameter (a PARTS holds two nested messages)."""
    spec = CATALOG[code]
    params: dict[str, Any] = {}
    for name, kind in spec.params.items():
        if kind is Kind.PARTS:
            params[name] = [msg("match.due_later", due=date(2026, 3, 7), days=2),
                            msg("match.amount_off", amount=Decimal("110"), expected=Decimal("100"),
                                diff=Decimal("10"))]
        else:
            params[name] = SAMPLE[kind]
    return msg(code, **params)


@pytest.mark.parametrize("code", codes())
def test_every_code_round_trips_and_renders_without_a_placeholder_or_its_detail(code: str) -> None:
    m = sample(code)
    text = encode(m)
    assert json.loads(text)["c"] == code and decode(text) == decode(encode(decode(text)))
    assert decode(text).code == code
    sentence = render(decode(text))
    assert sentence and not re.search(r"\{[a-z_]+\}", sentence), sentence
    assert DETAIL not in sentence and "operadora.example" not in sentence
    if Kind.DETAIL in CATALOG[code].params.values():
        assert details(decode(text)) == DETAIL


def test_every_parameter_kind_survives_the_round_trip_in_its_stored_form() -> None:
    kinds = {k for spec in CATALOG.values() for k in spec.params.values()}
    assert kinds == set(Kind)  # the catalog uses every kind, so the per-code test covers them all
    stored = decode(encode("match.no_match", due=date(2026, 3, 5), days=3, count=2,
                           dues=[date(2026, 3, 20), date(2026, 3, 25)]))
    assert stored.params == {"due": "2026-03-05", "days": 3, "count": 2, "dues": ["2026-03-20", "2026-03-25"]}
    money = decode(encode("match.amount_off", amount=Decimal("1234.56"), expected=Decimal("1200"),
                          diff=Decimal("-0.01")))
    assert money.params == {"amount": "1234.56", "expected": "1200", "diff": "-0.01"}
    when = decode(encode("alert.schedule_missed", when=SAMPLE[Kind.DATETIME]))
    assert when.params == {"when": "2026-03-05T14:30:00-03:00"}
    enum = decode(encode("lookup.failed_http", outcome=Outcome.HTTP_5XX, http=503, detail="x"))
    assert enum.params == {"outcome": "HTTP_5XX", "http": 503, "detail": "x"}


def test_english_rendering_uses_iso_dates_and_dot_decimals() -> None:
    text = render_text(encode("match.divergent", problems=[
        msg("match.due_earlier", due=date(2026, 3, 3), days=2),
        msg("match.amount_off", amount=Decimal("1234.5"), expected=Decimal("1200"), diff=Decimal("34.5"))]))
    assert text == ("Divergence: due 2026-03-03, 2 day(s) earlier than expected; amount R$ 1,234.50 "
                    "differs from the expected R$ 1,200.00 by R$ 34.50.")


@pytest.mark.parametrize("text", ["ReadTimeout (HTTPConnectionPool(host=x))", "completed: 5 success", "{not json",
                                  '{"c":"no.such.code","p":{}}', '{"c":1}', "", None])
def test_anything_not_an_encoded_message_is_legacy_text_shown_as_is(text: str | None) -> None:
    m = decode(text)
    assert m.code == LEGACY and render(m) == (text or "") and details(m) == ""


def test_unknown_codes_and_parameters_are_refused() -> None:
    with pytest.raises(MessageError):
        encode("no.such.code")
    with pytest.raises(MessageError):
        encode("run.cancelled", who="x")
    with pytest.raises(MessageError):
        encode("run.completed", successes=1)  # the other counts are missing


def test_a_log_line_keeps_its_time_stamp_and_renders_its_message() -> None:
    line = "12:00:01 " + encode("run.outage_pause", failures=5)
    assert render_log_line(line).startswith("12:00:01 The provider is failing: 5 failures in a row")
    assert render_log_line("12:00:01 run 3 started (manual)") == "12:00:01 run 3 started (manual)"


def test_without_details_drops_every_detail_nested_ones_too() -> None:
    text = encode("run.invoice_failed", contract="1", invoice="2", document="***", outcome=Outcome.BAD_RESPONSE,
                  reason=[msg("lookup.failed_http", outcome=Outcome.BAD_RESPONSE, http=200, detail=DETAIL)],
                  detail=DETAIL)
    assert DETAIL in details(decode(text))
    short = without_details(text)
    assert DETAIL not in short and render_text(short) == render_text(text)


@pytest.mark.parametrize(("stored", "english"), [
    ("app:ana", "app — ana"), ("cli:root@vm", "command line — root@vm"), ("app:schedule", "schedule"),
    ("demo-history", "demo history"), ("cli", "command line"), ("something else", "something else"),
    ("another window", "another window"), ("", ""),
])
def test_started_by_is_rendered_not_shown_as_stored(stored: str, english: str) -> None:
    assert render_started_by(stored) == english


def test_errors_group_by_code_and_old_text_by_itself() -> None:
    a = encode("lookup.failed", outcome=Outcome.TIMEOUT, detail="ReadTimeout host a")
    b = encode("lookup.failed", outcome=Outcome.TIMEOUT, detail="ConnectTimeout host b")
    assert group_key(a) == group_key(b) == "lookup.failed"
    assert group_key("timeout after 5s") == "timeout after 5s"


@pytest.mark.usefixtures("db")
def test_a_run_against_a_failing_provider_stores_only_codes(small_world, make_simulator) -> None:
    from storage.models import FetchAttempt, FetchRun, Invoice

    seed_from_world(small_world)
    flaky = make_simulator(profile=get_profile("flaky", error_rate=0.3, timeout_rate=0.0, malformed_rate=0.2,
                                               latency_median_ms=1, latency_p95_ms=2))
    result = run_engine(flaky, small_world, RunRequest(rate_limit=None, max_attempts=2),
                        config=fast_config(breaker_threshold=10_000))
    run = FetchRun.get_by_id(result.run_id)
    stored: list[str] = [run.message]
    stored += [a.error for a in FetchAttempt.select().where(FetchAttempt.error.is_null(False))]
    stored += [i.fetch_error for i in Invoice.select().where(Invoice.fetch_error.is_null(False))]
    log_lines = json.loads(run.log)
    stored += [line.partition(" ")[2] for line in log_lines]
    failed = FetchAttempt.select().where(FetchAttempt.outcome.in_([o.value for o in Outcome if o.is_transient]))
    assert failed.count() > 0 and len(log_lines) > 2  # the provider did fail, and the log said so
    legacy = [text for text in stored if decode(text).is_legacy]
    assert not legacy, legacy[:3]
    assert decode(run.message).code == "run.completed"
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", line[:8]) for line in log_lines)
    assert not any(re.search(r"\d{11}", text) for text in stored)  # no document in clear
    # A failed lookup's log line names its outcome once: the HTTP status and the client's text
    # are its technical detail, not a second sentence saying the same.
    failures = [decode(line.partition(" ")[2]) for line in log_lines]
    failures = [m for m in failures if m.code in ("run.invoice_failed", "run.invoice_gave_up")
                and m.params["outcome"] == Outcome.HTTP_5XX.value]
    assert failures
    for m in failures:
        assert not m.params.get("reason") and str(m.params["detail"]).startswith("HTTP 5")
        sentence = render(m)
        assert sentence.count("5xx") == 1 and "HTTP 5" not in sentence, sentence
