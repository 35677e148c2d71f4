"""The Problems screen's status term is core.domain's set, spelled as the partial index's."""

from __future__ import annotations

import peewee as pw
import pytest

from core.domain import PROBLEM_STATUSES, FetchStatus
from storage.analytics.problems import PROBLEM_STATUSES_SQL, ProblemFilter


@pytest.mark.sqlite_only  # SQLite matches a partial index by its spelling
def test_the_problem_term_is_the_partial_index_term(db: pw.Database) -> None:
    (index_sql,) = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_invoice_problems'").fetchone()
    # SQLite uses a partial index only for a query whose term is written exactly as the index's
    assert index_sql.endswith(f"WHERE fetch_status IN {PROBLEM_STATUSES_SQL}")
    where, _ = ProblemFilter().sql()
    assert where == f"i.fetch_status IN {PROBLEM_STATUSES_SQL}"


def test_problem_statuses() -> None:
    assert {s for s in FetchStatus if s.is_problem} == set(PROBLEM_STATUSES)
    assert set(PROBLEM_STATUSES) == {FetchStatus.ERROR, FetchStatus.GAVE_UP, FetchStatus.PARTIAL}
