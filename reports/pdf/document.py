"""A4 PDF pages drawn with QPainter on a QPdfWriter: header, footer with "Página X de Y", headings,
wrapped paragraphs, figure cards, tables that carry their header over page breaks, and room for
charts drawn as vectors.

A report is a function `draw(doc)` called twice: a first pass only measures (no painter) to count
the pages, the second paints knowing the total. Coordinates are device pixels at RESOLUTION dpi;
`doc.mm(n)` converts. Text is never cut silently: table cells are elided with "…" only in columns
declared elidable, others wrap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from reports import texts
from reports.atomic import atomic_path
from reports.pdf.qt_app import ensure_gui_app
from reports.table import ExportMeta

RESOLUTION = 300  # dpi of the painter's coordinates (the output is vector)
MARGIN_MM = 14.0
FONT_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
INK = QColor("#1d2733")
MUTED = QColor("#5b6775")
RULE = QColor("#c5ccd6")
HEAD_FILL = QColor("#e6ecf3")
ZEBRA = QColor("#f5f7fa")
ACCENT = QColor("#2f6db5")


@dataclass(frozen=True, slots=True)
class TableColumn:
    header: str
    share: float  # of the page width
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    wrap: bool = False  # wrap long text over lines instead of eliding it
    mono: bool = False


def font(points: float, *, bold: bool = False, mono: bool = False) -> QFont:
    f = QFont(MONO_FAMILY if mono else FONT_FAMILY)
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


class PdfDoc:
    """The page cursor of one pass (painting when `painter` is set)."""

    def __init__(self, writer: QPdfWriter, meta: ExportMeta, painter: QPainter | None, total_pages: int | None,
                 check: Callable[[], None] = lambda: None) -> None:
        self.writer = writer
        self.check = check  # called at each new page: raises ExportCancelled to stop
        self.meta = meta
        self.painter = painter
        self.total_pages = total_pages
        self.page = 0
        px = writer.pageLayout().paintRectPixels(RESOLUTION)
        self.width = float(px.width())
        self.height = float(px.height())
        self.y = 0.0
        self.bottom = self.height - self.mm(10)

    # -- units and measuring -------------------------------------------------------------------
    @staticmethod
    def mm(value: float) -> float:
        return value * RESOLUTION / 25.4

    def metrics(self, f: QFont) -> QFontMetricsF:
        return QFontMetricsF(f, self.writer)

    def text_height(self, text: str, f: QFont, width: float) -> float:
        rect = self.metrics(f).boundingRect(QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text)
        return rect.height()

    # -- pages ---------------------------------------------------------------------------------
    def new_page(self) -> None:
        self.check()
        if self.page and self.painter is not None:
            self.writer.newPage()
        self.page += 1
        self.y = 0.0
        self._header()
        self._footer()

    def ensure(self, height: float) -> bool:
        """Room for `height` on this page, else a new page; True when a page was started."""
        if self.page == 0 or self.y + height > self.bottom:
            self.new_page()
            return True
        return False

    def _header(self) -> None:
        title = font(16, bold=True) if self.page == 1 else font(10, bold=True)
        h = self.metrics(title).height()
        self._text(QRectF(0, 0, self.width, h), self.meta.title, title, INK)
        self.y = h + self.mm(1)
        if self.page == 1:
            small = font(8.5)
            line = self.metrics(small).height()
            for key, value in self.meta.lines()[1:]:
                self._text(QRectF(0, self.y, self.mm(32), line), f"{key}:", font(8.5, bold=True), MUTED)
                self._text(QRectF(self.mm(32), self.y, self.width - self.mm(32), line), value, small, MUTED,
                           elide=True)
                self.y += line
        self.y += self.mm(1.5)
        self._rule(self.y, ACCENT, 2.0)
        self.y += self.mm(4)

    def _footer(self) -> None:
        f = font(7.5)
        h = self.metrics(f).height()
        top = self.height - h
        self._rule(top - self.mm(1.5), RULE, 1.0)
        total = f" de {self.total_pages}" if self.total_pages else ""
        self._text(QRectF(0, top, self.width * 0.7, h), f"Faturas Monitor · {self.meta.title}", f, MUTED)
        self._text(QRectF(self.width * 0.5, top, self.width * 0.5, h), f"Página {self.page}{total}", f, MUTED,
                   align=Qt.AlignmentFlag.AlignRight)

    # -- drawing primitives (no-ops in the measuring pass) ----------------------------------------
    def _text(self, rect: QRectF, text: str, f: QFont, color: QColor = INK,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, *, elide: bool = False, wrap: bool = False,
              top: bool = False) -> None:
        p = self.painter
        if p is None:
            return
        p.setFont(f)
        p.setPen(color)
        if elide:
            text = self.metrics(f).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        flags = int(align) | int(Qt.AlignmentFlag.AlignTop if wrap or top else Qt.AlignmentFlag.AlignVCenter)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
        p.drawText(rect, flags, text)

    def _rule(self, y: float, color: QColor, width_px: float) -> None:
        if self.painter is None:
            return
        self.painter.setPen(QPen(color, width_px * RESOLUTION / 150))
        self.painter.drawLine(QPointF(0, y), QPointF(self.width, y))

    def fill(self, rect: QRectF, color: QColor) -> None:
        if self.painter is not None:
            self.painter.fillRect(rect, color)

    # -- blocks --------------------------------------------------------------------------------
    def heading(self, text: str) -> None:
        f = font(12, bold=True)
        h = self.metrics(f).height()
        self.ensure(h + self.mm(14))  # never a heading alone at the foot of a page
        self.y += self.mm(2)
        self._text(QRectF(0, self.y, self.width, h), text, f, ACCENT)
        self.y += h + self.mm(1.5)

    def paragraph(self, text: str, *, size: float = 9, color: QColor = INK) -> None:
        f = font(size)
        h = self.text_height(text, f, self.width)
        self.ensure(h)
        if self.painter is not None:
            self.painter.setFont(f)
            self.painter.setPen(color)
            self.painter.drawText(QRectF(0, self.y, self.width, h), int(Qt.TextFlag.TextWordWrap), text)
        self.y += h + self.mm(1.5)

    def cards(self, items: Sequence[tuple[str, str]], per_row: int = 4) -> None:
        """Figure cards: a small label over a big value, `per_row` to a row."""
        gap = self.mm(3)
        w = (self.width - gap * (per_row - 1)) / per_row
        lf, vf = font(7.5), font(13, bold=True)
        lh, vh = self.metrics(lf).height(), self.metrics(vf).height()
        h = lh + vh + self.mm(4)
        for start in range(0, len(items), per_row):
            self.ensure(h + gap)
            for i, (lab, value) in enumerate(items[start:start + per_row]):
                x = i * (w + gap)
                self.fill(QRectF(x, self.y, w, h), ZEBRA)
                self.fill(QRectF(x, self.y, self.mm(1), h), ACCENT)
                self._text(QRectF(x + self.mm(3), self.y + self.mm(1.5), w - self.mm(4), lh), lab, lf, MUTED,
                           elide=True)
                room = w - self.mm(4)
                fitted = vf
                while self.metrics(fitted).horizontalAdvance(value) > room and fitted.pointSizeF() > 7:
                    fitted = font(fitted.pointSizeF() - 0.5, bold=True)  # shrink before eliding
                self._text(QRectF(x + self.mm(3), self.y + self.mm(1.5) + lh, room, vh + self.mm(1)),
                           value, fitted, INK, elide=True)
            self.y += h + gap

    def table(self, columns: Sequence[TableColumn], rows: Sequence[Sequence[str]], *, size: float = 7.5,
              empty: str = "Nada a mostrar.") -> None:
        """Rows with a header that repeats on each page; wrap columns grow their row."""
        if not rows:
            self.paragraph(empty, size=8.5, color=MUTED)
            return
        total = sum(c.share for c in columns)
        widths = [self.width * c.share / total for c in columns]
        hf = font(size, bold=True)
        pad = self.mm(1.2)
        head_h = max(self.text_height(c.header, hf, w - 2 * pad) for c, w in zip(columns, widths, strict=True))
        head_h += 2 * pad

        def header() -> None:
            self.fill(QRectF(0, self.y, self.width, head_h), HEAD_FILL)
            x = 0.0
            for c, w in zip(columns, widths, strict=True):
                if self.painter is not None:
                    self.painter.setFont(hf)
                    self.painter.setPen(INK)
                    flags = int(c.align) | int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
                    self.painter.drawText(QRectF(x + pad, self.y + pad, w - 2 * pad, head_h - 2 * pad), flags,
                                          c.header)
                x += w
            self.y += head_h

        self.ensure(head_h * 2.5)
        header()
        line_h = self.metrics(font(size)).height()
        for index, row in enumerate(rows):
            fonts = [font(size, mono=c.mono) for c in columns]
            h = line_h
            for c, w, text, f in zip(columns, widths, row, fonts, strict=True):
                if c.wrap and text:
                    h = max(h, self.text_height(text, f, w - 2 * pad))
            h += 2 * pad * 0.6
            if self.ensure(h):
                header()
            if index % 2:
                self.fill(QRectF(0, self.y, self.width, h), ZEBRA)
            x = 0.0
            for c, w, text, f in zip(columns, widths, row, fonts, strict=True):
                rect = QRectF(x + pad, self.y + pad * 0.6, w - 2 * pad, h - 2 * pad * 0.6)
                self._text(rect, text, f, INK, c.align, elide=not c.wrap, wrap=c.wrap, top=True)
                x += w
            self.y += h
        self.y += self.mm(3)

    def wrapped_height(self, text: str, f: QFont, width: float) -> float:
        flags = int(Qt.TextFlag.TextWrapAnywhere)
        return self.metrics(f).boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()

    def block(self, height: float, draw: Callable[[QPainter, QRectF], None]) -> None:
        """A drawing (chart, QR code) of `height` across the page width."""
        self.ensure(height)
        if self.painter is not None:
            self.painter.save()
            draw(self.painter, QRectF(0, self.y, self.width, height))
            self.painter.restore()
        self.y += height + self.mm(2)

    def space(self, millimetres: float) -> None:
        self.y += self.mm(millimetres)


def xmp_metadata(meta: ExportMeta) -> bytes:
    """The document's XMP packet: title, the header's lines as its description (filters,
    database, time, the documents choice), language pt-BR, and the documents choice as keywords,
    so a program reading the file's metadata sees whether CPF/CNPJ are in full."""
    description = "; ".join(f"{k}: {v}" for k, v in meta.lines())
    when = meta.generated_at.astimezone(meta.tz).isoformat(timespec="seconds")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(description)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>pt-BR</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{escape(texts.documents_note(meta.full_documents))}</pdf:Keywords>
   <xmp:CreatorTool>Faturas Monitor</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def render_pdf(path: str | Path, meta: ExportMeta, draw: Callable[[PdfDoc], None],
               check: Callable[[], None] = lambda: None) -> int:
    """Render `draw` into an A4 PDF at `path` (atomically); returns the page count. `check` is
    called at every page of both passes; an exception from it (ExportCancelled) leaves no file."""
    ensure_gui_app()
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                         QPageLayout.Unit.Millimeter))
        writer.setTitle(meta.title)
        writer.setCreator("Faturas Monitor")
        writer.setDocumentXmpMetadata(xmp_metadata(meta))
        measuring = PdfDoc(writer, meta, None, None, check)
        measuring.new_page()
        draw(measuring)
        pages = max(1, measuring.page)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"{path}: the PDF cannot be written")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            doc = PdfDoc(writer, meta, painter, pages, check)
            doc.new_page()
            draw(doc)
        finally:
            painter.end()
        return pages


__all__ = ["PdfDoc", "TableColumn", "font", "render_pdf"]
