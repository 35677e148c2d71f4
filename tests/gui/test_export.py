"""Exporting from the window: the File menu, each list's "Export…", the dialog's proposal, the
export on a worker thread with its progress, and a cancel that leaves no file."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt

from gui.export_dialog import ExportChoice, ExportDialog
from reports.csv_out import CsvDialect
from reports.export import FileFormat
from storage.analytics.problems import count_problems


def _wait_done(runner, wait_until) -> list[tuple]:
    results: list[tuple] = []
    runner.finished.connect(lambda *a: results.append(("finished", *a)))
    runner.failed.connect(lambda *a: results.append(("failed", *a)))
    runner.cancelled.connect(lambda: results.append(("cancelled",)))
    return results


def test_file_menu_and_list_actions(main_window) -> None:
    bar = main_window.menuBar()
    first = bar.actions()[0]
    assert first.text() == "&File"
    texts = [a.text() for a in first.menu().actions()]
    assert "&Export…" in texts
    assert main_window.exports.act_current.shortcut().toString() == "Ctrl+E"
    for view in (main_window.runs.view, main_window.problems.list_view, main_window.problems.groups_view,
                 main_window.performance.slowest_view, main_window.invoices.contracts_view):
        assert "Export…" in [a.text() for a in view.actions()]
        if view.contextMenuPolicy() != Qt.ContextMenuPolicy.ActionsContextMenu:  # the shared row menu
            menu = main_window.problems.list_menu.build(view.model().index(0, 0))
            assert menu is None or "Export…" in [a.text() for a in menu.actions()]
    own_menu = main_window.invoices.invoices_view  # keeps its custom menu, which lists the action
    assert own_menu.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert [a.text() for a in own_menu.actions()][-1] == "Export…"


def test_dialog_proposes_a_dated_name_in_documents(main_window, qtbot) -> None:
    job = main_window.exports.problems_job()
    dialog = ExportDialog(job, "2026-05-01", main_window)
    qtbot.addWidget(dialog)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not Path(documents).is_dir():
        documents = str(Path.home())
    assert dialog.selected_format()[0] is FileFormat.XLSX
    assert Path(dialog.path.text()) == Path(documents) / "faturas-com-problema_2026-05-01.xlsx"
    dialog.format.setCurrentIndex(1)
    assert dialog.selected_format() == (FileFormat.CSV, CsvDialect.BR)
    assert dialog.path.text().endswith("faturas-com-problema_2026-05-01.csv")
    assert not dialog.full_documents.isChecked()
    dialog.full_documents.setChecked(True)
    assert dialog.choice().full_documents


def test_problems_export_runs_off_the_gui_thread(main_window, tmp_path, wait_until) -> None:
    exports = main_window.exports
    results = _wait_done(exports.runner, wait_until)
    progress: list[int] = []
    exports.runner.progress.connect(lambda done, _total: progress.append(done))
    path = tmp_path / "problemas.csv"
    assert exports.start(exports.problems_job(), ExportChoice(path, CsvDialect.BR, False))
    wait_until(lambda: bool(results))
    expected = count_problems(main_window.problems.filters.problem_filter())
    assert results == [("finished", str(path), expected)]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) == expected + 1 and progress and progress[-1] == expected
    assert exports.last_path == str(path)
    assert "problemas.csv" in main_window.statusBar().currentMessage()


def test_cancel_leaves_no_file(main_window, tmp_path, wait_until) -> None:
    exports = main_window.exports
    results = _wait_done(exports.runner, wait_until)
    out = tmp_path / "out"
    out.mkdir()
    assert exports.start(exports.invoices_job(), ExportChoice(out / "faturas.xlsx", CsvDialect.BR, False))
    exports.runner.cancel()  # before the worker writes its first row
    wait_until(lambda: bool(results))
    assert results == [("cancelled",)]
    assert list(out.iterdir()) == []
    assert not exports.runner.busy


def test_run_report_of_the_selected_run(main_window, tmp_path, wait_until, aio) -> None:
    exports = main_window.exports
    runs = main_window.runs
    aio(runs.refresh())
    assert runs.select_run(runs.model.rows()[0].id)
    job = exports.attempts_job()
    assert job is not None and FileFormat.PDF in job.formats
    results = _wait_done(exports.runner, wait_until)
    path = tmp_path / f"execucao_{date.today().isoformat()}.pdf"
    exports.start(job, ExportChoice(path, CsvDialect.BR, False))
    wait_until(lambda: bool(results))
    assert results[0][0] == "finished" and path.read_bytes().startswith(b"%PDF")


def test_the_dialog_flow_from_the_file_menu(main_window, tmp_path, wait_until) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    exports = main_window.exports
    main_window.tabs.setCurrentIndex(3)  # Problems: File › Export… takes its list
    results = _wait_done(exports.runner, wait_until)
    dialog = exports.export_current()
    assert dialog is not None and dialog.isVisible() and "problem invoices" in dialog.windowTitle()
    dialog.format.setCurrentIndex(1)  # CSV for Excel
    dialog.path.setText(str(tmp_path / "problemas.csv"))
    dialog.full_documents.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_until(lambda: bool(results))
    assert results[0][:2] == ("finished", str(tmp_path / "problemas.csv"))
    assert (tmp_path / "problemas.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_cancelling_a_pdf_leaves_no_file(main_window, tmp_path, wait_until) -> None:
    exports = main_window.exports
    results = _wait_done(exports.runner, wait_until)
    out = tmp_path / "out"
    out.mkdir()
    assert exports.start(exports.collection_job(), ExportChoice(out / "cobranca.pdf", CsvDialect.BR, False))
    exports.runner.cancel()
    wait_until(lambda: bool(results))
    assert results == [("cancelled",)]
    assert list(out.iterdir()) == []
