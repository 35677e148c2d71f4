"""Chart widgets (pyqtgraph): the Performance tab's daily chart.

`DailyChart` shows, per local day of the window, stacked bars of the day's run results
(successes, partial, errors, not available) on the left axis and the median lookup time as a
line on a second y axis (seconds, right). Days are bar positions 0..n-1 and the bottom axis
labels them day/month in the UI locale; days without data are drawn as zero. The mouse
neither pans nor zooms (the window selector picks the range); hovering a day shows its
figures. Colours come from gui.labels (status colours) and the palette (background, axes), so
the chart reads on light and dark themes. Nothing redraws until `set_days` is called.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QToolTip, QWidget

from gui import formatting as fmt
from gui import labels
from gui.performance_format import day_month
from storage.analytics import DayPerformance

BAR_WIDTH = 0.72
LINE_COLOR = labels.BLUE


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked layer of the bars: its legend name, colour and figure of a day."""

    key: str
    name: str
    color: QColor

    def value(self, day: DayPerformance) -> int:
        return int(getattr(day, self.key))


class DayAxis(pg.AxisItem):
    """Bottom axis over bar positions 0..n-1, labelled day/month, thinned to fit the width."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self._labels: list[str] = []

    def set_days(self, days: Sequence[date]) -> None:
        self._labels = [day_month(d) for d in days]
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802,N803
        n = len(self._labels)
        if n == 0 or size <= 0:
            return []
        widest = max(QFontMetrics(self.font()).horizontalAdvance(text) for text in self._labels) + 14
        per_day = size / max(1.0, maxVal - minVal)
        step = max(1, math.ceil(widest / max(per_day, 1e-6)))
        for nice in (1, 2, 3, 5, 7, 14, 15, 30, 60, 90):
            if nice >= step:
                step = nice
                break
        # Anchor on the last day (today) so it is always labelled.
        values = [float(i) for i in range(n - 1, -1, -step) if minVal - 0.5 <= i <= maxVal + 0.5]
        return [(float(step), sorted(values))]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        out = []
        for v in values:
            i = int(round(v))
            out.append(self._labels[i] if 0 <= i < len(self._labels) else "")
        return out


class CountAxis(pg.AxisItem):
    """Left axis of counts: whole numbers only, in the UI locale."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802,N803
        levels = []
        for spacing, values in super().tickValues(minVal, maxVal, size):
            if spacing < 1:
                continue
            levels.append((spacing, [v for v in values if float(v).is_integer()]))
        return levels or [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [fmt.number(int(round(v * scale))) for v in values]


class SecondsAxis(pg.AxisItem):
    """Right axis of seconds in the UI locale (decimal comma in pt-BR)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        decimals = 0 if spacing >= 1 else 1 if spacing >= 0.1 else 2 if spacing >= 0.01 else 3
        return [fmt.number(v * scale, decimals) if decimals else fmt.number(int(round(v * scale)))
                for v in values]


class DailyChart(QWidget):
    """Stacked daily results and the lookup-time line; `empty_label` replaces it when idle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: tuple[Series, ...] = (
            Series("successes", self.tr("Successes"), labels.GREEN),
            Series("partial", self.tr("Partial"), labels.AMBER),
            Series("errors", self.tr("Errors"), labels.RED),
            Series("not_available", self.tr("Not available"), labels.GREY),
        )
        self.days: tuple[DayPerformance, ...] = ()
        self._title: str | None = None
        self._drawn: tuple[tuple[DayPerformance, ...], str] | None = None  # what set_days drew last
        self.day_axis = DayAxis()
        self.count_axis = CountAxis("left")
        self.seconds_axis = SecondsAxis("right")
        for axis in (self.count_axis, self.seconds_axis):
            axis.enableAutoSIPrefix(False)  # "s (x0.001)" reads badly: ticks are plain seconds
        self.plot_widget = pg.PlotWidget(axisItems={"bottom": self.day_axis, "left": self.count_axis,
                                                    "right": self.seconds_axis})
        self.plot_widget.setMinimumHeight(220)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showAxis("right")
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.setLabel("left", self.tr("invoices"))
        self.plot.setLabel("right", self.tr("s"))
        self.time_view = pg.ViewBox(enableMenu=False)
        self.time_view.setMouseEnabled(x=False, y=False)
        self.plot.scene().addItem(self.time_view)
        self.seconds_axis.linkToView(self.time_view)
        self.time_view.setXLink(self.plot.vb)
        self.plot.vb.sigResized.connect(self._sync_views)
        self.bars: list[pg.BarGraphItem] = []
        for s in self.series:
            bar = pg.BarGraphItem(x=[0.0], height=[0.0], y0=[0.0], width=BAR_WIDTH, brush=s.color, pen=None,
                                  name=s.name)
            self.plot.addItem(bar)
            self.bars.append(bar)
        self.time_line = pg.PlotDataItem([], [], connect="finite", name=self.tr("Lookup time p50 (s)"))
        self.time_view.addItem(self.time_line)
        self.time_view.setZValue(10)  # the line over the bars (the plot's own view box sits at 0)
        # The legend sits in its own row under the day axis, so it never hides a bar.
        self.legend = pg.LegendItem(offset=None, colCount=len(self.series) + 1, labelTextSize="9pt", frame=False)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.plot.layout.addItem(self.legend, 4, 1, Qt.AlignmentFlag.AlignHCenter)
        for bar, s in zip(self.bars, self.series, strict=True):
            self.legend.addItem(bar, s.name)
        self.legend.addItem(self.time_line, self.time_line.name())
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False)
        self.cursor_line.setVisible(False)
        self.plot.addItem(self.cursor_line, ignoreBounds=True)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        big = self.empty_label.font()
        big.setPointSizeF(max(9.0, big.pointSizeF() * 1.25))
        self.empty_label.setFont(big)
        self.empty_label.setAutoFillBackground(True)
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.plot_widget)
        self.stack.addWidget(self.empty_label)
        self._apply_palette()

    # -- data ------------------------------------------------------------------------------------
    def set_title(self, text: str) -> None:
        if text != self._title:  # a new title re-lays out the plot: only when it changes
            self._title = text
            self.plot.setTitle(text)

    def set_days(self, days: Sequence[DayPerformance], empty_text: str = "") -> None:
        """Draw the window's days (oldest first); with no activity at all show `empty_text`.
        The same days and text again (a refresh that changed nothing here) redraw nothing."""
        if self._drawn is not None and self._drawn == (tuple(days), empty_text):
            self.cursor_line.setVisible(False)  # as a redraw does
            return
        self._drawn = (tuple(days), empty_text)
        self.days = tuple(days)
        n = len(self.days)
        xs = np.arange(n, dtype=float)
        base = np.zeros(n)
        for bar, s in zip(self.bars, self.series, strict=True):
            heights = np.array([s.value(d) for d in self.days], dtype=float)
            bar.setOpts(x=xs, height=heights, y0=base.copy(), width=BAR_WIDTH)
            base = base + heights
        seconds = np.array([np.nan if d.p50_seconds is None else d.p50_seconds for d in self.days], dtype=float)
        if np.isfinite(seconds).any():
            self.time_line.setData(xs, seconds, connect="finite")
        else:  # pyqtgraph warns on an all-NaN line
            self.time_line.setData([], [])
        self.day_axis.set_days([d.day for d in self.days])
        top = float(base.max()) if n else 0.0
        self.plot.setYRange(0, max(1.0, top * 1.08 + 0.5), padding=0)
        self.plot.setXRange(-0.6, max(0, n - 1) + 0.6, padding=0)
        finite = seconds[np.isfinite(seconds)]
        slowest = float(finite.max()) if finite.size else 0.0
        self.time_view.setYRange(0, max(0.01, slowest * 1.15), padding=0)
        self.cursor_line.setVisible(False)
        active = any(d.invoices or d.attempts or d.runs for d in self.days)
        self.empty_label.setText(empty_text)
        self.stack.setCurrentWidget(self.plot_widget if active or not empty_text else self.empty_label)
        self._sync_views()

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_label

    def bar_heights(self, key: str) -> list[float]:
        """The heights drawn for one series ('successes', 'partial', 'errors', 'not_available')."""
        index = [s.key for s in self.series].index(key)
        return [float(h) for h in self.bars[index].opts["height"]]

    def day_summary(self, index: int) -> str:
        """The hover text of one day: its date and every figure behind its bar and point."""
        d = self.days[index]
        lines = [fmt.day(d.day),
                 self.tr("Runs: %1").replace("%1", fmt.number(d.runs)),
                 self.tr("Invoices: %1").replace("%1", fmt.number(d.invoices))]
        for s in self.series:
            lines.append(self.tr("%1: %2").replace("%1", s.name).replace("%2", fmt.number(s.value(d))))
        lines.append(self.tr("Gave up (in errors): %1").replace("%1", fmt.number(d.gave_up)))
        lines.append(self.tr("Attempts: %1").replace("%1", fmt.number(d.attempts)))
        lines.append(self.tr("Lookup time p50 / p95: %1 / %2").replace("%1", fmt.seconds(d.p50_seconds))
                     .replace("%2", fmt.seconds(d.p95_seconds)))
        lines.append(self.tr("Average lookup time: %1").replace("%1", fmt.seconds(d.avg_seconds)))
        return "\n".join(lines)

    def export_png(self, path: str) -> bool:
        """Save an image of the plot (works for a plot that was never shown)."""
        return self.plot_widget.grab().save(path, "PNG")

    # -- drawing ---------------------------------------------------------------------------------
    def _sync_views(self) -> None:
        self.time_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.time_view.linkedViewChanged(self.plot.vb, self.time_view.XAxis)

    def _on_mouse_moved(self, pos: QPointF) -> None:
        if not self.days or not self.plot.vb.sceneBoundingRect().contains(pos):
            self.cursor_line.setVisible(False)
            QToolTip.hideText()
            return
        index = int(round(self.plot.vb.mapSceneToView(pos).x()))
        if not 0 <= index < len(self.days):
            self.cursor_line.setVisible(False)
            return
        self.cursor_line.setPos(index)
        self.cursor_line.setVisible(True)
        QToolTip.showText(QCursor.pos(), self.day_summary(index), self.plot_widget)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        self.plot_widget.setBackground(base)
        for name in ("left", "bottom", "right"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        self.plot.titleLabel.setText(self.plot.titleLabel.text, color=text.name())
        line = LINE_COLOR.lighter(135) if dark else LINE_COLOR
        self.time_line.setPen(pg.mkPen(line, width=2))
        self.time_line.setSymbol("o")
        self.time_line.setSymbolSize(6)
        self.time_line.setSymbolBrush(line)
        self.time_line.setSymbolPen(pg.mkPen(base, width=1))
        cursor = QColor(text)
        cursor.setAlpha(90)
        self.cursor_line.setPen(pg.mkPen(cursor, width=1, style=Qt.PenStyle.DashLine))
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # setLabelTextColor alone does not redraw existing labels
        for bar in self.bars:
            bar.setOpts(pen=pg.mkPen(base, width=0.5))


__all__ = ["CountAxis", "DailyChart", "DayAxis", "SecondsAxis", "Series"]
