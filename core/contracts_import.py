"""Reading the contracts file a back office exports from Excel or a CRM (CSV or .xlsx), and
validating every row.

Pure: bytes in, a frozen ImportResult out; nothing is stored here (see storage.contracts).

Accepted input, explicitly:
- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), otherwise
  cp1252 / Latin-1. One encoding for the whole file: a file whose lines mix UTF-8 and Latin-1
  (rows pasted from two exports) is refused, naming the first line that does not decode,
  rather than imported with garbled names.
- Separator: comma, semicolon or tab, chosen from the header line (an Excel `sep=;` first line
  is honoured).
- Header names in Portuguese or English, any case, accents and surrounding spaces ignored
  (see COLUMN_ALIASES); unknown columns are ignored.
- Dates: dd/mm/aaaa (also with `-` or `.`), or ISO aaaa-mm-dd; a trailing time is ignored.
  Two-digit years (dd/mm/aa) are rejected as ambiguous.
- Money: `1.234,56`, `1234,56`, `1234.56`, `1,234.56`, `R$ 99,90`. A single separator followed
  by exactly three digits (`1.234`) is rejected as ambiguous.
- Contract numbers and documents are NFKC-normalised first, so full-width or compatibility
  forms (`ＡＢＣ-1`, `１２３`) are the same contract / document as their plain forms.
- Bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F) are refused in
  every field: invisible, they make a value display differently from what is stored.
- Documents with or without punctuation. Leading zeros that Excel drops from a number
  (a 10-digit CPF, a 13-digit CNPJ) are restored only when the check digits then agree.
- Status ATIVO / CANCELADO / DOWNGRADE or ACTIVE / CANCELLED / DOWNGRADE; empty means active.
- An Excel .xlsx workbook: its first sheet, read the same way (openpyxl, read-only mode); typed
  cells count as what they show (a date cell is dd/mm/aaaa). Old .xls workbooks are refused.
Line numbers are physical lines of the file (rows of the sheet), the header being line 1. Messages never echo a
full CPF/CNPJ.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import cast

from core.documents import DocumentError, mask_document, normalize_document, validate_document
from core.domain import ContractRecord, ContractStatus

NUMBER, DOCUMENT, NAME, INSTALL_DATE = "number", "document", "customer_name", "install_date"
STATUS, PLAN, PLAN_VALUE, SERVICE_ORDER = "status", "plan", "plan_value", "service_order"
REQUIRED_FIELDS = (NUMBER, DOCUMENT, NAME, INSTALL_DATE)

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    NUMBER: ("numero_contrato", "numero_do_contrato", "no_contrato", "n_contrato", "nr_contrato", "contrato",
             "contract", "contract_number", "contract_no", "contract_id"),
    DOCUMENT: ("cpf_cnpj", "cpf", "cnpj", "documento", "document", "customer_document"),
    NAME: ("cliente", "nome", "nome_cliente", "nome_do_cliente", "customer", "customer_name", "name"),
    INSTALL_DATE: ("data_instalacao", "data_de_instalacao", "dt_instalacao", "instalacao", "install_date",
                   "installation_date"),
    STATUS: ("status", "situacao", "status_contrato", "contract_status"),
    PLAN: ("plano", "plan", "plan_name"),
    PLAN_VALUE: ("valor_plano", "valor_do_plano", "valor", "plan_value", "value", "plan_price"),
    SERVICE_ORDER: ("ordem_servico", "ordem_de_servico", "os", "service_order"),
}
_Parser = Callable[[str, date], object]
_REQUIRED_HINT = {
    NUMBER: "contract number ('numero_contrato' or 'contract_number')",
    DOCUMENT: "document ('cpf_cnpj' or 'document')",
    NAME: "customer name ('cliente' or 'customer_name')",
    INSTALL_DATE: "install date ('data_instalacao' or 'install_date')",
}
_FIELD_OF = {alias: field for field, aliases in COLUMN_ALIASES.items() for alias in aliases}
_MAX_LENGTH = {NUMBER: 64, NAME: 200, PLAN: 120, SERVICE_ORDER: 64}
_STATUS_OF = {
    "ATIVO": ContractStatus.ACTIVE, "ATIVA": ContractStatus.ACTIVE, "ACTIVE": ContractStatus.ACTIVE,
    "CANCELADO": ContractStatus.CANCELLED, "CANCELADA": ContractStatus.CANCELLED,
    "CANCELLED": ContractStatus.CANCELLED, "CANCELED": ContractStatus.CANCELLED,
    "DOWNGRADE": ContractStatus.DOWNGRADE,
}
_DELIMITERS = (";", ",", "\t")
_MAX_VALUE = Decimal("9999999999.99")  # the column holds 12 digits, 2 of them decimals
_EARLIEST_INSTALL = date(2000, 1, 1)
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_BR_DATE = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d+){_TIME}")
_ISO_DATE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}")
_EXCEL_NUMBER = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: `line` as the user sees it in an editor, `column` as in the header."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column '{self.column}'" if self.column is not None else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The valid contracts and the row errors; `file_error` set means the file could not be read at all."""

    records: tuple[ContractRecord, ...] = ()
    errors: tuple[RowError, ...] = ()
    rows: int = 0  # non-empty data rows read
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors

    @property
    def invalid_rows(self) -> int:
        """How many rows have at least one error."""
        return len({error.line for error in self.errors})


