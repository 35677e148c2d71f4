"""What a window and its run's process say to each other (runner.child): requests, results and
zones survive the trip as JSON; a job that cannot be built ends the child with a coded failure
on its last line, and garbage on the input ends it without a traceback on the protocol."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from core.domain import FetchOrigin, RunStatus
from core.eligibility import EmptyReason, NothingToDo
from core.engine.ports import RunCounters, SelectionSummary
from core.engine.request import RunRequest
from core.engine.run_types import RunResult
from core.messages import decode
from runner.build import ProviderConfig
from runner.child import (
    job,
    request_from_dict,
    request_to_dict,
    result_from_dict,
    result_to_dict,
    zone_from_text,
    zone_to_text,
)

ROOT = Path(__file__).resolve().parents[2]


def _trip(data: dict) -> dict:
    return json.loads(json.dumps(data))


def test_a_request_survives_the_trip() -> None:
    request = RunRequest(origin=FetchOrigin.COHORT, cohort="2026-01", invoice_ids=(3, 9), force=True,
                         max_attempts=4, retry_pass=False, concurrency=3, rate_limit=None, started_by="app:ana",
                         extra=(("why", "test"),))
    assert request_from_dict(_trip(request_to_dict(request))) == request


def test_a_result_survives_the_trip_with_its_counters_and_origin() -> None:
    result = RunResult(run_id=7, status=RunStatus.FAILED, message='{"c":"run.no_answer"}',
                       counters=RunCounters(processed=5, errors=2, avg_seconds=0.25), duration_seconds=1.5,
                       planned_invoices=9, planned_documents=4, learned_rate=12.5, origin=FetchOrigin.AUTOMATIC)
    assert result_from_dict(_trip(result_to_dict(result))) == result


def test_an_empty_run_keeps_its_reason_and_next_day() -> None:
    nothing = NothingToDo(EmptyReason.NOT_YET_AVAILABLE, SelectionSummary(waiting=3, next_available=date(2026, 12, 9)))
    result = RunResult(run_id=0, status=RunStatus.COMPLETED, message="", counters=RunCounters(),
                       duration_seconds=0.0, planned_invoices=0, planned_documents=0, nothing=nothing)
    back = result_from_dict(_trip(result_to_dict(result)))
    assert back.nothing == nothing and back == result


def test_zones_by_name_and_by_offset() -> None:
    assert zone_from_text(zone_to_text(ZoneInfo("America/Sao_Paulo"))) == ZoneInfo("America/Sao_Paulo")
    fixed = timezone(timedelta(hours=-3))
    assert zone_from_text(zone_to_text(fixed)).utcoffset(None) == timedelta(hours=-3)
    assert zone_to_text(UTC) == "+0" and zone_from_text("+0").utcoffset(None) == timedelta(0)
    assert zone_to_text(None) is None


def _child(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "runner.child"], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_a_store_that_cannot_open_ends_the_child_with_a_coded_failure(tmp_path: Path) -> None:
    spec = job(str(tmp_path / "missing" / "deeper" / "\0bad.sqlite"), RunRequest(),
               ProviderConfig("http://127.0.0.1:9", "k"), UTC, 30)
    out = _child(json.dumps(spec) + "\n")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 1, out.stdout  # nothing but the protocol on stdout
    failure = json.loads(lines[0])["failed"]
    assert decode(failure).code == "run.failed"


def test_no_job_ends_the_child_quietly() -> None:
    out = _child("")
    assert out.returncode == 2 and out.stdout == ""
