"""Problems, error groups, run history and run detail on the hand-built history."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from core.domain import FetchStatus, Outcome, RunStatus
from storage.analytics import (
    NotFoundError,
    ProblemFilter,
    attempt_history,
    error_group_invoice_ids,
    error_groups,
    normalise_error,
    persistent_errors,
    problem_invoice_ids,
    problem_invoices,
    recent_runs,
    run_detail,
)
from tests.storage.analytics_fixtures import Scenario, utc

SP = ZoneInfo("America/Sao_Paulo")
NOW = Scenario.NOW


@pytest.fixture
def s(db: pw.Database) -> Scenario:
    return Scenario()


def ids(page: object) -> list[int]:
    return [i.invoice_id for i in page.items]  # type: ignore[attr-defined]


def test_problem_list_newest_first_with_total(s: Scenario) -> None:
    page = problem_invoices(NOW, SP)
    assert ids(page) == [s.b1.id, s.a3.id] and page.total == 2
    b1 = page.items[0]
    assert (b1.status, b1.attempts, b1.last_outcome, b1.contract_number, b1.cohort) == (
        FetchStatus.GAVE_UP,
        3,
        Outcome.HTTP_5XX,
        "B-200",
        "2026-02",
    )
    assert b1.error == "HTTP 503 after 2.5s" and b1.last_fetch_at == utc(2026, 3, 9, 14, 0, 5)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ProblemFilter(status="PARTIAL"), ["a3"]),
        (ProblemFilter(cohort="2026-01"), ["a3"]),
        (ProblemFilter(origin="MANUAL"), ["b1"]),
        (ProblemFilter(min_attempts=3), ["b1"]),
        (ProblemFilter(min_attempts=11), []),
        (ProblemFilter(outcome=Outcome.HTTP_5XX), ["b1"]),
        (ProblemFilter(cohort="2026-02", status=FetchStatus.ERROR), []),
    ],
)
def test_problem_filters_list_and_count_agree(s: Scenario, flt: ProblemFilter, expected: list[str]) -> None:
    page = problem_invoices(NOW, SP, flt)
    assert ids(page) == [getattr(s, name).id for name in expected]
    assert page.total == len(expected)
    assert problem_invoice_ids(flt) == tuple(getattr(s, name).id for name in expected)


def test_problem_paging(s: Scenario) -> None:
    second = problem_invoices(NOW, SP, page=2, page_size=1)
    assert ids(second) == [s.a3.id] and second.total == 2 and second.pages == 2 and not second.has_next
    assert problem_invoices(NOW, SP, page=3, page_size=1).items == ()


def test_persistent_errors(s: Scenario) -> None:
    assert ids(persistent_errors(NOW, SP)) == [s.b1.id]
    assert persistent_errors(NOW, SP, min_attempts=4).total == 0


def test_attempt_history_newest_first(s: Scenario) -> None:
    page = attempt_history(s.b1.id, NOW, SP)
    assert [a.run_id for a in page.items] == [s.r3.id, s.r2.id, s.r1.id] and page.total == 3
    assert page.items[0].status_after is FetchStatus.GAVE_UP and page.items[0].http_status == 503
    with pytest.raises(NotFoundError, match="invoice_id"):
        attempt_history(999, NOW, SP)


def test_error_groups(s: Scenario) -> None:
    groups = error_groups(NOW, SP, 30).groups
    keys = [(g.outcome, g.http_status, g.key, g.invoices, g.attempts) for g in groups]
    assert keys == [
        (Outcome.HTTP_5XX, 503, "HTTP # after #s", 1, 2),
        (Outcome.MATCHED_DIVERGENT, None, "amount differs by R$ #", 1, 1),
        (Outcome.NO_MATCH, None, "no open invoice due within # days", 1, 1),
        (Outcome.TIMEOUT, None, "read timeout after #s", 1, 1),
    ]
    http = groups[0]
    assert http.first_seen == utc(2026, 3, 6, 13, 0, 10) and http.last_seen == utc(2026, 3, 9, 14, 0, 5)
    assert http.sample == "HTTP 503 after 2.5s"
    timeout = [g for g in error_groups(NOW, SP, 60).groups if g.outcome is Outcome.TIMEOUT][0]
    assert (timeout.invoices, timeout.attempts, timeout.first_seen) == (2, 2, utc(2026, 1, 20, 3, 0, 10))
    assert error_group_invoice_ids(NOW, SP, 60, "TIMEOUT", None, "read timeout after #s") == (
        s.a1.id,
        s.a2.id,
    )
    assert error_group_invoice_ids(NOW, SP, 30, Outcome.TIMEOUT, None, "read timeout after #s") == (s.a2.id,)


def test_error_message_normalisation() -> None:
    assert (
        normalise_error("timeout after 30.0s") == normalise_error("timeout after 5.25s") == "timeout after #s"
    )
    assert normalise_error("R$ 1.234,56 != 1.200,00") == "R$ # != #"
    assert normalise_error("request 2026-03-05/771 failed") == "request # failed"
    assert normalise_error(None) == ""


def test_recent_runs_paging_and_filters(s: Scenario) -> None:
    page = recent_runs(NOW, SP)
    assert [r.id for r in page.items] == [s.r3.id, s.r2.id, s.r1.id, s.r0.id] and page.total == 4
    assert [r.id for r in recent_runs(NOW, SP, origin="AUTOMATIC").items] == [s.r1.id, s.r0.id]
    failed = recent_runs(NOW, SP, status=RunStatus.FAILED)
    assert [r.id for r in failed.items] == [s.r3.id] and failed.total == 1
    last = recent_runs(NOW, SP, page=2, page_size=3)
    assert [r.id for r in last.items] == [s.r0.id] and last.total == 4
    assert recent_runs(NOW, SP, cohort="2026-01").total == 0


def test_run_detail(s: Scenario) -> None:
    detail = run_detail(s.r1.id, NOW, SP)
    assert detail.run.id == s.r1.id and detail.attempts.total == 4
    assert [(a.invoice_id, a.try_no) for a in detail.attempts.items] == [
        (s.a1.id, 1),
        (s.a2.id, 1),
        (s.a2.id, 2),
        (s.b1.id, 1),
    ]
    assert detail.outcomes == ((Outcome.MATCHED, 2), (Outcome.NO_MATCH, 1), (Outcome.TIMEOUT, 1))
    assert [a.try_no for a in run_detail(s.r1.id, NOW, SP, page=2, page_size=3).attempts.items] == [1]
    with pytest.raises(NotFoundError, match="run_id"):
        run_detail(999, NOW, SP)
