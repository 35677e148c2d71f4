"""A list to export: typed columns, rows streamed in batches, and what the file says about itself
(title, filters, database, when, whether documents are masked).

Writers (reports.csv_out, reports.xlsx_out) turn the typed values into text or typed cells;
sources (reports.sources) fill these from the storage queries the screens use.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from reports import texts


class Kind(enum.Enum):
    TEXT = "text"
    CODE = "code"  # a bar code or PIX code: always text, never a number (1.2E+47)
    INT = "int"
    MONEY = "money"  # Decimal, R$
    DATE = "date"
    DATETIME = "datetime"  # aware; shown in the report's zone
    SECONDS = "seconds"  # float seconds, 3 decimals
    PERCENT = "percent"  # a share 0..1


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # pt-BR
    kind: Kind = Kind.TEXT
    width: int = 14  # characters, for spreadsheets


@dataclass(frozen=True, slots=True)
class ExportMeta:
    """What a file records about itself."""

    title: str
    database: str
    generated_at: datetime  # aware
    tz: tzinfo
    full_documents: bool = False
    filters: tuple[tuple[str, str], ...] = ()  # (pt-BR name, value)

    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, value) pairs in pt-BR, for a header block or a metadata sheet."""
        filters = "; ".join(f"{k}: {v}" for k, v in self.filters) or "nenhum"
        return (
            ("Relatório", self.title),
            ("Filtros", filters),
            ("Banco de dados", self.database),
            ("Gerado em", texts.moment(self.generated_at, self.tz)),
            ("Documentos", texts.documents_note(self.full_documents)),
        )


Row = Sequence[Any]


@dataclass(frozen=True, slots=True)
class ExportTable:
    """`batches` yields lists of rows (one value per column, typed as the column's kind); it is
    consumed once. `total` is the expected row count when known (for a progress bar)."""

    name: str  # short, for a sheet name and a file name: "faturas"
    columns: tuple[Column, ...]
    batches: Iterable[Sequence[Row]]
    meta: ExportMeta
    total: int | None = None
    notes: tuple[str, ...] = field(default=())

    def rows(self) -> Iterator[Row]:
        for batch in self.batches:
            yield from batch


class ExportCancelled(Exception):
    """The user cancelled the export; no file was left behind."""


# progress(rows written, total or None); may raise ExportCancelled to stop.
Progress = Callable[[int, int | None], None]


def no_progress(_done: int, _total: int | None) -> None:
    return None


__all__ = ["Column", "ExportCancelled", "ExportMeta", "ExportTable", "Kind", "Progress", "Row", "no_progress"]
