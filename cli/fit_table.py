"""Rich tables that fit a width without cutting a value.

Every column folds (a cell wraps onto more lines, nothing is ellipsized). When even the narrowest
layout is wider than the console, where each column is as wide as its longest word, the least
important columns are left out, one at a time, until it fits; the caller names them in a note.
A word longer than WORD_CAP characters (a long token in a message) counts as WORD_CAP for that
decision and folds character by character instead: one such word does not push out its column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

Justify = Literal["left", "right"]
WORD_CAP = 24


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    justify: Justify = "left"
    rank: int = 0  # 0 is never left out; higher numbers are left out first


@dataclass(frozen=True, slots=True)
class Fitted:
    table: Table
    dropped: tuple[str, ...]  # headers of the columns left out, most important first


def build(title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], keep: Sequence[int],
          widths: Sequence[int | None] | None = None) -> Table:
    table = Table(title=title)
    for n, i in enumerate(keep):
        col = columns[i]
        table.add_column(col.header, justify=col.justify, overflow="fold", width=widths[n] if widths else None)
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    return table


def column_range(console: Console, columns: Sequence[Column], rows: Sequence[Sequence[str]], i: int
                 ) -> tuple[int, int]:
    """Column i's narrowest width without folding a word (a word over WORD_CAP counted as WORD_CAP)
    and its natural width (its longest cell on one line)."""
    unbounded = console.options.update_width(10_000)  # Measurement.get clamps to the options' width
    measured = Measurement.get(console, unbounded, build("", columns, rows, [i]))
    edges = 4  # "│ " and " │" around a lone column
    natural = measured.maximum - edges
    return min(measured.minimum - edges, WORD_CAP, natural), natural


def fit_table(console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Fitted:
    """The table with as many columns as fit console.width, least important left out first.

    Rich shares out a too-narrow width by itself and may then fold short words, so when the
    natural widths do not fit, each kept column gets its width here: its narrowest, then the
    room left handed out one character at a time to the columns that would use it.
    """
    ranges = [column_range(console, columns, rows, i) for i in range(len(columns))]
    keep = list(range(len(columns)))
    droppable = sorted((i for i, c in enumerate(columns) if c.rank > 0), key=lambda i: (-columns[i].rank, -i))

    def overhead() -> int:
        return 3 * len(keep) + 1  # borders and one space of padding each side

    while droppable and sum(ranges[i][0] for i in keep) + overhead() > console.width:
        keep.remove(droppable.pop(0))
    dropped = tuple(columns[i].header for i in sorted(set(range(len(columns))) - set(keep),
                                                      key=lambda i: columns[i].rank))
    if sum(ranges[i][1] for i in keep) + overhead() <= console.width:
        return Fitted(build(title, columns, rows, keep), dropped)
    widths = [ranges[i][0] for i in keep]
    room = console.width - overhead() - sum(widths)
    while room > 0:
        hungry = [n for n, i in enumerate(keep) if widths[n] < ranges[i][1]]
        if not hungry:
            break
        for n in hungry[:room]:
            widths[n] += 1
        room -= min(room, len(hungry))
    return Fitted(build(title, columns, rows, keep, [max(1, w) for w in widths]), dropped)
