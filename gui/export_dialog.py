"""Exporting from the desktop app: the dialog (format, file, "include full CPF/CNPJ") and the
export itself on a worker thread with a progress dialog that can cancel.

What to export is an `ExportJob`: a name for the file, the formats it can take, and how to build
the rows (reports.sources) or draw the PDF (reports.pdf). The file name proposed is dated and in
Portuguese (`faturas_2026-05-01.xlsx`) in the user's documents folder. The file appears only
when complete: a cancel or an error leaves nothing behind (reports.atomic).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from gui.async_tools import launch, off_thread
from gui.services import Services
from reports.csv_out import CsvDialect
from reports.export import FileFormat, write_table
from reports.sources import ExportContext
from reports.table import ExportCancelled, ExportTable

log = logging.getLogger(__name__)

TableBuilder = Callable[[ExportContext], ExportTable]
PdfWriter = Callable[[ExportContext, Path, Callable[[], None]], int]  # (context, file, cancel check)


@dataclass(frozen=True, slots=True)
class ExportJob:
    title: str  # shown in the dialog (translated)
    stem: str  # pt-BR file name stem: "faturas", "lista-de-cobranca"
    table: TableBuilder | None = None
    pdf: PdfWriter | None = None

    @property
    def formats(self) -> tuple[FileFormat, ...]:
        tables = (FileFormat.XLSX, FileFormat.CSV) if self.table else ()
        return ((FileFormat.PDF,) if self.pdf else ()) + tables


@dataclass(frozen=True, slots=True)
class ExportChoice:
    path: Path
    dialect: CsvDialect
    full_documents: bool


def proposed_path(job: ExportJob, fmt: FileFormat, today_text: str, folder: str | None = None) -> Path:
    base = folder or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    where = Path(base) if base and Path(base).is_dir() else Path.home()  # no Documents folder: home
    return where / f"{job.stem}_{today_text}{fmt.value}"


class ExportDialog(QDialog):
    """Format, file and the documents choice; `choice()` once accepted."""

    def __init__(self, job: ExportJob, today_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.today_text = today_text
        self.setWindowTitle(self.tr("Export: %1").replace("%1", job.title))
        self.format = QComboBox(self)
        for fmt in job.formats:
            if fmt is FileFormat.CSV:
                self.format.addItem(self.tr("CSV for Excel (semicolon, decimal comma)"), (fmt, CsvDialect.BR))
                self.format.addItem(self.tr("CSV, plain (RFC 4180: comma, ISO dates)"), (fmt, CsvDialect.PLAIN))
            elif fmt is FileFormat.XLSX:
                self.format.addItem(self.tr("Excel workbook (.xlsx)"), (fmt, CsvDialect.BR))
            else:
                self.format.addItem(self.tr("PDF report"), (fmt, CsvDialect.BR))
        self.path = QLineEdit(self)
        self.browse = QPushButton(self.tr("Choose…"), self)
        self.full_documents = QCheckBox(self.tr("Include full CPF/CNPJ"), self)
        self.full_documents.setToolTip(self.tr("Documents are masked unless you tick this; the file records "
                                               "the choice."))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("File:"), row)
        form.addRow("", self.full_documents)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._on_format)
        self._on_format()
        self.setMinimumWidth(560)

    def selected_format(self) -> tuple[FileFormat, CsvDialect]:
        data = self.format.currentData()
        return data[0], data[1]

    def _on_format(self, *_: object) -> None:
        fmt, _dialect = self.selected_format()
        current = self.path.text().strip()
        folder = str(Path(current).parent) if current else None
        self.path.setText(str(proposed_path(self.job, fmt, self.today_text, folder)))

    def _browse(self) -> None:
        fmt, _dialect = self.selected_format()
        chosen, _filter = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(),
                                                      f"*{fmt.value}")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(fmt.value) else chosen + fmt.value)

    def _accept(self) -> None:
        text = self.path.text().strip()
        fmt, _dialect = self.selected_format()
        problem = None
        if not text:
            problem = self.tr("Choose a file.")
        elif not text.lower().endswith(fmt.value):
            problem = self.tr("The file name must end in %1.").replace("%1", fmt.value)
        elif not Path(text).parent.is_dir():
            problem = self.tr("The folder %1 does not exist.").replace("%1", str(Path(text).parent))
        if problem:
            QMessageBox.warning(self, self.windowTitle(), problem)
            return
        self.accept()

    def choice(self) -> ExportChoice:
        _fmt, dialect = self.selected_format()
        return ExportChoice(Path(self.path.text().strip()), dialect, self.full_documents.isChecked())


class ExportRunner(QObject):
    """Runs one export at a time on a worker thread; progress crosses back by a signal."""

    progress = Signal(int, object)  # rows done, total or None
    finished = Signal(str, int)  # path, rows or pages
    failed = Signal(str)  # message (translated)
    cancelled = Signal()

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.busy = False
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def start(self, job: ExportJob, choice: ExportChoice, database: str) -> bool:
        if self.busy:
            return False
        self.busy = True
        self._cancel.clear()
        launch(self._run(job, choice, database))
        return True

    async def _run(self, job: ExportJob, choice: ExportChoice, database: str) -> None:
        ctx = ExportContext(self.services.now(), self.services.tz, database, choice.full_documents)
        try:
            count = await off_thread(self._work, job, choice, ctx)
        except ExportCancelled:
            self.cancelled.emit()
        except Exception as exc:  # shown to the user; the file was not written
            log.warning("export to %s failed: %s", choice.path, exc)
            self.failed.emit(str(exc))
        else:
            self.finished.emit(str(choice.path), count)
        finally:
            self.busy = False

    def _work(self, job: ExportJob, choice: ExportChoice, ctx: ExportContext) -> int:  # worker thread
        if choice.path.suffix.lower() == FileFormat.PDF.value:
            assert job.pdf is not None
            return job.pdf(ctx, choice.path, self._check)
        assert job.table is not None
        return write_table(job.table(ctx), choice.path, dialect=choice.dialect, progress=self._progress)

    def _check(self) -> None:  # worker thread
        if self._cancel.is_set():
            raise ExportCancelled()

    def _progress(self, done: int, total: int | None) -> None:  # worker thread
        self._check()
        self.progress.emit(done, total)


class ExportProgress(QProgressDialog):
    """Rows written of the total, with Cancel; shown only if the export lasts over half a second."""

    def __init__(self, runner: ExportRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exporting"))
        self.setLabelText(self.tr("Writing the file…"))
        self.setCancelButtonText(self.tr("Cancel"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(500)
        self.setRange(0, 0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.connect(runner.cancel)
        runner.progress.connect(self._on_progress)
        for signal in (runner.finished, runner.failed, runner.cancelled):
            signal.connect(self._done)

    def _on_progress(self, done: int, total: object) -> None:
        if isinstance(total, int) and total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
        self.setLabelText(self.tr("%1 rows written…").replace("%1", f"{done:,}".replace(",", ".")))

    def _done(self, *_: object) -> None:
        self.canceled.disconnect()
        self.close()
        self.deleteLater()


__all__ = ["ExportChoice", "ExportDialog", "ExportJob", "ExportProgress", "ExportRunner", "proposed_path"]
