"""The Problems tab's table columns: error groups, problem invoices and one invoice's attempts.

Every value goes through gui.formatting and gui.labels; titles are translated in the
"ProblemsTab" context (literal calls, so lupdate finds them). Error texts are shown on one line
(the view elides them) with the whole text as the tooltip; they are stored already sanitised
(no document, no token), and are shown as plain text, never as HTML.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui import formatting as fmt
from gui import labels
from gui.table_model import RIGHT, Column
from storage.analytics import AttemptRow, ErrorGroup, ProblemInvoice


def one_line(text: str | None) -> str:
    return " ".join((text or "").split()) or "—"


def plain_tooltip(text: str | None) -> str:
    """A tooltip that Qt will not read as rich text (it guesses HTML from a leading tag)."""
    return (text or "").replace("<", "‹").replace(">", "›")


def http_text(status: int | None) -> str:
    return str(status) if status else "—"


def group_columns() -> list[Column[ErrorGroup]]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ProblemsTab", "Outcome"), lambda g: labels.outcome_label(g.outcome),
               color=lambda g: labels.outcome_color(g.outcome)),
        Column(tr("ProblemsTab", "HTTP"), lambda g: http_text(g.http_status), RIGHT),
        Column(tr("ProblemsTab", "Message"), lambda g: one_line(g.sample or g.key),
               tooltip=lambda g: plain_tooltip(g.sample or g.key)),
        Column(tr("ProblemsTab", "Invoices"), lambda g: fmt.number(g.invoices), RIGHT),
        Column(tr("ProblemsTab", "Attempts"), lambda g: fmt.number(g.attempts), RIGHT),
        Column(tr("ProblemsTab", "First seen"), lambda g: fmt.when(g.first_seen)),
        Column(tr("ProblemsTab", "Last seen"), lambda g: fmt.when(g.last_seen)),
    ]


GROUP_MESSAGE_COLUMN = 2


def invoice_columns() -> list[Column[ProblemInvoice]]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ProblemsTab", "Contract"), lambda r: r.contract_number),
        Column(tr("ProblemsTab", "Invoice #"), lambda r: fmt.number(r.invoice_number), RIGHT),
        Column(tr("ProblemsTab", "Cohort"), lambda r: r.cohort),
        Column(tr("ProblemsTab", "Status"), lambda r: labels.status_label(r.status),
               color=lambda r: labels.status_color(r.status)),
        Column(tr("ProblemsTab", "Attempts"), lambda r: fmt.number(r.attempts), RIGHT),
        Column(tr("ProblemsTab", "Last outcome"), lambda r: labels.outcome_label(r.last_outcome),
               color=lambda r: labels.outcome_color(r.last_outcome)),
        Column(tr("ProblemsTab", "Last error"), lambda r: one_line(r.error), tooltip=lambda r: plain_tooltip(r.error)),
        Column(tr("ProblemsTab", "Last fetch"), lambda r: fmt.when(r.last_fetch_at),
               tooltip=lambda r: QCoreApplication.translate("ProblemsTab", "Took %1")
               .replace("%1", fmt.seconds(r.fetch_seconds))),
        Column(tr("ProblemsTab", "Due date"), lambda r: fmt.day(r.due_date)),
        Column(tr("ProblemsTab", "Origin"), lambda r: labels.origin_label(r.origin)),
    ]


INVOICE_ERROR_COLUMN = 6


def attempt_columns() -> list[Column[AttemptRow]]:
    tr = QCoreApplication.translate
    return [
        Column(tr("ProblemsTab", "When"), lambda a: fmt.when(a.started_at, with_seconds=True)),
        Column(tr("ProblemsTab", "Run"), lambda a: f"#{a.run_id}", RIGHT),
        Column(tr("ProblemsTab", "Origin"), lambda a: labels.origin_label(a.origin)),
        Column(tr("ProblemsTab", "Try"), lambda a: fmt.number(a.try_no), RIGHT,
               tooltip=lambda a: _try_tooltip(a)),
        Column(tr("ProblemsTab", "Outcome"), lambda a: labels.outcome_label(a.outcome),
               color=lambda a: labels.outcome_color(a.outcome)),
        Column(tr("ProblemsTab", "Status after"), lambda a: labels.status_label(a.status_after),
               color=lambda a: labels.status_color(a.status_after)),
        Column(tr("ProblemsTab", "Seconds"), lambda a: fmt.seconds(a.seconds), RIGHT),
        Column(tr("ProblemsTab", "HTTP"), lambda a: http_text(a.http_status), RIGHT),
        Column(tr("ProblemsTab", "Error"), lambda a: one_line(a.error), tooltip=lambda a: plain_tooltip(a.error)),
    ]


def _try_tooltip(a: AttemptRow) -> str:
    tr = QCoreApplication.translate
    if not a.counted:
        text = tr("ProblemsTab", "Not counted against the attempt limit")
    else:
        text = tr("ProblemsTab", "Attempt %1 of this invoice").replace("%1", fmt.number(a.attempt_no))
    if a.retry_pass:
        text += " · " + tr("ProblemsTab", "end-of-run retry pass")
    return text


__all__ = ["GROUP_MESSAGE_COLUMN", "INVOICE_ERROR_COLUMN", "attempt_columns", "group_columns", "invoice_columns",
           "one_line", "plain_tooltip"]
