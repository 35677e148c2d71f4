"""File → Import contracts…: choose a CSV or .xlsx file, look at its first rows and at every bad
row (line and column), then import it all or only its valid rows, off the GUI thread.

Reading, validating and storing are the command line's (core.contracts_import,
storage.contracts.import_contracts): the dialog only shows them. All or nothing unless "Import
only the valid rows" is ticked, as `import-contracts --skip-invalid`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.contracts_import import ImportResult, Preview, RowError, read_contracts_file, read_preview
from gui import formatting as fmt
from gui.async_tools import launch, off_thread
from gui.services import Services
from gui.setup.import_messages import file_problem, row_problem
from gui.table_model import Column, RecordTableModel

log = logging.getLogger(__name__)

PREVIEW_ROWS = 10
FILE_FILTER = "*.csv *.xlsx *.txt"


class ImportContractsDialog(QDialog):
    imported = Signal(object)  # storage.contracts.ImportSummary

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Import contracts"))
        self.resize(900, 620)
        self.path: Path | None = None
        self.report: ImportResult | None = None
        self.summary: object | None = None
        self.file_label = QLabel(self.tr("No file chosen."), self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.btn_choose = QPushButton(self.tr("Choose file…"), self)
        self.preview_title = QLabel(self.tr("First rows of the file"), self)
        self.preview_model: RecordTableModel[tuple[str, ...]] = RecordTableModel([], self)
        self.preview_view = _table(self.preview_model, self)
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.errors_model: RecordTableModel[RowError] = RecordTableModel([
            Column(self.tr("Line"), lambda e: str(e.line), Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Column"), lambda e: e.column or "—"),
            Column(self.tr("Problem"), row_problem),
        ], self)
        self.errors_view = _table(self.errors_model, self)
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self.skip_invalid = QCheckBox(self.tr("Import only the valid rows (leave the rows with problems out)"), self)
        self.skip_invalid.setObjectName("skipInvalid")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)  # shown while reading or importing
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.btn_import = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_import.setObjectName("importButton")
        self.btn_import.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.btn_choose)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.errors_view, 2)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.errors_view.setVisible(False)
        self.skip_invalid.setVisible(False)
        self.btn_choose.clicked.connect(self.choose)
        self.skip_invalid.toggled.connect(lambda _on: self._update_import_button())
        self.btn_import.clicked.connect(lambda: launch(self.run_import()))
        self.buttons.rejected.connect(self.reject)

    # -- choosing and reading -------------------------------------------------------------------
    def choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a contracts file"), str(Path.home()),
            self.tr("Spreadsheets (%1)").replace("%1", FILE_FILTER))
        if chosen:
            launch(self.load(Path(chosen)))

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.progress.setRange(0, 0)  # moving: the importer does not count its steps
        self.progress.setVisible(True)
        self.btn_import.setEnabled(False)
        self.btn_choose.setEnabled(False)

    def _idle(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setVisible(False)
        self.btn_choose.setEnabled(True)

    async def load(self, path: Path) -> ImportResult:
        """Read the file's first rows and validate all of it (off the GUI thread); show both."""
        self.path, self.report, self.summary = path, None, None
        self.file_label.setText(str(path))
        self._busy(self.tr("Reading %1…").replace("%1", path.name))
        today = self.services.now().astimezone(self.services.tz).date()
        try:
            preview = await off_thread(read_preview, path, PREVIEW_ROWS)
            result = await off_thread(read_contracts_file, path, today)
        finally:
            self._idle()
        self._show_preview(preview)
        self.report = result
        self._show_result(result)
        return result

    def _show_preview(self, preview: Preview) -> None:
        columns: list[Column[tuple[str, ...]]] = [
            Column(self.tr("Line"), lambda r: r[0], Qt.AlignmentFlag.AlignRight)]
        for i, title in enumerate(preview.header, start=1):
            columns.append(Column(title or "—", _cell(i)))
        self.preview_model.set_columns(columns)
        self.preview_model.set_rows(preview.rows)
        self.preview_view.resizeColumnsToContents()

    def _show_result(self, result: ImportResult) -> None:
        self.errors_model.set_rows(result.errors)
        self.errors_view.setVisible(bool(result.errors))
        self.errors_view.resizeColumnToContents(0)
        self.errors_view.resizeColumnToContents(1)
        if result.file_error is not None:
            self.status.setText(self.tr("This file cannot be imported: %1").replace(
                "%1", file_problem(result)))
        elif result.errors:
            self.status.setText(
                self.tr("%1 rows read: %2 valid, %3 with problems (listed below by line and column). Fix the "
                        "file and choose it again, or import only the valid rows.")
                .replace("%1", fmt.number(result.rows)).replace("%2", fmt.number(len(result.records)))
                .replace("%3", fmt.number(result.invalid_rows)))
        else:
            self.status.setText(self.tr("%1 rows read, all valid: ready to import.").replace(
                "%1", fmt.number(result.rows)))
        self.skip_invalid.setVisible(bool(result.errors) and bool(result.records))
        self.skip_invalid.setChecked(False)
        self._update_import_button()

    def _update_import_button(self) -> None:
        result = self.report
        ready = (result is not None and result.file_error is None and bool(result.records)
                 and (not result.errors or self.skip_invalid.isChecked()) and self.summary is None)
        self.btn_import.setEnabled(ready)

    # -- importing ------------------------------------------------------------------------------
    async def run_import(self) -> object | None:
        """Store the valid rows (all of them must be valid unless skipping): one transaction."""
        from storage.contracts import import_contracts

        result = self.report
        if result is None or not self.btn_import.isEnabled():
            return None
        self._busy(self.tr("Importing %1 contracts…").replace("%1", fmt.number(len(result.records))))
        try:
            summary = await self.services.query(import_contracts, result.records, datetime.now(UTC))
        except Exception as exc:  # StoreError and the like: nothing was written (one transaction)
            log.exception("importing contracts failed")
            self._idle()
            self.status.setText(self.tr("Nothing was imported: %1").replace("%1", str(exc)))
            self._update_import_button()
            return None
        self._idle()
        self.summary = summary
        skipped = (self.tr(" %1 rows with problems were left out.").replace("%1", fmt.number(result.invalid_rows))
                   if result.errors else "")
        self.status.setText(
            self.tr("Imported: %1 new contracts, %2 updated, %3 unchanged; %4 invoices created.%5")
            .replace("%1", fmt.number(summary.created)).replace("%2", fmt.number(summary.updated))
            .replace("%3", fmt.number(summary.unchanged)).replace("%4", fmt.number(summary.invoices_created))
            .replace("%5", skipped))
        self._update_import_button()
        self.services.dataChanged.emit()
        self.imported.emit(summary)
        return summary


def _cell(index: int) -> Callable[[tuple[str, ...]], str]:
    return lambda row: row[index] if index < len(row) else ""


def _table(model: RecordTableModel[object] | RecordTableModel[tuple[str, ...]] | RecordTableModel[RowError],
           parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view
