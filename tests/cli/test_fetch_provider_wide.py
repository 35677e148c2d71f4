"""`python main.py fetch` against a provider that fails as a whole, as a real process against the
simulator on loopback: a wrong key string, a token refused on every lookup, a captcha wall on
every answer, 429s that never stop. Each run exits 3 and ends FAILED with a message of its own,
records no attempt, and leaves every column of every invoice exactly as it was; the next run
with the right key and a working provider looks every planned invoice up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.domain import FetchStatus, Outcome
from core.simulator.profiles import get_profile
from storage.db import close_database, open_database
from storage.models import FetchAttempt, FetchRun, Invoice
from tests.engine_support import assert_run_consistent, seed_from_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    close_database()  # the command opens the store itself
    return small_world


def _fetch(db_location: str, url: str, key_string: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    env = dict(os.environ)
    env["FATURAS_PROVIDER_KEY"] = key_string
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", db_location, "--provider-url", url,
         "--rate", "500", "--json", *extra],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def _invoice_table(db_location: str) -> list[tuple[Any, ...]]:
    """Every column of every invoice, read by a connection of the test's own."""
    database = open_database(db_location)
    try:
        return [tuple(row) for row in database.execute_sql("SELECT * FROM invoice ORDER BY id").fetchall()]
    finally:
        close_database()


def _assert_failed_and_untouched(db_location: str, before: list[tuple[Any, ...]], code: int,
                                 out: dict[str, Any]) -> None:
    assert code == 3, out
    assert out["status"] == "FAILED" and out["processed"] == 0 and out["gave_up"] == 0, out
    assert _invoice_table(db_location) == before
    open_database(db_location)
    try:
        assert FetchRun.get_by_id(out["id"]).status == "FAILED"
        assert not FetchAttempt.select().where(FetchAttempt.run == out["id"]).exists()
    finally:
        close_database()


def test_provider_wide_failures_exit_3_touch_nothing_and_the_next_run_fetches_everything(
        seeded, db_location, make_simulator) -> None:
    server = make_simulator(profile=get_profile("instant", retry_after_s=0))
    before = _invoice_table(db_location)
    assert before
    messages: dict[str, str] = {}

    code, out, err = _fetch(db_location, server.url, "not the portal's key")
    _assert_failed_and_untouched(db_location, before, code, out)
    assert server.key_string not in err and "not the portal's key" not in err
    messages["wrong key"] = out["message"]

    for name, fault in (("token refused", "unauthorized"), ("captcha wall", "captcha"),
                        ("429s", "rate_limit")):
        server.inject(fault, 100_000)
        code, out, _ = _fetch(db_location, server.url, server.key_string, "--unavailable-after", "1")
        server.clear_injected()
        _assert_failed_and_untouched(db_location, before, code, out)
        messages[name] = out["message"]
    # each failure says what it is: no two of them end with the same message
    assert len(set(messages.values())) == len(messages), messages

    code, out, _ = _fetch(db_location, server.url, server.key_string)
    assert code in (0, 1) and out["status"] == "COMPLETED", out
    assert out["invoices"] > 0 and out["processed"] == out["invoices"]
    open_database(db_location)
    try:
        looked_up = {i for (i,) in FetchAttempt.select(FetchAttempt.invoice).where(
            FetchAttempt.run == out["id"]).tuples()}
        assert len(looked_up) == out["invoices"]  # every planned invoice was looked up
        assert not Invoice.select().where(Invoice.fetch_status == FetchStatus.GAVE_UP.value).exists()
        assert_run_consistent(out["id"])
    finally:
        close_database()


def test_a_provider_that_allows_far_less_than_we_ask_slows_the_run_and_gives_nothing_up(
        seeded, db_location, make_simulator) -> None:
    """The issue's `--capacity 2 --rate 200`, on one cohort of the small world: 429s all along
    (each with the simulator's Retry-After, which the run honours), and the run still ends
    COMPLETED with no lookup counted as RATE_LIMITED and nothing given up for it."""
    server = make_simulator(profile=get_profile("instant", capacity_rps=2, burst=1))
    code, out, _ = _fetch(db_location, server.url, server.key_string, "--rate", "200", "--max-attempts", "1",
                          "--cohort", "2025-12")
    assert code in (0, 1) and out["status"] == "COMPLETED", out
    assert server.stats().rate_limited > 0  # the provider did refuse
    assert out["processed"] == out["invoices"] > 0
    open_database(db_location)
    try:
        assert not FetchAttempt.select().where(FetchAttempt.outcome == Outcome.RATE_LIMITED.value).exists()
        transient = [o.value for o in Outcome if o.is_transient]
        assert not FetchAttempt.select().where(FetchAttempt.status_after == FetchStatus.GAVE_UP.value,
                                               FetchAttempt.outcome.in_(transient)).exists()
        assert_run_consistent(out["id"])
    finally:
        close_database()
