"""The Problems tab's table columns: error groups, problem invoices and one invoice's attempts.

Every value goes through gui.formatting and gui.labels; titles are translated in the
"ProblemsTab" context (literal calls, so lupdate finds them). Error texts are shown on one line
(the view elides them) with the whole text as the tooltip; they are stored already sanitised
(no document, no token), and are shown as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from core.documents import format_document, mask_document
from gui import formatting as fmt
from gui import labels
from gui.message_text import message_text, tooltip_with_detail
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
    return [
        Column(QCoreApplication.translate("ProblemsTab", "Outcome"), lambda g: labels.outcome_label(g.outcome),
               color=lambda g: labels.outcome_color(g.outcome)),
        Column(QCoreApplication.translate("ProblemsTab", "HTTP"), lambda g: http_text(g.http_status), RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "Message"),
               lambda g: one_line(message_text(g.sample) if g.sample else g.key),
               tooltip=lambda g: plain_tooltip(tooltip_with_detail(g.sample) if g.sample else g.key)),
        Column(QCoreApplication.translate("ProblemsTab", "Invoices"), lambda g: fmt.number(g.invoices), RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "Attempts"), lambda g: fmt.number(g.attempts), RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "First seen"), lambda g: fmt.when(g.first_seen)),
        Column(QCoreApplication.translate("ProblemsTab", "Last seen"), lambda g: fmt.when(g.last_seen)),
    ]


GROUP_MESSAGE_COLUMN = 2


def document_shown(document: str, masked: bool) -> str:
    """A CPF/CNPJ as a list shows it: masked (LGPD) unless the user turned masking off."""
    if not document:
        return "—"
    return mask_document(document) if masked else format_document(document)


def invoice_columns(masked: Callable[[], bool] = lambda: True) -> list[Column[ProblemInvoice]]:
    """The problem list; every column sorts in the query (storage.analytics.problems.SORT_COLUMNS)."""
    return [
        Column(QCoreApplication.translate("ProblemsTab", "Contract"), lambda r: r.contract_number, sort="contract"),
        Column(QCoreApplication.translate("ProblemsTab", "Invoice #"), lambda r: fmt.number(r.invoice_number),
               RIGHT, sort="invoice"),
        Column(QCoreApplication.translate("ProblemsTab", "Customer"), lambda r: r.customer_name or "—",
               tooltip=lambda r: r.customer_name, sort="customer"),
        Column(QCoreApplication.translate("ProblemsTab", "CPF/CNPJ"), lambda r: document_shown(r.document, masked()),
               sort="document"),
        Column(QCoreApplication.translate("ProblemsTab", "Cohort"), lambda r: r.cohort, sort="cohort"),
        Column(QCoreApplication.translate("ProblemsTab", "Status"), lambda r: labels.status_label(r.status),
               color=lambda r: labels.status_color(r.status), sort="status"),
        Column(QCoreApplication.translate("ProblemsTab", "Attempts"), lambda r: fmt.number(r.attempts), RIGHT,
               sort="attempts"),
        Column(QCoreApplication.translate("ProblemsTab", "Last outcome"),
               lambda r: labels.outcome_label(r.last_outcome), color=lambda r: labels.outcome_color(r.last_outcome),
               sort="outcome"),
        Column(QCoreApplication.translate("ProblemsTab", "Last fetch"), lambda r: fmt.when(r.last_fetch_at),
               tooltip=lambda r: QCoreApplication.translate("ProblemsTab", "Took %1")
               .replace("%1", fmt.seconds(r.fetch_seconds)), sort="last_fetch"),
        Column(QCoreApplication.translate("ProblemsTab", "Due date"), lambda r: fmt.day(r.due_date), sort="due_date"),
        Column(QCoreApplication.translate("ProblemsTab", "Origin"), lambda r: labels.origin_label(r.origin),
               sort="origin"),
        Column(QCoreApplication.translate("ProblemsTab", "Last error"), lambda r: one_line(message_text(r.error)),
               tooltip=lambda r: plain_tooltip(tooltip_with_detail(r.error)), sort="error"),
    ]


INVOICE_CUSTOMER_COLUMN = 2  # kept narrow (the whole name is its tooltip)
INVOICE_ERROR_COLUMN = 11  # last: it takes the spare width


def attempt_columns() -> list[Column[AttemptRow]]:
    return [
        Column(QCoreApplication.translate("ProblemsTab", "When"),
               lambda a: fmt.when(a.started_at, with_seconds=True)),
        Column(QCoreApplication.translate("ProblemsTab", "Run"), lambda a: f"#{a.run_id}", RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "Origin"), lambda a: labels.origin_label(a.origin)),
        Column(QCoreApplication.translate("ProblemsTab", "Try"), lambda a: fmt.number(a.try_no), RIGHT,
               tooltip=lambda a: _try_tooltip(a)),
        Column(QCoreApplication.translate("ProblemsTab", "Outcome"), lambda a: labels.outcome_label(a.outcome),
               color=lambda a: labels.outcome_color(a.outcome)),
        Column(QCoreApplication.translate("ProblemsTab", "Status after"),
               lambda a: labels.status_label(a.status_after), color=lambda a: labels.status_color(a.status_after)),
        Column(QCoreApplication.translate("ProblemsTab", "Seconds"), lambda a: fmt.seconds(a.seconds), RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "HTTP"), lambda a: http_text(a.http_status), RIGHT),
        Column(QCoreApplication.translate("ProblemsTab", "Error"), lambda a: one_line(message_text(a.error)),
               tooltip=lambda a: plain_tooltip(tooltip_with_detail(a.error))),
    ]


def _try_tooltip(a: AttemptRow) -> str:
    """Whole sentences per case (no translated fragments glued together)."""
    if not a.counted:
        if a.retry_pass:
            return QCoreApplication.translate("ProblemsTab",
                                              "Not counted against the attempt limit · end-of-run retry pass")
        return QCoreApplication.translate("ProblemsTab", "Not counted against the attempt limit")
    if a.retry_pass:
        text = QCoreApplication.translate("ProblemsTab", "Attempt %1 of this invoice · end-of-run retry pass")
    else:
        text = QCoreApplication.translate("ProblemsTab", "Attempt %1 of this invoice")
    return text.replace("%1", fmt.number(a.attempt_no))


__all__ = ["GROUP_MESSAGE_COLUMN", "INVOICE_CUSTOMER_COLUMN", "INVOICE_ERROR_COLUMN", "attempt_columns",
           "document_shown", "group_columns", "invoice_columns", "one_line", "plain_tooltip"]
