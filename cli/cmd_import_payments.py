"""`import-payments FILE`: the operator's payment spreadsheet (FPD, CSV or .xlsx) onto the invoices.

All or nothing by default: one invalid row, or one naming no stored invoice, and nothing is
written (exit 1, every problem listed as `line N, column 'X': message`). `--skip-invalid` stores
the valid rows and lists the rest; `--dry-run` checks everything and says what would change,
writing nothing. A file that cannot be read as a payment spreadsheet at all exits 2. The file
is validated completely before the database is opened.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import Any

from cli import exit_codes
from cli.common import new_command, open_store
from core.payments_import import read_payments_file
from core.tabular import RowError

DESCRIPTION = """Import the operator's payment spreadsheet (FPD): each invoice's payment status.

Columns (any case, accents optional; Portuguese or English names; title lines above the
header are skipped):
  required: numero_contrato | contract_number, status | status_pagamento,
            and numero_fatura | fatura | indicador (1..10, or FPD/SPD/TPD for 1/2/3)
            or vencimento | due_date (the invoice's due date)
  optional: data_pagamento | payment_date
Status: PAGO, NAO_PAGO (NÃO PAGO, EM ABERTO), ATRASADO, AGUARDANDO, OUTROS.
A CSV file (separator ',' ';' or tab; UTF-8 or Latin-1; dates dd/mm/aaaa or aaaa-mm-dd) or an
Excel workbook (.xlsx). PAGO makes an invoice PAID: never fetched again, never a problem, its
found amount, bar code and PIX kept as history. Another status on a PAID invoice takes it back
to what its data says (fetched, or pending)."""


def register(sub: Any) -> None:
    parser = new_command(sub, "import-payments", "import payment statuses from the operator's spreadsheet (FPD)",
                         run, DESCRIPTION)
    parser.add_argument("file", metavar="FILE", help="the CSV file or Excel workbook (.xlsx) to import")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the valid rows and report the invalid ones (default: import nothing "
                             "if any row is invalid)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file against the database and say what would change, writing nothing")


def run(args: argparse.Namespace) -> int:
    parsed = read_payments_file(args.file, today=date.today())
    if parsed.file_error is not None:
        print(f"error: {args.file}: {parsed.file_error}", file=sys.stderr)
        return exit_codes.USAGE
    from storage.db import close_database
    from storage.payments import import_payments

    open_store(args)
    try:
        result = import_payments(parsed.records, datetime.now(UTC), skip_invalid=args.skip_invalid,
                                 dry_run=args.dry_run, columns=parsed.columns)  # StoreError: exit 4, in cli.app
    finally:
        close_database()
    errors = sorted((*parsed.errors, *result.errors), key=lambda e: e.line)
    report_errors(errors)
    invalid = len({e.line for e in errors})
    c = result.changes
    what = (f"{c.paid} invoice(s) marked paid, {c.reopened} paid invoice(s) reopened, {c.updated} updated, "
            f"{c.unchanged} unchanged")
    if errors and not args.skip_invalid:
        print(f"{len(errors)} problem(s) in {rows(invalid)}; nothing was imported. Fix the file, or use "
              f"--skip-invalid to import the {rows(c.rows)} that are valid.", file=sys.stderr)
        return exit_codes.ERRORS_LEFT
    if not c.rows:
        print("no valid row to import; nothing was imported", file=sys.stderr)
        return exit_codes.ERRORS_LEFT
    skipped = f"; {rows(invalid)} skipped as invalid" if errors else ""
    if args.dry_run:
        print(f"Dry run of {args.file}, nothing written: {rows(c.rows)} would apply: {what}{skipped}.")
    else:
        print(f"Imported {args.file}: {rows(c.rows)}: {what}{skipped}.")
    return exit_codes.OK


def report_errors(errors: list[RowError]) -> None:
    for error in errors:
        print(str(error), file=sys.stderr)


def rows(count: int) -> str:
    return f"{count} row" + ("" if count == 1 else "s")
