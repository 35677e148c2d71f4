"""Help → Keyboard shortcuts (read from the window's own menus, so it never goes stale) and
Help → About (version, database, licence, Qt and Python versions)."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

DISTRIBUTION = "faturas-monitor"
CONTEXT = "Help"


def app_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "?"


def app_licence() -> str:
    """The licence the package declares (its metadata), or says that it declares none."""
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        meta = None
    declared = None
    if meta is not None:
        for field in ("License-Expression", "License"):
            values = meta.get_all(field) or []
            if values and values[0]:
                declared = str(values[0])
                break
    return declared or QCoreApplication.translate("Help", "not declared in the package (see the project's README)")


def shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, key sequence as shown) for every menu action that has a shortcut, in menu order."""
    out: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} → {_plain(action.text())}")
            elif not action.isSeparator() and not action.shortcut().isEmpty():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                out.append((path, _plain(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return out


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, extra: list[tuple[str, str, str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcuts(window) + list(extra or [])
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)


def about_text(db_location: str) -> str:
    """The About box's text (rich text)."""
    rows = (
        (QCoreApplication.translate("Help", "Version"), app_version()),
        (QCoreApplication.translate("Help", "Database"), db_location),
        (QCoreApplication.translate("Help", "Licence"), app_licence()),
        (QCoreApplication.translate("Help", "Built with"),
         f"Python {platform.python_version()}, Qt {pyside_version} (PySide6)"),
    )
    table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{_escape(v)}</td></tr>" for k, v in rows)
    summary = QCoreApplication.translate("Help", "Fetches, tracks and retries the invoices of sold telecom contracts.")
    return f"<h3>Faturas Monitor</h3><p>{summary}</p><table>{table}</table>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_about(parent: QWidget, db_location: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Help", "About Faturas Monitor"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(db_location))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    about_qt = box.addButton(QCoreApplication.translate("Help", "About Qt"), QMessageBox.ButtonRole.HelpRole)
    about_qt.clicked.connect(lambda: QMessageBox.aboutQt(parent))
    box.open()
    return box



