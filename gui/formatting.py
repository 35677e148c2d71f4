"""How values read on screen: dates dd/mm/aaaa, money R$ 1.234,56, times in the local zone.

Everything goes through one QLocale (the UI language's), so pt-BR shows "R$ 1.234,56" and
"28/11/2026" and English shows "R$1,234.56" and "11/28/2026". Money is always in reais.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

_locale = QLocale()


def set_locale(locale: QLocale) -> None:
    global _locale
    _locale = locale
    QLocale.setDefault(locale)


def locale() -> QLocale:
    return _locale


def money(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return _locale.toCurrencyString(float(value), "R$")


def number(value: int | float | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    if decimals == 0:
        return _locale.toString(int(value))
    return _locale.toString(float(value), "f", decimals)


def percent(value: float | None, decimals: int = 1) -> str:
    """`value` as a share 0..1."""
    if value is None:
        return "—"
    return f"{_locale.toString(value * 100, 'f', decimals)}%"


def seconds(value: float | None, decimals: int = 3) -> str:
    if value is None:
        return "—"
    return f"{_locale.toString(value, 'f', decimals)} s"


def duration(value: float | None) -> str:
    if value is None:
        return "—"
    value = max(0.0, value)
    if value < 60:
        return f"{value:.0f} s"
    minutes, secs = divmod(int(round(value)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def day(value: date | None) -> str:
    if value is None:
        return "—"
    return _locale.toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)


def when(value: datetime | None, *, with_seconds: bool = False) -> str:
    """An aware datetime shown in the local zone: 28/11/2026 14:05."""
    if value is None:
        return "—"
    local = value.astimezone()
    qdt = QDateTime(QDate(local.year, local.month, local.day),
                    QTime(local.hour, local.minute, local.second), QTimeZone.systemTimeZone())
    fmt = _locale.dateFormat(QLocale.FormatType.ShortFormat) + (" HH:mm:ss" if with_seconds else " HH:mm")
    return _locale.toString(qdt, fmt)


def short_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone().strftime("%H:%M:%S")
