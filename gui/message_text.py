"""Stored messages (core.messages codes) in the interface language: the one place the GUI turns
a log line, an error, a run's closing message, an alert or a "started by" into text.

Templates go through Qt's translator (context "Messages"); values through the app's locale
(gui.formatting): dd/mm/aaaa and decimal comma in pt-BR. The technical detail (exception text,
HTTP detail) is kept out of the sentence: `detail` gives it for a "technical details" toggle or a
tooltip in detail panes.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from core.messages import CONTEXT, Kind, Msg, decode, details, log_line_details, render, render_log_line
from core.messages import render_started_by as _render_started_by
from gui import formatting as fmt
from gui.labels import origin_label, outcome_label


def translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _places(value: Decimal, most: int) -> int:
    """Decimal places that show `value` without trailing zeros, at most `most`."""
    exponent = value.normalize().as_tuple().exponent
    return min(most, max(0, -exponent)) if isinstance(exponent, int) else 0


def format_value(kind: Kind, value: Any) -> str:
    """A message parameter in the interface language's format."""
    if kind is Kind.COUNT:
        return fmt.number(int(value))
    if kind is Kind.MONEY:
        return fmt.money(_decimal(value))
    if kind is Kind.DECIMAL:
        d = _decimal(value)
        return fmt.number(float(d), _places(d, 2))
    if kind is Kind.SECONDS:
        d = _decimal(value)
        return fmt.seconds(float(d), _places(d, 3))
    if kind is Kind.PERCENT:
        return fmt.percent(float(value))
    if kind is Kind.DATE:
        return fmt.day(date.fromisoformat(str(value)))
    if kind is Kind.DATES:
        return ", ".join(fmt.day(date.fromisoformat(str(v))) for v in value) if isinstance(value, list) else ""
    if kind is Kind.DATETIME:
        return fmt.when(datetime.fromisoformat(str(value)))
    if kind is Kind.OUTCOME:
        return outcome_label(str(value))
    if kind is Kind.ORIGIN:
        return origin_label(str(value))
    if kind is Kind.STARTED_BY:
        return started_by_text(str(value))
    return str(value)


def render_msg(m: Msg) -> str:
    return render(m, translate, format_value)


def message_text(stored: str | None) -> str:
    """A stored message (or the text an older version stored) as a sentence on screen."""
    return render(decode(stored), translate, format_value)


def message_detail(stored: str | None) -> str:
    """Its technical detail ('' when it has none)."""
    return details(decode(stored))


def log_line_text(line: str) -> str:
    return render_log_line(line, translate, format_value)


def log_detail(line: str) -> str:
    return log_line_details(line)


def started_by_text(value: str | None) -> str:
    """Who started a run: "aplicativo — ana", "agendamento", "linha de comando — ana", ..."""
    return _render_started_by(value, translate)


def tooltip_with_detail(stored: str | None) -> str:
    """The sentence and, below it, the technical detail: for a detail pane's tooltip."""
    text, extra = message_text(stored), message_detail(stored)
    if not extra:
        return text
    return text + "\n\n" + QCoreApplication.translate("Messages", "Technical details: %1").replace("%1", extra)
