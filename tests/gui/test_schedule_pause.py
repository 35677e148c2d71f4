"""A paused schedule shows as paused everywhere (Run menu, tray menu, status bar, Live tab) and is
resumed from the main window."""

from __future__ import annotations


def test_pause_and_resume_from_the_main_window_and_the_tray(main_window, aio) -> None:
    window = main_window
    assert window.scheduler is not None and window.tray is not None
    assert not window.scheduler.paused and window.scheduler.next_run is not None
    window.act_pause.trigger()  # Run → Pause schedule
    assert window.scheduler.paused and window.scheduler.next_run is None
    assert window.tray.act_pause.isChecked()
    assert window.act_pause.text() == "Resume schedule" and window.tray.act_pause.text() == "Resume schedule"
    assert window.lbl_next.text() == "Next automatic run: paused"
    assert "The schedule is paused" in window.live.idle.next_run.text()
    aio(window.live.refresh())  # a refresh of the tab keeps saying it
    assert "The schedule is paused" in window.live.idle.next_run.text()
    window.tray.act_pause.trigger()  # resumed from the tray: the window follows
    assert not window.scheduler.paused and not window.act_pause.isChecked()
    assert window.scheduler.next_run is not None
    assert window.lbl_next.text().startswith("Next automatic run: ") and "paused" not in window.lbl_next.text()
    assert "The schedule is paused" not in window.live.idle.next_run.text()
