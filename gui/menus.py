"""The File and Help menus, and the dialogs they open, for the main window.

File: Import contracts… (then the payments import and Export… join here), Quit. Help: Getting
started (the first-run checklist), Keyboard shortcuts, About. The main window calls
`add_file_menu` first (File is the leftmost menu) and `add_help_menu` last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from gui.async_tools import launch

if TYPE_CHECKING:
    from gui.main_window import MainWindow


@dataclass(frozen=True)
class FileMenu:
    menu: QMenu
    import_contracts: QAction
    imports_end: QAction  # the separator under the imports: new imports and Export… go above it
    quit: QAction


@dataclass(frozen=True)
class HelpMenu:
    menu: QMenu
    getting_started: QAction
    shortcuts: QAction
    about: QAction


def add_file_menu(window: MainWindow) -> FileMenu:
    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&File"))
    import_contracts = QAction(QCoreApplication.translate("Menus", "&Import contracts…"), window)
    import_contracts.setShortcut(QKeySequence("Ctrl+I"))
    import_contracts.triggered.connect(lambda: open_import(window))
    menu.addAction(import_contracts)
    # The payments import (import-payments) and File → Export… go here, above this separator:
    # menu.insertAction(file_menu.imports_end, action).
    imports_end = menu.addSeparator()
    quit_action = QAction(QCoreApplication.translate("Menus", "&Quit"), window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the standard key is empty on some platforms
    quit_action.triggered.connect(window.quit)
    menu.addAction(quit_action)
    window.services.importContractsRequested.connect(lambda: open_import(window))
    return FileMenu(menu, import_contracts, imports_end, quit_action)


def add_help_menu(window: MainWindow) -> HelpMenu:
    menu = window.menuBar().addMenu(QCoreApplication.translate("Menus", "&Help"))
    getting_started = QAction(QCoreApplication.translate("Menus", "&Getting started…"), window)
    getting_started.triggered.connect(lambda: open_first_run(window))
    keys = QAction(QCoreApplication.translate("Menus", "&Keyboard shortcuts"), window)
    keys.setShortcut(QKeySequence("F1"))
    keys.triggered.connect(lambda: open_shortcuts(window))
    about = QAction(QCoreApplication.translate("Menus", "&About Faturas Monitor"), window)
    about.triggered.connect(lambda: open_about(window))
    for action in (getting_started, keys, about):
        menu.addAction(action)
    return HelpMenu(menu, getting_started, keys, about)


def open_import(window: MainWindow) -> object:
    from gui.setup.import_dialog import ImportContractsDialog

    dialog = ImportContractsDialog(window.services, window)
    dialog.open()
    return dialog


def open_first_run(window: MainWindow) -> object:
    from gui.setup.first_run import FirstRunDialog

    dialog = FirstRunDialog(window.services, window)
    dialog.importRequested.connect(lambda: open_import(window))
    dialog.preferencesRequested.connect(lambda page: window.open_settings(page))
    launch(dialog.refresh())
    dialog.open()
    return dialog


async def first_run_at_start(window: MainWindow) -> object | None:
    """Open the checklist at start while the set-up is incomplete (unless the user said not to)."""
    from gui.setup.first_run import gather, show_at_start

    if not show_at_start():
        return None
    state = await gather(window.services)
    return open_first_run(window) if state.incomplete else None


def open_shortcuts(window: MainWindow) -> object:
    from gui.help_dialogs import ShortcutsDialog

    extra = [(QCoreApplication.translate("Menus", "Tables"),
              QCoreApplication.translate("Menus", "Copy the selected rows"),
              QKeySequence(QKeySequence.StandardKey.Copy).toString(QKeySequence.SequenceFormat.NativeText))]
    dialog = ShortcutsDialog(window, extra)
    dialog.open()
    return dialog


def open_about(window: MainWindow) -> object:
    from gui.help_dialogs import show_about

    return show_about(window, window.services.db_location)
