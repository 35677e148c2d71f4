"""The right-click menu every invoice list shares (Problems, a run's attempts): copy the cell or
the selected rows, open the invoice's contract in the Invoices tab, retry, and whatever other
modules add through `add_row_menu_hook` (e.g. exporting the selection).

Copied rows are the texts the table shows, tab-separated, one line per row, so they paste as
columns into a spreadsheet; documents are copied as shown (masked unless masking is off).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from gui.problems_views import copy_text, selected_records


@dataclass(frozen=True, slots=True)
class RowMenuContext:
    """What a hook gets: the list, the records chosen (the clicked row first selected) and the
    name of the list ("problems", "run_attempts")."""

    view: QTableView
    records: tuple[Any, ...]
    list_name: str


RowMenuHook = Callable[[QMenu, RowMenuContext], None]
_HOOKS: list[RowMenuHook] = []


def add_row_menu_hook(hook: RowMenuHook) -> None:
    """Let another module add its actions to every invoice list's menu (called at each popup)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def remove_row_menu_hook(hook: RowMenuHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def row_texts(view: QTableView, rows: list[int]) -> str:
    """The shown texts of these rows, tab-separated columns, one line each."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    columns.sort(key=header.visualIndex)
    lines = []
    for row in rows:
        cells = [str(model.index(row, c).data(Qt.ItemDataRole.DisplayRole) or "") for c in columns]
        lines.append("\t".join(" ".join(cell.split()) for cell in cells))
    return "\n".join(lines)


def copy_cell(view: QTableView, index: QModelIndex | None = None) -> str:
    index = index if index is not None and index.isValid() else view.currentIndex()
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "") if index.isValid() else ""
    copy_text(text)
    return text


def copy_rows(view: QTableView) -> str:
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    text = row_texts(view, rows)
    copy_text(text)
    return text


class RowMenu:
    """The menu and double-click of one invoice list. `open_contract(record)` (also what a
    double-click does) and `retry(records)` are the list's own actions; `retry` may be None."""

    def __init__(self, view: QTableView, list_name: str, open_contract: Callable[[Any], None],
                 retry: Callable[[tuple[Any, ...]], None] | None = None,
                 extras: Sequence[tuple[str, Callable[[Any], None]]] = ()) -> None:
        self.view = view
        self.list_name = list_name
        self._open_contract = open_contract
        self._retry = retry
        self._extras = list(extras)  # (text, action on the clicked record) after "Open contract"
        self.last_menu: QMenu | None = None
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.popup)
        copy = QAction(QCoreApplication.translate("RowMenu", "Copy rows"), view)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(lambda: copy_rows(view))
        view.addAction(copy)
        view.doubleClicked.connect(self._on_double_click)

    def _on_double_click(self, index: QModelIndex) -> None:
        record = index.data(Qt.ItemDataRole.UserRole)
        if record is not None:
            self._open_contract(record)

    def build(self, index: QModelIndex) -> QMenu | None:
        """The menu for a click on `index` (None outside the rows)."""
        record = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if record is None:
            return None
        selection = self.view.selectionModel()
        if not selection.isRowSelected(index.row(), QModelIndex()):
            self.view.setCurrentIndex(index)
            self.view.selectRow(index.row())
        records = tuple(selected_records(self.view)) or (record,)
        parent: QWidget = self.view
        menu = QMenu(parent)
        menu.addAction(QCoreApplication.translate("RowMenu", "Copy cell"), lambda: copy_cell(self.view, index))
        if len(records) == 1:
            rows = QCoreApplication.translate("RowMenu", "Copy row")
        else:
            rows = QCoreApplication.translate("RowMenu", "Copy %1 rows").replace("%1", str(len(records)))
        menu.addAction(rows, lambda: copy_rows(self.view))
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("RowMenu", "Open contract in Invoices"),
                       lambda: self._open_contract(record))
        for text, action in self._extras:
            menu.addAction(text, functools.partial(action, record))
        if self._retry is not None:
            retry = self._retry
            if len(records) == 1:
                text = QCoreApplication.translate("RowMenu", "Retry invoice…")
            else:
                text = QCoreApplication.translate("RowMenu", "Retry %1 invoices…").replace("%1", str(len(records)))
            menu.addAction(text, lambda: retry(records))
        context = RowMenuContext(self.view, records, self.list_name)
        if _HOOKS:
            menu.addSeparator()
        for hook in list(_HOOKS):
            hook(menu, context)
        return menu

    def popup(self, pos: QPoint) -> None:
        menu = self.build(self.view.indexAt(pos))
        if menu is None:
            return
        self.last_menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))


__all__ = ["RowMenu", "RowMenuContext", "add_row_menu_hook", "copy_cell", "copy_rows", "remove_row_menu_hook",
           "row_texts"]
