"""`import-contracts FILE`: validate a contracts CSV or .xlsx workbook and store it with its invoices.

All or nothing by default: one invalid row and nothing is written (exit 1, every problem
listed as `line N, column 'X': message`). `--skip-invalid` stores the valid rows and lists the
rest. A file that cannot be read as a contracts CSV at all exits 2. The file is validated
completely before the database is even opened.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import Any

from cli import exit_codes
from cli.common import new_command, open_store
from core.contracts_import import ImportResult, read_contracts_file

DESCRIPTION = """Import contracts from a CSV file or an Excel .xlsx workbook (its first sheet) exported
by Excel or a CRM.

Columns (any case, accents optional; Portuguese or English names):
  required: numero_contrato | contract_number, cpf_cnpj | document,
            cliente | customer_name, data_instalacao | install_date
  optional: status (ATIVO/CANCELADO/DOWNGRADE), plano | plan, valor_plano | plan_value,
            ordem_servico | service_order, vencimento_1 .. vencimento_10 | due_date_1 ..
            (invoice due dates that override the rule; a re-import without them keeps them)
Separator ',' ';' or tab; UTF-8 (with or without BOM) or Latin-1; dates dd/mm/aaaa or
aaaa-mm-dd; amounts 1.234,56 or 1234.56. New contracts get their invoices 1 to 10; known
contracts (same number) are updated and keep their invoices and fetch history; when their
install date or document changes, their fetched invoices go back to pending (what was found
may belong to another invoice or customer) and are fetched again."""


def register(sub: Any) -> None:
    parser = new_command(sub, "import-contracts", "import contracts from a CSV or .xlsx file", run, DESCRIPTION)
    parser.add_argument("file", metavar="FILE", help="the CSV or .xlsx file to import")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the valid rows and report the invalid ones (default: import nothing "
                             "if any row is invalid)")


def run(args: argparse.Namespace) -> int:
    result = read_contracts_file(args.file, today=date.today())
    if result.file_error is not None:
        print(f"error: {args.file}: {result.file_error}", file=sys.stderr)
        return exit_codes.USAGE
    _report_errors(result)
    if result.errors and not args.skip_invalid:
        print(
            f"{len(result.errors)} problem(s) in {_rows(result.invalid_rows)}; nothing was imported. "
            f"Fix the file, or use --skip-invalid to import the {_rows(len(result.records))} that are valid.",
            file=sys.stderr,
        )
        return exit_codes.ERRORS_LEFT
    if not result.records:
        print("no valid row to import; nothing was imported", file=sys.stderr)
        return exit_codes.ERRORS_LEFT
    from storage.contracts import import_contracts
    from storage.db import close_database

    open_store(args)
    try:
        summary = import_contracts(result.records, now=datetime.now(UTC))  # StoreError: exit 4, in cli.app
    finally:
        close_database()
    skipped = f"; {_rows(result.invalid_rows)} skipped as invalid" if result.errors else ""
    due = f"; {summary.due_dates_set} imported due date(s) set" if summary.due_dates_set else ""
    reset = (
        f"; {summary.invoices_reset} fetched invoice(s) reset to pending (install date or document changed)"
        if summary.invoices_reset else ""
    )
    print(
        f"Imported {args.file}: {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged contract(s); {summary.invoices_created} invoice(s) created"
        f"{due}{reset}{skipped}."
    )
    return exit_codes.OK


def _report_errors(result: ImportResult) -> None:
    for error in result.errors:
        print(str(error), file=sys.stderr)


def _rows(count: int) -> str:
    return f"{count} row" + ("" if count == 1 else "s")
