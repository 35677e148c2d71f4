"""Parameter checking and the time window shared by every analytics query.

Every public query validates its parameters here and raises `AnalyticsParamError` (a
ValueError) naming the parameter and the bad value — never a crash deep in SQL.

The window of N days is N whole *local* calendar days in the user's zone ending today:
[local midnight of (today - N + 1), now]. Rollups are kept per UTC hour, so the window's
start is taken to the UTC hour that contains local midnight; for whole-hour zones (all of
Brazil, Europe, the Americas) that is exact. In half-hour zones (India, +05:30; Newfoundland,
-03:30) a day's edge is off by up to 45 minutes: the hour that straddles local midnight is
counted in the day in which it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Generic, TypeVar

from core.domain import FetchOrigin, FetchStatus, Outcome, RunStatus
from core.schedule import local_zone
from storage.rollups import hour_key

MIN_DAYS, MAX_DAYS = 1, 3650
MAX_PAGE_SIZE = 500
_COHORT_RE = re.compile(r"^(\d{4})-(\d{2})$")

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class AnalyticsParamError(ValueError):
    """A query parameter is out of range or malformed; `param` and `value` say which."""

    def __init__(self, param: str, value: object, problem: str) -> None:
        super().__init__(f"{param}: {value!r} {problem}")
        self.param = param
        self.value = value
        self.problem = problem


class NotFoundError(AnalyticsParamError):
    """The run or invoice asked for does not exist."""


def check_int(param: str, value: object, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnalyticsParamError(param, value, "is not a whole number")
    if value < lo or (hi is not None and value > hi):
        bounds = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise AnalyticsParamError(param, value, f"must be {bounds}")
    return value


def check_days(days: object, param: str = "days") -> int:
    return check_int(param, days, MIN_DAYS, MAX_DAYS)


def check_page(page: object) -> int:
    return check_int("page", page, 1)


def check_page_size(page_size: object) -> int:
    return check_int("page_size", page_size, 1, MAX_PAGE_SIZE)


def check_cohort(cohort: object, param: str = "cohort") -> str:
    match = _COHORT_RE.match(cohort) if isinstance(cohort, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise AnalyticsParamError(param, cohort, "is not a cohort YYYY-MM")
    return str(cohort)


def check_optional_cohort(cohort: object, param: str = "cohort") -> str | None:
    return None if cohort is None else check_cohort(cohort, param)


def check_enum(param: str, value: object, enum_type: type[E]) -> E:
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        try:
            return enum_type(value.strip().upper())
        except ValueError:
            pass
    allowed = ", ".join(m.value for m in enum_type)
    raise AnalyticsParamError(param, value, f"is not one of {allowed}")


def check_optional_enum(param: str, value: object, enum_type: type[E]) -> E | None:
    return None if value is None else check_enum(param, value, enum_type)


def check_origin(value: object) -> FetchOrigin | None:
    return check_optional_enum("origin", value, FetchOrigin)


def check_status(value: object) -> FetchStatus | None:
    return check_optional_enum("status", value, FetchStatus)


def check_run_status(value: object) -> RunStatus | None:
    return check_optional_enum("status", value, RunStatus)


def check_outcome(value: object) -> Outcome | None:
    return check_optional_enum("outcome", value, Outcome)


def check_now(now: object) -> datetime:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise AnalyticsParamError("now", now, "must be an aware datetime")
    return now.astimezone(UTC)


def check_tz(tz: object) -> tzinfo:
    if not isinstance(tz, tzinfo):
        raise AnalyticsParamError("tz", tz, "is not a tzinfo (use zoneinfo.ZoneInfo or local_zone())")
    return tz


@dataclass(frozen=True, slots=True)
class Window:
    """N local calendar days ending today in `tz`; start/end are aware UTC."""

    days: int
    first_day: date
    last_day: date
    start: datetime  # local midnight of first_day, floored to its UTC hour
    end: datetime  # now
    tz: tzinfo

    @property
    def start_hour(self) -> str:
        return hour_key(self.start)

    @property
    def end_hour(self) -> str:
        return hour_key(self.end)

    def day_list(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()


def make_window(now: object, tz: object, days: object) -> Window:
    n = check_days(days)
    utc_now = check_now(now)
    zone = check_tz(tz)
    last_day = utc_now.astimezone(zone).date()
    first_day = last_day - timedelta(days=n - 1)
    midnight = datetime.combine(first_day, time(0), zone).astimezone(UTC)
    start = midnight.replace(minute=0, second=0, microsecond=0)
    return Window(days=n, first_day=first_day, last_day=last_day, start=start, end=utc_now, tz=zone)


@dataclass(frozen=True, slots=True)
class PageOf(Generic[T]):
    """One page of a longer list: `items` of page `page` (1-based) out of `total` rows."""

    items: tuple[T, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def share(part: int, whole: int) -> float | None:
    """part / whole, None when whole is 0 (a rate of nothing is unknown, not zero)."""
    return part / whole if whole else None


__all__ = [
    "AnalyticsParamError",
    "MAX_DAYS",
    "MAX_PAGE_SIZE",
    "MIN_DAYS",
    "NotFoundError",
    "PageOf",
    "Window",
    "check_cohort",
    "check_days",
    "check_enum",
    "check_int",
    "check_now",
    "check_optional_cohort",
    "check_origin",
    "check_outcome",
    "check_page",
    "check_page_size",
    "check_run_status",
    "check_status",
    "check_tz",
    "local_zone",
    "make_window",
    "share",
]
