"""A pager for paged tables: ◀ page N of M (T rows) ▶. Emits the page the user asks for."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from gui import formatting as fmt


class Pager(QWidget):
    pageRequested = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = 1
        self.pages = 1
        self.total = 0
        self.prev = QToolButton(self)
        self.prev.setText("◀")
        self.prev.setToolTip(self.tr("Previous page"))
        self.next = QToolButton(self)
        self.next.setText("▶")
        self.next.setToolTip(self.tr("Next page"))
        self.label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.prev)
        layout.addWidget(self.label)
        layout.addWidget(self.next)
        self.prev.clicked.connect(lambda: self.pageRequested.emit(self.page - 1))
        self.next.clicked.connect(lambda: self.pageRequested.emit(self.page + 1))
        self.set_state(1, 1, 0)

    def set_state(self, page: int, pages: int, total: int) -> None:
        self.page, self.pages, self.total = page, max(1, pages), total
        self.label.setText(
            self.tr("page %1 of %2 (%3 rows)").replace("%1", fmt.number(page)).replace("%2", fmt.number(self.pages))
            .replace("%3", fmt.number(total))
        )
        self.prev.setEnabled(page > 1)
        self.next.setEnabled(page < self.pages)
