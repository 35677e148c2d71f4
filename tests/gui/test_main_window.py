"""The main window on real data: tabs, shortcuts, state remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gui.main_window import SETTINGS_ORG, MainWindow


def test_window_opens_with_five_tabs_and_remembers_the_last_tab(services, main_window, qtbot) -> None:
    window = main_window
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Live", "Performance", "Runs", "Problems", "Invoices"]
    assert window.act_start.shortcut().toString() == "Ctrl+R"
    assert window.lbl_next.text().startswith("Next automatic run:")
    window.tabs.setCurrentIndex(3)
    window.save_state()
    again = MainWindow(services)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3
    assert QSettings(SETTINGS_ORG, "main-window").value("tab") in (3, "3")