class _FieldError(ValueError):
    """A value that does not parse; the message is shown to the user as is."""


def read_contracts_file(path: str | Path, today: date) -> ImportResult:
    """Read and validate a contracts file (CSV, or an Excel .xlsx workbook); I/O problems become
    a file error."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return ImportResult(file_error="no such file")
    except IsADirectoryError:
        return ImportResult(file_error="this is a folder, not a CSV or .xlsx file")
    except OSError as exc:
        return ImportResult(file_error=f"cannot read the file: {exc.strerror or exc}")
    if data.startswith(_ZIP_MAGIC):
        return parse_contracts_xlsx(data, today)
    return parse_contracts_csv(data, today)


def parse_contracts_csv(data: bytes, today: date) -> ImportResult:
    """Parse and validate every row of a contracts CSV (see the module docstring)."""
    try:
        text = _decode(data)
        rows = _rows(text)
        header_line, header = _header(rows)
    except _FieldError as exc:
        return ImportResult(file_error=str(exc))
    try:
        return _parse_rows(rows, header_line, header, today)
    except csv.Error as exc:
        return ImportResult(file_error=f"not a valid CSV file {exc}")


def parse_contracts_xlsx(data: bytes, today: date) -> ImportResult:
    """Parse and validate the first sheet of an Excel .xlsx workbook: the first non-empty row is
    the header, as in a CSV; line numbers are the sheet's row numbers. Typed cells are read as a
    user sees them: dates as dd/mm/aaaa, whole numbers without decimals (a CPF stored as a number
    loses its leading zeros, restored as for a CSV)."""
    try:
        rows = _xlsx_rows(data)
        header_line, header = _header(rows)
    except _FieldError as exc:
        return ImportResult(file_error=str(exc))
    try:
        return _parse_rows(rows, header_line, header, today)
    except _FieldError as exc:
        return ImportResult(file_error=str(exc))


def read_preview(path: str | Path, limit: int = 10) -> Preview:
    """The header and the first `limit` non-empty rows of a contracts file, as text, for a look
    before importing; the document column masked. `file_error` set when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Preview(file_error=f"cannot read the file: {exc.strerror or exc}")
    try:
        rows = _xlsx_rows(data) if data.startswith(_ZIP_MAGIC) else _rows(_decode(data))
        _, header = _header(rows)
        document = _map_columns(header)
        document_index = document.get(DOCUMENT) if isinstance(document, dict) else None
        shown: list[tuple[str, ...]] = []
        for line, row in rows:
            if len(shown) >= limit:
                break
            if not any(cell.strip() for cell in row):
                continue
            cells = [mask_document(c) if i == document_index and c.strip() else c for i, c in enumerate(row)]
            shown.append((str(line), *cells))
    except (_FieldError, csv.Error) as exc:
        return Preview(file_error=str(exc))
    return Preview(tuple(header), tuple(shown))


