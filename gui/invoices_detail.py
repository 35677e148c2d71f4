"""Below the Invoices tab's invoice table: the current invoice's bar code and PIX code in full,
in a fixed-width font, selectable, each with a Copy button; and its last error, as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from gui.message_text import message_detail, message_text
from gui.problems_columns import one_line
from gui.problems_views import copy_text
from storage.contracts_query import InvoiceRow


class InvoiceDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.bar_code = QLineEdit(self)
        self.pix_code = QLineEdit(self)
        for edit in (self.bar_code, self.pix_code):
            edit.setReadOnly(True)
            edit.setFont(mono)
        self.copy_bar_code = QPushButton(self.tr("Copy"), self)
        self.copy_bar_code.setToolTip(self.tr("Copy the bar code"))
        self.copy_pix = QPushButton(self.tr("Copy"), self)
        self.copy_pix.setToolTip(self.tr("Copy the PIX code (copia e cola)"))
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (text, edit, button) in enumerate(((self.tr("Bar code"), self.bar_code, self.copy_bar_code),
                                                     (self.tr("PIX"), self.pix_code, self.copy_pix))):
            label = QLabel(text, self)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(button, row, 2)
        grid.addWidget(self.error, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.copy_bar_code.clicked.connect(lambda: copy_text(self.bar_code.text()))
        self.copy_pix.clicked.connect(lambda: copy_text(self.pix_code.text()))
        self.show_invoice(None)

    def show_invoice(self, invoice: InvoiceRow | None) -> None:
        bar_code = invoice.bar_code if invoice else None
        pix = invoice.pix_code if invoice else None
        self.bar_code.setText(bar_code or "")
        self.pix_code.setText(pix or "")
        self.bar_code.setCursorPosition(0)
        self.pix_code.setCursorPosition(0)
        none = self.tr("not fetched yet") if invoice is not None else ""
        self.bar_code.setPlaceholderText(none)
        self.pix_code.setPlaceholderText(none)
        self.copy_bar_code.setEnabled(bool(bar_code))
        self.copy_pix.setEnabled(bool(pix))
        if invoice is not None and invoice.error:
            self.error.setText(self.tr("Last error: %1").replace("%1", one_line(message_text(invoice.error))))
            detail = message_detail(invoice.error)
            self.error.setToolTip(self.tr("Technical details: %1").replace("%1", detail) if detail else "")
        else:
            self.error.setText("")
        self.error.setVisible(bool(self.error.text()))


__all__ = ["InvoiceDetail"]
