"""The benchmarks' synthetic history dates its invoices by the business rule (core.due_dates)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

import peewee as pw

from bench.synthetic import SyntheticSpec, build_history
from core.domain import INVOICES_PER_CONTRACT
from core.due_dates import invoice_schedule

END = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
DAYS = 366  # one contract installed on every day of a year: every day of the month, February included


def test_due_dates_follow_core_due_dates(db: pw.Database) -> None:
    report = build_history(db, SyntheticSpec(invoices=DAYS * INVOICES_PER_CONTRACT, end=END, days=DAYS))
    rows = db.execute_sql(
        "SELECT c.install_date, i.number, i.due_date, i.available_from "
        "FROM invoice i JOIN contract c ON c.id = i.contract_id ORDER BY c.id, i.number"
    ).fetchall()
    assert len(rows) == report.invoices
    by_install: dict[date, list[tuple[int, date, date]]] = defaultdict(list)
    for install, number, due, available in rows:
        by_install[date.fromisoformat(install)].append(
            (number, date.fromisoformat(due), date.fromisoformat(available)))
    assert len(by_install) == DAYS
    assert {install.day for install in by_install} >= {28, 29, 30, 31}
    for install, invoices in by_install.items():
        assert invoices == invoice_schedule(install), install


def test_the_rule_is_not_sqlite_month_arithmetic(db: pw.Database) -> None:
    """On such a history the rule and SQLite's `+25 days, +n months` differ (late installs, month
    ends that SQLite rolls over instead of clamping), so the comparison above can fail."""
    build_history(db, SyntheticSpec(invoices=DAYS * INVOICES_PER_CONTRACT, end=END, days=DAYS))
    differing = db.execute_sql(
        "SELECT count(*) FROM invoice i JOIN contract c ON c.id = i.contract_id "
        "WHERE i.due_date <> date(c.install_date, '+25 days', '+' || (i.number - 1) || ' months')"
    ).fetchone()[0]
    assert differing > 0
