"""`python main.py fetch`: exit codes, JSON output, and a SIGKILL in the middle of a run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from cli.app import main
from core.simulator.profiles import get_profile
from storage.db import close_database, open_database
from storage.models import FetchAttempt, FetchRun, Invoice
from tests.engine_support import assert_run_consistent, invoice_rows, run_engine, seed_from_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(db, small_world):
    seed_from_world(small_world)
    return small_world


def _env(server) -> dict[str, str]:
    env = dict(os.environ)
    env["FATURAS_PROVIDER_KEY"] = server.key_string
    return env


def test_json_output_is_the_final_run_with_its_field_names(seeded, db_location, make_simulator, capsys,
                                                           monkeypatch) -> None:
    server = make_simulator()
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", server.key_string)
    code = main(["fetch", "--db", db_location, "--provider-url", server.url, "--json", "--rate", "500"])
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "COMPLETED" and out["origin"] == "MANUAL"
    run = FetchRun.get_by_id(out["id"])
    for name in ("successes", "errors", "gave_up", "processed", "lookups", "p95_seconds", "invoices"):
        assert out[name] == getattr(run, name)
    assert isinstance(out["log"], list) and out["log"]
    assert code == (1 if run.errors or run.gave_up else 0)


def test_key_string_on_the_command_line_warns_that_it_is_visible(db_location, capsys, monkeypatch) -> None:
    from runner.build import key_file_path

    monkeypatch.delenv("FATURAS_PROVIDER_KEY", raising=False)
    bad_cohort = ["fetch", "--db", db_location, "--provider-url", "http://127.0.0.1:9", "--cohort", "2026-1"]
    assert main([*bad_cohort, "--key-string", "s3cr3t-k3y"]) == 2  # stops before any lookup
    err = capsys.readouterr().err
    assert "warning: --key-string is visible to every user of this machine in the process list" in err
    assert "$FATURAS_PROVIDER_KEY" in err and str(key_file_path()) in err
    assert "s3cr3t-k3y" not in err
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", "k")
    assert main(bad_cohort) == 2
    assert "--key-string" not in capsys.readouterr().err


def test_usage_errors_exit_2_with_a_message(seeded, db_location, capsys, monkeypatch) -> None:
    monkeypatch.delenv("FATURAS_PROVIDER_KEY", raising=False)
    assert main(["fetch", "--db", db_location]) == 2
    assert "provider URL" in capsys.readouterr().err
    assert main(["fetch", "--db", db_location, "--provider-url", "http://127.0.0.1:9"]) == 2
    assert "key string" in capsys.readouterr().err
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", "k")
    assert main(["fetch", "--db", db_location, "--provider-url", "http://127.0.0.1:9", "--cohort", "2026-1"]) == 2
    assert "cohort must be YYYY-MM" in capsys.readouterr().err


def test_the_key_string_is_read_from_the_key_file_as_in_the_app(seeded, db_location, make_simulator, capsys, tmp_path,
                                                                monkeypatch) -> None:
    from runner.build import key_file_path

    server = make_simulator()
    monkeypatch.delenv("FATURAS_PROVIDER_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    key_file_path().parent.mkdir(parents=True)
    key_file_path().write_text(server.key_string + "\n", encoding="utf-8")
    code = main(["fetch", "--db", db_location, "--provider-url", server.url, "--json", "--rate", "500"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and out["status"] == "COMPLETED" and out["lookups"] > 0
    assert out["started_by"].startswith("cli:")


def test_provider_unavailable_exits_3_and_touches_nothing(seeded, db_location, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", "k")
    before = invoice_rows()
    # nothing listens on port 9 (discard): every connection is refused
    code = main(["fetch", "--db", db_location, "--provider-url", "http://127.0.0.1:9", "--unavailable-after", "1",
                 "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 3 and out["status"] == "FAILED" and "Provider unavailable" in out["message"]
    assert out["message_code"] == "run.no_answer"
    assert invoice_rows() == before


def _count(location: str, sql: str) -> int:
    """One number from the store, read by a connection of its own (as another program would)."""
    if location.startswith("postgresql://"):
        with psycopg.connect(location) as pg:
            row = pg.execute(sql).fetchone()
            assert row is not None
            return int(row[0])
    con = sqlite3.connect(location, timeout=5)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_sigkill_mid_run_leaves_a_consistent_database(seeded, db_location, make_simulator) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=40, latency_p95_ms=60))
    planned = Invoice.select().where(Invoice.available_from <= seeded.today).count()
    close_database()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", db_location, "--provider-url", server.url,
         "--concurrency", "2", "--rate", "20", "--no-retry", "--json"],
        env=_env(server),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while _count(db_location, "SELECT COUNT(*) FROM fetch_attempt") < 25:  # wait for committed work
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the run made no progress"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    open_database(db_location)  # the next start recognises the dead run
    run = FetchRun.select().order_by(FetchRun.id.desc()).get()
    assert run.status == "INTERRUPTED" and run.finished_at is not None and "interrupted" in run.message
    assert_run_consistent(run.id)
    done = run.processed
    assert 0 < done < run.invoices
    # no invoice is half-written: every touched invoice matches its last attempt (checked above), and
    # every untouched one is still pending
    touched = {i for (i,) in FetchAttempt.select(FetchAttempt.invoice).tuples()}
    assert Invoice.select().where(Invoice.id.not_in(list(touched)), Invoice.fetch_status != "PENDING").count() == 0
    # the next run completes the work
    result = run_engine(server, seeded)
    assert_run_consistent(result.run_id)
    left = Invoice.select().where(Invoice.available_from <= seeded.today, Invoice.fetch_status == "PENDING").count()
    assert left == 0 and planned > 0


def test_debug_logs_of_a_run_hold_no_document_or_secret(seeded, db_location, make_simulator) -> None:
    server = make_simulator()
    server.inject("http_500", 2)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "-vv", "fetch", "--db", db_location, "--provider-url", server.url,
         "--rate", "500", "--json"],
        env=_env(server), capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    logs = proc.stderr + proc.stdout
    assert "DEBUG" in logs and "authenticating" in logs  # the debug log did run
    documents = {c.document for c in seeded.contracts}
    leaked = [d for d in documents if d in logs]
    assert not leaked, f"{len(leaked)} document(s) in the output"
    assert server.key_string not in logs
    credentials = server.live_credentials()
    assert credentials and not any(secret in logs for secret in credentials)


def test_closed_and_not_available_invoices_never_make_fetch_exit_1_and_an_empty_run_says_why(
        seeded, db_location, make_simulator, capsys, monkeypatch) -> None:
    server = make_simulator()
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", server.key_string)
    code = main(["fetch", "--db", db_location, "--provider-url", server.url, "--json", "--rate", "500"])
    out = json.loads(capsys.readouterr().out)
    run = FetchRun.get_by_id(out["id"])
    assert run.closed > 0 and out["closed"] == run.closed  # paid at the operator: not problems
    assert code == (1 if run.errors or run.gave_up else 0)
    runs = FetchRun.select().count()
    # nothing is left to fetch: no run row, exit 0, and the reason
    code = main(["fetch", "--db", db_location, "--provider-url", server.url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["run"] is None and out["nothing"] in ("NOT_YET_AVAILABLE", "ALL_SETTLED", "ONLY_GAVE_UP")
    assert out["message"].startswith("nothing to fetch") and FetchRun.select().count() == runs
    code = main(["fetch", "--db", db_location, "--provider-url", server.url, "--cohort", "1999-01"])
    assert code == 0 and "no invoice matches this selection" in capsys.readouterr().out
