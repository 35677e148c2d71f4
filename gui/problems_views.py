"""Table plumbing shared by the Problems and Invoices tabs: a read-only view set up one way, an
empty-state message in place of an empty table, column widths fitted once, and the selection
and scroll position kept across reloads (rows are matched by their record id, not position).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.table_model import RecordTableModel, enable_sorting

Key = Callable[[Any], int]


def make_table(model: RecordTableModel[Any], parent: QWidget | None = None, *, multi: bool = False) -> QTableView:
    """Whole-row selection, no editing, elided cells; headers sort (in the query for a model with
    `server_sort`, else in memory)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    enable_sorting(view)
    return view


def stretch_column(view: QTableView, column: int) -> None:
    """`column` (a message) takes the spare width; the others keep their fitted, resizable widths."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView, widths: dict[int, int] | None = None, max_width: int = 260) -> None:
    """Size columns to their contents (capped), then apply fixed `widths` {column: pixels}.

    The width each column gets is the one QTableView.resizeColumnsToContents gives it (the
    widest cell's size hint, at least the header's), found by measuring only, per column, the
    cell whose text is widest rather than every cell: a page of a hundred rows cost over a
    hundred milliseconds on the GUI thread through the model's data(), and a run's refreshes
    made it a stall of the window."""
    header = view.horizontalHeader()
    model = view.model()
    rows = model.rowCount()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        content = -1
        row = _widest_row(view, column, rows)
        if row >= 0:
            content = view.sizeHintForIndex(model.index(row, column)).width()
        if view.showGrid():
            content += 1
        size = max(content, header.sectionSizeHint(column))
        header.resizeSection(column, min(max(size, header.minimumSectionSize()), header.maximumSectionSize()))
    for column in range(header.count()):
        if header.sectionSize(column) > max_width:
            header.resizeSection(column, max_width)
    for column, width in (widths or {}).items():
        header.resizeSection(column, width)


def _widest_row(view: QTableView, column: int, rows: int) -> int:
    """The row whose text in `column` is widest in the font the column is drawn in (-1: none).
    Each distinct text is measured once (a list repeats its dates, statuses and outcomes)."""
    model = view.model()
    delegate = view.itemDelegateForColumn(column) or view.itemDelegate()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if isinstance(delegate, MonospaceDelegate) \
        else view.font()
    metrics = QFontMetrics(font)
    texts = _column_texts(model, column, rows)
    widths: dict[str, int] = {}
    best, widest = -1, -1
    for row, text in enumerate(texts):
        width = widths.get(text)
        if width is None:
            width = widths[text] = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if width > widest:
            best, widest = row, width
    return best


def _column_texts(model: Any, column: int, rows: int) -> list[str]:
    """The text each row shows in `column`: from the records directly for a RecordTableModel
    (no call through Qt per cell), else through data()."""
    if isinstance(model, RecordTableModel):
        return [model.display_text(row, column) for row in range(rows)]
    texts = []
    for row in range(rows):
        text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        texts.append("" if text is None else str(text))
    return texts


class TableStack(QWidget):
    """A table, or a message in its place when it has nothing to show (with, optionally, a
    button that does something about it: "Import contracts…")."""

    def __init__(self, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._empty_page = QWidget(self)
        self.empty = QLabel(self._empty_page)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)  # the palette's disabled text: muted in light and dark themes
        self.empty_action = QPushButton(self._empty_page)
        self.empty_action.setVisible(False)
        page = QVBoxLayout(self._empty_page)
        page.addStretch(1)
        page.addWidget(self.empty)
        page.addWidget(self.empty_action, 0, Qt.AlignmentFlag.AlignHCenter)
        page.addStretch(1)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(view)
        self._stack.addWidget(self._empty_page)

    def show_rows(self, count: int, empty_text: str, action: str | None = None) -> None:
        """The table when it has rows, else the message (and the action button, when named)."""
        self.empty.setText(empty_text)
        self.empty_action.setVisible(action is not None)
        if action is not None:
            self.empty_action.setText(action)
        self._stack.setCurrentWidget(self.view if count else self._empty_page)

    @property
    def showing_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty_page


@dataclass(frozen=True)
class ViewState:
    selected: tuple[int, ...]
    current: int | None
    scroll: int


def selected_records(view: QTableView) -> list[Any]:
    """The selected rows' records, in row order."""
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]


def current_record(view: QTableView) -> Any:
    index = view.currentIndex()
    return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None


def capture(view: QTableView, key: Key) -> ViewState:
    current = current_record(view)
    return ViewState(tuple(key(r) for r in selected_records(view)),
                     key(current) if current is not None else None, view.verticalScrollBar().value())


def restore(view: QTableView, key: Key, state: ViewState) -> None:
    """Select again the rows whose records have the saved ids; put the scroll bar back."""
    select_ids(view, key, state.selected, state.current)
    view.doItemsLayout()  # the scroll range follows the new rows now, not at the next paint
    view.verticalScrollBar().setValue(state.scroll)


def select_ids(view: QTableView, key: Key, ids: Iterable[int], current: int | None = None) -> int:
    """Select the rows with these ids (the current index moves to `current`); how many were found."""
    model = view.model()
    wanted = set(ids)
    selection = QItemSelection()
    current_index: QModelIndex | None = None
    last = model.columnCount() - 1
    records = model.rows() if isinstance(model, RecordTableModel) else \
        [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(model.rowCount())]
    for row, record in enumerate(records):  # the records themselves: no call through Qt per row
        rid = key(record)
        if rid in wanted:
            selection.select(model.index(row, 0), model.index(row, last))
        if current is not None and rid == current:
            current_index = model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag
    sm = view.selectionModel()
    if current_index is not None:
        sm.setCurrentIndex(current_index, flags.NoUpdate)
    sm.select(selection, flags.ClearAndSelect | flags.Rows)
    return len(selection.indexes()) // max(1, last + 1)


class MonospaceDelegate(QStyledItemDelegate):
    """Shows a column in the system's fixed-width font (bar codes, PIX codes)."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


__all__ = ["MonospaceDelegate", "TableStack", "ViewState", "capture", "copy_text", "current_record", "fit_columns",
           "make_table", "restore", "select_ids", "selected_records", "stretch_column"]
