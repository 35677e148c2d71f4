"""Sorting a paged list in its query: a whitelist of sortable keys per list, each an SQL
expression, and a stable tie-breaker (the row id) so page 2 continues page 1's order.

A list's default order (`Sort()`, no key) is the one its index serves; any other key sorts
the filtered rows in SQLite (a temporary b-tree) before the LIMIT. The key is never pasted
into SQL: it selects one of the list's own expressions, anything else is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.analytics.params import AnalyticsParamError


@dataclass(frozen=True, slots=True)
class Sort:
    """A list's order: `key` one of the list's sortable keys (None: its default order)."""

    key: str | None = None
    descending: bool = False


DEFAULT = Sort()


def order_by(sort: Sort | None, columns: Mapping[str, str], default: str, tiebreak: str) -> str:
    """The ORDER BY text (without the keywords) for `sort` over `columns` {key: SQL expression};
    `tiebreak` is the unique column that makes the order total (e.g. "i.id")."""
    if sort is None or sort.key is None:
        return default
    if not isinstance(sort, Sort) or sort.key not in columns:
        raise AnalyticsParamError("sort", getattr(sort, "key", sort),
                                  "is not a sortable column (one of: " + ", ".join(sorted(columns)) + ")")
    direction = "DESC" if sort.descending else "ASC"
    # NULLs last either way: an empty value is not "smallest" to a reader.
    return f"{columns[sort.key]} IS NULL, {columns[sort.key]} {direction}, {tiebreak} {direction}"


__all__ = ["DEFAULT", "Sort", "order_by"]
