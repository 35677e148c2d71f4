"""`import-due-dates FILE`: imported due dates (contract, invoice number, due date) onto the invoices.

All or nothing by default, like the other imports: one invalid row, or one naming an unknown
contract, and nothing is written (exit 1, every problem with its line and column);
`--skip-invalid` stores the valid rows; `--dry-run` says what would change. A file that cannot
be read at all exits 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from cli import exit_codes
from cli.cmd_import_payments import report_errors, rows
from cli.common import new_command, open_store
from core.due_dates_import import read_due_dates_file

DESCRIPTION = """Import invoice due dates that override the due-date rule.

Columns (any case, accents optional; Portuguese or English names):
  numero_contrato | contract_number, numero_fatura | invoice_number (1..10, or FPD/SPD/TPD),
  vencimento | due_date
A CSV file (separator ',' ';' or tab; UTF-8 or Latin-1; dates dd/mm/aaaa or aaaa-mm-dd) or an
Excel workbook (.xlsx). An imported due date wins over the rule, is kept by later contract
imports, and sets when the invoice becomes available (due date - 3 days; invoice 1: install + 3
days). An invoice that failed or was not found against its old due date, and holds no found
data, goes back to pending to be looked up against the new one."""


def register(sub: Any) -> None:
    parser = new_command(sub, "import-due-dates", "import invoice due dates that override the rule", run,
                         DESCRIPTION)
    parser.add_argument("file", metavar="FILE", help="the CSV file or Excel workbook (.xlsx) to import")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the valid rows and report the invalid ones (default: import nothing "
                             "if any row is invalid)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file against the database and say what would change, writing nothing")


def run(args: argparse.Namespace) -> int:
    parsed = read_due_dates_file(args.file)
    if parsed.file_error is not None:
        print(f"error: {args.file}: {parsed.file_error}", file=sys.stderr)
        return exit_codes.USAGE
    from storage.db import close_database
    from storage.imported_due_dates import import_due_dates

    open_store(args)
    try:
        result = import_due_dates(parsed.records, datetime.now(UTC), skip_invalid=args.skip_invalid,
                                  dry_run=args.dry_run, columns=parsed.columns)  # StoreError: exit 4, in cli.app
    finally:
        close_database()
    errors = sorted((*parsed.errors, *result.errors), key=lambda e: e.line)
    report_errors(errors)
    invalid = len({e.line for e in errors})
    valid = len(parsed.records) - len(result.errors)
    if errors and not args.skip_invalid:
        print(f"{len(errors)} problem(s) in {rows(invalid)}; nothing was imported. Fix the file, or use "
              f"--skip-invalid to import the {rows(valid)} that are valid.", file=sys.stderr)
        return exit_codes.ERRORS_LEFT
    if valid == 0:
        print("no valid row to import; nothing was imported", file=sys.stderr)
        return exit_codes.ERRORS_LEFT
    c = result.changes
    what = (f"{c.changed} invoice due date(s) set, {c.unchanged} unchanged; {c.reset} invoice(s) sent back to "
            f"pending (they failed against the old date)")
    skipped = f"; {rows(invalid)} skipped as invalid" if errors else ""
    if args.dry_run:
        print(f"Dry run of {args.file}, nothing written: {rows(valid)} would apply: {what}{skipped}.")
    else:
        print(f"Imported {args.file}: {rows(valid)}: {what}{skipped}.")
    return exit_codes.OK
