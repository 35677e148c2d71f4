"""The stored messages (core.messages codes) in pt-BR outside the desktop app: the reports and the
command line's `--lang pt_BR`.

The Portuguese templates are the app's own: read from the compiled translation
(resources/translations/faturas_pt_BR.qm) through a QTranslator, so no text is written twice.
Values take the reports' pt-BR formats (dd/mm/aaaa, decimal comma, the app's labels).
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator

from core.domain import FetchOrigin, Outcome
from core.messages import CONTEXT, Kind, decode, details, render, render_log_line, render_started_by
from reports import texts

QM = Path(__file__).resolve().parent.parent / "resources" / "translations" / "faturas_pt_BR.qm"

_ENUMS: dict[Kind, type] = {Kind.OUTCOME: Outcome, Kind.ORIGIN: FetchOrigin}


@functools.cache
def _translator() -> QTranslator:
    translator = QTranslator()
    if not translator.load(str(QM)):
        raise FileNotFoundError(f"cannot load the pt-BR translation {QM}")
    return translator


def pt_translate(template: str) -> str:
    """The pt-BR template of an English one (the English one if it has none)."""
    return _translator().translate(CONTEXT, template) or template


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def places(value: Decimal, most: int) -> int:
    """Decimal places that show `value` without trailing zeros, at most `most`."""
    exponent = value.normalize().as_tuple().exponent
    return min(most, max(0, -exponent)) if isinstance(exponent, int) else 0


def pt_format(kind: Kind, value: Any) -> str:
    """A message parameter the way the pt-BR back office writes it."""
    if kind is Kind.COUNT:
        return texts.number(int(value))
    if kind is Kind.MONEY:
        return texts.money(_decimal(value))
    if kind is Kind.DECIMAL:
        d = _decimal(value)
        return texts.decimal(d, places(d, 2))
    if kind is Kind.SECONDS:
        d = _decimal(value)
        return f"{texts.decimal(d, places(d, 3))} s"
    if kind is Kind.PERCENT:
        return texts.percent(float(value))
    if kind is Kind.DATE:
        return texts.day(date.fromisoformat(str(value)))
    if kind is Kind.DATES:
        return ", ".join(texts.day(date.fromisoformat(str(v))) for v in value) if isinstance(value, list) else ""
    if kind is Kind.DATETIME:
        return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y %H:%M")
    if kind in _ENUMS:
        try:
            return texts.label(_ENUMS[kind](value))
        except ValueError:
            return str(value)
    if kind is Kind.STARTED_BY:
        return render_started_by(str(value), pt_translate)
    return str(value)


def pt(text: str | None) -> str:
    """A stored message (or legacy text) as a pt-BR sentence."""
    return render(decode(text), pt_translate, pt_format)


def pt_with_detail(text: str | None) -> str:
    """The pt-BR sentence and, in parentheses, its technical detail (for exports)."""
    m = decode(text)
    sentence, extra = render(m, pt_translate, pt_format), details(m)
    return f"{sentence} ({extra})" if extra else sentence


def pt_log_line(line: str) -> str:
    return render_log_line(line, pt_translate, pt_format)


def pt_started_by(value: str | None) -> str:
    return render_started_by(value, pt_translate)
