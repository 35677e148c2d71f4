"""The Live tab's status column: the last finished run, the schedule (next or missed run),
what is waiting (pending, in error, gave up) and the open alerts with "Acknowledge".

`load_live_panel` is the one query behind it (run off the GUI thread by the tab); the panel
only displays its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import formatting as fmt
from gui.labels import (
    AMBER,
    GREY,
    PURPLE,
    RED,
    alert_kind_label,
    origin_label,
    run_message,
    run_status_color,
    run_status_label,
    severity_color,
    severity_label,
)
from gui.live_progress import Counter, set_text_color
from gui.message_text import message_text
from gui.runs_look import duration_text, setup_table
from gui.table_model import RIGHT, Column, RecordTableModel, enable_sorting
from gui.waiting_text import not_yet_available_tooltip, pending_tooltip
from storage.alerts import AlertRecord, open_alerts
from storage.analytics.cohorts import cohorts_from
from storage.analytics.figures import load_invoice_rollup
from storage.analytics.live import LiveStatus, live_from
from storage.analytics.params import check_now, check_tz
from storage.analytics.runs import RunSummary
from storage.analytics.waiting import WaitingCounts, waiting_counts
from storage.run_export import run_log

ALERT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class LivePanelData:
    status: LiveStatus
    alerts: tuple[AlertRecord, ...]
    cohorts: tuple[str, ...]  # cohorts with invoices, newest first
    last_log: tuple[str, ...]  # the last finished run's stored log
    waiting: WaitingCounts  # "Pendentes" (to fetch now) and "Ainda não disponíveis"


def load_live_panel(now: datetime, tz: tzinfo) -> LivePanelData:
    """Everything the idle column shows, from one read of the invoice rollup (and one count of
    what waits, off its covering index)."""
    now, tz = check_now(now), check_tz(tz)
    rows = load_invoice_rollup()
    cohorts = tuple(c.cohort for c in cohorts_from(rows).cohorts if c.invoices)
    status = live_from(now, tz, rows)
    last_log = run_log(status.last_finished.id) if status.last_finished is not None else ()
    waiting = waiting_counts(now.astimezone(tz).date())
    return LivePanelData(status, open_alerts(ALERT_LIMIT), cohorts, last_log, waiting)


class IdlePanel(QWidget):
    acknowledgeRequested = Signal(object)  # noqa: N815  tuple[int, ...] of alert ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # -- last run
        last_box = QGroupBox(self.tr("Last finished run"), self)
        self.last_title = QLabel(last_box)
        self.last_status = QLabel(last_box)
        bold = self.last_title.font()
        bold.setBold(True)
        self.last_title.setFont(bold)
        self.last_status.setFont(bold)
        self.last_started = QLabel(last_box)
        self.last_duration = QLabel(last_box)
        self.last_processed = QLabel(last_box)
        self.last_results = QLabel(last_box)
        self.last_message = QLabel(last_box)
        for label in (self.last_results, self.last_message):
            label.setWordWrap(True)
        self.last_empty = QLabel(self.tr("No runs yet."), last_box)
        head = QHBoxLayout()
        head.addWidget(self.last_title)
        head.addWidget(self.last_status)
        head.addStretch(1)
        self.last_form = QFormLayout()
        self.last_form.addRow(self.tr("Started:"), self.last_started)
        self.last_form.addRow(self.tr("Duration:"), self.last_duration)
        self.last_form.addRow(self.tr("Processed:"), self.last_processed)
        self.last_form.addRow(self.tr("Results:"), self.last_results)
        self.last_form.addRow(self.tr("Message:"), self.last_message)
        last_layout = QVBoxLayout(last_box)
        last_layout.addWidget(self.last_empty)
        last_layout.addLayout(head)
        last_layout.addLayout(self.last_form)
        # -- schedule and other processes
        sched_box = QGroupBox(self.tr("Schedule"), self)
        self.next_run = QLabel(sched_box)
        self.next_run.setWordWrap(True)
        self.missed = QLabel(sched_box)
        self.missed.setWordWrap(True)
        set_text_color(self.missed, AMBER)
        self.elsewhere = QLabel(sched_box)
        self.elsewhere.setWordWrap(True)
        sched_layout = QVBoxLayout(sched_box)
        sched_layout.addWidget(self.next_run)
        sched_layout.addWidget(self.missed)
        sched_layout.addWidget(self.elsewhere)
        # -- waiting invoices
        wait_box = QGroupBox(self.tr("Invoices waiting"), self)
        self.pending = Counter(self.tr("Pending"), GREY, pending_tooltip(), wait_box)
        self.not_available = Counter(self.tr("Not yet available"), GREY, not_yet_available_tooltip(), wait_box)
        self.in_error = Counter(self.tr("In error"), RED, self.tr("Last attempt failed; the next run retries "
                                                                  "them."), wait_box)
        self.gave_up = Counter(self.tr("Gave up"), PURPLE, self.tr("Reached the attempt limit; only a forced "
                                                                   "retry fetches them again."), wait_box)
        wait_layout = QGridLayout(wait_box)  # two by two: the captions are never cut in the side panel
        for i, counter in enumerate((self.pending, self.not_available, self.in_error, self.gave_up)):
            wait_layout.addWidget(counter, i // 2, i % 2)
        wait_layout.setColumnStretch(2, 1)
        # -- alerts
        alert_box = QGroupBox(self.tr("Open alerts"), self)
        self.alerts = RecordTableModel[AlertRecord](self._alert_columns(), self)
        self.alert_view = QTableView(alert_box)
        self.alert_view.setModel(self.alerts)
        setup_table(self.alert_view)
        enable_sorting(self.alert_view)
        header = self.alert_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.alert_message = QLabel(alert_box)
        self.alert_message.setWordWrap(True)
        self.alert_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alerts_empty = QLabel(self.tr("No open alerts."), alert_box)
        self.btn_ack = QPushButton(self.tr("Acknowledge"), alert_box)
        self.btn_ack.setToolTip(self.tr("Mark the selected alerts as seen. The same problem happening "
                                        "again opens a new alert."))
        self.btn_ack.setEnabled(False)
        self.btn_ack.clicked.connect(self._acknowledge)
        self.alert_view.selectionModel().selectionChanged.connect(self._on_alert_selection)
        alert_layout = QVBoxLayout(alert_box)
        alert_layout.addWidget(self.alerts_empty)
        alert_layout.addWidget(self.alert_view, 1)
        alert_layout.addWidget(self.alert_message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.btn_ack)
        alert_layout.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(last_box)
        layout.addWidget(sched_box)
        layout.addWidget(wait_box)
        layout.addWidget(alert_box, 1)
        self.show_last(None)
        self.set_alerts(())

    def _alert_columns(self) -> list[Column[AlertRecord]]:
        return [
            Column(self.tr("Alert"), lambda a: alert_kind_label(a.kind), color=lambda a: severity_color(a.severity),
                   tooltip=lambda a: self.tr("%1: %2").replace("%1", severity_label(a.severity))
                   .replace("%2", message_text(a.message))),
            Column(self.tr("Last seen"), lambda a: fmt.when(a.last_seen_at)),
            Column(self.tr("Times"), lambda a: fmt.number(a.occurrences), RIGHT,
                   tooltip=lambda a: self.tr("First seen %1").replace("%1", fmt.when(a.created_at))),
        ]

    # -- data ------------------------------------------------------------------------------------
    schedule_paused = False
    _last_data: tuple[LivePanelData, bool] | None = None

    def set_paused(self, paused: bool) -> None:
        """The schedule is paused in this app (not stored): say so until it is resumed."""
        self.schedule_paused = paused
        if paused:
            self.next_run.setText(self.tr("The schedule is paused: no automatic run until you resume it (Run → "
                                          "Resume schedule, or the tray menu)."))
        elif self._last_data is not None:
            data, running_here = self._last_data
            self.show_data(data, running_here=running_here)

    def show_data(self, data: LivePanelData, *, running_here: bool) -> None:
        self._last_data = (data, running_here)
        st = data.status
        self.show_last(st.last_finished)
        self.pending.set_value(data.waiting.to_fetch)
        self.pending.setToolTip(pending_tooltip(data.waiting))
        self.not_available.set_value(data.waiting.not_yet_available)
        self.in_error.set_value(st.in_error)
        self.gave_up.set_value(st.gave_up)
        sched = st.schedule
        if self.schedule_paused and sched.enabled:
            self.next_run.setText(self.tr("The schedule is paused: no automatic run until you resume it (Run → "
                                          "Resume schedule, or the tray menu)."))
        elif not sched.enabled:
            self.next_run.setText(self.tr("The schedule is off."))
        elif sched.next_run_at is None:
            self.next_run.setText(self.tr("The schedule “%1” cannot be read; check it in Settings.")
                                  .replace("%1", sched.cron))
        else:
            self.next_run.setText(self.tr("Next scheduled run: %1.").replace("%1", fmt.when(sched.next_run_at)))
        self.next_run.setToolTip(self.tr("Schedule (cron): %1").replace("%1", sched.cron))
        self.missed.setVisible(sched.missed_run_at is not None)
        if sched.missed_run_at is not None:
            self.missed.setText(self.tr("The scheduled run of %1 did not start.")
                                .replace("%1", fmt.when(sched.missed_run_at)))
        running = st.running
        self.elsewhere.setVisible(running is not None and not running_here)
        if running is not None and not running_here:
            if running.stale:
                text = self.tr("Run #%1 has not reported for %2; its process may have stopped.") \
                    .replace("%1", str(running.run.id)).replace("%2", fmt.duration(running.heartbeat_age_seconds))
            else:
                text = self.tr("Run #%1 is going in another process: %2 of %3 invoices.") \
                    .replace("%1", str(running.run.id)).replace("%2", fmt.number(running.done)) \
                    .replace("%3", fmt.number(running.total))
            self.elsewhere.setText(text)
        self.set_alerts(data.alerts)

    def show_last(self, run: RunSummary | None) -> None:
        self.last_empty.setVisible(run is None)
        for widget in (self.last_title, self.last_status):
            widget.setVisible(run is not None)
        for row in range(self.last_form.rowCount()):
            self.last_form.setRowVisible(row, run is not None)
        if run is None:
            return
        self.last_title.setText(self.tr("Run #%1 (%2)").replace("%1", str(run.id))
                                .replace("%2", origin_label(run.origin)))
        self.last_status.setText(run_status_label(run.status))
        set_text_color(self.last_status, run_status_color(run.status))
        self.last_started.setText(fmt.when(run.started_at))
        self.last_duration.setText(duration_text(run.duration_seconds))
        self.last_processed.setText(self.tr("%1 of %2 invoices").replace("%1", fmt.number(run.processed))
                                    .replace("%2", fmt.number(run.invoices)))
        self.last_results.setText(
            self.tr("%1 success, %2 partial, %3 not available, %7 no open debt, %4 errors, %5 gave up, %6 retries")
            .replace("%1", fmt.number(run.successes)).replace("%2", fmt.number(run.partial))
            .replace("%3", fmt.number(run.not_available)).replace("%4", fmt.number(run.errors))
            .replace("%5", fmt.number(run.gave_up)).replace("%6", fmt.number(run.retries))
            .replace("%7", fmt.number(run.closed)))
        self.last_message.setText(run_message(run) or "—")

    def set_alerts(self, alerts: tuple[AlertRecord, ...]) -> None:
        self.alerts.set_rows(alerts)
        self.alerts_empty.setVisible(not alerts)
        self.alert_view.setVisible(bool(alerts))
        self.alert_message.setVisible(bool(alerts))
        self.btn_ack.setEnabled(False)
        self._show_message()

    def selected_alert_ids(self) -> tuple[int, ...]:
        rows = sorted({i.row() for i in self.alert_view.selectionModel().selectedRows()})
        return tuple(self.alerts.row(r).id for r in rows)

    def _on_alert_selection(self, *_args: object) -> None:
        self.btn_ack.setEnabled(bool(self.selected_alert_ids()))
        self._show_message()

    def _show_message(self) -> None:
        """The message of the selected alert (else of the newest), under the table."""
        rows = sorted({i.row() for i in self.alert_view.selectionModel().selectedRows()})
        if not rows and self.alerts.rowCount() == 0:
            self.alert_message.clear()
            return
        alert = self.alerts.row(rows[0] if rows else 0)
        self.alert_message.setText(message_text(alert.message))

    def _acknowledge(self) -> None:
        ids = self.selected_alert_ids()
        if ids:
            self.btn_ack.setEnabled(False)
            self.acknowledgeRequested.emit(ids)
