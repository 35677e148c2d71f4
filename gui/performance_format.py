"""Small value formats the Performance screen needs beyond gui.formatting.

Both follow the UI locale through gui.formatting: `day_month` is the locale's short date
without the year (28/11 in pt-BR, 11/28 in English), for chart ticks; `points` is a signed
difference of two shares in percentage points (+3,2 p.p.).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from gui import formatting as fmt

# The year field of a Qt date format and the separator that joins it to the rest.
_YEAR = re.compile(r"[^dMy]*y+[^dMy]*")


def day_month_format(locale: QLocale) -> str:
    """The locale's short date format without its year: 'dd/MM/yyyy' → 'dd/MM', 'M/d/yy' → 'M/d'."""
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    stripped = _YEAR.sub(lambda m: "" if m.start() == 0 or m.end() == len(pattern) else m.group(0)[-1:], pattern)
    stripped = stripped.strip(" ./-")
    return stripped if "d" in stripped and "M" in stripped else "dd/MM"


def day_month(value: date) -> str:
    """28/11 (pt-BR) or 11/28 (English): a day without its year, for a chart axis."""
    loc = fmt.locale()
    return loc.toString(QDate(value.year, value.month, value.day), day_month_format(loc))


def points(delta: float | None, decimals: int = 1) -> str:
    """A difference of two shares (0..1) in percentage points, signed: '+3.2 pp', '−0.5 pp'."""
    if delta is None:
        return "—"
    value = delta * 100
    if round(value, decimals) == 0:
        value = 0.0
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    number = fmt.number(abs(value), decimals)
    return QCoreApplication.translate("PerformanceTab", "%1 pp").replace("%1", f"{sign}{number}")


__all__ = ["day_month", "day_month_format", "points"]
