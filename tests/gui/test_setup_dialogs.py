"""Set-up from inside the app, on a real database file: importing contracts from File → Import
(good file, bad file and its report, only the valid rows), the empty Invoices tab's button, the
first-run checklist, the key kept in a keyring through Preferences (a real keyring backend that
stores in a file), Test connection against the simulator (good key, wrong key, no server), the
schedule edited as a time on weekdays, and the File and Help menus."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from core.domain import FetchOrigin
from gui import menus
from gui.help_dialogs import ShortcutsDialog, about_text, app_version
from gui.main_window import MainWindow
from gui.services import Services
from gui.settings_dialog import SettingsDialog
from gui.setup.first_run import FirstRunDialog
from gui.setup.import_dialog import ImportContractsDialog
from runner import provider_key
from storage.contracts import contracts_count
from storage.settings_store import get_setting
from tests.engine_support import PinnedClock
from tests.reports.test_messages_pt import english_words
from tests.runner.test_provider_key import FileKeyring

DATA = Path(__file__).resolve().parents[1] / "data"
BAD_ROWS = DATA / "contracts_bad_rows.csv"


@pytest.fixture
def empty_services(db, db_path, qloop, small_world) -> Iterator[Services]:
    """Services on an empty, migrated database; no provider given (read from the settings and
    the key store, as in the real app)."""
    svc = Services(str(db_path), tz=UTC, clock=PinnedClock(small_world.today, hour=13).now)
    svc.mark_database_open()
    qloop.run_until_complete(svc.load_settings())
    yield svc
    svc.controller.cancel()
    svc.controller.wait(15)


@pytest.fixture
def key_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(provider_key.KEY_ENV, raising=False)
    yield tmp_path / "keyring.json"
    keyring.set_keyring(fail.Keyring())


def _contracts_csv(world: Any, path: Path, count: int = 12) -> Path:
    lines = ["numero_contrato;cpf_cnpj;cliente;data_instalacao;valor_plano"]
    valid = [c for c in world.contracts if _valid(c.document)][:count]
    for c in valid:
        lines.append(f"{c.number};{c.document};{c.customer_name};{c.install_date:%d/%m/%Y};{c.plan_value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _valid(document: str) -> bool:
    from core.documents import DocumentError, validate_document

    try:
        validate_document(document)
    except DocumentError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- import ------------------------------------------------------------------------------------------
def test_importing_a_good_file_from_the_app(empty_services, small_world, tmp_path, qtbot, aio) -> None:
    path = _contracts_csv(small_world, tmp_path / "contratos.csv")
    dialog = ImportContractsDialog(empty_services)
    qtbot.addWidget(dialog)
    result = aio(dialog.load(path))
    assert result.ok and len(result.records) == 12
    assert dialog.preview_model.rowCount() == 10  # the first rows only
    assert dialog.preview_model.headerData(1, Qt.Orientation.Horizontal) == "numero_contrato"
    first = dialog.preview_model.row(0)
    assert first[:2] == ("2", result.records[0].number)
    assert result.records[0].document not in " ".join(first)  # masked
    assert "12 rows read, all valid" in dialog.status.text()
    assert not dialog.errors_view.isVisibleTo(dialog) and not dialog.skip_invalid.isVisibleTo(dialog)
    assert dialog.btn_import.isEnabled()
    with qtbot.waitSignal(empty_services.dataChanged, timeout=10_000):
        summary = aio(dialog.run_import())
    assert summary is not None and summary.created == 12
    assert contracts_count() == 12
    assert "Imported: 12 new contracts" in dialog.status.text()
    assert not dialog.btn_import.isEnabled()  # not twice


def test_a_bad_file_shows_its_report_and_imports_nothing_unless_asked(empty_services, qtbot, aio) -> None:
    dialog = ImportContractsDialog(empty_services)
    qtbot.addWidget(dialog)
    result = aio(dialog.load(BAD_ROWS))
    assert len(result.records) == 2 and result.invalid_rows == 7
    assert dialog.errors_view.isVisibleTo(dialog)
    model = dialog.errors_model
    report = [(model.data(model.index(r, 0)), model.data(model.index(r, 1))) for r in range(model.rowCount())]
    assert report == [("3", "cpf_cnpj"), ("4", "data_instalacao"), ("5", "cliente"), ("6", "numero_contrato"),
                      ("7", "data_instalacao"), ("8", "status"), ("9", "valor_plano")]
    assert "9 rows read: 2 valid, 7 with problems" in dialog.status.text()
    assert not dialog.btn_import.isEnabled()  # all or nothing by default
    assert dialog.skip_invalid.isVisibleTo(dialog)
    dialog.skip_invalid.setChecked(True)
    assert dialog.btn_import.isEnabled()
    summary = aio(dialog.run_import())
    assert summary.created == 2 and contracts_count() == 2
    assert "7 rows with problems were left out" in dialog.status.text()


def test_an_unreadable_file_is_said_and_cannot_be_imported(empty_services, tmp_path, qtbot, aio) -> None:
    path = tmp_path / "planilha.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    dialog = ImportContractsDialog(empty_services)
    qtbot.addWidget(dialog)
    aio(dialog.load(path))
    assert dialog.status.text().startswith("This file cannot be imported: this is not a readable Excel workbook")
    assert not dialog.btn_import.isEnabled() and contracts_count() == 0


def test_the_importer_messages_read_in_portuguese(empty_services, qtbot, aio, qapp) -> None:
    from gui.i18n import install_language

    install_language(qapp, "pt_BR")
    try:
        dialog = ImportContractsDialog(empty_services)
        qtbot.addWidget(dialog)
        aio(dialog.load(BAD_ROWS))
        model = dialog.errors_model
        problems = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
        assert problems[0] == "dígitos verificadores do CPF inválidos (***.982.247-**)"
        assert all(p != e.message for p, e in zip(problems, dialog.report.errors, strict=True)), problems
        assert "linhas lidas" in dialog.status.text()
    finally:
        install_language(qapp, "en")


# -- the empty database: the Invoices tab and the checklist -----------------------------------------
def test_an_empty_database_offers_the_import_and_the_checklist(empty_services, qtbot, aio, wait_until) -> None:
    window = MainWindow(empty_services)
    qtbot.addWidget(window)
    window.show()
    aio(window.start())
    checklist = window.first_run
    assert isinstance(checklist, FirstRunDialog)  # opened at start: nothing imported, no provider
    wait_until(lambda: checklist.state is not None)
    assert checklist.marks[1].text() == "● to do" and checklist.marks[2].text() == "● to do"
    assert checklist.details[0].text() == f"The data is kept in {empty_services.db_location}."
    assert checklist.marks[3].text() == "✔ done" and "every day at 00:05" in checklist.details[3].text()
    checklist.close()
    window.tabs.setCurrentIndex(4)
    aio(window.refresh_tab(4, force=True))
    stack = window.invoices.contracts_stack
    assert stack.showing_empty and stack.empty_action.isVisibleTo(window.invoices)
    assert "import the CSV or .xlsx file" in stack.empty.text()
    with qtbot.waitSignal(empty_services.importContractsRequested, timeout=5000):
        stack.empty_action.click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportContractsDialog) and w.isVisible()]
    assert dialogs
    for dialog in dialogs:
        dialog.close()


def test_the_checklist_follows_what_was_done(services, main_window, qtbot, aio) -> None:
    assert main_window.first_run is None  # set up already: no checklist at start
    dialog = menus.open_first_run(main_window)
    assert isinstance(dialog, FirstRunDialog)
    state = aio(dialog.refresh())
    assert state.contracts > 0 and not state.incomplete
    assert dialog.marks[1].text() == "✔ done"
    with qtbot.waitSignal(dialog.preferencesRequested, timeout=2000) as asked:
        dialog.btn_provider.click()
    assert asked.args == [1]
    dialog.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SettingsDialog):
            assert widget.pages.currentIndex() == SettingsDialog.PROVIDER
            widget.close()


# -- Preferences: the key, the connection test, the schedule ----------------------------------------
def test_the_key_typed_in_preferences_goes_to_the_keyring_and_runs_use_it(
        empty_services, key_places, simulator, qtbot, aio, wait_until) -> None:
    keyring.set_keyring(FileKeyring(key_places))
    dialog = SettingsDialog(empty_services)
    qtbot.addWidget(dialog)
    aio(dialog.provider.load())
    assert "system keyring" in dialog.provider.key_note.text()
    dialog.provider.url.setText(simulator.url)
    dialog.provider.key.setText(simulator.key_string)
    assert aio(dialog.save()) is True
    assert keyring.get_keyring().get_password("faturas-monitor", "provider-key") == simulator.key_string
    assert not provider_key.key_file_path().exists()
    assert get_setting("provider_url") == simulator.url
    # a new dialog says where the key is, without showing it
    again = SettingsDialog(empty_services)
    qtbot.addWidget(again)
    aio(again.provider.load())
    assert again.provider.key.text() == ""
    assert "saved in the system keyring" in again.provider.key.placeholderText()
    # and a run started from the app reads it there
    assert empty_services.provider_config().key_string == simulator.key_string


def test_without_a_keyring_preferences_says_so_and_uses_a_private_file(empty_services, key_places, qtbot,
                                                                       aio) -> None:
    dialog = SettingsDialog(empty_services)
    qtbot.addWidget(dialog)
    aio(dialog.provider.load())
    assert "has no system keyring" in dialog.provider.key_note.text()
    assert str(provider_key.key_file_path()) in dialog.provider.key_note.text()
    dialog.provider.url.setText("http://127.0.0.1:9")
    dialog.provider.key.setText("file key")
    assert aio(dialog.save()) is True
    path = provider_key.key_file_path()
    assert path.read_text() == "file key\n" and stat.S_IMODE(path.stat().st_mode) == 0o600
    aio(dialog.provider.forget())
    assert not path.exists()


@pytest.mark.parametrize(("case", "expected"), [
    ("good", "Connection OK: the operator answered the sign-in in"),
    ("wrong key", "The operator refused the key string"),
    ("no server", "Could not reach the operator's server"),
])
def test_test_connection_explains_the_result(empty_services, key_places, simulator, qtbot, aio,
                                             case: str, expected: str) -> None:
    dialog = SettingsDialog(empty_services)
    qtbot.addWidget(dialog)
    aio(dialog.provider.load())
    url = simulator.url if case != "no server" else f"http://127.0.0.1:{_free_port()}"
    dialog.provider.url.setText(url)
    dialog.provider.key.setText(simulator.key_string if case == "good" else "not the key")
    check = aio(dialog.provider.test())
    assert dialog.provider.result.text().startswith(expected), dialog.provider.result.text()
    assert dialog.provider.btn_test.isEnabled()
    assert dialog.provider.btn_details.isHidden() is (case == "good")
    assert "not the key" not in dialog.provider.details.text()
    if case == "good":
        assert check.ok and " ms" in dialog.provider.result.text()


def test_the_schedule_is_edited_as_a_time_on_weekdays(empty_services, qtbot, aio) -> None:
    from PySide6.QtCore import QTime

    dialog = SettingsDialog(empty_services)
    qtbot.addWidget(dialog)
    box = dialog.schedule
    assert box.every_day.isChecked() and box.time.time() == QTime(0, 5)
    box.weekdays.setChecked(True)
    box.time.setTime(QTime(7, 30))
    for day, check in box.days.items():
        check.setChecked(day in (1, 2, 3, 4, 5))
    assert box.cron.text() == "30 7 * * 1,2,3,4,5"
    assert box.next_run.text().startswith("Next automatic run:")
    assert aio(dialog.save()) is True
    assert get_setting("schedule_cron") == "30 7 * * 1,2,3,4,5"
    # no weekday: refused, nothing saved
    again = SettingsDialog(empty_services)
    qtbot.addWidget(again)
    assert again.schedule.weekdays.isChecked()
    for check in again.schedule.days.values():
        check.setChecked(False)
    assert aio(again.save()) is False and "weekday" in again.error.text()
    assert get_setting("schedule_cron") == "30 7 * * 1,2,3,4,5"
    # an expression the simple form cannot say opens as advanced, unchanged
    aio(empty_services.save_setting("schedule_cron", "*/30 8-18 * * 1-5"))
    third = SettingsDialog(empty_services)
    qtbot.addWidget(third)
    assert third.schedule.advanced.isChecked() and third.schedule.cron.text() == "*/30 8-18 * * 1-5"


# -- menus --------------------------------------------------------------------------------------------
def test_file_and_help_menus(services, main_window, qtbot) -> None:
    bar = [a.text() for a in main_window.menuBar().actions()]
    assert bar == ["&File", "&Run", "&View", "&Settings", "&Help"]
    file_actions = [a.text() for a in main_window.file_menu.menu.actions() if not a.isSeparator()]
    assert file_actions == ["&Import contracts…", "&Export…", "&Reports and lists", "&Quit"]
    settings_menu = main_window.menuBar().actions()[3].menu()
    assert "&Quit" not in [a.text() for a in settings_menu.actions()]
    dialog = menus.open_shortcuts(main_window)
    assert isinstance(dialog, ShortcutsDialog)
    rows = {(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text()) for r in range(dialog.table.rowCount())}
    assert ("Fetch all pending", "Ctrl+R") in rows and ("Import contracts…", "Ctrl+I") in rows
    assert ("Quit", "Ctrl+Q") in rows
    dialog.close()
    text = about_text(services.db_location)
    assert app_version() in text and services.db_location in text and "Licence" in text
    box = menus.open_about(main_window)
    assert isinstance(box, QDialog)
    box.close()


def test_a_run_started_after_the_setup_uses_the_saved_provider(empty_services, small_world, key_places, simulator,
                                                              tmp_path, qtbot, aio) -> None:
    """The whole path without a terminal: import, URL and key in Preferences, a run."""
    keyring.set_keyring(FileKeyring(key_places))
    importer = ImportContractsDialog(empty_services)
    qtbot.addWidget(importer)
    aio(importer.load(_contracts_csv(small_world, tmp_path / "c.csv", count=5)))
    aio(importer.run_import())
    prefs = SettingsDialog(empty_services)
    qtbot.addWidget(prefs)
    aio(prefs.provider.load())
    prefs.provider.url.setText(simulator.url)
    prefs.provider.key.setText(simulator.key_string)
    assert aio(prefs.save())
    empty_services._make_config = _fast_config  # type: ignore[method-assign]
    with qtbot.waitSignal(empty_services.controller.runFinished, timeout=30_000) as finished:
        assert empty_services.start_run(empty_services.make_request(FetchOrigin.MANUAL))
    result = finished.args[0]
    assert result.counters.processed > 0 and simulator.stats().sessions_issued >= 1


def _fast_config() -> Any:
    from tests.engine_support import fast_config

    return fast_config()



# -- everything above, in pt-BR ------------------------------------------------------------------------
def _english_sources() -> set[str]:
    """Every source text of the .ts whose pt-BR translation differs: shown as is, it is English."""
    import xml.etree.ElementTree as ET

    from gui.i18n import TRANSLATIONS

    out = set()
    for message in ET.parse(TRANSLATIONS / "faturas_pt_BR.ts").getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if source and translation and source != translation:
            out.add(source.replace("&", ""))
    return out


def _texts(widget: Any) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTabWidget

    out: list[str] = [widget.windowTitle()]
    for child in widget.findChildren(QLabel):
        out.append(child.text())
    for child in widget.findChildren(QAbstractButton):
        out.append(child.text())
    for child in widget.findChildren(QLineEdit):
        out.append(child.placeholderText())
    for tabs in widget.findChildren(QTabWidget):
        out.extend(tabs.tabText(i) for i in range(tabs.count()))
    return [t.replace("&", "") for t in out if t]


def test_the_setup_dialogs_speak_portuguese(empty_services, key_places, simulator, qtbot, aio, qapp) -> None:
    from gui.i18n import install_language

    english = _english_sources()
    install_language(qapp, "pt_BR")
    try:
        first = FirstRunDialog(empty_services)
        qtbot.addWidget(first)
        aio(first.refresh())
        importer = ImportContractsDialog(empty_services)
        qtbot.addWidget(importer)
        aio(importer.load(BAD_ROWS))
        prefs = SettingsDialog(empty_services)
        qtbot.addWidget(prefs)
        aio(prefs.provider.load())
        prefs.provider.url.setText(simulator.url)
        prefs.provider.key.setText("not the key")
        aio(prefs.provider.test())
        seen = _texts(first) + _texts(importer) + _texts(prefs)
        untranslated = [t for t in seen if t in english]
        assert not untranslated, untranslated
        assert "Primeiros passos" in seen and "Testar conexão" in seen and "Importar contratos" in seen
        assert prefs.provider.result.text().startswith("A operadora recusou a chave")
        assert importer.status.text().startswith("9 linhas lidas: 2 válidas, 7 com problema")
        assert "Todo dia" in seen and "Aparência" in seen
    finally:
        install_language(qapp, "en")


FILE_PROBLEMS = (
    b"", b"numero_contrato;cpf_cnpj;cliente;data_instalacao\n",
    b"just some words\nmore words\n", b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"numero\x00;cpf\x00\n\x01\x02", b"numero_contrato,cpf,cliente\nA,1,B\n",
    b"numero_contrato;cpf;cnpj;cliente;data_instalacao\n",
    "numero_contrato;cpf_cnpj;cliente;data_instalacao\nA;52998224725;João;01/02/2026\n".encode()
    + b"B;11144477735;Jos\xe9;01/02/2026\n",
)
ROW_PROBLEMS = "\n".join([
    "numero_contrato;cpf_cnpj;cliente;data_instalacao;status;valor_plano",
    "A1;52998224724;X;10/01/2026;ATIVO;1", "A2;11144477735;X;31/02/2026;ATIVO;1", "A3;11144477735;;1/1/26;;",
    "A4;11111111111;X;2026-13-01;;", "A5;123;X;ontem;;", "A6;11144477735;X;01/01/1990;;",
    "A7;11144477735;X;01/01/2099;;", "A8;11144477735;X;01/01/2026;SUSPENSO;1.234",
    "A9;11144477735;X;01/01/2026;;-5", "A10;11144477735;X;01/01/2026;;1.2.3", "A11;11144477735;X;01/01/2026;;1,234",
    "A12;11144477735;X;01/01/2026;;1,2345", "A13;11144477735;X;01/01/2026;;abc", "A1;1,11E+10;X;01/01/2026;;",
    "A14;11.222.333/0001-80;X;01/01/2026;;", "A15;11144477735;X;01/01/2026;;99999999999",
    "A16;11144477735;X\u202e;01/01/2026;;", "A17;11144477735;X;01/01/2026;;1;extra",
    "A" * 70 + ";11144477735;X;01/01/2026;;",
]).encode()


def test_every_importer_message_reads_in_portuguese(qapp) -> None:
    """Each problem the importer reports (row and file level) has a pt-BR sentence."""
    from datetime import date

    from core.contracts_import import parse_contracts_csv, parse_contracts_xlsx
    from gui.i18n import install_language
    from gui.setup.import_messages import file_problem, row_problem

    today = date(2026, 3, 15)
    errors = parse_contracts_csv(ROW_PROBLEMS, today).errors
    files = [parse_contracts_csv(data, today) for data in FILE_PROBLEMS]
    files.append(parse_contracts_xlsx(b"PK\x03\x04 broken", today))
    english = [e.message for e in errors] + [f.file_error or "" for f in files]
    assert len(set(english)) >= 25 and all(english)
    assert all(e.problem is not None for e in errors) and all(f.file_problem is not None for f in files)
    install_language(qapp, "pt_BR")
    try:
        shown = [row_problem(e) for e in errors] + [file_problem(f) for f in files]
    finally:
        install_language(qapp, "en")
    left = [(m, s) for m, s in zip(english, shown, strict=True) if m == s or english_words(s)]
    assert not left, left
