"""The contracts importer's problems (core.contracts_import, English for the command line) in
the UI language.

Each known message shape is a pattern whose captured values (a line, a column, the value as
typed) fill a translated sentence; a message of no known shape is shown as it is. When the
importer reports codes with parameters, this table becomes a lookup by code.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from gui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "ImportMessages"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), t) for p, t in (
    (r"missing value", QT_TRANSLATE_NOOP("ImportMessages", "empty: this column is required")),
    (r"invalid CPF check digits \((.+)\)", QT_TRANSLATE_NOOP("ImportMessages", "invalid CPF check digits (%1)")),
    (r"invalid CNPJ check digits \((.+)\)", QT_TRANSLATE_NOOP("ImportMessages", "invalid CNPJ check digits (%1)")),
    (r"a CPF cannot have all digits equal \((.+)\)",
     QT_TRANSLATE_NOOP("ImportMessages", "a CPF cannot have all digits equal (%1)")),
    (r"a CPF has only digits \((.+)\)", QT_TRANSLATE_NOOP("ImportMessages", "a CPF has only digits (%1)")),
    (r"a document has 11 \(CPF\) or 14 \(CNPJ\) characters, got (\d+) \((.+)\)",
     QT_TRANSLATE_NOOP("ImportMessages", "a CPF has 11 digits and a CNPJ 14 characters; this one has %1 (%2)")),
    (r"empty document \((.*)\)", QT_TRANSLATE_NOOP("ImportMessages", "empty document")),
    (r"duplicate contract number '(.+)' \(first on line (\d+)\)",
     QT_TRANSLATE_NOOP("ImportMessages", "contract number '%1' repeated (first on line %2)")),
    (r"install date (\S+) is in the future",
     QT_TRANSLATE_NOOP("ImportMessages", "install date %1 is in the future")),
    (r"install date (\S+) is before (\d+): check the year",
     QT_TRANSLATE_NOOP("ImportMessages", "install date %1 is before %2: check the year")),
    (r"'(.*)' has no four-digit year: write dates as dd/mm/aaaa",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' has no four-digit year: write dates as dd/mm/aaaa")),
    (r"'(.*)' is not a date: write dd/mm/aaaa or aaaa-mm-dd",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' is not a date: write dd/mm/aaaa or aaaa-mm-dd")),
    (r"'(.*)' is not a valid date: there is no month (\d+) \(dates are dd/mm/aaaa\)",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' is not a valid date: there is no month %2 (dates are dd/mm/aaaa)")),
    (r"'(.*)' is not a valid date: \w+ (\d+) has (\d+) days",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' is not a valid date: that month of %2 has %3 days")),
    (r"'(.*)' is not an amount: write e\.g\. 1\.234,56 or 1234\.56",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' is not an amount: write e.g. 1.234,56")),
    (r"'(.*)' is ambiguous: write 1234,00, 1\.234,00 or 1234\.00",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' is ambiguous: write 1234,00 or 1.234,00")),
    (r"'(.*)' has misplaced thousands separators",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' has thousands separators in the wrong place")),
    (r"'(.*)' has more than 2 decimal places",
     QT_TRANSLATE_NOOP("ImportMessages", "'%1' has more than 2 decimal places")),
    (r"negative value (.*)", QT_TRANSLATE_NOOP("ImportMessages", "negative value %1")),
    (r"value (.*) is too large", QT_TRANSLATE_NOOP("ImportMessages", "value %1 is too large")),
    (r"unknown status '(.*)' \(expected ATIVO, CANCELADO or DOWNGRADE\)",
     QT_TRANSLATE_NOOP("ImportMessages", "unknown status '%1' (use ATIVO, CANCELADO or DOWNGRADE)")),
    (r"longer than (\d+) characters", QT_TRANSLATE_NOOP("ImportMessages", "longer than %1 characters")),
    (r"the row has (\d+) values but the header has (\d+) columns",
     QT_TRANSLATE_NOOP("ImportMessages", "the row has %1 values but the header has %2 columns")),
    (r"'(.*)' is a number Excel reformatted: format the column as text and export again",
     QT_TRANSLATE_NOOP("ImportMessages",
                       "'%1' is a number Excel reformatted: format the column as text and export again")),
    (r"holds an invisible bidirectional control character \((U\+[0-9A-F]+)\) at position (\d+): remove it",
     QT_TRANSLATE_NOOP("ImportMessages", "holds an invisible direction control character (%1) at position %2: "
                                         "remove it")),
    (r"the file is empty", QT_TRANSLATE_NOOP("ImportMessages", "the file is empty")),
    (r"the file has a header but no contract rows",
     QT_TRANSLATE_NOOP("ImportMessages", "the file has a header but no contract rows")),
    (r"no such file", QT_TRANSLATE_NOOP("ImportMessages", "the file does not exist")),
    (r"cannot read the file: (.*)", QT_TRANSLATE_NOOP("ImportMessages", "cannot read the file: %1")),
    (r"this is a folder, not a CSV or \.xlsx file",
     QT_TRANSLATE_NOOP("ImportMessages", "this is a folder, not a CSV or .xlsx file")),
    (r"this is an Excel workbook, not a CSV file.*",
     QT_TRANSLATE_NOOP("ImportMessages", "this is an Excel workbook, not a CSV file: choose it as .xlsx")),
    (r"the workbook has no sheet.*",
     QT_TRANSLATE_NOOP("ImportMessages", "the workbook has no sheet with a header row")),
    (r"due date (\S+) is before the install date (\S+)",
     QT_TRANSLATE_NOOP("ImportMessages", "due date %1 is before the install date %2")),
    (r"due date (\S+) is not between (\d+) and (\d+): check the year",
     QT_TRANSLATE_NOOP("ImportMessages", "due date %1 is not between %2 and %3: check the year")),
    (r"not a valid CSV file after line (\d+): (.*)",
     QT_TRANSLATE_NOOP("ImportMessages", "not a valid CSV file (after line %1): %2")),
    (r"not a valid CSV file: (.*)", QT_TRANSLATE_NOOP("ImportMessages", "not a valid CSV file: %1")),
    (r"missing required column\(s\): .*\. Columns found: (.*)",
     QT_TRANSLATE_NOOP("ImportMessages", "required columns are missing (numero_contrato, cpf_cnpj, cliente, "
                                         "data_instalacao). Columns found: %1")),
    (r"columns '(.*)' and '(.*)' both mean .*; keep one",
     QT_TRANSLATE_NOOP("ImportMessages", "columns '%1' and '%2' mean the same thing: keep one")),
    (r"(?:this is )?not a readable Excel workbook \(\.xlsx\): (.*)",
     QT_TRANSLATE_NOOP("ImportMessages", "not a readable Excel workbook (.xlsx): %1")),
    (r"this is an old Excel(?: 97-2003)? workbook \(\.xls\).*",
     QT_TRANSLATE_NOOP("ImportMessages", "this is an old Excel workbook (.xls): save it as .xlsx or as CSV")),
    (r"the file holds binary data, not text: it is not a CSV file",
     QT_TRANSLATE_NOOP("ImportMessages", "the file holds binary data: it is not a CSV file")),
    (r"cannot decode the file: .*",
     QT_TRANSLATE_NOOP("ImportMessages", "cannot read the file's text: save it as UTF-8")),
    (r"the file mixes encodings: some lines are UTF-8 but line (\d+) is not.*",
     QT_TRANSLATE_NOOP("ImportMessages", "the file mixes text encodings: line %1 is not UTF-8 like the others; "
                                         "save the whole file as UTF-8")),
    (r"the first line has no comma, semicolon or tab between column names: this is not a CSV file",
     QT_TRANSLATE_NOOP("ImportMessages", "the first line has no comma, semicolon or tab between column names: "
                                         "this is not a CSV file")),
))


def row_problem(message: str) -> str:
    """An importer message in the UI language (as it is when of no known shape)."""
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            text = QCoreApplication.translate(CONTEXT, template)
            for number, value in enumerate(match.groups(), start=1):
                text = text.replace(f"%{number}", value)
            return text
    return message
