"""The "Export…" actions: in the File menu (created if the window has none yet) and on each list's
right-click menu, each exporting that list exactly as the screen shows it (its filters and
order, every page), plus the three PDF reports.

    Invoices     the contracts the search finds → their invoices; the shown contract's invoices
                 (its own context menu lists the view's actions, Export… among them)
    Problems     error groups (the chosen days), problem invoices (filters and group), history
    Runs         the runs (filters), the selected run's attempts, its run report (PDF)
    Performance  slowest lookups, cohorts, daily figures (the chosen days), the performance report
    File menu    the current tab's main list (Ctrl+E), the collection list, the reports
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QMenu, QMessageBox

from gui import formatting as fmt

if TYPE_CHECKING:
    # The dialog and the writers bring openpyxl, the analytics and the PDF pages (several hundred
    # milliseconds of imports): they load when an export is first asked for, not before the
    # window's first paint. Each job below imports what it uses.
    from gui.export_dialog import ExportDialog, ExportJob, ExportRunner
    from reports.sources import ExportContext
    from storage.analytics import ProblemFilter

FILE_MENU_NAME = "fileMenu"


def file_menu(window: QMainWindow, title: str) -> QMenu:
    """The window's File menu: the existing one (by object name, or titled File / Arquivo), else a
    new menu titled `title`, placed first."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        plain = action.text().replace("&", "").strip().lower()
        if isinstance(menu, QMenu) and (menu.objectName() == FILE_MENU_NAME or plain in ("file", "arquivo")):
            return menu
    menu = QMenu(title, window)
    menu.setObjectName(FILE_MENU_NAME)
    first = bar.actions()[0] if bar.actions() else None
    if first is not None:
        bar.insertMenu(first, menu)
    else:
        bar.addMenu(menu)
    return menu


