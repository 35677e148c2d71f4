"""`python main.py store copy`: a whole store into an empty one, ids kept and figures identical;
a target with data refused."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli.app import main
from storage.db import close_database, open_database
from storage.models import Contract, FetchAttempt, FetchRun, Invoice
from tests.storage.store_figures import store_figures

DATA = Path(__file__).parent.parent / "data"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


HISTORY = ("runs", "attempts", "daily", "error_groups")  # what no migration changes (test_store_v4_fixture)


def _figures_of(location: str) -> dict[str, object]:
    open_database(location)
    try:
        return store_figures(NOW)
    finally:
        close_database()


def _sizes() -> tuple[int, int, int, int]:
    return (Contract.select().count(), Invoice.select().count(), FetchRun.select().count(),
            FetchAttempt.select().count())


def test_the_v4_fixture_copied_into_postgresql_shows_identical_figures(tmp_path, pg_location, capsys) -> None:
    source = tmp_path / "faturas.sqlite"
    shutil.copy(DATA / "store_v4.sqlite", source)
    recorded = json.loads((DATA / "store_v4_figures.json").read_text())
    expected = _figures_of(str(source))  # the fixture at the current schema
    assert {key: expected[key] for key in HISTORY} == {key: recorded[key] for key in HISTORY}
    assert main(["store", "copy", "--from", str(source), "--to", pg_location]) == 0
    out = capsys.readouterr().out
    assert "rollups rebuilt" in out and "fetch_attempt" in out
    open_database(pg_location)
    try:
        assert store_figures(NOW) == expected
        sizes = _sizes()
        # the sequences continue past the copied ids: a new contract gets the next id
        top = Contract.select(Contract.id).order_by(Contract.id.desc()).scalar()
        new = Contract.create(number="NEW-1", document="52998224725", customer_name="Nova", install_date="2026-01-01",
                              cohort="2026-01", created_at=NOW, updated_at=NOW)
        assert new.id == top + 1
    finally:
        close_database()
    open_database(str(source))
    try:
        assert _sizes() == sizes  # ids kept, nothing lost or added
    finally:
        close_database()


def test_postgresql_copied_back_into_a_new_sqlite_file_shows_the_same_figures(tmp_path, pg_location) -> None:
    source = tmp_path / "faturas.sqlite"
    shutil.copy(DATA / "store_v4.sqlite", source)
    expected = _figures_of(str(source))
    assert main(["store", "copy", "--from", str(source), "--to", pg_location]) == 0
    back = tmp_path / "back.sqlite"
    assert main(["store", "copy", "--from", pg_location, "--to", str(back)]) == 0
    open_database(str(back))
    try:
        assert store_figures(NOW) == expected
    finally:
        close_database()


def test_a_target_that_holds_data_is_refused_and_left_as_it_was(tmp_path, db_location, capsys) -> None:
    source = tmp_path / "source.sqlite"
    shutil.copy(DATA / "store_v4.sqlite", source)
    open_database(db_location)
    Contract.create(number="MINE-1", document="52998224725", customer_name="Minha", install_date="2026-01-01",
                    cohort="2026-01", created_at=NOW, updated_at=NOW)
    close_database()
    assert main(["store", "copy", "--from", str(source), "--to", db_location]) == 4
    err = capsys.readouterr().err
    assert "already holds data (1 contract)" in err and "copy only into an empty database" in err
    open_database(db_location)
    try:
        assert _sizes() == (1, 0, 0, 0)
    finally:
        close_database()


@pytest.mark.sqlite_only  # a missing file
def test_a_missing_source_is_named(tmp_path, capsys) -> None:
    assert main(["store", "copy", "--from", str(tmp_path / "nope.sqlite"), "--to", str(tmp_path / "t.sqlite")]) == 4
    assert f"there is no database at {tmp_path / 'nope.sqlite'}" in capsys.readouterr().err
    assert not (tmp_path / "t.sqlite").exists()
