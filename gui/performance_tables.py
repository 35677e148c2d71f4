"""The Performance tab's tables: columns for the by-origin, slowest-invoices and cohort lists,
and a read-only table view set up the same way for all three.

Every value goes through gui.formatting and gui.labels; column titles are translated in the
"PerformanceTab" context (literal calls, so lupdate finds them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from gui import formatting as fmt
from gui import labels
from gui.table_model import RIGHT, Column, RecordTableModel, enable_sorting
from storage.analytics import CohortFigures, OriginPerformance, SlowInvoice


def origin_columns() -> list[Column[OriginPerformance]]:
    return [
        Column(QCoreApplication.translate("PerformanceTab", "Origin"), lambda r: labels.origin_label(r.origin)),
        Column(QCoreApplication.translate("PerformanceTab", "Runs"), lambda r: fmt.number(r.runs), RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Invoices"), lambda r: fmt.number(r.invoices), RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab", "Attempts (retries included): %1")
               .replace("%1", fmt.number(r.attempts))),
        Column(QCoreApplication.translate("PerformanceTab", "Success"), lambda r: fmt.number(r.successes + r.partial),
               RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab", "%1 matched, %2 partial (divergent)")
               .replace("%1", fmt.number(r.successes)).replace("%2", fmt.number(r.partial))),
        Column(QCoreApplication.translate("PerformanceTab", "Errors"), lambda r: fmt.number(r.errors), RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab",
                                                            "Errors and gave up; %1 not available yet")
               .replace("%1", fmt.number(r.not_available)),
               color=lambda r: labels.RED if r.errors else None),
        Column(QCoreApplication.translate("PerformanceTab", "Success rate"), lambda r: fmt.percent(r.success_rate),
               RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab",
                                                            "(Success + partial) ÷ (success + partial + errors)")),
        Column(QCoreApplication.translate("PerformanceTab", "Avg time"), lambda r: fmt.seconds(r.avg_seconds), RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab", "p50 %1 · p95 %2")
               .replace("%1", fmt.seconds(r.p50_seconds)).replace("%2", fmt.seconds(r.p95_seconds))),
    ]


def slowest_columns() -> list[Column[SlowInvoice]]:
    return [
        Column(QCoreApplication.translate("PerformanceTab", "Time"), lambda r: fmt.seconds(r.seconds), RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Contract"), lambda r: r.contract_number),
        Column(QCoreApplication.translate("PerformanceTab", "Invoice #"), lambda r: fmt.number(r.invoice_number),
               RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Cohort"), lambda r: r.cohort),
        Column(QCoreApplication.translate("PerformanceTab", "When"), lambda r: fmt.when(r.started_at)),
        Column(QCoreApplication.translate("PerformanceTab", "Run"), lambda r: f"#{r.run_id}", RIGHT,
               tooltip=lambda r: labels.origin_label(r.origin)),
        Column(QCoreApplication.translate("PerformanceTab", "Outcome"), lambda r: labels.outcome_label(r.outcome),
               color=lambda r: labels.outcome_color(r.outcome)),
    ]


def cohort_columns() -> list[Column[CohortFigures]]:
    return [
        Column(QCoreApplication.translate("PerformanceTab", "Cohort"), lambda r: r.cohort),
        Column(QCoreApplication.translate("PerformanceTab", "Contracts"), lambda r: fmt.number(r.contracts), RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Invoices"), lambda r: fmt.number(r.invoices), RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Fetched"), lambda r: fmt.percent(r.fetched_share), RIGHT,
               tooltip=lambda r: QCoreApplication.translate("PerformanceTab",
                                                            "%1 of %2 invoices are no longer pending")
               .replace("%1", fmt.number(r.attempted)).replace("%2", fmt.number(r.invoices))),
        Column(QCoreApplication.translate("PerformanceTab", "Success rate"), lambda r: fmt.percent(r.success_rate),
               RIGHT),
        Column(QCoreApplication.translate("PerformanceTab", "Errors"), lambda r: fmt.number(r.errors), RIGHT,
               color=lambda r: labels.RED if r.errors else None),
        Column(QCoreApplication.translate("PerformanceTab", "Gave up"), lambda r: fmt.number(r.gave_up), RIGHT,
               color=lambda r: labels.PURPLE if r.gave_up else None),
        Column(QCoreApplication.translate("PerformanceTab", "Avg time"), lambda r: fmt.seconds(r.avg_seconds), RIGHT),
    ]


def make_table(model: RecordTableModel, parent: QWidget | None = None, *, stretch_last: bool = True) -> QTableView:
    """A compact read-only view: whole-row selection; headers sort the rows in memory.
    `stretch_last=False` for a table ending in a number, so it stays by its neighbours."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch_last)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    enable_sorting(view)
    return view


__all__ = ["cohort_columns", "make_table", "origin_columns", "slowest_columns"]
