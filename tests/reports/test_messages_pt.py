"""The translation check over every message code: each one, rendered in pt-BR through the shipped
.qm (a real QTranslator), differs from its English, keeps no placeholder, shows no English word,
and writes dates dd/mm/aaaa and decimals with a comma; the technical detail stays out."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from core.messages import CATALOG, codes, decode, encode, msg, render, templates
from reports.message_text import pt, pt_format, pt_started_by, pt_translate
from tests.core.test_messages import DETAIL, sample

# Words that betray an untranslated sentence (with the spaces that make them words).
ENGLISH = (" the ", " of ", "failed", "invoice", "run ", "started", "completed", "provider", "error",
           " and ", " with ", " not ", "lookup", "matched", "cancelled", " by ", "due ", "day(s)",
           "amount", "answer", "schedule", "command line", "app ")


def english_words(text: str) -> list[str]:
    padded = f" {text.lower()} "
    return [w for w in ENGLISH if w in padded]


@pytest.mark.parametrize("code", codes())
def test_every_code_renders_in_portuguese(code: str) -> None:
    m = decode(encode(sample(code)))
    english = render(m)
    text = render(m, pt_translate, pt_format)
    assert text != english
    assert not re.search(r"\{[a-z_]+\}|%\d", text), text
    assert not english_words(text), (code, text, english_words(text))
    assert DETAIL not in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text), text  # no ISO date
    if re.search(r"\d{4}", text) and "date" in str(CATALOG[code].params.values()).lower():
        assert re.search(r"\d\d/\d\d/\d{4}", text), text


@pytest.mark.parametrize("template", templates())
def test_every_template_has_a_portuguese_translation(template: str) -> None:
    translated = pt_translate(template)
    words = re.sub(r"\{[a-z_]+\}", "", template)
    assert translated != template or not re.search(r"[A-Za-z]", words)  # "{reason} ({value})" has no words
    assert sorted(re.findall(r"\{[a-z_]+\}", translated)) == sorted(re.findall(r"\{[a-z_]+\}", template))


def test_dates_and_decimals_inside_a_message_are_brazilian() -> None:
    text = pt(encode("match.divergent", problems=[
        msg("match.due_later", due=date(2026, 3, 7), days=2),
        msg("match.amount_off", amount=Decimal("1234.5"), expected=Decimal("1200"), diff=Decimal("34.5"))]))
    assert text == ("Divergência: vencimento em 07/03/2026, 2 dia(s) depois do esperado; valor de "
                    "R$ 1.234,50 difere do esperado (R$ 1.200,00) em R$ 34,50.")
    assert pt(encode("alert.error_rate", run=3, failed=5, processed=40, share=0.125, limit=0.1)) == (
        "A execução 3 terminou com 5 de 40 faturas com erro (12,5%, acima do limite de 10,0%).")
    assert pt(encode("alert.slow_lookups", run=3, seconds=1.25, factor=1.5, baseline=0.5, days=7)) == (
        "A execução 3 levou 1,25 s por consulta (mediana), mais de 1,5 vezes os 0,5 s dos 7 dias anteriores.")


@pytest.mark.parametrize(("stored", "shown"), [
    ("app:ana", "aplicativo — ana"), ("cli:ana", "linha de comando — ana"), ("app:schedule", "agendamento"),
    ("demo-history", "histórico da demonstração"), ("another window", "outra janela"),
])
def test_started_by_in_portuguese(stored: str, shown: str) -> None:
    assert pt_started_by(stored) == shown


def test_an_older_english_text_is_shown_as_it_was() -> None:
    assert pt("completed: 5 success, 0 partial") == "completed: 5 success, 0 partial"
