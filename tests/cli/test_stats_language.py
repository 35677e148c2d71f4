"""`stats` speaks one language: English by default, pt-BR with --lang or a pt locale, each with
its own number, money and date formats; --json stays in codes and plain numbers."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cli.app import main
from cli.stats_texts import EN_LABELS, TEXTS, Lang, Speaker, lang_from_env
from core.domain import AlertKind, AlertSeverity, FetchOrigin, FetchStatus, Outcome
from reports import texts as report_texts
from storage.db import close_database, open_database
from tests.storage.analytics_fixtures import Scenario

# English words of the tables that a pt-BR output must not show (headers, titles, labels).
ENGLISH = (
    "Overview", "all cohorts", "activity", "Figure", "Value", "Invoices", "Success", "Partial",
    "Not available", "Error", "Gave up", "No open debt", "Paid", "Pending", "Success rate",
    "With data", "Amount found", "Runs", "Attempts", "Average", "Median", "approx", "Daily",
    "days", "By origin", "Origin", "Automatic", "Forced retry", "Slowest", "Seconds", "Contract",
    "Invoice", "Cohort", "When", "Error groups", "Outcome", "Message", "First seen", "Last seen",
    "Open alerts", "Kind", "Severity", "Times", "left out",
)


@pytest.fixture
def history(tmp_path: Path) -> str:
    path = tmp_path / "stats.sqlite"
    open_database(str(path))
    try:
        Scenario()
    finally:
        close_database()
    return str(path)


@pytest.fixture(autouse=True)
def clean_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def stats_out(history: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    try:
        assert main(["stats", "--db", history, "--days", "3", *args]) == 0
    finally:
        close_database()
    return capsys.readouterr().out


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def assert_english(out: str) -> None:
    assert "Overview (all cohorts; activity:" in out and "Daily performance" in out
    assert "R$ 300.00" in out and "75.0%" in out and "No open debt (probably paid)" in out
    assert "R$ 300,00" not in out and "75,0%" not in out
    assert re.search(r"\d{4}-\d{2}-\d{2}", out) and not re.search(r"\d{2}/\d{2}/\d{4}", out)
    for pt in ("Visão geral", "Faturas", "Nunca buscada", "Colunas"):
        assert pt not in out


def assert_portuguese(out: str) -> None:
    assert "Visão geral (todas as safras; atividade:" in out and "Desempenho diário" in out
    assert "R$ 300,00" in out and "75,0%" in out and "Nunca buscada" in out and "Desistência" in out
    assert "Ainda não disponível" in out and "Sem débito em aberto" in out
    assert re.search(r"\d{2}/\d{2}/\d{4}", out) and not re.search(r"\d{4}-\d{2}-\d{2}", out)
    assert "R$ 300.00" not in out and "75.0%" not in out
    out_words = words(out)
    for english in ENGLISH:
        phrase = english.split()
        if len(phrase) == 1:
            assert english not in out_words, english
        else:
            assert english not in out, english


def test_english_by_default_in_a_c_locale(
    history: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")  # LC_ALL wins, as in POSIX
    assert_english(stats_out(history, capsys))


def test_english_with_no_locale_at_all(history: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_english(stats_out(history, capsys))


def test_pt_br_with_lang_option(
    history: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    assert_portuguese(stats_out(history, capsys, "--lang", "pt_BR"))


def test_pt_br_from_lang_variable(
    history: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert_portuguese(stats_out(history, capsys))


def test_lang_option_overrides_a_pt_locale(
    history: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "pt_BR.UTF-8")
    assert_english(stats_out(history, capsys, "--lang", "en"))


def test_bad_days_in_pt_br(history: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        assert main(["stats", "--db", history, "--days", "0", "--lang", "pt_BR"]) == 2
    finally:
        close_database()
    assert "deve estar entre 1 e 3650" in capsys.readouterr().err


def test_json_is_the_same_in_both_languages(
    history: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    en = json.loads(stats_out(history, capsys, "--json", "--lang", "en"))
    pt = json.loads(stats_out(history, capsys, "--json", "--lang", "pt_BR"))
    for data in (en, pt):  # the parts that depend on the moment each ran
        data.pop("generated_at")
        data["overview"].pop("window")
    assert en == pt
    assert pt["overview"]["amount_found"] == "300.00"
    assert {row["origin"] for row in pt["origins"]} >= {"AUTOMATIC", "RETRY"}


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, Lang.EN),
        ({"LANG": "C.UTF-8"}, Lang.EN),
        ({"LANG": "en_US.UTF-8"}, Lang.EN),
        ({"LANG": "pt_BR.UTF-8"}, Lang.PT_BR),
        ({"LANG": "pt_PT"}, Lang.PT_BR),
        ({"LC_MESSAGES": "pt_BR.UTF-8", "LANG": "en_US.UTF-8"}, Lang.PT_BR),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "pt_BR.UTF-8"}, Lang.EN),
        ({"LC_ALL": "", "LANG": "pt_BR"}, Lang.PT_BR),
    ],
)
def test_lang_from_env(env: dict[str, str], lang: Lang) -> None:
    assert lang_from_env(env) is lang


def test_formats_per_language() -> None:
    en, pt = Speaker(Lang.EN), Speaker(Lang.PT_BR)
    assert en.number(1234567) == "1,234,567" and pt.number(1234567) == "1.234.567"
    assert en.decimal(1234.5, 1) == "1,234.5" and pt.decimal(1234.5, 1) == "1.234,5"
    assert en.money(Decimal("1234.56")) == "R$ 1,234.56" and pt.money(Decimal("1234.56")) == "R$ 1.234,56"
    assert en.money(Decimal("-5")) == "-R$ 5.00" and pt.money(Decimal("0")) == "R$ 0,00"
    assert pt.money(Decimal("1234567.5")) == "R$ 1.234.567,50"
    assert en.pct(0.75) == "75.0%" and pt.pct(0.755) == "75,5%" and en.pct(None) == "-"
    assert en.secs(1234.5678) == "1,234.568" and pt.secs(0.4) == "0,400" and pt.secs(None) == "-"
    assert en.day(date(2026, 3, 1)) == "2026-03-01" and pt.day(date(2026, 3, 1)) == "01/03/2026"
    moment, tz = datetime(2026, 3, 5, 2, 30, tzinfo=UTC), ZoneInfo("America/Sao_Paulo")
    assert en.when(moment, tz) == "2026-03-04 23:30:00" and pt.when(moment, tz) == "04/03/2026 23:30:00"


def test_every_code_has_a_label_in_both_languages() -> None:
    en, pt = Speaker(Lang.EN), Speaker(Lang.PT_BR)
    for enum_type in (FetchStatus, Outcome, FetchOrigin, AlertKind, AlertSeverity):
        for code in enum_type:
            assert code in EN_LABELS, code
            assert en.label(code) == EN_LABELS[code]
            assert pt.label(code) == report_texts.label(code) != code.value or code.value == "MANUAL"
    assert pt.label(FetchStatus.PENDING) == "Nunca buscada"
    assert pt.label(FetchStatus.NOT_AVAILABLE) == "Ainda não disponível"
    assert pt.label(FetchStatus.CLOSED).startswith("Sem débito em aberto")
    assert pt.label(FetchStatus.GAVE_UP) == "Desistência"


def test_every_text_has_both_languages_with_the_same_fields() -> None:
    for key, (en, pt) in TEXTS.items():
        assert en and pt, key
        assert sorted(re.findall(r"{(\w+)}", en)) == sorted(re.findall(r"{(\w+)}", pt)), key


def test_stored_messages_are_rendered_in_the_language_of_stats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.alerts import check_missed_schedule
    from storage.settings_store import set_setting

    path = tmp_path / "stats.sqlite"
    open_database(str(path))
    try:
        Scenario()
        set_setting("schedule_cron", "5 0 * * *")  # 03:05 UTC in Sao Paulo
        alert = check_missed_schedule(datetime(2026, 3, 10, 4, 0, tzinfo=UTC), ZoneInfo("America/Sao_Paulo"))
        assert alert is not None and alert.message.startswith('{"c":"alert.schedule_missed"')
    finally:
        close_database()
    monkeypatch.setenv("COLUMNS", "400")  # one line per row: the sentence is not folded
    english = stats_out(str(path), capsys)
    assert "The scheduled run of 2026-03-10 00:05 did not start." in english
    portuguese = stats_out(str(path), capsys, "--lang", "pt_BR")
    assert "A execução agendada para 10/03/2026 00:05 não começou." in portuguese
    assert '{"c":' not in english + portuguese
