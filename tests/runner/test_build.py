"""runner.build: the one place a run is built from the settings, for the app, `fetch` and the demo."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.domain import FetchOrigin
from core.engine import RequestError
from core.settings import SETTINGS
from runner import build

SETTINGS_DEFAULTS = {key: spec.default for key, spec in SETTINGS.items()}


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's key file, in a temporary config folder; no key in the environment."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(build.KEY_ENV, raising=False)
    path = build.key_file_path()
    assert path.is_relative_to(tmp_path)
    return path


def test_the_key_comes_from_the_environment_then_the_key_file(key_file: Path, monkeypatch) -> None:
    assert build.read_key_string() == ""
    key_file.parent.mkdir(parents=True)
    key_file.write_text("  from the file\n", encoding="utf-8")
    assert build.read_key_string() == "from the file"
    monkeypatch.setenv(build.KEY_ENV, " from the environment ")
    assert build.read_key_string() == "from the environment"
    monkeypatch.setenv(build.KEY_ENV, "   ")  # blank counts as unset
    assert build.read_key_string() == "from the file"


def test_provider_config_explicit_values_win_and_a_missing_one_is_named(key_file: Path, monkeypatch) -> None:
    settings = {**SETTINGS_DEFAULTS, "provider_url": "http://saved"}
    with pytest.raises(build.ProviderNotConfigured) as missing_key:
        build.provider_config(settings)
    assert missing_key.value.missing is build.ProviderSetting.KEY_STRING
    with pytest.raises(build.ProviderNotConfigured) as missing_url:
        build.provider_config({}, key_string="k")
    assert missing_url.value.missing is build.ProviderSetting.URL
    monkeypatch.setenv(build.KEY_ENV, "env key")
    assert build.provider_config(settings) == build.ProviderConfig("http://saved", "env key")
    chosen = build.provider_config(settings, url="http://given", key_string="given key", read_timeout=2.0)
    assert chosen == build.ProviderConfig("http://given", "given key", 2.0)
    assert "given key" not in repr(chosen)  # a config that reaches a log does not carry the key


def test_run_request_takes_the_settings_unless_a_choice_is_given() -> None:
    settings = {**SETTINGS_DEFAULTS, "max_attempts": 5, "retry_pass": False, "concurrency": 4, "rate_limit": 2.5}
    request = build.run_request(settings, FetchOrigin.COHORT, cohort="2026-01", started_by="cli:ana")
    assert (request.origin, request.cohort, request.started_by) == (FetchOrigin.COHORT, "2026-01", "cli:ana")
    assert (request.max_attempts, request.retry_pass, request.concurrency, request.rate_limit) == (5, False, 4, 2.5)
    chosen = build.run_request(settings, FetchOrigin.INDIVIDUAL, invoice_ids=(3, 1), force=True, max_attempts=1,
                               retry_pass=True, concurrency=9, rate_limit=50.0, started_by="app:ana")
    assert (chosen.invoice_ids, chosen.force) == ((3, 1), True)
    assert (chosen.max_attempts, chosen.retry_pass, chosen.concurrency, chosen.rate_limit) == (1, True, 9, 50.0)


def test_a_setting_not_in_the_mapping_takes_its_declared_default() -> None:
    request = build.run_request({}, FetchOrigin.MANUAL, started_by="app:ana")
    assert (request.max_attempts, request.retry_pass, request.concurrency, request.rate_limit) == (
        SETTINGS["max_attempts"].default, SETTINGS["retry_pass"].default, SETTINGS["concurrency"].default,
        SETTINGS["rate_limit"].default)
    assert build.run_request({"rate_limit": None}, FetchOrigin.MANUAL, started_by="x").rate_limit is None


def test_an_invalid_request_is_refused() -> None:
    with pytest.raises(RequestError, match="max attempts"):
        build.run_request({"max_attempts": 99}, FetchOrigin.MANUAL, started_by="app:ana")


def test_engine_config_matches_with_the_settings_tolerances() -> None:
    config = build.engine_config({"match_days": 7, "amount_tolerance": Decimal("1.50")}, outage_limit=30.0, seed=4)
    assert (config.match.day_tolerance, config.match.amount_tolerance) == (7, Decimal("1.50"))
    assert (config.outage_limit, config.seed) == (30.0, 4)
    default = build.engine_config({})
    assert default.match.day_tolerance == SETTINGS["match_days"].default
    assert default.outage_limit == build.DEFAULT_OUTAGE_LIMIT


def test_who_started_a_run_names_the_front_end_and_the_user() -> None:
    user = build.current_user()
    assert user and ":" not in user
    assert build.started_by("cli") == f"cli:{user}"


def test_the_provider_client_reaches_the_provider_and_the_store_is_the_sql_one(simulator, small_world, db) -> None:
    from storage.engine_store import SqlEngineStore

    contract = small_world.contracts[0]
    client = build.provider_client(build.ProviderConfig(simulator.url, simulator.key_string, 2.0), 3)
    try:
        found = client.lookup(contract.document)
    finally:
        client.close()
    assert isinstance(found, list)
    assert simulator.live_credentials()  # it authenticated with the key string it was given
    assert isinstance(build.engine_store(), SqlEngineStore)
