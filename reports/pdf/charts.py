"""Charts and QR codes drawn as vectors with QPainter (so they print sharp at any zoom): stacked
bars per day, a line, horizontal bars for a breakdown, and a PIX QR code (segno builds the
matrix; each dark run of modules is one rectangle)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from reports import texts
from reports.pdf.document import INK, MUTED, RULE, font

GREEN = QColor("#3c9a5f")
AMBER = QColor("#e0a526")
RED = QColor("#c8453b")
GREY = QColor("#9aa5b1")
BLUE = QColor("#2f6db5")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    color: QColor
    values: tuple[float, ...]


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5, 5 × 10^k) that splits 0..top into about `ticks` parts."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _axis_label(value: float, step: float) -> str:
    return texts.number(int(value)) if step >= 1 else texts.decimal(value, 2 if step < 0.1 else 1)


def _legend(p: QPainter, rect: QRectF, series: Sequence[Series], unit: float) -> float:
    f = font(7)
    fm = QFontMetricsF(f, p.device())
    p.setFont(f)
    x = rect.left()
    for s in series:
        p.fillRect(QRectF(x, rect.top() + fm.height() * 0.25, fm.height() * 0.5, fm.height() * 0.5), s.color)
        x += fm.height() * 0.7
        p.setPen(INK)
        p.drawText(QPointF(x, rect.top() + fm.ascent()), s.name)
        x += fm.horizontalAdvance(s.name) + unit * 4
    return fm.height() * 1.3


def _frame(p: QPainter, rect: QRectF, top: float, step: float, unit: float) -> tuple[QRectF, float]:
    """Grid lines and y labels; returns the plot area and its value-to-pixels scale."""
    f = font(6.5)
    fm = QFontMetricsF(f, p.device())
    label_w = max(fm.horizontalAdvance(_axis_label(top, step)), fm.horizontalAdvance("0")) + unit * 2
    plot = QRectF(rect.left() + label_w, rect.top() + fm.height() / 2, rect.width() - label_w,
                  rect.height() - fm.height() * 2)
    scale = plot.height() / top if top else 0.0
    p.setFont(f)
    value = 0.0
    while value <= top + step / 1000:
        y = plot.bottom() - value * scale
        p.setPen(QPen(RULE, unit * 0.25))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left(), y - fm.height() / 2, label_w - unit, fm.height()),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), _axis_label(value, step))
        value += step
    return plot, scale


def _x_labels(p: QPainter, plot: QRectF, labels: Sequence[str], unit: float) -> None:
    if not labels:
        return
    f = font(6.5)
    fm = QFontMetricsF(f, p.device())
    p.setFont(f)
    p.setPen(MUTED)
    slot = plot.width() / len(labels)
    every = max(1, math.ceil((fm.horizontalAdvance("00/00") + unit * 3) / slot))
    for i in range(0, len(labels), every):
        x = plot.left() + slot * (i + 0.5)
        w = fm.horizontalAdvance(labels[i])
        p.drawText(QPointF(x - w / 2, plot.bottom() + fm.height()), labels[i])


def stacked_bars(p: QPainter, rect: QRectF, labels: Sequence[str], series: Sequence[Series], unit: float) -> None:
    """One bar per label, the series stacked bottom up."""
    legend_h = _legend(p, rect, series, unit)
    body = rect.adjusted(0, legend_h, 0, 0)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    step = nice_step(max(totals, default=0) or 1)
    top = step * max(1, math.ceil((max(totals, default=0) or 1) / step))
    plot, scale = _frame(p, body, top, step, unit)
    if not labels:
        return
    slot = plot.width() / len(labels)
    bar = slot * 0.7
    for i in range(len(labels)):
        y = plot.bottom()
        for s in series:
            h = s.values[i] * scale
            if h > 0:
                p.fillRect(QRectF(plot.left() + slot * i + (slot - bar) / 2, y - h, bar, h), s.color)
            y -= h
    _x_labels(p, plot, labels, unit)


def line(p: QPainter, rect: QRectF, labels: Sequence[str], series: Sequence[Series], unit: float) -> None:
    """Lines (None-free values; a missing day is 0 and drawn as a gap)."""
    legend_h = _legend(p, rect, series, unit)
    body = rect.adjusted(0, legend_h, 0, 0)
    peak = max((v for s in series for v in s.values), default=0) or 1
    step = nice_step(peak)
    top = step * max(1, math.ceil(peak / step))
    plot, scale = _frame(p, body, top, step, unit)
    if not labels:
        return
    slot = plot.width() / len(labels)
    for s in series:
        path = QPainterPath()
        drawing = False
        for i, v in enumerate(s.values):
            point = QPointF(plot.left() + slot * (i + 0.5), plot.bottom() - v * scale)
            if v <= 0:
                drawing = False
                continue
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        p.setPen(QPen(s.color, unit * 0.6))
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(s.color)
        for i, v in enumerate(s.values):  # a dot per day: a lone day still shows
            if v > 0:
                p.drawEllipse(QPointF(plot.left() + slot * (i + 0.5), plot.bottom() - v * scale), unit * 0.7,
                              unit * 0.7)
        p.setBrush(Qt.BrushStyle.NoBrush)
    _x_labels(p, plot, labels, unit)


def hbars(p: QPainter, rect: QRectF, items: Sequence[tuple[str, int, QColor]], unit: float) -> None:
    """A labelled horizontal bar per item, with its count and share."""
    if not items:
        return
    f = font(7.5)
    fm = QFontMetricsF(f, p.device())
    p.setFont(f)
    label_w = max(fm.horizontalAdvance(lab) for lab, _, _ in items) + unit * 3
    total = sum(n for _, n, _ in items) or 1
    peak = max(n for _, n, _ in items) or 1
    row_h = rect.height() / len(items)
    value_w = fm.horizontalAdvance("000.000 (100,0%)") + unit * 2
    bar_w = rect.width() - label_w - value_w
    for i, (lab, n, color) in enumerate(items):
        y = rect.top() + row_h * i
        p.setPen(INK)
        p.drawText(QRectF(rect.left(), y, label_w - unit * 2, row_h),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), lab)
        w = bar_w * n / peak
        p.fillRect(QRectF(rect.left() + label_w, y + row_h * 0.18, max(w, unit * 0.3), row_h * 0.64), color)
        p.drawText(QRectF(rect.left() + label_w + w + unit, y, value_w, row_h),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   f"{texts.number(n)} ({texts.percent(n / total)})")


def qr_code(p: QPainter, rect: QRectF, data: str) -> None:
    """The QR code of `data` (error correction M) in the square at `rect`'s top left, with its
    quiet zone, dark modules as filled rectangles (one per horizontal run)."""
    qr = segno.make(data, error="m", micro=False)
    rows = [list(r) for r in qr.matrix_iter(scale=1, border=4)]
    side = min(rect.width(), rect.height())
    module = side / len(rows)
    p.fillRect(QRectF(rect.left(), rect.top(), side, side), QColor("white"))
    ink = QColor("black")
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                # A hair wider so the runs' edges do not show white seams in a viewer.
                p.fillRect(QRectF(rect.left() + start * module, rect.top() + y * module,
                                  (x - start) * module + 0.5, module + 0.5), ink)
            else:
                x += 1


__all__ = ["AMBER", "BLUE", "GREEN", "GREY", "RED", "Series", "hbars", "line", "nice_step", "qr_code",
           "stacked_bars"]
