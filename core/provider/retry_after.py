"""Parse an HTTP `Retry-After` header: delta-seconds or an HTTP date (IMF-fixdate, RFC 850, asctime).

The result is seconds to wait, clamped to [0, MAX_RETRY_AFTER]; None when absent or unreadable,
so a garbage header never turns into a huge or negative wait.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER = 300.0
_NUMBER = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,6})?")  # ASCII only: float() also reads other digits


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds the server asked us to wait, or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):  # RFC: whole seconds; "1.5" and "-5" are tolerated, then clamped
        return _clamp(float(text))
    return _from_http_date(text, now)


def _from_http_date(text: str, now: datetime | None) -> float | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # asctime and "-0000" dates carry no zone: HTTP dates are always GMT
        when = when.replace(tzinfo=UTC)
    reference = now if now is not None else datetime.now(UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    return _clamp((when - reference).total_seconds())


def _clamp(seconds: float) -> float:
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