@dataclass(frozen=True, slots=True)
class Preview:
    """The header and first rows of a file (each row: its line number, then its cells)."""

    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    file_error: str | None = None


def _parse_rows(rows: Iterator[tuple[int, list[str]]], header_line: int, header: list[str],
                today: date) -> ImportResult:
    columns = _map_columns(header)
    if isinstance(columns, str):
        return ImportResult(file_error=columns)
    records: list[ContractRecord] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    count, line = 0, header_line
    try:
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of empty cells (Excel's ";;;;")
            count += 1
            record, row_errors = _parse_row(line, row, header, columns, today, first_line_of)
            errors.extend(row_errors)
            if record is not None:
                records.append(record)
    except csv.Error as exc:
        raise csv.Error(f"after line {line}: {exc}") from None
    if count == 0:
        return ImportResult(file_error="the file has a header but no contract rows")
    return ImportResult(tuple(records), tuple(errors), count)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the workbook's first sheet, read in read-only mode."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise _FieldError(f"not a readable Excel workbook (.xlsx): {type(exc).__name__}") from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        book.close()
        raise _FieldError("the workbook has no sheet")

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(v) for v in values]
        finally:
            book.close()

    return rows()


def _cell_text(value: object) -> str:
    """A typed cell as the text a user sees in it (dates dd/mm/aaaa, 1234 not 1234.0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise _FieldError("the file is empty")
    if data.startswith(_ZIP_MAGIC):
        raise _FieldError("this is an Excel workbook, not a CSV file: import it as .xlsx, or save it as CSV")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FieldError("this is an old Excel workbook (.xls): save it as .xlsx or as CSV (';' or ',' separated)")
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
            raise _FieldError("the file holds binary data, not text: it is not a CSV file")
        return text
    raise _FieldError("cannot decode the file: it is neither UTF-8 nor Latin-1 / cp1252 text")


def _refuse_mixed_encodings(data: bytes) -> None:
    """A file with UTF-8 lines (non-ASCII ones, or a UTF-8 BOM) and lines that are not UTF-8
    mixes encodings: decoding it as a whole with either one garbles some names."""
    has_bom = data.startswith(b"\xef\xbb\xbf")
    utf8_text = has_bom
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
            raise _FieldError(
                f"the file mixes encodings: some lines are UTF-8 but line {first_bad} is not (Latin-1 / "
                f"cp1252?); save the whole file again as UTF-8"
            )


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) for every row, blank ones included; csv.Error propagates."""
    first = text[:64].split("\n", 1)[0].strip()  # only a `sep=X` line matters here
    skip = 0
    if first.lower().startswith("sep=") and len(first) == 5:  # Excel's separator hint line
        delimiter, skip = first[4], 1
    else:
        header_text = next((ln for ln in io.StringIO(text, newline=None) if ln.strip()), "")
        delimiter = _sniff(header_text.rstrip("\n"))
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    end = 0
    for row in reader:
        start, end = end + 1, reader.line_num
        if skip:
            skip -= 1
            continue
        yield start, row


def _sniff(header_text: str) -> str:
    """The separator that makes the most recognised column names (then the most columns)."""
    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([header_text], delimiter=delimiter), [])
        return sum(_canon(c) in _FIELD_OF for c in cells), len(cells)

    best = max(_DELIMITERS, key=score)
    if score(best)[1] < 2:
        raise _FieldError(
            "the first line has no comma, semicolon or tab between column names: this is not a CSV file"
        )
    return best


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    try:
        for line, row in rows:
            if any(cell.strip() for cell in row):
                return line, [cell.strip().lstrip("\ufeff").strip() for cell in row]
    except csv.Error as exc:
        raise _FieldError(f"not a valid CSV file: {exc}") from exc
    raise _FieldError("the file is empty")


