"""Retry-After: delta-seconds or an HTTP date, clamped to [0, 300], None when absent or garbage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.provider.retry_after import MAX_RETRY_AFTER, parse_retry_after

NOW = datetime(1994, 11, 6, 8, 49, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("0", 0.0), ("7", 7.0), (" 120 ", 120.0), ("300", 300.0), ("301", 300.0), ("86400", 300.0),
     ("1.5", 1.5), ("-5", 0.0)],
)
def test_delta_seconds(header: str, seconds: float) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    "header",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # RFC 850
        "Sun Nov  6 08:49:37 1994",  # asctime
    ],
)
def test_http_date_forms(header: str) -> None:
    assert parse_retry_after(header, now=NOW) == pytest.approx(37.0)


def test_http_date_in_the_past_is_zero_and_far_future_is_clamped() -> None:
    assert parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now=NOW) == 0.0
    assert parse_retry_after("Mon, 07 Nov 1994 08:49:00 GMT", now=NOW) == MAX_RETRY_AFTER


def test_http_date_against_the_real_clock() -> None:
    header = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    value = parse_retry_after(header)
    assert value is not None and 50 <= value <= 60


@pytest.mark.parametrize("header", [None, "", "   ", "soon", "nan", "inf", "12abc", "Sun, 99 Foo 1994",
                                    "١٢"])  # Arabic-Indic digits are not delta-seconds
def test_garbage_is_none(header: str | None) -> None:
    assert parse_retry_after(header, now=NOW) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_any_delta_is_clamped(seconds: int) -> None:
    assert parse_retry_after(str(seconds), now=NOW) == min(float(seconds), MAX_RETRY_AFTER)


@given(st.text(max_size=40))
def test_never_raises_and_stays_in_range(header: str) -> None:
    value = parse_retry_after(header, now=NOW)
    assert value is None or 0.0 <= value <= MAX_RETRY_AFTER
