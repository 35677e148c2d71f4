"""Sorting the paged lists in their queries: each list's whitelist, the id tie-breaker, NULLs
last, refusals naming the column, the error groups the filtered problem list contains, and the
default orders still walking their indexes (the plans of the queries the code really sends)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import peewee as pw
import pytest

from core.domain import FetchStatus
from storage.analytics import AnalyticsParamError, ProblemFilter, error_groups, error_groups_shown
from storage.analytics import problems as problems_module
from storage.analytics.problems import problem_invoices, problem_order
from storage.analytics.runs import (
    ATTEMPT_DEFAULT_ORDER,
    ATTEMPT_SELECT,
    ATTEMPT_SORT_COLUMNS,
    RUN_COLUMNS,
    RUN_DEFAULT_ORDER,
    RUN_SORT_COLUMNS,
    recent_runs,
    run_detail,
)
from storage.analytics.sorting import Sort, order_by
from storage.models import database_proxy
from tests.storage.analytics_fixtures import Scenario

SP = ZoneInfo("America/Sao_Paulo")
NOW = Scenario.NOW


def plan(sql: str, params: tuple[object, ...] = ()) -> str:
    return " | ".join(str(r[3]) for r in database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_the_default_orders_still_walk_their_indexes(db: pw.Database) -> None:
    where, params = ProblemFilter().sql()
    select = f"{problems_module._COLUMNS}{problems_module._from()}"
    problems = plan(f"{select} WHERE {where} ORDER BY {problem_order(None)} LIMIT 50",
                    tuple(params))
    assert "ix_invoice_problems" in problems and "TEMP B-TREE" not in problems
    runs = plan(f"SELECT {RUN_COLUMNS} FROM fetch_run ORDER BY "
                f"{order_by(None, RUN_SORT_COLUMNS, RUN_DEFAULT_ORDER, 'id')} LIMIT 50")
    assert "fetch_run_started_at" in runs and "TEMP B-TREE" not in runs
    attempts = plan(f"{ATTEMPT_SELECT} WHERE a.run_id = ? ORDER BY "
                    f"{order_by(None, ATTEMPT_SORT_COLUMNS, ATTEMPT_DEFAULT_ORDER, 'a.id')} LIMIT 50", (1,))
    assert "fetch_attempt_run_id_invoice_id_try_no" in attempts and "TEMP B-TREE" not in attempts


@pytest.mark.sqlite_only  # SQLite's query plans (EXPLAIN QUERY PLAN)
def test_a_chosen_column_sorts_the_filtered_rows_and_keeps_the_partial_index_for_the_filter(db) -> None:
    where, params = ProblemFilter().sql()
    by_attempts = plan(f"{problems_module._COLUMNS}{problems_module._from()} WHERE {where} ORDER BY "
                       f"{problem_order(Sort('attempts'))} LIMIT 50", tuple(params))
    assert "ix_invoice_problems" in by_attempts  # only problem rows are read, then sorted


def test_problem_list_sorts_by_any_whitelisted_column_with_nulls_last(db: pw.Database) -> None:
    s = Scenario()
    default = problem_invoices(NOW, SP)
    assert [r.invoice_id for r in default.items] == [s.b1.id, s.a3.id]  # newest failure first
    by_number = problem_invoices(NOW, SP, sort=Sort("contract"))
    assert [r.contract_number for r in by_number.items] == ["A-100", "B-200"]
    desc = problem_invoices(NOW, SP, sort=Sort("contract", descending=True))
    assert [r.contract_number for r in desc.items] == ["B-200", "A-100"]
    for key in problems_module.SORT_COLUMNS:  # every whitelisted column is valid SQL
        assert problem_invoices(NOW, SP, sort=Sort(key)).total == 2
        assert problem_invoices(NOW, SP, sort=Sort(key, descending=True)).total == 2
    with pytest.raises(AnalyticsParamError, match="sort"):
        problem_invoices(NOW, SP, sort=Sort("fetch_error; DROP TABLE invoice"))


def test_runs_and_a_runs_attempts_sort_in_the_query(db: pw.Database) -> None:
    s = Scenario()
    newest = [r.id for r in recent_runs(NOW, SP).items]
    assert newest == sorted(newest, reverse=True)
    by_origin = recent_runs(NOW, SP, sort=Sort("origin"))
    origins = [r.origin.value for r in by_origin.items]
    assert origins == sorted(origins)
    same = [r.id for r in by_origin.items if r.origin.value == "AUTOMATIC"]
    assert same == sorted(same)  # ties in id order: a stable order across pages
    pages = [r.id for p in (1, 2, 3, 4) for r in recent_runs(NOW, SP, sort=Sort("origin"), page=p,
                                                                page_size=1).items]
    assert pages == [r.id for r in by_origin.items]
    for key in RUN_SORT_COLUMNS:
        assert recent_runs(NOW, SP, sort=Sort(key, descending=True)).total == len(newest)
    detail = run_detail(s.r1.id, NOW, SP, sort=Sort("seconds", descending=True))
    seconds = [a.seconds for a in detail.attempts.items]
    assert seconds == sorted(seconds, reverse=True) and seconds[0] == 30.0
    assert {a.customer_name for a in detail.attempts.items} and all(a.document for a in detail.attempts.items)
    for key in ATTEMPT_SORT_COLUMNS:
        assert run_detail(s.r1.id, NOW, SP, sort=Sort(key)).attempts.total == 4
    with pytest.raises(AnalyticsParamError, match="sort"):
        recent_runs(NOW, SP, sort=Sort("nope"))


def test_error_groups_shown_are_those_of_the_filtered_problem_list(db: pw.Database) -> None:
    Scenario()
    every = error_groups(NOW, SP, 30, 50).groups
    shown = error_groups_shown(NOW, SP, 30, ProblemFilter(), 50).groups
    # B1 (gave up: 5xx, no match) and A3 (partial: divergent) are problems; A2's timeout was fixed
    assert {g.outcome.value for g in every} >= {"TIMEOUT", "HTTP_5XX", "NO_MATCH", "MATCHED_DIVERGENT"}
    assert {g.outcome.value for g in shown} == {"HTTP_5XX", "NO_MATCH", "MATCHED_DIVERGENT"}
    partial = error_groups_shown(NOW, SP, 30, ProblemFilter(status=FetchStatus.PARTIAL), 50).groups
    assert [(g.outcome.value, g.invoices) for g in partial] == [("MATCHED_DIVERGENT", 1)]
    whole = next(g for g in every if g.outcome.value == "HTTP_5XX")
    listed = next(g for g in shown if g.outcome.value == "HTTP_5XX")
    assert listed.attempts == whole.attempts  # the group's own figures stay whole