def _canon(name: str) -> str:
    """Header name -> lookup key: no accents, lower case, words joined by underscores."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def _map_columns(header: list[str]) -> dict[str, int] | str:
    """field -> column index, or the file error to report."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = _FIELD_OF.get(_canon(name))
        if field is None:
            continue
        if field in columns:
            meaning = field.replace("_", " ")
            return f"columns '{header[columns[field]]}' and '{name}' both mean {meaning}; keep one"
        columns[field] = index
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        wanted = "; ".join(_REQUIRED_HINT[f] for f in missing)
        found = ", ".join(f"'{h}'" for h in header if h) or "none"
        return f"missing required column(s): {wanted}. Columns found: {found}"
    return columns


def _parse_row(
    line: int, row: list[str], header: list[str], columns: dict[str, int], today: date,
    first_line_of: dict[str, int],
) -> tuple[ContractRecord | None, list[RowError]]:
    extra = [cell for cell in row[len(header):] if cell.strip()]
    if extra:
        message = f"the row has {len(header) + len(extra)} values but the header has {len(header)} columns"
        return None, [RowError(line, None, message)]
    errors: list[RowError] = []
    values: dict[str, object] = {}
    for field, index in columns.items():
        raw = row[index].strip() if index < len(row) else ""
        column = header[index]
        bidi = _BIDI.search(raw)
        if bidi:
            message = (f"holds an invisible bidirectional control character (U+{ord(bidi.group()):04X}) at "
                       f"position {bidi.start() + 1}: remove it")
            errors.append(RowError(line, column, message))
            continue
        try:
            if not raw:
                if field in REQUIRED_FIELDS:
                    raise _FieldError("missing value")
                continue
            values[field] = _PARSERS[field](raw, today)
        except _FieldError as exc:
            errors.append(RowError(line, column, str(exc)))
            continue
        if field == NUMBER:
            number = str(values[NUMBER])
            first = first_line_of.setdefault(number, line)
            if first != line:
                message = f"duplicate contract number '{number}' (first on line {first})"
                errors.append(RowError(line, column, message))
    if errors:
        return None, errors
    return _record(values), []


def _record(values: dict[str, object]) -> ContractRecord:
    plan, plan_value, order = values.get(PLAN), values.get(PLAN_VALUE), values.get(SERVICE_ORDER)
    return ContractRecord(
        number=cast(str, values[NUMBER]),
        document=cast(str, values[DOCUMENT]),
        customer_name=cast(str, values[NAME]),
        install_date=cast(date, values[INSTALL_DATE]),
        status=cast(ContractStatus, values.get(STATUS, ContractStatus.ACTIVE)),
        plan=cast("str | None", plan),
        plan_value=cast("Decimal | None", plan_value),
        service_order=cast("str | None", order),
    )


def _text(field: str, nfkc: bool = False) -> _Parser:
    def parse(raw: str, _today: date) -> str:
        value = " ".join((unicodedata.normalize("NFKC", raw) if nfkc else raw).split())
        if len(value) > _MAX_LENGTH[field]:
            raise _FieldError(f"longer than {_MAX_LENGTH[field]} characters")
        return value

    return parse


def _document(raw: str, _today: date) -> str:
    raw = unicodedata.normalize("NFKC", raw)
    if _EXCEL_NUMBER.fullmatch(raw.replace(" ", "")):
        raise _FieldError(
            f"'{raw[:4]}…' is a number Excel reformatted: format the column as text and export again"
        )
    try:
        return validate_document(raw)
    except DocumentError as exc:
        digits = normalize_document(raw)
        if digits.isascii() and digits.isdigit() and len(digits) in (9, 10, 12, 13):
            try:  # Excel drops leading zeros of a CPF/CNPJ stored as a number
                return validate_document(digits.zfill(11 if len(digits) < 11 else 14))
            except DocumentError:
                pass
        raise _FieldError(f"{exc} ({mask_document(raw)})") from None


