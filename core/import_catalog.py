"""The importers' message codes (contracts, payments, due dates and the CPF/CNPJ check): each bad
row or unreadable file is reported as one of these with its values (line, column, the value as
typed). The command line prints the English; the import dialog renders the translation."""

from __future__ import annotations

from core.message_catalog import QT_TRANSLATE_NOOP, K, Spec

IMPORT_SPECS: tuple[Spec, ...] = (
    # -- reading a file to import ----------------------------------------------------------------------------
    Spec("import.no_such_file", QT_TRANSLATE_NOOP("Messages", "no such file")),
    Spec("import.folder", QT_TRANSLATE_NOOP("Messages", "this is a folder, not a CSV file")),
    Spec("import.folder_table", QT_TRANSLATE_NOOP("Messages", "this is a folder, not a CSV or Excel file")),
    Spec("import.cannot_read", QT_TRANSLATE_NOOP("Messages", "cannot read the file: {reason}"),
         {"reason": K.TEXT}),
    Spec("import.empty_file", QT_TRANSLATE_NOOP("Messages", "the file is empty")),
    Spec("import.xlsx_as_csv", QT_TRANSLATE_NOOP("Messages", "this is an Excel workbook, not a CSV file: save "
                                                             "it as CSV (';' or ',' separated)")),
    Spec("import.xls", QT_TRANSLATE_NOOP("Messages", "this is an old Excel 97-2003 workbook (.xls): save it as "
                                                     ".xlsx or as CSV")),
    Spec("import.binary", QT_TRANSLATE_NOOP("Messages", "the file holds binary data, not text: it is not a CSV "
                                                        "file")),
    Spec("import.undecodable", QT_TRANSLATE_NOOP("Messages", "cannot decode the file: it is neither UTF-8 nor "
                                                             "Latin-1 / cp1252 text")),
    Spec("import.mixed_encodings", QT_TRANSLATE_NOOP("Messages", "the file mixes encodings: some lines are "
                                                                 "UTF-8 but line {line} is not (Latin-1 / "
                                                                 "cp1252?); save the whole file again as UTF-8"),
         {"line": K.INT}),
    Spec("import.bad_csv", QT_TRANSLATE_NOOP("Messages", "not a valid CSV file: {reason}"),
         {"reason": K.TEXT}),
    Spec("import.bad_csv_after", QT_TRANSLATE_NOOP("Messages", "not a valid CSV file after line {line}: "
                                                               "{reason}"),
         {"line": K.INT, "reason": K.TEXT}),
    Spec("import.no_separator", QT_TRANSLATE_NOOP("Messages", "the first line has no comma, semicolon or tab "
                                                              "between column names: this is not a CSV file")),
    Spec("import.same_meaning", QT_TRANSLATE_NOOP("Messages", "columns '{first}' and '{second}' both mean "
                                                              "{meaning}; keep one"),
         {"first": K.TEXT, "second": K.TEXT, "meaning": K.TEXT}),
    Spec("import.missing_columns", QT_TRANSLATE_NOOP("Messages", "missing required column(s): {wanted}. Columns "
                                                                 "found: {found}"),
         {"wanted": K.TEXT, "found": K.TEXT}),
    Spec("import.bidi", QT_TRANSLATE_NOOP("Messages", "holds an invisible bidirectional control character "
                                                      "({char}) at position {position}: remove it"),
         {"char": K.TEXT, "position": K.INT}),
    Spec("import.extra_cells", QT_TRANSLATE_NOOP("Messages", "the row has {values} values but the header has "
                                                             "{columns} columns"),
         {"values": K.INT, "columns": K.INT}),
    Spec("import.bad_xlsx", QT_TRANSLATE_NOOP("Messages", "this is not a readable Excel workbook (.xlsx): "
                                                          "{reason}"),
         {"reason": K.TEXT}),
    Spec("import.no_sheet", QT_TRANSLATE_NOOP("Messages", "the workbook has no sheet with a header row")),
    Spec("import.no_year", QT_TRANSLATE_NOOP("Messages", "'{value}' has no four-digit year: write dates as "
                                                         "dd/mm/aaaa"),
         {"value": K.TEXT}),
    Spec("import.not_a_date", QT_TRANSLATE_NOOP("Messages", "'{value}' is not a date: write dd/mm/aaaa or "
                                                            "aaaa-mm-dd"),
         {"value": K.TEXT}),
    Spec("import.no_month", QT_TRANSLATE_NOOP("Messages", "'{value}' is not a valid date: there is no month "
                                                          "{month} (dates are dd/mm/aaaa)"),
         {"value": K.TEXT, "month": K.INT}),
    Spec("import.month_days", QT_TRANSLATE_NOOP("Messages", "'{value}' is not a valid date: month {month} of "
                                                            "{year} has {days} days"),
         {"value": K.TEXT, "month": K.INT, "year": K.INT, "days": K.INT}),
    Spec("import.not_an_amount", QT_TRANSLATE_NOOP("Messages", "'{value}' is not an amount: write e.g. 1.234,56 "
                                                               "or 1234.56"),
         {"value": K.TEXT}),
    Spec("import.ambiguous_amount", QT_TRANSLATE_NOOP("Messages", "'{value}' is ambiguous: write 1234,00, "
                                                                  "1.234,00 or 1234.00"),
         {"value": K.TEXT}),
    Spec("import.thousands", QT_TRANSLATE_NOOP("Messages", "'{value}' has misplaced thousands separators"),
         {"value": K.TEXT}),
    Spec("import.decimals", QT_TRANSLATE_NOOP("Messages", "'{value}' has more than 2 decimal places"),
         {"value": K.TEXT}),
    Spec("import.too_long", QT_TRANSLATE_NOOP("Messages", "longer than {max} characters"),
         {"max": K.INT}),
    Spec("import.missing", QT_TRANSLATE_NOOP("Messages", "missing value")),
    # -- a contract's values ---------------------------------------------------------------------------------
    Spec("import.document", QT_TRANSLATE_NOOP("Messages", "{reason} ({value})"),
         {"reason": K.PARTS, "value": K.TEXT}),
    Spec("import.excel_number", QT_TRANSLATE_NOOP("Messages", "'{value}…' is a number Excel reformatted: format "
                                                              "the column as text and export again"),
         {"value": K.TEXT}),
    Spec("import.duplicate_contract", QT_TRANSLATE_NOOP("Messages", "duplicate contract number '{number}' "
                                                                    "(first on line {first})"),
         {"number": K.TEXT, "first": K.INT}),
    Spec("import.due_before_install", QT_TRANSLATE_NOOP("Messages", "due date {due} is before the install date "
                                                                    "{install}"),
         {"due": K.TEXT, "install": K.TEXT}),
    Spec("import.install_future", QT_TRANSLATE_NOOP("Messages", "install date {day} is in the future"),
         {"day": K.TEXT}),
    Spec("import.install_early", QT_TRANSLATE_NOOP("Messages", "install date {day} is before {year}: check the "
                                                               "year"),
         {"day": K.TEXT, "year": K.INT}),
    Spec("import.negative", QT_TRANSLATE_NOOP("Messages", "negative value {value}"),
         {"value": K.TEXT}),
    Spec("import.too_large", QT_TRANSLATE_NOOP("Messages", "value {value} is too large"),
         {"value": K.TEXT}),
    Spec("import.unknown_status", QT_TRANSLATE_NOOP("Messages", "unknown status '{value}' (expected ATIVO, "
                                                                "CANCELADO or DOWNGRADE)"),
         {"value": K.TEXT}),
    Spec("import.due_out_of_range", QT_TRANSLATE_NOOP("Messages", "due date {day} is not between {first} and "
                                                                  "{last}: check the year"),
         {"day": K.TEXT, "first": K.INT, "last": K.INT}),
    Spec("import.no_contract_rows", QT_TRANSLATE_NOOP("Messages", "the file has a header but no contract rows")),
    # -- payments and due dates ------------------------------------------------------------------------------
    Spec("import.no_payment_rows", QT_TRANSLATE_NOOP("Messages", "the file has a header but no payment rows")),
    Spec("import.no_due_date_rows", QT_TRANSLATE_NOOP("Messages", "the file has a header but no due date rows")),
    Spec("import.same_invoice", QT_TRANSLATE_NOOP("Messages", "the same invoice as line {first}: keep one row "
                                                              "per invoice"),
         {"first": K.INT}),
    Spec("import.missing_invoice", QT_TRANSLATE_NOOP("Messages", "missing value: give the invoice number or its "
                                                                 "due date")),
    Spec("import.date_and_status", QT_TRANSLATE_NOOP("Messages", "a payment date ({day}) with status {status}: "
                                                                 "which one is right?"),
         {"day": K.TEXT, "status": K.TEXT}),
    Spec("import.unknown_payment_status", QT_TRANSLATE_NOOP("Messages", "unknown payment status '{value}' "
                                                                        "(expected PAGO, NAO_PAGO, ATRASADO, "
                                                                        "AGUARDANDO or OUTROS)"),
         {"value": K.TEXT}),
    Spec("import.not_invoice_number", QT_TRANSLATE_NOOP("Messages", "'{value}' is not an invoice number: write "
                                                                    "1 to {max} (or FPD, SPD, TPD)"),
         {"value": K.TEXT, "max": K.INT}),
    Spec("import.payment_future", QT_TRANSLATE_NOOP("Messages", "payment date {day} is in the future"),
         {"day": K.TEXT}),
    Spec("import.payment_early", QT_TRANSLATE_NOOP("Messages", "payment date {day} is before {year}: check the "
                                                               "year"),
         {"day": K.TEXT, "year": K.INT}),
    Spec("import.contract_no_invoices", QT_TRANSLATE_NOOP("Messages", "the contract has no invoices")),
    Spec("import.same_due", QT_TRANSLATE_NOOP("Messages", "invoices {numbers} are all due on {due}: give the "
                                                          "invoice number"),
         {"numbers": K.TEXT, "due": K.TEXT}),
    Spec("import.due_far", QT_TRANSLATE_NOOP("Messages", "no invoice of the contract is due within {days} days "
                                                         "of {due} (its first ones are due on {dates}…)"),
         {"days": K.INT, "due": K.TEXT, "dates": K.TEXT}),
    Spec("import.due_between", QT_TRANSLATE_NOOP("Messages", "{due} is as near to invoice {first} ({first_due}) "
                                                             "as to invoice {second} ({second_due}): give the "
                                                             "invoice number"),
         {"due": K.TEXT, "first": K.INT, "first_due": K.TEXT, "second": K.INT, "second_due": K.TEXT}),
    Spec("import.unknown_contract", QT_TRANSLATE_NOOP("Messages", "unknown contract '{number}'"),
         {"number": K.TEXT}),
    Spec("import.no_such_invoice", QT_TRANSLATE_NOOP("Messages", "contract '{number}' has no invoice {invoice}"),
         {"number": K.TEXT, "invoice": K.INT}),
    Spec("import.due_unresolved", QT_TRANSLATE_NOOP("Messages", "contract '{number}': {reason}"),
         {"number": K.TEXT, "reason": K.PARTS}),
    Spec("import.named_again", QT_TRANSLATE_NOOP("Messages", "names invoice {invoice} of contract '{number}' "
                                                             "again (first on line {first})"),
         {"invoice": K.INT, "number": K.TEXT, "first": K.INT}),
    # -- a CPF or CNPJ ---------------------------------------------------------------------------------------
    Spec("document.empty", QT_TRANSLATE_NOOP("Messages", "empty document")),
    Spec("document.cpf_digits", QT_TRANSLATE_NOOP("Messages", "a CPF has only digits")),
    Spec("document.cpf_equal", QT_TRANSLATE_NOOP("Messages", "a CPF cannot have all digits equal")),
    Spec("document.cpf_check", QT_TRANSLATE_NOOP("Messages", "invalid CPF check digits")),
    Spec("document.cnpj_shape", QT_TRANSLATE_NOOP("Messages", "a CNPJ has 12 letters or digits followed by 2 "
                                                              "digits")),
    Spec("document.cnpj_equal", QT_TRANSLATE_NOOP("Messages", "a CNPJ cannot have all characters equal")),
    Spec("document.cnpj_check", QT_TRANSLATE_NOOP("Messages", "invalid CNPJ check digits")),
    Spec("document.length", QT_TRANSLATE_NOOP("Messages", "a document has 11 (CPF) or 14 (CNPJ) characters, got "
                                                          "{length}"),
         {"length": K.INT}),
)
