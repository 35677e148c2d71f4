"""The Live tab's running-run panel: progress bar, figures, coloured counters, outcomes, the
breaker warning, the rolling chart and the tail of the run log.

Fed one ProgressSnapshot at a time (at most ~10 per second): every update is cheap label and
bar changes plus one chart point; no queries. The log view only appends lines it has not shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.domain import RunStatus
from core.engine import ProgressSnapshot
from gui import formatting as fmt
from gui.labels import (
    AMBER,
    BLUE,
    GREEN,
    GREY,
    PURPLE,
    RED,
    outcome_label,
    run_message,
    run_status_color,
    run_status_label,
)
from gui.live_chart import LiveChart
from gui.message_text import log_line_text, message_text
from gui.runs_look import duration_text, wrap_log

LOG_LINES = 500
BREAKER_OPEN = ("OPEN", "HALF_OPEN")
PROCESS_ENDED = "run.process_ended"  # gui.run_process: the process making the run died


def set_text_color(label: QLabel, color: QColor | None) -> None:
    """Colour a label's text (None: back to the palette's text colour)."""
    palette = label.palette()
    parent = label.parentWidget()
    base = parent.palette() if parent is not None else palette
    palette.setColor(QPalette.ColorRole.WindowText, color or base.color(QPalette.ColorRole.WindowText))
    label.setPalette(palette)


def new_lines(shown: Sequence[str], tail: Sequence[str]) -> list[str]:
    """The lines of `tail` after its longest overlap with the end of what was shown."""
    for k in range(min(len(shown), len(tail)), 0, -1):
        if list(shown[-k:]) == list(tail[:k]):
            return list(tail[k:])
    return list(tail)


class Counter(QWidget):
    """A caption over a big coloured number."""

    def __init__(self, caption: str, color: QColor, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        self.value = QLabel("0", self)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        set_text_color(self.value, color)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self.setToolTip(tooltip)

    def set_value(self, value: int) -> None:
        self.value.setText(fmt.number(value))


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_id: int | None = None
        self.last: ProgressSnapshot | None = None
        self._tail: tuple[str, ...] = ()
        self.title = QLabel(self)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.status = QLabel(self)
        self.status.setFont(title_font)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        # the percentage sits beside the bar: text drawn over the bar's edge reads badly in some styles
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(18)
        self.percent = QLabel(self)
        self.percent.setFont(title_font)
        self.percent.setMinimumWidth(self.percent.fontMetrics().horizontalAdvance("100.0%") + 8)
        self.percent.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.breaker = QLabel(self.tr("Provider failing — lookups are paused; nothing is counted against "
                                      "the invoices while it is down."), self)
        self.breaker.setWordWrap(True)
        set_text_color(self.breaker, RED)
        self.breaker.setVisible(False)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        rows = (
            ("done", self.tr("Invoices"), self.tr("Invoices with a result in this run, of those planned.")),
            ("documents", self.tr("Documents"), self.tr("Documents (CPF/CNPJ) looked up, of those planned; "
                                                         "one lookup covers every invoice of a document.")),
            ("rate", self.tr("Rate"), self.tr("Invoices settled per second over the last 10 seconds.")),
            ("lookups", self.tr("Lookups"), self.tr("Provider lookups per second over the last 10 seconds.")),
            ("eta", self.tr("Time left"), self.tr("Estimated from the lookups still to make (including "
                                                   "pending retries) and the recent lookup rate.")),
            ("elapsed", self.tr("Elapsed"), ""),
            ("phase", self.tr("Phase"), self.tr("Main pass: every planned invoice once. Retry pass: the "
                                                 "invoices left in error, once more at the end.")),
            ("limit", self.tr("Rate limit"), self.tr("Lookups per second allowed now; lowered when the "
                                                      "provider answers 429/503 and raised again slowly.")),
            ("flight", self.tr("In flight"), self.tr("Lookups sent and not yet answered, and lookups "
                                                      "waiting for their retry time.")),
        )
        for i, (key, caption, tip) in enumerate(rows):
            name = QLabel(caption, self)
            value = QLabel("—", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name.setToolTip(tip)
            value.setToolTip(tip)
            grid.addWidget(name, i // 3, (i % 3) * 2)
            grid.addWidget(value, i // 3, (i % 3) * 2 + 1)
            self.figures[key] = value
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        self.counters: dict[str, Counter] = {}
        counters_row = QHBoxLayout()
        for key, caption, color, tip in (
            ("success", self.tr("Success"), GREEN, self.tr("Invoices found and matched.")),
            ("partial", self.tr("Partial"), AMBER, self.tr("Matched with a divergent date or amount: "
                                                           "needs review.")),
            ("not_available", self.tr("Not available"), GREY, self.tr("Not at the provider yet, or no debts: "
                                                                     "looked at again in a later run.")),
            ("error", self.tr("Error"), RED, self.tr("Failed in this run; retried later.")),
            ("gave_up", self.tr("Gave up"), PURPLE, self.tr("Reached the attempt limit; automatic runs skip "
                                                            "them until a forced retry.")),
            ("retries", self.tr("Retries"), BLUE, self.tr("Attempts beyond an invoice's first in this run.")),
        ):
            counter = Counter(caption, color, tip, self)
            self.counters[key] = counter
            counters_row.addWidget(counter)
        counters_row.addStretch(1)
        self.outcomes = QLabel(self)
        self.outcomes.setWordWrap(True)
        self.outcomes.setToolTip(self.tr("Results of this run's attempts, by outcome."))
        self.chart = LiveChart(self)
        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        wrap_log(self.log)
        self.log.setPlaceholderText(self.tr("The run log appears here."))
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart)
        split.addWidget(self.log)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 110])
        split.setChildrenCollapsible(False)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.percent)
        layout.addLayout(bar_row)
        layout.addLayout(grid)
        layout.addLayout(counters_row)
        layout.addWidget(self.outcomes)
        layout.addWidget(self.breaker)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        # Fixed heights: a label that grows or a line that appears would re-lay out the panel and
        # resize the chart on every snapshot, and a resized chart re-renders all its axes.
        line = self.fontMetrics().lineSpacing()
        self.outcomes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.outcomes.setFixedHeight(2 * line + 4)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.message.setFixedHeight(line + 4)
        keep = self.breaker.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.breaker.setSizePolicy(keep)
        self.starting()

    # -- updates ---------------------------------------------------------------------------------
    def starting(self) -> None:
        """A run was asked for: clear what the previous one left, until its first snapshot."""
        self.run_id = None
        self.last = None
        self._tail = ()
        self.title.setText(self.tr("Starting a run…"))
        self.status.clear()
        self.bar.setValue(0)
        self.percent.setText(fmt.percent(0.0))
        for label in self.figures.values():
            label.setText("—")
        for counter in self.counters.values():
            counter.set_value(0)
        self.outcomes.clear()
        self.breaker.setVisible(False)
        self.message.clear()
        self.chart.clear_points()
        self.log.clear()

    def failed(self, error: str) -> None:
        from core.messages import decode

        if decode(error).code == PROCESS_ENDED:  # the run's process died: its run is INTERRUPTED
            self.status.setText(run_status_label(RunStatus.INTERRUPTED))
            set_text_color(self.status, run_status_color(RunStatus.INTERRUPTED))
            self.message.setText(message_text(error))
            return
        self.status.setText(run_status_label(RunStatus.FAILED))
        set_text_color(self.status, run_status_color(RunStatus.FAILED))
        self.message.setText(self.tr("The run could not start or finish: %1").replace("%1", message_text(error)))

    def show_snapshot(self, s: ProgressSnapshot) -> None:
        if s.run_id != self.run_id:
            self.starting()
            self.run_id = s.run_id
        self.last = s
        self.title.setText(self.tr("Run #%1").replace("%1", str(s.run_id)))
        self.status.setText(run_status_label(s.status))
        set_text_color(self.status, run_status_color(s.status))
        self.bar.setValue(round(s.percent * 10))
        self.percent.setText(fmt.percent(s.percent / 100))
        f = self.figures
        f["done"].setText(self.tr("%1 of %2").replace("%1", fmt.number(s.done)).replace("%2", fmt.number(s.total)))
        f["documents"].setText(self.tr("%1 of %2").replace("%1", fmt.number(s.documents_done))
                               .replace("%2", fmt.number(s.documents_total)))
        f["rate"].setText(self.tr("%1 invoices/s").replace("%1", fmt.number(s.rate, 1)))
        f["lookups"].setText(self.tr("%1 lookups/s").replace("%1", fmt.number(s.lookups_per_second, 1)))
        f["eta"].setText(fmt.duration(s.eta_seconds))
        f["elapsed"].setText(duration_text(s.elapsed))
        f["phase"].setText(self._phase(s.phase))
        f["limit"].setText(self.tr("Unlimited") if s.rate_limit is None
                           else self.tr("%1 lookups/s").replace("%1", fmt.number(s.rate_limit, 1)))
        f["flight"].setText(self.tr("%1 in flight, %2 waiting to retry").replace("%1", fmt.number(s.in_flight))
                            .replace("%2", fmt.number(s.pending_retries)))
        c = self.counters
        c["success"].set_value(s.successes)
        c["partial"].set_value(s.partial)
        c["not_available"].set_value(s.not_available)
        c["error"].set_value(s.errors)
        c["gave_up"].set_value(s.gave_up)
        c["retries"].set_value(s.retries)
        ordered = sorted(s.outcomes.items(), key=lambda kv: (-kv[1], kv[0]))
        self.outcomes.setText("   ".join(
            self.tr("%1: %2").replace("%1", outcome_label(k)).replace("%2", fmt.number(n)) for k, n in ordered))
        self.breaker.setVisible(s.breaker in BREAKER_OPEN and not s.finished)
        self.message.setText(run_message(s) if s.finished else message_text(s.message))
        self.chart.add_point(s.elapsed, s.lookups_per_second, s.p50_recent, force=s.finished)
        lines = new_lines(self._tail, s.log_tail)
        self._tail = s.log_tail
        for line in lines:
            self.log.appendPlainText(log_line_text(line))
        if lines:
            self.log.horizontalScrollBar().setValue(0)  # pinned left: each line's time and contract in sight

    def _phase(self, phase: str) -> str:
        return {
            "planning": self.tr("Planning"),
            "main": self.tr("Main pass"),
            "retry": self.tr("Retry pass"),
            "finished": self.tr("Finished"),
        }.get(phase, phase)
