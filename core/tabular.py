"""Reading the tables a back office exports (CSV text or an Excel workbook) into header + rows of text,
and the cell parsers every import shares (pt-BR and ISO dates, Brazilian and English money).

Pure: bytes in, text cells out; what a column means and how a row is validated is each import's
business (core.contracts_import, core.payments_import, core.due_dates_import).

CSV, explicitly:
- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), otherwise
  cp1252 / Latin-1. One encoding for the whole file: a file whose lines mix UTF-8 and Latin-1
  (rows pasted from two exports) is refused, naming the first line that does not decode.
- Separator: comma, semicolon or tab, chosen from the header line (an Excel `sep=;` first line
  is honoured): the one that makes the most recognised column names, then the most columns.
- Line numbers are physical lines of the file, the header being line 1 (a quoted value spanning
  lines counts all of them).
Excel (.xlsx, read with openpyxl in read-only mode): the sheet whose header row holds the most
recognised column names; cells become text as a user sees them (a date as aaaa-mm-dd, a whole
number without `.0`); line numbers are the sheet's row numbers. The old binary .xls is refused.
A header may sit below a title line or two (`header_scan`): the first row, among the first
`header_scan` non-blank ones, with the most recognised names is the header.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.messages import CodedError, Msg, msg, render

DELIMITERS = (";", ",", "\t")
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_BR_DATE = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d+){_TIME}")
_ISO_DATE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


class TableError(CodedError):
    """The file cannot be read as a table at all; a message code (core.messages) with its values."""


class CellError(CodedError):
    """A value that does not parse; a message code (core.messages) with its values."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: `line` as the user sees it in an editor, `column` as in the header;
    `message` in English (the command line's), `problem` the same as a message code to render in
    the interface language."""

    line: int
    column: str | None
    message: str
    problem: Msg | None = dataclasses.field(default=None, compare=False)

    @classmethod
    def of(cls, line: int, column: str | None, problem: Msg) -> RowError:
        return cls(line, column, render(problem), problem)

    @classmethod
    def from_error(cls, line: int, column: str | None, exc: CodedError) -> RowError:
        return cls(line, column, str(exc), exc.problem)

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column '{self.column}'" if self.column is not None else "")
        return f"{where}: {self.message}"


def failure(problem: CodedError | Msg) -> dict[str, Any]:
    """The fields of an importer's result for a file that cannot be read: `file_error` (English)
    and `file_problem` (the message to render in the interface language)."""
    m = problem.problem if isinstance(problem, CodedError) else problem
    return {"file_error": render(m), "file_problem": m}


Rows = Iterator[tuple[int, list[str]]]


@dataclass
class Table:
    """A header and the rows below it, read lazily. Iterating `rows` raises TableError when the
    CSV turns out malformed further down (an unterminated quote)."""

    header_line: int
    header: list[str]
    rows: Rows
    excel: bool = False


def canon(name: str) -> str:
    """Header name (or a code such as a status) -> lookup key: no accents, lower case, words joined
    by underscores (`Nº da Fatura` -> `no_da_fatura`, `NÃO PAGO` -> `nao_pago`)."""
    plain = unicodedata.normalize("NFKD", name.replace("º", "o").replace("ª", "a"))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def read_file_bytes(path: str | Path, what: str = "CSV file") -> bytes:
    """The file's bytes; TableError naming the problem when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise TableError("import.no_such_file") from None
    except IsADirectoryError:
        raise TableError("import.folder" if what == "CSV file" else "import.folder_table") from None
    except OSError as exc:
        raise TableError("import.cannot_read", reason=str(exc.strerror or exc)) from None


def read_table(data: bytes, known: Callable[[str], bool], *, excel: bool = False, header_scan: int = 1) -> Table:
    """The header and rows of a CSV file (or, with `excel`, of an .xlsx workbook too).
    `known(canon_name)` tells a recognised column name. TableError if it is not a table."""
    if not data.strip():
        raise TableError("import.empty_file")
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        if not excel:
            raise TableError("import.xlsx_as_csv")
        if data.startswith(_OLE_MAGIC):
            raise TableError("import.xls")
        return _excel_table(data, known, header_scan)
    text = decode(data)
    rows = _guarded(_csv_rows(text, known, header_scan))
    line, header = _find_header(rows, known, header_scan)
    return Table(line, header, rows)


def decode(data: bytes) -> str:
    """The text of a CSV file in any of the accepted encodings (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: Sequence[str] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp1252")
    if encodings[0] != "utf-16":
        _refuse_mixed_encodings(data)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise TableError("import.binary")
        return text
    raise TableError("import.undecodable")


def _refuse_mixed_encodings(data: bytes) -> None:
    """A file with UTF-8 lines (non-ASCII ones, or a UTF-8 BOM) and lines that are not UTF-8
    mixes encodings: decoding it as a whole with either one garbles some names."""
    utf8_text = data.startswith(b"\xef\xbb\xbf")
    first_bad: int | None = None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
        else:
            utf8_text = True
        if utf8_text and first_bad is not None:
            raise TableError("import.mixed_encodings", line=first_bad)


def _csv_rows(text: str, known: Callable[[str], bool], scan: int) -> Rows:
    """(first physical line, cells) for every row, blank ones included; csv.Error propagates."""
    first = text[:64].split("\n", 1)[0].strip()  # only a `sep=X` line matters here
    skip = 0
    if first.lower().startswith("sep=") and len(first) == 5:  # Excel's separator hint line
        delimiter, skip = first[4], 1
    else:
        lines = (ln.rstrip("\n") for ln in io.StringIO(text, newline=None) if ln.strip())
        delimiter = _sniff([line for _, line in zip(range(scan), lines, strict=False)], known)
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    end = 0
    for row in reader:
        start, end = end + 1, reader.line_num
        if skip:
            skip -= 1
            continue
        yield start, row


def _guarded(rows: Rows) -> Rows:
    """`rows` with csv.Error turned into a TableError naming the last good line."""
    line = 0
    try:
        for line, row in rows:
            yield line, row
    except csv.Error as exc:
        if line:
            raise TableError("import.bad_csv_after", line=line, reason=str(exc)) from None
        raise TableError("import.bad_csv", reason=str(exc)) from None


def _sniff(header_lines: Sequence[str], known: Callable[[str], bool]) -> str:
    """The separator that makes the most recognised column names in one of the lines that may be
    the header (then the most columns)."""
    def score(delimiter: str) -> tuple[int, int]:
        best = (0, 0)
        for text in header_lines:
            cells = next(csv.reader([text], delimiter=delimiter), [])
            best = max(best, (sum(known(canon(c)) for c in cells), len(cells)))
        return best

    best = max(DELIMITERS, key=score)
    if score(best)[1] < 2:
        raise TableError("import.no_separator")
    return best


def _find_header(rows: Rows, known: Callable[[str], bool], scan: int) -> tuple[int, list[str]]:
    """The header: the first of the first `scan` non-blank rows holding two recognised column
    names or more (title lines above it are skipped), else the first non-blank row, for the
    caller to report what it lacks. The rows below the header are left to read."""
    first: tuple[int, list[str]] | None = None
    seen = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip().lstrip("\ufeff").strip() for cell in row]
        first = first or (line, cells)
        if sum(known(canon(c)) for c in cells) >= 2:
            return line, cells
        seen += 1
        if seen >= scan:
            break
    if first is None:
        raise TableError("import.empty_file")
    return first


def map_columns(header: Sequence[str], field_of: Mapping[str, str], required: Iterable[str],
                hints: Mapping[str, str]) -> dict[str, int] | Msg:
    """field -> column index, or the file error to report (a field named twice, a required one
    missing: `hints[field]` says how to name it)."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = field_of.get(canon(name))
        if field is None:
            continue
        if field in columns:
            meaning = hints.get(field) or field.replace("_", " ")
            return msg("import.same_meaning", first=header[columns[field]], second=name, meaning=meaning)
        columns[field] = index
    missing = [f for f in required if f not in columns]
    if missing:
        wanted = "; ".join(hints[f] for f in missing)
        found = ", ".join(f"'{h}'" for h in header if h) or "none"
        return msg("import.missing_columns", wanted=wanted, found=found)
    return columns


def bidi_error(raw: str) -> Msg | None:
    """The message for a value holding an invisible bidirectional control character, else None."""
    bidi = BIDI.search(raw)
    if bidi is None:
        return None
    return msg("import.bidi", char=f"U+{ord(bidi.group()):04X}", position=bidi.start() + 1)


def extra_cells_error(row: Sequence[str], header: Sequence[str]) -> Msg | None:
    extra = [cell for cell in row[len(header):] if cell.strip()]
    if not extra:
        return None
    return msg("import.extra_cells", values=len(header) + len(extra), columns=len(header))


# --- Excel -----------------------------------------------------------------------------------------


def _excel_table(data: bytes, known: Callable[[str], bool], scan: int) -> Table:
    import openpyxl  # only when a workbook is read: importing it costs ~0.2 s

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError("import.bad_xlsx", reason=type(exc).__name__) from None
    best: Table | None = None
    best_score = -1
    for sheet in book.worksheets:
        rows = _sheet_rows(sheet)
        try:
            line, header = _find_header(rows, known, scan)
        except TableError:
            continue  # an empty sheet or one without a header: look at the next one
        score = sum(known(canon(name)) for name in header)
        if score > best_score:
            best, best_score = Table(line, header, rows, excel=True), score
    if best is None:
        raise TableError("import.no_sheet")
    return best


def _sheet_rows(sheet: Any) -> Rows:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [cell_text(value) for value in values]


def cell_text(value: object) -> str:
    """An Excel cell's value as the text a user sees (dates ISO, whole numbers without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# --- cell parsers ----------------------------------------------------------------------------------


def parse_date(raw: str) -> date:
    """dd/mm/aaaa (or with - or .) or aaaa-mm-dd, optionally followed by a time; CellError if not."""
    text = raw.strip()
    iso = _ISO_DATE.fullmatch(text)
    br = None if iso else _BR_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif br:
        day, month = int(br.group(1)), int(br.group(2))
        if len(br.group(3)) != 4:
            raise CellError("import.no_year", value=text)
        year = int(br.group(3))
    else:
        raise CellError("import.not_a_date", value=text)
    if not 1 <= month <= 12:
        raise CellError("import.no_month", value=text, month=month)
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1] if year >= 1 else 31
        raise CellError("import.month_days", value=text, month=month, year=year, days=last) from None


def parse_money(raw: str) -> Decimal:
    """`1.234,56`, `1234,56`, `1234.56`, `1,234.56`, `R$ 99,90`, `-5` -> Decimal; CellError if not."""
    shown = raw.strip()
    text = re.sub(r"\s+", "", shown)
    negative = text.startswith("-")
    text = re.sub(r"(?i)^r\$", "", text.removeprefix("-"))
    if text.startswith("-") and not negative:
        negative, text = True, text[1:]
    if not re.fullmatch(r"\d|\d[\d.,]*\d", text):
        raise CellError("import.not_an_amount", value=shown)
    decimal_sep: str | None = None
    group_sep: str | None = None
    if "." in text and "," in text:  # the last one is the decimal separator
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
    elif "." in text or "," in text:
        sep = "." if "." in text else ","
        if text.count(sep) > 1:
            group_sep = sep
        elif len(text) - text.rfind(sep) - 1 == 3:
            raise CellError("import.ambiguous_amount", value=shown)
        else:
            decimal_sep = sep
    whole, _, cents = text.rpartition(decimal_sep) if decimal_sep else (text, "", "")
    if group_sep:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group_sep)}\d{{3}})*", whole):
            raise CellError("import.thousands", value=shown)
        whole = whole.replace(group_sep, "")
    if not whole.isdigit() or not (cents == "" or cents.isdigit()):
        raise CellError("import.not_an_amount", value=shown)
    if len(cents) > 2:
        raise CellError("import.decimals", value=shown)
    value = Decimal(f"{whole}.{cents or '0'}")
    return -value if negative else value


def contract_number(raw: str, max_length: int = 64) -> str:
    """A contract number as the contract import stores it: NFKC-normalised (`ＡＢＣ-1` is `ABC-1`),
    inner whitespace collapsed; an Excel number cell `7000001` stays `7000001`."""
    value = " ".join(unicodedata.normalize("NFKC", raw).split())
    if len(value) > max_length:
        raise CellError("import.too_long", max=max_length)
    return value


# --- rows of typed values ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One row whose every cell parsed: field -> value (empty optional cells are absent)."""

    line: int
    values: dict[str, object]
    header: dict[str, str]  # field -> its column's name, for the errors a later check finds


def parse_rows(table: Table, columns: Mapping[str, int], parsers: Mapping[str, Callable[[str], object]],
               required: Iterable[str]) -> tuple[list[ParsedRow], list[RowError], int]:
    """Every non-blank row below the header through `parsers` (a CellError is that cell's row
    error; a required field may not be empty): (good rows, errors, non-blank rows read).
    TableError propagates (a CSV malformed further down)."""
    needed = frozenset(required)
    names = {field: table.header[index] for field, index in columns.items()}
    good: list[ParsedRow] = []
    errors: list[RowError] = []
    count = 0
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines and rows of empty cells (Excel's ";;;;")
        count += 1
        extra = extra_cells_error(row, table.header)
        if extra:
            errors.append(RowError.of(line, None, extra))
            continue
        values: dict[str, object] = {}
        row_errors: list[RowError] = []
        for field, index in columns.items():
            raw = row[index].strip() if index < len(row) else ""
            bidi = bidi_error(raw)
            try:
                if bidi:
                    raise CellError(bidi)
                if not raw:
                    if field in needed:
                        raise CellError("import.missing")
                    continue
                values[field] = parsers[field](raw)
            except CellError as exc:
                row_errors.append(RowError.from_error(line, names[field], exc))
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append(ParsedRow(line, values, names))
    return good, errors, count
