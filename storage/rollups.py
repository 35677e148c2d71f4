"""Definitions shared by the rollup tables, their triggers, their rebuild and their readers.

The dashboard reads small summary tables instead of scanning `invoice` and `fetch_attempt`
(storage/rollups_write.py writes them, storage/analytics reads them). This module holds what
both sides must agree on, each with a Python twin the tests compare:

- the latency histogram: fixed log-spaced buckets of lookup seconds, four per doubling from
  1 ms to 131 s, plus an underflow and an overflow bucket. Percentiles read from it are
  approximations (`percentile_from_histogram`): the estimate lies in the bucket holding the
  true order statistic, so it is within a factor BUCKET_RATIO (about 19 %) of it, and within
  BUCKET_RATIO**2 of the interpolated percentile when that straddles two buckets;
- the error-message key: a message stored as a code (core.messages) groups by its code; an
  older English text has its digits collapsed to '#', so "timeout after 30.0s" and
  "timeout after 5.25s" group together (`error_key` == the SQL `error_key_sql`);
- which outcomes are "problems" and how an hour bucket is named (UTC 'YYYY-MM-DD HH').
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from datetime import UTC, datetime

from core.domain import PROBLEM_OUTCOMES

# --- latency histogram ---------------------------------------------------------------

BUCKET_BASE = 0.001  # seconds: the lower edge of bucket 1
BUCKETS_PER_DOUBLING = 4
BUCKET_RATIO = 2 ** (1 / BUCKETS_PER_DOUBLING)
_DOUBLINGS = 17  # 1 ms * 2**17 = 131 s
# EDGES[k] is the lower edge of bucket k+1; bucket 0 is [0, EDGES[0]); the last is [EDGES[-1], inf).
EDGES: tuple[float, ...] = tuple(
    BUCKET_BASE * 2 ** (k / BUCKETS_PER_DOUBLING) for k in range(_DOUBLINGS * BUCKETS_PER_DOUBLING + 1)
)
BUCKET_COUNT = len(EDGES) + 1

# The slowest-lookups rollup keeps this many attempts per UTC hour; it bounds `limit`.
SLOW_KEEP_PER_HOUR = 25
# Invoice attempt counts are kept exactly up to this cap (the histogram shows 0..3 and 4+).
ATTEMPTS_CAP = 10


def bucket_of(seconds: float) -> int:
    """The histogram bucket of a lookup time (the SQL twin is `bucket_sql`)."""
    return bisect.bisect_right(EDGES, seconds)


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """[low, high) of a bucket; the overflow bucket's high is infinity."""
    low = 0.0 if bucket == 0 else EDGES[bucket - 1]
    high = EDGES[bucket] if bucket < len(EDGES) else math.inf
    return low, high


def bucket_sql(expr: str, lo: int = 0, hi: int = len(EDGES)) -> str:
    """A nested CASE giving bisect_right(EDGES, expr): a binary search, ~7 comparisons."""
    if lo >= hi:
        return str(lo)
    mid = (lo + hi) // 2
    low, high = bucket_sql(expr, lo, mid), bucket_sql(expr, mid + 1, hi)
    return f"(CASE WHEN {expr} < {EDGES[mid]!r} THEN {low} ELSE {high} END)"


def percentile_from_histogram(
    counts: Sequence[int], q: float, low: float | None = None, high: float | None = None
) -> float | None:
    """Approximate q-th percentile (0..100) from bucket counts; None if empty.

    Uses the rank of core.stats.percentile ((n-1)*q/100, lower order statistic), places it
    inside its bucket by geometric interpolation, and clamps to the known [low, high] range.
    """
    total = sum(counts)
    if total <= 0:
        return None
    rank = math.floor((total - 1) * q / 100)
    cumulative = 0
    for bucket, n in enumerate(counts):
        if n <= 0:
            continue
        if cumulative + n > rank:
            b_low, b_high = bucket_bounds(bucket)
            frac = (rank - cumulative + 0.5) / n
            if bucket == 0:
                value = b_high * frac
            elif math.isinf(b_high):
                value = b_low if high is None else max(b_low, high)
            else:
                value = b_low * (b_high / b_low) ** frac
            if low is not None:
                value = max(value, low)
            if high is not None:
                value = min(value, high)
            return value
        cumulative += n
    return high


