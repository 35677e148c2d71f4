"""The Runs tab's detail of one run: its figures and timings, attempts by outcome, its log,
and its attempts (paged). Double-clicking an attempt asks for that invoice's history.

`load_run_detail` is the one query behind it (run off the GUI thread); the panel keeps one
load in flight at a time and always shows the newest page asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.domain import Outcome
from gui import formatting as fmt
from gui.async_tools import SerialLoad, launch
from gui.labels import (
    origin_label,
    outcome_color,
    outcome_label,
    run_message,
    run_status_color,
    run_status_label,
    status_color,
    status_label,
)
from gui.live_progress import set_text_color
from gui.message_text import (
    log_detail,
    log_line_text,
    message_detail,
    message_text,
    started_by_text,
    tooltip_with_detail,
)
from gui.pager import Pager
from gui.problems_columns import document_shown, one_line, plain_tooltip
from gui.problems_retry import RetryScope, force_retry
from gui.problems_views import stretch_column
from gui.row_menu import RowMenu
from gui.runs_look import duration_text, setup_table, wrap_log
from gui.services import Services
from gui.table_model import RIGHT, Column, RecordTableModel, enable_sorting
from storage.analytics.runs import AttemptRow, RunDetail, RunSummary, run_detail
from storage.analytics.sorting import Sort
from storage.run_export import run_log

ATTEMPTS_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class RunDetailData:
    detail: RunDetail
    log: tuple[str, ...]


def load_run_detail(run_id: int, now: datetime, tz: tzinfo, page: int, page_size: int,
                    sort: Sort | None = None) -> RunDetailData:
    """One run's figures and a page of its attempts (in `sort`'s order), with its stored log."""
    return RunDetailData(run_detail(run_id, now, tz, page=page, page_size=page_size, sort=sort), run_log(run_id))


ATTEMPT_ERROR_COLUMN = 11  # the last: it takes the spare width


class RunDetailPanel(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.run_id: int | None = None
        self.page = 1
        self.page_size = ATTEMPTS_PAGE_SIZE
        self.data: RunDetailData | None = None
        self._loader = SerialLoad(self._load)
        self.stack = QStackedWidget(self)
        self.empty = QLabel(self.tr("Select a run to see its figures, its log and its attempts."), self.stack)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        body = QWidget(self.stack)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(body)
        # -- header
        self.title = QLabel(body)
        self.status = QLabel(body)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.status.setFont(font)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status)
        head.addSpacing(12)
        head.addWidget(self.message, 1)
        # -- figures, outcomes, log
        figures_box = QGroupBox(self.tr("Figures"), body)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout(figures_box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for i, (key, caption, tip) in enumerate(self._figure_rows()):
            name = QLabel(caption, figures_box)
            value = QLabel("—", figures_box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if tip:
                name.setToolTip(tip)
                value.setToolTip(tip)
            grid.addWidget(name, i // 2, (i % 2) * 2)
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
            self.figures[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.outcomes = QLabel(body)
        self.outcomes.setWordWrap(True)
        self.outcomes.setToolTip(self.tr("This run's attempt rows by outcome, most frequent first."))
        self.log = QPlainTextEdit(body)
        self.log.setReadOnly(True)
        wrap_log(self.log)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log.setPlaceholderText(self.tr("This run has no log lines."))
        left = QWidget(body)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(figures_box)
        left_layout.addWidget(QLabel(self.tr("By outcome:"), left))
        left_layout.addWidget(self.outcomes)
        self.details_toggle = QToolButton(body)
        self.details_toggle.setText(self.tr("Technical details"))
        self.details_toggle.setCheckable(True)
        self.details_toggle.setToolTip(self.tr("Show the technical detail behind the messages: the exception "
                                               "text, the HTTP detail."))
        self.details_toggle.toggled.connect(self._on_details_toggled)
        self.details = QLabel(body)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(False)
        log_row = QHBoxLayout()
        log_row.addWidget(QLabel(self.tr("Log:"), left))
        log_row.addStretch(1)
        log_row.addWidget(self.details_toggle)
        left_layout.addWidget(self.details)
        left_layout.addLayout(log_row)
        left_layout.addWidget(self.log, 1)
        # -- attempts
        attempts_box = QGroupBox(self.tr("Attempts"), body)
        self.attempts = RecordTableModel[AttemptRow](self._attempt_columns(), self, server_sort=True)
        self.attempts.sortRequested.connect(self._on_sort)
        self.attempt_view = QTableView(attempts_box)
        self.attempt_view.setModel(self.attempts)
        setup_table(self.attempt_view)
        enable_sorting(self.attempt_view)
        services.settingsChanged.connect(lambda: self.attempt_view.viewport().update())  # masking on or off
        stretch_column(self.attempt_view, ATTEMPT_ERROR_COLUMN)
        self.attempt_view.setToolTip(self.tr("Double-click an attempt to open its contract in Invoices; "
                                             "right-click for more."))
        self.attempt_menu = RowMenu(self.attempt_view, "run_attempts", self.open_contract, self._retry,
                                    [(self.tr("Show attempt history"), self._open_history)])
        self.pager = Pager(attempts_box)
        self.pager.pageRequested.connect(self._on_page)
        attempts_layout = QVBoxLayout(attempts_box)
        attempts_layout.addWidget(self.attempt_view, 1)
        attempts_layout.addWidget(self.pager)
        split = QSplitter(Qt.Orientation.Horizontal, body)
        split.addWidget(left)
        split.addWidget(attempts_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(head)
        body_layout.addWidget(split, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _figure_rows(self) -> tuple[tuple[str, str, str], ...]:
        return (
            ("origin", self.tr("Origin"), ""),
            ("cohort", self.tr("Cohort"), self.tr("The cohort the run was limited to, if any.")),
            ("started", self.tr("Started"), ""),
            ("finished", self.tr("Finished"), ""),
            ("duration", self.tr("Duration"), ""),
            ("started_by", self.tr("Started by"), ""),
            ("planned", self.tr("Planned"), self.tr("Invoices, documents and contracts the run set out to fetch.")),
            ("processed", self.tr("Processed"), self.tr("Invoices with at least one attempt in this run.")),
            ("successes", self.tr("Success"), ""),
            ("partial", self.tr("Partial"), self.tr("Matched with a divergent date or amount: needs review.")),
            ("not_available", self.tr("Not available"), self.tr("Not at the provider yet, or no debts.")),
            ("errors", self.tr("Errors"), ""),
            ("gave_up", self.tr("Gave up"), self.tr("Reached the attempt limit in this run.")),
            ("retries", self.tr("Retries"), self.tr("Attempts beyond an invoice's first in this run.")),
            ("lookups", self.tr("Lookups"), self.tr("Provider lookups made; one lookup covers a whole document.")),
            ("throughput", self.tr("Throughput"), self.tr("Invoices processed per second of run time.")),
            ("error_share", self.tr("Error share"), self.tr("(Errors + gave up) / processed.")),
            ("avg", self.tr("Average time"), self.tr("Lookup time per invoice attempt.")),
            ("range", self.tr("Fastest / slowest"), self.tr("Lookup time per invoice attempt.")),
            ("pct", self.tr("p50 / p95"), self.tr("Half of the attempts took at most p50; 95% at most p95.")),
        )

    def _attempt_columns(self) -> list[Column[AttemptRow]]:
        def tip(a: AttemptRow) -> str:
            text = self.tr("Started %1").replace("%1", fmt.when(a.started_at, with_seconds=True))
            if not a.counted:
                text += "\n" + self.tr("Not counted as an attempt (the provider was down).")
            return text

        return [  # every column sorts in the query (storage.analytics.runs.ATTEMPT_SORT_COLUMNS)
            Column(self.tr("Invoice id"), lambda a: str(a.invoice_id), RIGHT, tooltip=tip, sort="invoice_id"),
            Column(self.tr("Contract"), lambda a: a.contract_number, tooltip=tip, sort="contract"),
            Column(self.tr("Customer"), lambda a: a.customer_name or "—", tooltip=lambda a: a.customer_name,
                   sort="customer"),
            Column(self.tr("CPF/CNPJ"), lambda a: document_shown(a.document, self.services.mask_documents),
                   sort="document"),
            Column(self.tr("Invoice #"), lambda a: str(a.invoice_number), RIGHT, sort="invoice"),
            Column(self.tr("Try"), lambda a: str(a.try_no), RIGHT,
                   tooltip=lambda a: self.tr("Try %1 of this invoice in this run; attempt %2 overall.")
                   .replace("%1", str(a.try_no)).replace("%2", "—" if a.attempt_no is None else str(a.attempt_no)),
                   sort="try"),
            Column(self.tr("Outcome"), lambda a: outcome_label(a.outcome), tooltip=tip,
                   color=lambda a: outcome_color(a.outcome), sort="outcome"),
            Column(self.tr("Status after"), lambda a: status_label(a.status_after),
                   color=lambda a: status_color(a.status_after), sort="status_after"),
            Column(self.tr("Seconds"), lambda a: fmt.number(a.seconds, 3) if a.seconds is not None else "—", RIGHT,
                   sort="seconds"),
            Column(self.tr("HTTP"), lambda a: "—" if a.http_status is None else str(a.http_status), RIGHT,
                   sort="http"),
            Column(self.tr("Retry pass"), lambda a: self.tr("Yes") if a.retry_pass else "",
                   tooltip=lambda a: self.tr("Made in the end-of-run retry pass.") if a.retry_pass else "",
                   sort="retry_pass"),
            Column(self.tr("Error"), lambda a: one_line(message_text(a.error)),
                   tooltip=lambda a: plain_tooltip(tooltip_with_detail(a.error)),
                   sort="error"),
        ]

    # -- loading ---------------------------------------------------------------------------------
    async def show_run(self, run_id: int | None) -> None:
        """Show a run (page 1 of its attempts), or the empty state for None."""
        if run_id != self.run_id:
            self.page = 1
        self.run_id = run_id
        if run_id is None:
            self.data = None
            self.stack.setCurrentWidget(self.empty)
            return
        await self._loader.request()

    async def reload(self) -> None:
        await self._loader.request()

    def _on_page(self, page: int) -> None:
        self.page = max(1, page)
        launch(self.reload())

    def _on_sort(self) -> None:
        self.page = 1
        launch(self.reload())

    async def _load(self) -> None:
        run_id = self.run_id
        if run_id is None:
            return
        data = await self.services.query(load_run_detail, run_id, self.services.now(), self.services.tz,
                                         self.page, self.page_size, self.attempts.sort_spec())
        if run_id != self.run_id:
            return  # another run was chosen meanwhile; its own load follows
        self.data = data
        self._show(data)

    def _show(self, data: RunDetailData) -> None:
        run, attempts = data.detail.run, data.detail.attempts
        self.stack.setCurrentIndex(1)
        self.title.setText(self.tr("Run #%1").replace("%1", str(run.id)))
        self.status.setText(run_status_label(run.status))
        set_text_color(self.status, run_status_color(run.status))
        self.message.setText(run_message(run))
        self._show_details(data)
        self._show_figures(run)
        self.outcomes.setText(self._outcomes_text(data.detail.outcomes))
        self._show_log(data)
        self.attempts.set_rows(attempts.items)
        self.attempt_view.resizeColumnsToContents()
        self.pager.set_state(attempts.page, attempts.pages, attempts.total)

    def _show_details(self, data: RunDetailData) -> None:
        detail = message_detail(data.detail.run.message)
        self.details.setText(self.tr("Technical details: %1").replace("%1", detail) if detail else "")
        self.details.setVisible(bool(detail) and self.details_toggle.isChecked())

    def _show_log(self, data: RunDetailData) -> None:
        """The log in the interface language; with the toggle on, each line's technical detail under it."""
        lines = []
        for line in data.log:
            lines.append(log_line_text(line))
            detail = log_detail(line) if self.details_toggle.isChecked() else ""
            if detail:
                lines.append("    " + detail)
        self.log.setPlainText("\n".join(lines))

    def _on_details_toggled(self, _on: bool) -> None:
        if self.data is not None:
            self._show_details(self.data)
            self._show_log(self.data)

    def _show_figures(self, run: RunSummary) -> None:
        f, n = self.figures, fmt.number
        f["origin"].setText(origin_label(run.origin))
        f["cohort"].setText(run.cohort or self.tr("All"))
        f["started"].setText(fmt.when(run.started_at, with_seconds=True))
        f["finished"].setText(fmt.when(run.finished_at, with_seconds=True))
        f["duration"].setText(duration_text(run.duration_seconds))
        who = started_by_text(run.started_by)
        f["started_by"].setText(self.tr("%1 on %2").replace("%1", who).replace("%2", run.hostname)
                                if run.hostname else who)
        f["planned"].setText(self.tr("%1 invoices, %2 documents, %3 contracts").replace("%1", n(run.invoices))
                             .replace("%2", n(run.documents)).replace("%3", n(run.contracts)))
        f["processed"].setText(self.tr("%1 (%2)").replace("%1", n(run.processed))
                               .replace("%2", fmt.percent(run.progress)))
        for key in ("successes", "partial", "not_available", "errors", "gave_up", "retries", "lookups"):
            f[key].setText(n(getattr(run, key)))
        f["throughput"].setText(self.tr("%1 invoices/s").replace("%1", n(run.throughput, 2))
                                if run.throughput is not None else "—")
        f["error_share"].setText(fmt.percent(run.error_share))
        f["avg"].setText(fmt.seconds(run.avg_seconds))
        f["range"].setText(self.tr("%1 / %2").replace("%1", fmt.seconds(run.min_seconds))
                           .replace("%2", fmt.seconds(run.max_seconds)))
        f["pct"].setText(self.tr("%1 / %2").replace("%1", fmt.seconds(run.p50_seconds))
                         .replace("%2", fmt.seconds(run.p95_seconds)))

    def _outcomes_text(self, outcomes: tuple[tuple[Outcome, int], ...]) -> str:
        if not outcomes:
            return self.tr("No attempts.")
        return "   ".join(self.tr("%1: %2").replace("%1", outcome_label(o)).replace("%2", fmt.number(c))
                          for o, c in outcomes)

    def open_contract(self, attempt: AttemptRow) -> None:
        """Show the attempt's contract in the Invoices tab, its invoice chosen."""
        self.services.showContractRequested.emit(attempt.contract_id, attempt.invoice_id)

    def _open_history(self, attempt: AttemptRow) -> None:
        self.services.showInvoiceRequested.emit(attempt.invoice_id)

    def _retry(self, attempts: tuple[AttemptRow, ...]) -> None:
        ids = tuple(dict.fromkeys(a.invoice_id for a in attempts))

        async def find() -> tuple[int, ...]:
            return ids

        launch(force_retry(self, self.services, RetryScope.SELECTION, find))
