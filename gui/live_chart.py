"""The Live tab's rolling chart: throughput (lookups/s, left axis) and recent lookup time
(p50, seconds, right axis) over the run's elapsed time.

Painted directly with QPainter rather than pyqtgraph: it repaints while a run goes, and a
pyqtgraph plot re-lays out its axes on most repaints (tens of milliseconds on the GUI thread),
which made the window stutter during fast runs. This one draws two polylines and a few labels
in about a millisecond. The Performance tab, repainted only on refresh, keeps pyqtgraph.

Points are kept to at most MAX_POINTS: when the buffer fills, every other point is dropped and
the spacing between kept points doubles, so a long run still shows its whole span.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui import formatting as fmt
from gui.labels import AMBER, BLUE

MAX_POINTS = 300
FIRST_SPACING = 1.0  # seconds between points at the start of a run: a trend, not a scope
X_STEP = 30.0  # the x axis grows in steps of this many seconds
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 56, 26, 30


def nice_top(current: float, needed: float) -> float:
    """An axis top: unchanged while the data fits under it, else the next round value (whose
    quarters are round too) above 1.2 × the data, so it rarely moves again soon."""
    if 0 < needed <= current:
        return current
    target = max(needed * 1.2, 1e-3)
    magnitude = 10 ** math.floor(math.log10(target))
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 6, 8, 10):
        if step * magnitude >= target:
            return float(step * magnitude)
    return float(10 * magnitude)


def quarter_decimals(top: float) -> int:
    """Decimals that show each quarter of an axis top (a nice_top value) exactly: 48 → 0
    (12, 24, 36), 1.2 → 1 (0.3, 0.6, 0.9), 0.0012 → 4; never two ticks with the same text."""
    quarter = top / 4
    for decimals in range(7):
        scaled = quarter * 10 ** decimals
        if abs(scaled - round(scaled)) < 1e-6 * max(1.0, scaled):
            return decimals
    return 6


class LiveChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._x: list[float] = []
        self._rate: list[float] = []
        self._p50: list[float | None] = []
        self._spacing = FIRST_SPACING
        self._x_end = X_STEP
        self._left_top = 1.0
        self._right_top = 0.1
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setToolTip(self.tr("Blue: provider lookups per second (left axis). "
                                "Amber: median time of the recent lookups, in seconds (right axis)."))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 260)

    # -- data ------------------------------------------------------------------------------------
    def clear_points(self) -> None:
        self._x.clear()
        self._rate.clear()
        self._p50.clear()
        self._spacing = FIRST_SPACING
        self._x_end, self._left_top, self._right_top = X_STEP, 1.0, 0.1
        self.update()

    def add_point(self, elapsed: float, lookups_per_second: float, p50: float | None, *, force: bool = False
                  ) -> None:
        """Add one sample; samples closer than the current spacing are skipped unless forced."""
        if self._x and elapsed - self._x[-1] < self._spacing and not force:
            return
        if self._x and elapsed <= self._x[-1]:
            # same instant (a forced final sample): replace rather than stack points
            self._x.pop()
            self._rate.pop()
            self._p50.pop()
        self._x.append(elapsed)
        self._rate.append(lookups_per_second)
        self._p50.append(p50)
        if len(self._x) > MAX_POINTS:
            self._thin()
        self._x_end = X_STEP * max(1, math.ceil(elapsed / X_STEP))
        self._left_top = nice_top(self._left_top, max(self._rate))
        finite = [v for v in self._p50 if v is not None]
        self._right_top = nice_top(self._right_top, max(finite) if finite else 0.0)
        self.update()

    def point_count(self) -> int:
        return len(self._x)

    def _thin(self) -> None:
        last = (self._x[-1], self._rate[-1], self._p50[-1])
        self._x, self._rate, self._p50 = self._x[::2], self._rate[::2], self._p50[::2]
        if self._x[-1] != last[0]:  # always keep the newest sample
            self._x.append(last[0])
            self._rate.append(last[1])
            self._p50.append(last[2])
        self._spacing *= 2

    # -- painting --------------------------------------------------------------------------------
    def _plot_rect(self) -> QRectF:
        return QRectF(MARGIN_LEFT, MARGIN_TOP, max(10, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
                      max(10, self.height() - MARGIN_TOP - MARGIN_BOTTOM))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        grid = QColor(text)
        grid.setAlpha(40)
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
            plot = self._plot_rect()
            painter.setPen(QPen(grid, 1))
            for i in range(5):
                y = plot.bottom() - plot.height() * i / 4
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(text, 1))
            painter.drawRect(plot)
            self._axes(painter, plot, text)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._series(painter, plot, self._rate, self._left_top, QColor(BLUE))
            self._series(painter, plot, self._p50, self._right_top, QColor(AMBER))
            self._legend(painter, plot, text)
            if not self._x:
                painter.setPen(QPen(text, 1))
                painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("Throughput and lookup time appear "
                                                                             "here while a run goes."))
        finally:
            painter.end()

    def _series(self, painter: QPainter, plot: QRectF, values: list[float] | list[float | None], top: float,
                color: QColor) -> None:
        painter.setPen(QPen(color, 2))
        line = QPolygonF()
        for x, v in zip(self._x, values, strict=True):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                if line.size() > 1:
                    painter.drawPolyline(line)
                line = QPolygonF()
                continue
            px = plot.left() + plot.width() * min(x / self._x_end, 1.0)
            py = plot.bottom() - plot.height() * min(max(v, 0.0) / top, 1.0)
            line.append(QPointF(px, py))
        if line.size() > 1:
            painter.drawPolyline(line)
        elif line.size() == 1:
            painter.drawEllipse(line.first(), 2, 2)

    def _axes(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        metrics = painter.fontMetrics()
        h = metrics.height()
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            left = fmt.number(self._left_top * i / 4, quarter_decimals(self._left_top))
            right = fmt.number(self._right_top * i / 4, quarter_decimals(self._right_top))
            painter.drawText(QRectF(0, y - h / 2, MARGIN_LEFT - 6, h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, left)
            painter.drawText(QRectF(plot.right() + 6, y - h / 2, MARGIN_RIGHT - 6, h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, right)
        for i in range(4):
            x = plot.left() + plot.width() * i / 3
            painter.drawText(QRectF(x - 40, plot.bottom() + 2, 80, h), Qt.AlignmentFlag.AlignHCenter,
                             fmt.duration(self._x_end * i / 3))
        painter.drawText(QRectF(plot.left(), plot.bottom() + h, plot.width(), h), Qt.AlignmentFlag.AlignHCenter,
                         self.tr("elapsed"))

    def _legend(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        metrics = painter.fontMetrics()
        x = plot.left()
        y = 4.0
        for label, color in ((self.tr("Lookups per second"), BLUE), (self.tr("Lookup time, p50 (s)"), AMBER)):
            painter.setPen(QPen(QColor(color), 3))
            painter.drawLine(QPointF(x, y + metrics.height() / 2), QPointF(x + 18, y + metrics.height() / 2))
            painter.setPen(QPen(text, 1))
            width = metrics.horizontalAdvance(label)
            painter.drawText(QRectF(x + 24, y, width + 4, metrics.height()), Qt.AlignmentFlag.AlignVCenter, label)
            x += 24 + width + 24
