"""A run the database refuses (another program holds its write lock) reaches the window as a
message with the cause, not as a crash or a traceback."""

from __future__ import annotations

import sqlite3

from core.domain import FetchOrigin
from core.messages import decode
from gui.message_text import message_text
from storage.db import close_database, open_database
from storage.models import FetchRun


def test_a_locked_database_fails_the_run_with_the_cause(services, db_path, qtbot, caplog) -> None:
    close_database()
    open_database(str(db_path), busy_timeout=0.3)
    runs_before = FetchRun.select().count()
    other = sqlite3.connect(str(db_path), isolation_level=None)  # another program
    other.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(services.controller.runFailed, timeout=20_000) as failed:
            assert services.start_run(services.make_request(FetchOrigin.MANUAL))
    finally:
        other.execute("ROLLBACK")
        other.close()
    (stored,) = failed.args
    assert decode(stored).code == "store.locked"
    assert message_text(stored) == "The database is locked by another program (waited 0.3 s)."
    qtbot.waitUntil(lambda: not services.controller.busy)
    assert FetchRun.select().count() == runs_before  # the run could not even be created
    assert not [r for r in caplog.records if r.exc_info], "a known cause is logged without a traceback"
