"""The pt-BR translation: complete and current, shipped compiled, and really shown by the widgets.

`scripts/update_translations.py --check` is the source of truth for "complete and current"
(every string of the code is in the .ts, every message is translated, the .qm is a fresh
lrelease of the .ts). The other tests load the shipped .qm the way the app does and read real
widgets, then switch back to English (the other GUI tests read English texts).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.settings import SETTINGS
from gui import labels
from gui.i18n import TRANSLATIONS, install_language
from gui.main_window import MainWindow
from gui.services import Services

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "update_translations.py"
TS = TRANSLATIONS / "faturas_pt_BR.ts"
PLACEHOLDER = re.compile(r"%(?:n|\d+)")
ACCELERATOR = re.compile(r"(?<!&)&(?!&)")


@pytest.fixture
def portuguese(qapp: QApplication, qloop: Any) -> Iterator[QApplication]:
    """The app in pt-BR for one test, English again afterwards whatever happens. After `qloop`,
    which installs English for every GUI test."""
    assert install_language(qapp, "pt_BR") == "pt_BR"
    try:
        yield qapp
    finally:
        install_language(qapp, "en")


def _messages() -> list[tuple[str, str, bool, list[str]]]:
    """(context, source, numerus, translations) of every message of the shipped .ts."""
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = translation.findall("numerusform")
            texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
            out.append((name, message.findtext("source") or "", message.get("numerus") == "yes", texts))
    return out


def _accelerator(text: str) -> str | None:
    match = ACCELERATOR.search(text)
    return text[match.end()].lower() if match and match.end() < len(text) else None


# -- the files ----------------------------------------------------------------------------------
def test_the_translation_is_complete_current_and_compiled() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_translation_keeps_the_placeholders_and_accelerators_of_its_source() -> None:
    messages = _messages()
    assert len(messages) > 400
    for context, source, numerus, texts in messages:
        want = Counter(PLACEHOLDER.findall(source))
        if numerus:
            assert len(texts) == 2, (context, source)  # pt-BR: singular (0 and 1) and plural
        for text in texts:
            assert text.strip(), (context, source)
            assert Counter(PLACEHOLDER.findall(text)) == want, (context, source, text)
            assert len(ACCELERATOR.findall(text)) == len(ACCELERATOR.findall(source)), (context, source, text)


def test_every_setting_has_a_translatable_label_and_description() -> None:
    from gui.settings_dialog import DESCRIPTIONS, LABELS

    assert set(LABELS) == set(SETTINGS)
    assert {spec.description for spec in SETTINGS.values()} <= set(DESCRIPTIONS)


# -- the widgets --------------------------------------------------------------------------------
def test_the_window_speaks_portuguese_then_english_again(portuguese, services: Services, qtbot, aio,
                                                          tmp_path) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    aio(window.start())
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Ao vivo", "Desempenho", "Execuções", "Problemas", "Faturas"]
    assert window.lbl_next.text().startswith("Próxima execução automática:")
    assert window.live.btn_all.text() == "Buscar agora"
    assert window.live.btn_cancel.text() == "Cancelar"
    assert window.live.tr("%n alert(s) acknowledged.", "", 1) == "1 alerta reconhecido."
    assert window.live.tr("%n alert(s) acknowledged.", "", 3) == "3 alertas reconhecidos."
    assert window.performance.cards.cards["success_rate"].title() == "Taxa de sucesso · no período"
    assert window.performance.cards.cards["pending"].title() == "Pendentes · agora"
    assert window.runs.model.headerData(0, Qt.Orientation.Horizontal) == "Nº"
    # Menus: translated, and no two entries of one menu (or of the bar) share an accelerator.
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar == ["&Arquivo", "&Execução", "E&xibir", "&Configurações", "A&juda"]
    for menu in [window.menuBar()] + [a.menu() for a in window.menuBar().actions()]:
        keys = [_accelerator(a.text()) for a in menu.actions() if not a.isSeparator()]
        keys = [k for k in keys if k]
        assert len(keys) == len(set(keys)), keys
    # The domain's codes, through gui.labels (with the genders Portuguese needs).
    assert labels.status_label("GAVE_UP") == "Desistência"
    assert labels.status_label("NOT_AVAILABLE") == "Ainda não disponível"
    assert labels.run_status_label("CANCELLED") == "Cancelada"
    assert labels.contract_status_label("CANCELLED") == "Cancelado"
    assert labels.origin_label("COHORT") == "Safra"

    install_language(portuguese, "en")
    assert labels.status_label("GAVE_UP") == "Gave up"
    assert labels.contract_status_label("CANCELLED") == "Cancelled"
    english = MainWindow(services)
    qtbot.addWidget(english)
    assert [english.tabs.tabText(i) for i in range(english.tabs.count())] == [
        "Live", "Performance", "Runs", "Problems", "Invoices"]
    assert [a.text() for a in english.menuBar().actions()] == ["&File", "&Run", "&View", "&Settings", "&Help"]
