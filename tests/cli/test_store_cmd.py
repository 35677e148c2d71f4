"""`store rebuild-rollups` puts the rollups back as the writers left them, after a repair by hand."""

from __future__ import annotations

from cli.app import main
from core.domain import FetchOrigin
from core.engine import RunRequest
from storage.db import close_database, open_database
from storage.models import database_proxy
from tests.engine_support import run_engine, seed_from_world
from tests.storage.test_analytics_rollups import snapshot


def test_rebuild_rollups_restores_what_the_writers_wrote(db_location, small_world, make_simulator, capsys) -> None:
    open_database(db_location)
    seed_from_world(small_world)
    run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.MANUAL, rate_limit=None))
    written = snapshot()
    assert written["rollup_invoice"] and written["rollup_attempt_hour"]
    database_proxy.execute_sql("DELETE FROM rollup_invoice")
    database_proxy.execute_sql("UPDATE rollup_attempt_hour SET attempts = attempts + 7")
    close_database()

    assert main(["store", "rebuild-rollups", "--db", db_location]) == 0
    assert "rollups rebuilt" in capsys.readouterr().out
    open_database(db_location)
    try:
        assert snapshot() == written
    finally:
        close_database()


def test_store_without_an_action_is_a_usage_error(db_location, capsys) -> None:
    assert main(["store", "--db", db_location]) == 2
    assert "rebuild-rollups" in capsys.readouterr().err