# --- error keys ----------------------------------------------------------------------

# Digits become '#', runs of '#' collapse (six halvings: runs up to 64), then decimal and
# thousands separators between numbers fold in: "1.234,56" -> "#".
_KEY_STEPS: tuple[tuple[str, str], ...] = (
    *((str(d), "#") for d in range(10)),
    *(("##", "#"),) * 6,
    ("#.#", "#"), ("#.#", "#"), ("#,#", "#"), ("#,#", "#"),
    ("#:#", "#"), ("#:#", "#"), ("#-#", "#"), ("#-#", "#"), ("#/#", "#"), ("#/#", "#"),
)
ERROR_KEY_MAX = 200


_CODED = '{"c":"'  # how a stored message code (core.messages) begins


def error_key(message: str | None) -> str:
    """The grouping key of an error message (the SQL twin is `error_key_sql`): a message stored as
    a code groups by its code (its parameters, such as the exception text, differ row by row; the
    outcome and HTTP status are grouped on their own); an older English text by its words with the
    digits collapsed."""
    text = message or ""
    if text.startswith(_CODED):
        end = text.find('"', len(_CODED))
        return text[len(_CODED):end if end >= 0 else None][:ERROR_KEY_MAX]
    for old, new in _KEY_STEPS:
        text = text.replace(old, new)
    return text[:ERROR_KEY_MAX]


def error_key_sql(expr: str, postgres: bool = False) -> str:
    """SQL for `error_key`. The replace() chain is cut into nested scalar subqueries of a
    few steps each: one 30-deep expression overflows SQLite's parser stack."""
    start = len(_CODED) + 1
    rest = f"substr({expr}, {start})"
    find = f"strpos({rest}, '\"')" if postgres else f"instr({rest}, '\"')"
    coded = f"substr({rest}, 1, {find} - 1)"
    return (f"(CASE WHEN substr({expr}, 1, {len(_CODED)}) = '{_CODED}' AND {find} > 0 "
            f"THEN substr({coded}, 1, {ERROR_KEY_MAX}) ELSE {_words_key_sql(expr)} END)")


def _words_key_sql(expr: str) -> str:
    sql = f"coalesce({expr}, '')"
    chunk = 8
    for start in range(0, len(_KEY_STEPS), chunk):
        inner = sql
        step = "t"
        for old, new in _KEY_STEPS[start:start + chunk]:
            step = f"replace({step}, '{old}', '{new}')"
        sql = f"(SELECT {step} FROM (SELECT {inner} AS t) AS k{start})"
    return f"substr({sql}, 1, {ERROR_KEY_MAX})"


# --- outcomes and hours --------------------------------------------------------------

PROBLEM_OUTCOMES_SQL = "(" + ", ".join(f"'{o.value}'" for o in PROBLEM_OUTCOMES) + ")"


def hour_key(moment: datetime) -> str:
    """The UTC hour bucket of an aware time: 'YYYY-MM-DD HH' (a prefix of the stored text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H")


def hour_start(key: str) -> datetime:
    return datetime.strptime(key, "%Y-%m-%d %H").replace(tzinfo=UTC)


def db_text(moment: datetime) -> str:
    """An aware time as the stored naive-UTC text, for comparisons in raw SQL."""
    # str() of a naive datetime is what sqlite3/peewee store: no fraction when it is zero.
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def parse_db_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


__all__ = [
    "ATTEMPTS_CAP",
    "BUCKET_COUNT",
    "BUCKET_RATIO",
    "EDGES",
    "PROBLEM_OUTCOMES",
    "PROBLEM_OUTCOMES_SQL",
    "SLOW_KEEP_PER_HOUR",
    "bucket_bounds",
    "bucket_of",
    "bucket_sql",
    "db_text",
    "error_key",
    "error_key_sql",
    "hour_key",
    "hour_start",
    "parse_db_time",
    "percentile_from_histogram",
]
