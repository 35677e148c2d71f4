"""The Invoices tab's table columns: contracts found by a search, and one contract's invoices.

The customer's document is shown masked (LGPD: ***.456.789-**) unless the user turned the
`mask_documents` setting off; the columns ask `show_document` each time they draw, so a
settings change only needs a repaint. Titles are translated in the "InvoicesTab" context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from core.documents import format_document, mask_document
from core.domain import FetchStatus
from gui import formatting as fmt
from gui import labels
from gui.message_text import message_text, tooltip_with_detail
from gui.problems_columns import one_line, plain_tooltip
from gui.table_model import RIGHT, Column
from gui.waiting_text import waiting_tooltip
from storage.analytics.figures import StatusCounts
from storage.contracts_query import ContractRow, InvoiceRow

PIX_SHOWN = 28  # characters of a PIX code shown in the table; the whole code is copied


def document_text(document: str, masked: bool) -> str:
    return mask_document(document) if masked else format_document(document)


def counts_tooltip(c: StatusCounts) -> str:
    parts = [(labels.status_label(s), c.get(s)) for s in
             (FetchStatus.SUCCESS, FetchStatus.PARTIAL, FetchStatus.ERROR, FetchStatus.GAVE_UP,
              FetchStatus.NOT_AVAILABLE, FetchStatus.PENDING, FetchStatus.PAID, FetchStatus.CLOSED)]
    text = " · ".join(f"{name} {fmt.number(n)}" for name, n in parts)
    return (QCoreApplication.translate("InvoicesTab", "%1 invoices: %2")
            .replace("%1", fmt.number(c.total)).replace("%2", text))


def problems_of(c: StatusCounts) -> int:
    return c.error + c.gave_up + c.partial


def contract_columns(masked: Callable[[], bool]) -> list[Column[ContractRow]]:
    """The contracts found; the columns with a `sort` key sort in the query (the invoice counts
    are per page and do not)."""
    return [
        Column(QCoreApplication.translate("InvoicesTab", "Contract"), lambda c: c.number, sort="number"),
        Column(QCoreApplication.translate("InvoicesTab", "Customer"), lambda c: c.customer_name,
               tooltip=lambda c: c.customer_name, sort="customer"),
        Column(QCoreApplication.translate("InvoicesTab", "CPF/CNPJ"), lambda c: document_text(c.document, masked()),
               sort="document"),
        Column(QCoreApplication.translate("InvoicesTab", "Cohort"), lambda c: c.cohort, sort="cohort"),
        Column(QCoreApplication.translate("InvoicesTab", "Installed"), lambda c: fmt.day(c.install_date),
               sort="install_date"),
        Column(QCoreApplication.translate("InvoicesTab", "Status"), lambda c: labels.contract_status_label(c.status),
               sort="status"),
        Column(QCoreApplication.translate("InvoicesTab", "Plan"), lambda c: c.plan or "—",
               tooltip=lambda c: c.plan or "", sort="plan"),
        Column(QCoreApplication.translate("InvoicesTab", "Plan value"), lambda c: fmt.money(c.plan_value), RIGHT,
               sort="plan_value"),
        Column(QCoreApplication.translate("InvoicesTab", "Fetched"), lambda c: fmt.number(c.counts.success), RIGHT,
               tooltip=lambda c: counts_tooltip(c.counts),
               color=lambda c: labels.GREEN if c.counts.success else None),
        Column(QCoreApplication.translate("InvoicesTab", "Problems"), lambda c: fmt.number(problems_of(c.counts)),
               RIGHT, tooltip=lambda c: counts_tooltip(c.counts),
               color=lambda c: labels.RED if problems_of(c.counts) else None),
        Column(QCoreApplication.translate("InvoicesTab", "Pending"), lambda c: fmt.number(c.waiting.to_fetch),
               RIGHT, tooltip=lambda c: waiting_tooltip(c.waiting)),
    ]


def _due_tooltip(i: InvoiceRow) -> str:
    lines = [QCoreApplication.translate("InvoicesTab", "Imported due date") if i.due_date_imported
             else QCoreApplication.translate("InvoicesTab", "Due date by the contract's schedule")]
    if i.remote_due_date is not None and i.remote_due_date != i.due_date:
        lines.append(QCoreApplication.translate("InvoicesTab", "The provider says: %1")
                     .replace("%1", fmt.day(i.remote_due_date)))
    return "\n".join(lines)


def _status_tooltip(i: InvoiceRow) -> str:
    lines = [QCoreApplication.translate("InvoicesTab", "Last outcome: %1")
             .replace("%1", labels.outcome_label(i.last_outcome))]
    if i.origin is not None:
        lines.append(QCoreApplication.translate("InvoicesTab", "Last fetched by: %1")
                     .replace("%1", labels.origin_label(i.origin)))
    return "\n".join(lines)


def short_pix(code: str | None) -> str:
    if not code:
        return "—"
    return code if len(code) <= PIX_SHOWN else code[:PIX_SHOWN] + "…"


def invoice_columns() -> list[Column[InvoiceRow]]:
    return [
        Column(QCoreApplication.translate("InvoicesTab", "#"), lambda i: fmt.number(i.number), RIGHT),
        Column(QCoreApplication.translate("InvoicesTab", "Due date"), lambda i: fmt.day(i.due_date),
               tooltip=_due_tooltip),
        Column(QCoreApplication.translate("InvoicesTab", "Available from"), lambda i: fmt.day(i.available_from)),
        Column(QCoreApplication.translate("InvoicesTab", "Status"), lambda i: labels.status_label(i.status),
               tooltip=_status_tooltip, color=lambda i: labels.status_color(i.status)),
        Column(QCoreApplication.translate("InvoicesTab", "Attempts"), lambda i: fmt.number(i.attempts), RIGHT),
        Column(QCoreApplication.translate("InvoicesTab", "Amount"), lambda i: fmt.money(i.amount), RIGHT),
        Column(QCoreApplication.translate("InvoicesTab", "Bar code"), lambda i: i.bar_code or "—",
               tooltip=lambda i: i.bar_code or ""),
        Column(QCoreApplication.translate("InvoicesTab", "PIX"), lambda i: short_pix(i.pix_code)),
        Column(QCoreApplication.translate("InvoicesTab", "Last fetch"), lambda i: fmt.when(i.last_fetch_at)),
        Column(QCoreApplication.translate("InvoicesTab", "Error"), lambda i: one_line(message_text(i.error)),
               tooltip=lambda i: plain_tooltip(tooltip_with_detail(i.error))),
    ]


BAR_CODE_COLUMN = 6
PIX_COLUMN = 7

PLAN_COLUMN = 6

__all__ = ["BAR_CODE_COLUMN", "PIX_COLUMN", "PLAN_COLUMN", "contract_columns", "document_text", "invoice_columns",
           "short_pix"]
