"""The collection list (lista de cobrança, PDF): the invoices ready to send to customers, per
customer: contract, invoice number, due date, amount, the bar code as its linha digitável, the
PIX copia-e-cola code and its QR code.

"Ready to send": matched at the operator (SUCCESS or PARTIAL, so amount and codes were found), not
paid by the payment spreadsheet, due in the chosen range (storage.export_rows.collection_filter).
The rows stream off one cursor per pass, so a long list does not sit in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from core.linha_digitavel import format_code
from reports import texts
from reports.pdf import charts
from reports.pdf.document import ACCENT, INK, MUTED, RULE, ZEBRA, PdfDoc, font, render_pdf
from reports.sources import ExportContext, filter_lines
from storage.export_rows import (
    ExportInvoice,
    InvoiceFilter,
    InvoiceTotals,
    customer_totals,
    invoice_totals,
    iter_invoices,
)

QR_MM = 30.0  # a phone reads a 30 mm code with ease at arm's length


def draw_collection(doc: PdfDoc, ctx: ExportContext, flt: InvoiceFilter, totals: InvoiceTotals) -> None:
    doc.heading("Resumo")
    doc.cards([
        ("Faturas a cobrar", texts.number(totals.invoices)), ("Clientes", texts.number(totals.customers)),
        ("Valor total", texts.money(totals.amount)),
        ("Vencimentos", _due_range(flt)),
    ])
    if not totals.invoices:
        doc.paragraph("Nenhuma fatura pronta para envio com estes filtros.", size=9)
        return
    per_customer = customer_totals(flt)
    current: str | None = None
    for batch in iter_invoices(flt, per_customer=True):
        for inv in batch:
            if inv.document != current:
                current = inv.document
                _customer(doc, ctx, inv, per_customer.get(inv.document))
            _invoice(doc, inv)


def _due_range(flt: InvoiceFilter) -> str:
    if flt.due_from and flt.due_to:
        return f"{texts.day(flt.due_from)} a {texts.day(flt.due_to)}"
    if flt.due_from:
        return f"a partir de {texts.day(flt.due_from)}"
    if flt.due_to:
        return f"até {texts.day(flt.due_to)}"
    return "todos"


def _customer(doc: PdfDoc, ctx: ExportContext, inv: ExportInvoice, totals: tuple[int, Decimal] | None) -> None:
    f = font(10.5, bold=True)
    h = doc.metrics(f).height()
    doc.ensure(h + doc.mm(4) + doc.mm(QR_MM + 6))  # the name never alone at a page's foot
    doc.space(2)
    doc.fill(QRectF(0, doc.y, doc.width, h + doc.mm(2)), ZEBRA)
    doc.fill(QRectF(0, doc.y, doc.mm(1), h + doc.mm(2)), ACCENT)
    if doc.painter is not None:
        doc.painter.setFont(f)
        doc.painter.setPen(INK)
        summary = ""
        if totals is not None:
            count, amount = totals
            noun = "fatura" if count == 1 else "faturas"
            summary = f"{texts.number(count)} {noun} · {texts.money(amount)}"
        summary_w = doc.metrics(f).horizontalAdvance(summary) + doc.mm(3) if summary else 0.0
        text = f"{inv.customer_name}  ·  {ctx.document(inv.document)}"
        room = doc.width - doc.mm(4) - summary_w
        elided = doc.metrics(f).elidedText(text, Qt.TextElideMode.ElideRight, room)
        doc.painter.drawText(QRectF(doc.mm(3), doc.y + doc.mm(1), room, h), int(Qt.AlignmentFlag.AlignVCenter),
                             elided)
        if summary:
            doc.painter.drawText(QRectF(doc.width - summary_w - doc.mm(2), doc.y + doc.mm(1), summary_w, h),
                                 int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), summary)
    doc.y += h + doc.mm(3)


def _invoice(doc: PdfDoc, inv: ExportInvoice) -> None:
    qr = doc.mm(QR_MM)
    text_w = doc.width - qr - doc.mm(4)
    label_f, value_f, mono_f, small_f = font(7), font(9, bold=True), font(8.5, mono=True), font(6.5, mono=True)
    lh = doc.metrics(label_f).height()
    vh = doc.metrics(value_f).height()
    line = format_code(inv.bar_code) or "—"
    pix = inv.pix_code or ""
    pix_h = doc.wrapped_height(pix, small_f, text_w) if pix else doc.metrics(small_f).height()
    body_h = (lh + vh) + doc.mm(1.5) + (lh + doc.metrics(mono_f).height()) + doc.mm(1.5) + lh + pix_h
    height = max(body_h, qr if pix else 0.0) + doc.mm(4)
    doc.ensure(height)
    top = doc.y
    p = doc.painter
    if p is not None:
        fields = (("Contrato", inv.contract_number, 0.30), ("Fatura", f"{inv.number}/10", 0.14),
                  ("Vencimento", texts.day(inv.due_date), 0.22), ("Valor", texts.money(inv.amount), 0.34))
        x = 0.0
        for name, value, share in fields:
            w = text_w * share
            _label(p, doc, QRectF(x, top, w, lh), name, label_f)
            p.setFont(value_f)
            p.setPen(INK)
            p.drawText(QRectF(x, top + lh, w, vh), int(Qt.AlignmentFlag.AlignVCenter),
                       doc.metrics(value_f).elidedText(value, Qt.TextElideMode.ElideRight, w - doc.mm(1)))
            x += w
        y = top + lh + vh + doc.mm(1.5)
        _label(p, doc, QRectF(0, y, text_w, lh), "Linha digitável", label_f)
        p.setFont(mono_f)
        p.setPen(INK)
        mh = doc.metrics(mono_f).height()
        p.drawText(QRectF(0, y + lh, text_w, mh), int(Qt.AlignmentFlag.AlignVCenter), line)
        y += lh + mh + doc.mm(1.5)
        _label(p, doc, QRectF(0, y, text_w, lh), "PIX copia e cola", label_f)
        p.setFont(small_f)
        p.setPen(INK)
        p.drawText(QRectF(0, y + lh, text_w, pix_h), int(Qt.TextFlag.TextWrapAnywhere), pix or "—")
        if pix:
            charts.qr_code(p, QRectF(doc.width - qr, top, qr, qr), pix)
        p.setPen(RULE)
        p.drawLine(0, int(top + height - doc.mm(1.5)), int(doc.width), int(top + height - doc.mm(1.5)))
    doc.y = top + height


def _label(p: QPainter, doc: PdfDoc, rect: QRectF, text: str, f: object) -> None:
    p.setFont(f)  # type: ignore[arg-type]
    p.setPen(MUTED)
    p.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), text)


def write_collection_pdf(ctx: ExportContext, flt: InvoiceFilter, path: str | Path,
                         check: Callable[[], None] = lambda: None) -> int:
    totals = invoice_totals(flt)
    meta = ctx.meta("Lista de cobrança", filter_lines(flt))
    return render_pdf(path, meta, lambda doc: draw_collection(doc, ctx, flt, totals), check)


__all__ = ["draw_collection", "write_collection_pdf"]
