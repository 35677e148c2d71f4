"""`python main.py stats`: tables, JSON, and exit code 2 on bad parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.app import main
from storage.db import close_database, open_database
from tests.storage.analytics_fixtures import Scenario


@pytest.fixture
def history(tmp_path: Path) -> str:
    path = tmp_path / "stats.sqlite"
    open_database(str(path))
    try:
        Scenario()
    finally:
        close_database()
    return str(path)


def run_cli(args: list[str]) -> int:
    try:
        return main(args)
    finally:
        close_database()


@pytest.fixture(autouse=True)
def c_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A C locale and no COLUMNS: English, 80 characters wide, unless a test says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LC_ALL", "C")


def test_tables(history: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["stats", "--db", history, "--days", "3"]) == 0
    out = capsys.readouterr().out
    for title in (
        "Overview",
        "Daily performance",
        "By origin",
        "Slowest lookups",
        "Error groups",
        "Open alerts",
    ):
        assert title in out
    assert "R$ 300.00" in out and "75.0%" in out


def test_json(history: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["stats", "--db", history, "--json", "--days", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overview"]["invoices"] == 6 and data["overview"]["amount_found"] == "300.00"
    assert data["overview"]["by_status"]["gave_up"] == 1 and len(data["daily"]) == 5
    assert {row["origin"] for row in data["origins"]} >= {"AUTOMATIC", "RETRY"}
    assert isinstance(data["open_alerts"], list)


def test_cohort_narrows_the_overview(history: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["stats", "--db", history, "--json", "--cohort", "2026-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overview"]["cohort"] == "2026-01" and data["overview"]["invoices"] == 3


@pytest.mark.parametrize("args", [["--days", "0"], ["--days", "4000"], ["--cohort", "2026-13"]])
def test_bad_parameters_exit_2(history: str, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert run_cli(["stats", "--db", history, *args]) == 2
    err = capsys.readouterr().err
    assert args[0].lstrip("-") in err and args[1] in err


def test_unparsable_days_is_a_usage_error(history: str) -> None:
    with pytest.raises(SystemExit) as info:
        run_cli(["stats", "--db", history, "--days", "x"])
    assert info.value.code == 2