class ExportActions(QObject):
    """Builds the jobs from the window's tabs and runs them through the dialog."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self._runner: ExportRunner | None = None
        self.last_path: str | None = None
        self.menu = QMenu(self.tr("&Reports and lists"), window)
        self.act_current = self._action(self.tr("&Export…"), self.export_current)
        self.act_current.setShortcut(QKeySequence("Ctrl+E"))
        entries = (
            (self.tr("&Collection list…"), self.export_collection),
            (self.tr("&Performance report (PDF)…"), self.export_performance_report),
            (self.tr("&Run report (PDF)…"), self.export_run_report),
            (self.tr("&Invoices…"), lambda: self.ask(self.invoices_job())),
        )
        for text, slot in entries:
            self.menu.addAction(self._action(text, slot))
        self._add_to_file_menu()

    @property
    def runner(self) -> ExportRunner:
        """Runs the exports off the GUI thread (made when first needed)."""
        if self._runner is None:
            from gui.export_dialog import ExportRunner

            self._runner = ExportRunner(self.services, self)
            self._runner.finished.connect(self._on_finished)
            self._runner.failed.connect(self._on_failed)
        return self._runner

    def _add_to_file_menu(self) -> None:
        """Above the separator under the imports when the window's File menu marks one
        (gui.menus.FileMenu.imports_end), else at the top of the File menu (made if absent)."""
        marked = getattr(getattr(self.window, "file_menu", None), "imports_end", None)
        menu = file_menu(self.window, self.tr("&File"))
        before = marked if isinstance(marked, QAction) else (menu.actions()[0] if menu.actions() else None)
        if before is None:
            menu.addAction(self.act_current)
            menu.addMenu(self.menu)
            return
        if marked is None:
            menu.insertSeparator(before)
            before = menu.actions()[0]
        menu.insertAction(before, self.act_current)
        menu.insertMenu(before, self.menu)

    def _action(self, text: str, slot: Any) -> QAction:
        act = QAction(text, self.window)
        act.triggered.connect(lambda _=False: slot())
        return act

    # -- per-list actions (after the tabs are built) -------------------------------------------------
    def attach_lists(self) -> None:
        """An "Export…" entry on the right-click menu of each list."""
        w = self.window
        pairs = [
            (w.invoices.contracts_view, self.invoices_job),
            (w.invoices.invoices_view, self.contract_invoices_job),
            (w.problems.groups_view, self.error_groups_job),
            (w.problems.list_view, self.problems_job),
            (w.problems.history_view, self.history_job),
            (w.runs.view, self.runs_job),
            (w.runs.detail.attempt_view, self.attempts_job),
            (w.performance.slowest_view, self.slowest_job),
            (w.performance.cohort_view, self.cohorts_job),
            (w.performance.origin_view, self.performance_job),
        ]
        for view, make in pairs:
            self._attach(view, make)
        from gui.row_menu import add_row_menu_hook

        add_row_menu_hook(self._row_menu_hook)  # the invoice lists' own right-click menu

    def _row_menu_hook(self, menu: QMenu, context: Any) -> None:
        """Export… on the shared invoice-list menu (Problems, a run's attempts): the whole list."""
        makers = {"problems": self.problems_job, "run_attempts": self.attempts_job}
        make = makers.get(context.list_name)
        if make is None or context.view.window() is not self.window:
            return
        menu.addSeparator()
        menu.addAction(self.tr("Export…"), lambda: self.ask(make()))

    def _attach(self, view: QAbstractItemView, make: Any) -> None:
        """The action joins the view's actions: shown by Qt's actions menu, or by the view's own
        context menu when it has one (it appends the view's actions)."""
        act = QAction(self.tr("Export…"), view)
        act.triggered.connect(lambda _=False: self.ask(make()))
        view.addAction(act)
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # -- jobs ----------------------------------------------------------------------------------------
    def invoices_job(self) -> ExportJob | None:
        from gui.export_dialog import ExportJob
        from reports import sources
        from storage.export_rows import InvoiceFilter

        tab = self.window.invoices
        text = tab.search.text().strip() if tab is not None else ""
        flt = InvoiceFilter(search=text or None)
        return ExportJob(self.tr("invoices of the search"), "faturas", table=lambda ctx: sources.invoices(ctx, flt))

    def contract_invoices_job(self) -> ExportJob | None:
        from gui.export_dialog import ExportJob
        from reports import sources
        from storage.export_rows import InvoiceFilter

        contract = self.window.invoices.contract if self.window.invoices is not None else None
        if contract is None:
            return self.invoices_job()
        flt = InvoiceFilter(contract_number=contract.number)
        return ExportJob(self.tr("invoices of contract %1").replace("%1", contract.number),
                         f"faturas-contrato-{contract.number}", table=lambda ctx: sources.invoices(ctx, flt))

    def problems_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources

        tab = self.window.problems
        flt: ProblemFilter = tab.filters.problem_filter()
        group = tab.group
        if group is None:
            return ExportJob(self.tr("problem invoices"), "faturas-com-problema",
                             table=lambda ctx: sources.problems(ctx, flt))

        def table(ctx: ExportContext) -> Any:
            from gui.problems_data import group_invoice_ids

            ids = group_invoice_ids(ctx.now, ctx.tz, group)
            return sources.problems(ctx, flt, among=ids)

        return ExportJob(self.tr("problem invoices of the group"), "faturas-com-problema", table=table)

    def error_groups_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources

        days = int(self.window.problems.days.currentData())
        return ExportJob(self.tr("error groups"), "grupos-de-erro",
                         table=lambda ctx: sources.error_group_list(ctx, days))

    def history_job(self) -> ExportJob | None:
        from gui.export_dialog import ExportJob
        from reports import sources

        invoice_id = self.window.problems.history_invoice_id
        if invoice_id is None:
            return None
        return ExportJob(self.tr("attempt history"), f"historico-fatura-{invoice_id}",
                         table=lambda ctx: sources.invoice_history(ctx, invoice_id))

    def runs_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources

        origin, status, cohort = self.window.runs._filters()
        return ExportJob(self.tr("runs"), "execucoes",
                         table=lambda ctx: sources.runs(ctx, origin=origin, status=status, cohort=cohort))

    def _selected_run(self) -> int | None:
        runs = self.window.runs
        return runs._selected if runs is not None else None

    def attempts_job(self) -> ExportJob | None:
        from gui.export_dialog import ExportJob
        from reports import sources
        from reports.pdf.run_report import write_run_report

        run_id = self._selected_run()
        if run_id is None:
            return None
        return ExportJob(self.tr("attempts of run %1").replace("%1", str(run_id)), f"tentativas-execucao-{run_id}",
                         table=lambda ctx: sources.run_attempts(ctx, run_id),
                         pdf=lambda ctx, path, check: write_run_report(ctx, run_id, path, check))

    def slowest_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources

        days = self._days()
        return ExportJob(self.tr("slowest lookups"), "consultas-mais-lentas",
                         table=lambda ctx: sources.slowest(ctx, days))

    def cohorts_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources

        return ExportJob(self.tr("cohorts"), "safras", table=sources.cohorts)

    def performance_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources
        from reports.pdf.performance_report import Period, write_performance_report

        days = self._days()
        return ExportJob(self.tr("performance report"), "relatorio-de-desempenho",
                         table=lambda ctx: sources.daily(ctx, days),
                         pdf=lambda ctx, path, check: write_performance_report(ctx, Period(days), path, check))

    def collection_job(self) -> ExportJob:
        from gui.export_dialog import ExportJob
        from reports import sources
        from reports.pdf.collection_report import write_collection_pdf
        from storage.export_rows import collection_filter

        flt = collection_filter()
        return ExportJob(self.tr("collection list"), "lista-de-cobranca",
                         table=lambda ctx: sources.collection(ctx, flt),
                         pdf=lambda ctx, path, check: write_collection_pdf(ctx, flt, path, check))

    def _days(self) -> int:
        perf = self.window.performance
        return int(perf.days) if perf is not None else 30

    def current_job(self) -> ExportJob | None:
        w = self.window
        current = w.tabs.currentWidget()
        if w.invoices is not None and current is w.invoices.parentWidget():
            return self.contract_invoices_job()
        if w.problems is not None and current is w.problems.parentWidget():
            return self.problems_job()
        if w.runs is not None and current is w.runs.parentWidget():
            return self.runs_job()
        if w.performance is not None and current is w.performance.parentWidget():
            return self.performance_job()
        return self.collection_job()

    # -- actions -------------------------------------------------------------------------------------
    def export_current(self) -> ExportDialog | None:
        return self.ask(self.current_job())

    def export_collection(self) -> ExportDialog | None:
        return self.ask(self.collection_job())

    def export_performance_report(self) -> ExportDialog | None:
        return self.ask(self.performance_job())

    def export_run_report(self) -> ExportDialog | None:
        job = self.attempts_job()
        if job is None:
            self.window.statusBar().showMessage(self.tr("Select a run on the Runs tab first."), 10_000)
            return None
        return self.ask(job)

    def ask(self, job: ExportJob | None) -> ExportDialog | None:
        """Open the export dialog for `job` (window-modal, not blocking); OK starts the export
        with its progress dialog. None when there is nothing to export or an export is going."""
        if job is None or self.runner.busy:
            return None
        from gui.export_dialog import ExportDialog

        dialog = ExportDialog(job, date.today().isoformat(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start(job, dialog.choice()))
        dialog.open()
        return dialog

    def start(self, job: ExportJob, choice: Any) -> bool:
        from gui.export_dialog import ExportProgress

        ExportProgress(self.runner, self.window)
        return self.runner.start(job, choice, self.services.db_location)

    def _on_finished(self, path: str, count: int) -> None:
        self.last_path = path
        self.window.statusBar().showMessage(
            self.tr("Exported to %1 (%2)").replace("%1", Path(path).name).replace("%2", fmt.number(count)), 10_000)

    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Export"), self.tr("The export failed: %1").replace("%1", message))


def install_export_actions(window: QMainWindow) -> ExportActions:
    return ExportActions(window)


__all__ = ["ExportActions", "file_menu", "install_export_actions"]