def _install_date(raw: str, today: date) -> date:
    day = parse_date(raw)
    if day > today:
        raise _FieldError(f"install date {day:%d/%m/%Y} is in the future")
    if day < _EARLIEST_INSTALL:
        raise _FieldError(f"install date {day:%d/%m/%Y} is before {_EARLIEST_INSTALL.year}: check the year")
    return day


def parse_date(raw: str) -> date:
    """dd/mm/aaaa (or with - or .) or aaaa-mm-dd, optionally followed by a time; _FieldError if not."""
    text = raw.strip()
    iso = _ISO_DATE.fullmatch(text)
    br = None if iso else _BR_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif br:
        day, month = int(br.group(1)), int(br.group(2))
        if len(br.group(3)) != 4:
            raise _FieldError(f"'{text}' has no four-digit year: write dates as dd/mm/aaaa")
        year = int(br.group(3))
    else:
        raise _FieldError(f"'{text}' is not a date: write dd/mm/aaaa or aaaa-mm-dd")
    if not 1 <= month <= 12:
        raise _FieldError(f"'{text}' is not a valid date: there is no month {month} (dates are dd/mm/aaaa)")
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1] if year >= 1 else 31
        message = f"'{text}' is not a valid date: {_MONTHS[month - 1]} {year} has {last} days"
        raise _FieldError(message) from None


def parse_money(raw: str) -> Decimal:
    """`1.234,56`, `1234,56`, `1234.56`, `1,234.56`, `R$ 99,90`, `-5` -> Decimal; _FieldError if not."""
    shown = raw.strip()
    text = re.sub(r"\s+", "", shown)
    negative = text.startswith("-")
    text = re.sub(r"(?i)^r\$", "", text.removeprefix("-"))
    if text.startswith("-") and not negative:
        negative, text = True, text[1:]
    if not re.fullmatch(r"\d|\d[\d.,]*\d", text):
        raise _FieldError(f"'{shown}' is not an amount: write e.g. 1.234,56 or 1234.56")
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
            raise _FieldError(f"'{shown}' is ambiguous: write 1234,00, 1.234,00 or 1234.00")
        else:
            decimal_sep = sep
    whole, _, cents = text.rpartition(decimal_sep) if decimal_sep else (text, "", "")
    if group_sep:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group_sep)}\d{{3}})*", whole):
            raise _FieldError(f"'{shown}' has misplaced thousands separators")
        whole = whole.replace(group_sep, "")
    if not whole.isdigit() or not (cents == "" or cents.isdigit()):
        raise _FieldError(f"'{shown}' is not an amount: write e.g. 1.234,56 or 1234.56")
    if len(cents) > 2:
        raise _FieldError(f"'{shown}' has more than 2 decimal places")
    value = Decimal(f"{whole}.{cents or '0'}")
    return -value if negative else value


def _plan_value(raw: str, _today: date) -> Decimal:
    value = parse_money(raw)
    if value < 0:
        raise _FieldError(f"negative value {raw.strip()}")
    if value > _MAX_VALUE:
        raise _FieldError(f"value {raw.strip()} is too large")
    return value.quantize(Decimal("0.01"))


def _status(raw: str, _today: date) -> ContractStatus:
    status = _STATUS_OF.get(_canon(raw).upper())
    if status is None:
        raise _FieldError(f"unknown status '{raw}' (expected ATIVO, CANCELADO or DOWNGRADE)")
    return status


_PARSERS: dict[str, _Parser] = {
    NUMBER: _text(NUMBER, nfkc=True),  # `ＡＢＣ-1` and `ABC-1` are one contract
    DOCUMENT: _document,
    NAME: _text(NAME),
    INSTALL_DATE: _install_date,
    STATUS: _status,
    PLAN: _text(PLAN),
    PLAN_VALUE: _plan_value,
    SERVICE_ORDER: _text(SERVICE_ORDER),
}
