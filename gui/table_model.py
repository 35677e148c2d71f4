"""A read-only table model over a page of frozen records, with declared columns.

Tabs declare their columns once (`Column`) and hand the model one page of query results at a
time; nothing loads a whole table. Clicking a header sorts:

- a paged list (`server_sort=True`) sorts in its query: the model only remembers the column
  and order (`sort_spec()`, a `storage.analytics.sorting.Sort` of the column's `sort` key) and
  emits `sortRequested`; the tab reloads from page 1. Columns without a `sort` key refuse;
- a list that is whole in memory sorts its rows here, by the column's `sort_key` or else by
  the value its text shows (gui.table_sorting), keeping the selection (persistent indexes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from gui.table_sorting import text_key
from storage.analytics.sorting import Sort

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tooltip: Callable[[R], str] | None = None
    color: Callable[[R], QColor | None] | None = None
    sort_key: Callable[[R], Any] | None = None  # in-memory sorting; default: the value the text shows
    sort: str | None = None  # a paged list's sortable column key (its query's whitelist)


RIGHT = Qt.AlignmentFlag.AlignRight


def enable_sorting(view: QTableView) -> None:
    """Header clicks sort `view` (a RecordTableModel's): ascending, descending, then the list's
    own order again. A paged list's column that its query cannot sort keeps the old indicator."""
    model = view.model()
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSortIndicatorClearable(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)

    def refuse(section: int, _order: Qt.SortOrder) -> None:
        if isinstance(model, RecordTableModel) and not model.sortable(section):
            column, order = model.sort_state()
            blocked = header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(blocked)

    header.sortIndicatorChanged.connect(refuse)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    sortRequested = Signal()  # noqa: N815  a paged list's order changed: reload from page 1

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None, *, server_sort: bool = False) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self.server_sort = server_sort
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- data in -------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        new = list(rows)
        if not self.server_sort and self._sort_column >= 0:
            new.sort(key=self._local_key(self._sort_column), reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        if new == self._rows:
            # The same records (a refresh while nothing in this list changed): no reset, so the
            # view neither lays out nor repaints, and selection and scroll stay as they are.
            self._rows = new
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    # -- sorting -------------------------------------------------------------------------------
    def sortable(self, column: int) -> bool:
        """Whether clicking this column's header sorts (a paged list: only columns with a key)."""
        if not 0 <= column < len(self._columns):
            return column == -1
        return not self.server_sort or self._columns[column].sort is not None

    def sort_spec(self) -> Sort | None:
        """The chosen order for a paged list's query; None: the list's default order."""
        if self._sort_column < 0:
            return None
        key = self._columns[self._sort_column].sort
        return Sort(key, self._sort_order == Qt.SortOrder.DescendingOrder) if key else None

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sortable(column):
            return
        if (column, order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = column, order
        if self.server_sort:
            self.sortRequested.emit()
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_rows = [i.row() for i in before]
        order_index = list(range(len(self._rows)))
        if column >= 0:
            key = self._local_key(column)
            order_index.sort(key=lambda i: key(self._rows[i]), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in order_index]
        new_row = {old: new for new, old in enumerate(order_index)}
        self.changePersistentIndexList(before, [self.index(new_row[r], i.column()) for r, i in
                                                zip(old_rows, before, strict=True)])
        self.layoutChanged.emit()

    def _local_key(self, column: int) -> Callable[[R], Any]:
        col = self._columns[column]
        if col.sort_key is not None:
            return col.sort_key
        return lambda record: text_key(col.text(record))

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def display_text(self, row: int, column: int) -> str:
        """The text the cell shows (its DisplayRole), straight from the record."""
        text = self._columns[column].text(self._rows[row])
        return "" if text is None else str(text)

    def row(self, index: int) -> R:
        return self._rows[index]

    def rows(self) -> list[R]:
        return list(self._rows)

    # -- Qt --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
                   ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
                return self._columns[section].title
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(self._columns[section].align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        col = self._columns[index.column()]
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and col.color is not None:
            color = col.color(record)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.UserRole:
            return record
        return None

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N802,N803
        """Every role a view asks for one cell, answered in one call: a delegate asks for seven
        roles per cell it paints, and each separate data() is a call from Qt into Python that waits
        for the GIL while a run's threads hold it (a repainted table stalled the window)."""
        if isinstance(roleDataSpan, QModelRoleData):
            roleDataSpan.setData(self.data(index, roleDataSpan.role()))
            return
        span: Any = roleDataSpan  # indexable; PySide's stubs do not say so
        for i in range(roleDataSpan.size()):
            item = span[i]
            item.setData(self.data(index, item.role()))
