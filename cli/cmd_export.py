"""`python main.py export KIND --out FILE [filters]`: a list as CSV or Excel, or a PDF report.

The format comes from the file's extension (.csv, .xlsx, .pdf). Kinds:

    invoices    --cohort, --status (repeatable), --contract, --search, --due-from/--due-to
    collection  invoices ready to send (matched, not paid): --cohort, --due-from/--due-to; PDF too
    problems    --cohort, --status, --origin, --outcome, --min-attempts
    errors      error groups of the last --days
    runs        --days, --origin, --status, --cohort
    attempts    one run's attempts: --run N
    history     one invoice's attempts: --invoice ID
    slowest, cohorts, daily    the Performance screen's lists (--days)
    report      the performance report (PDF): --days N, or --from D --to D
    run         the run report (PDF): `export run N`

CSV is pt-BR by default (UTF-8 with BOM, `;`, decimal comma, dd/mm/aaaa: it opens right in a
Brazilian Excel); `--plain` writes RFC 4180 (`,`, ISO dates, dot decimals). CPF/CNPJ are masked
unless `--full-documents`; the file records which. The file appears only when complete (Ctrl+C
or an error leaves none). A progress bar shows on a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cli import exit_codes
from cli.common import new_command, open_store

TABLE_KINDS = ("invoices", "collection", "problems", "errors", "runs", "attempts", "history", "slowest", "cohorts",
               "daily")
PDF_KINDS = ("report", "run")
DEFAULT_DAYS = 30


def register(sub: Any) -> None:
    parser = new_command(sub, "export", "write a list as CSV / Excel, or a PDF report", run_export,
                         description=__doc__)
    parser.add_argument("kind", choices=TABLE_KINDS + PDF_KINDS, metavar="KIND",
                        help="what to export: " + ", ".join(TABLE_KINDS + PDF_KINDS))
    parser.add_argument("run_id", nargs="?", type=int, metavar="N", help="the run (for `export run N`)")
    parser.add_argument("--out", "-o", required=True, metavar="FILE", help="output file: .csv, .xlsx or .pdf")
    parser.add_argument("--plain", action="store_true", help="RFC 4180 CSV (',', ISO dates, dot decimals)")
    parser.add_argument("--full-documents", action="store_true",
                        help="write CPF/CNPJ in full (default: masked, LGPD)")
    parser.add_argument("--cohort", metavar="YYYY-MM", help="one cohort (safra)")
    parser.add_argument("--status", action="append", default=[], metavar="STATUS",
                        help="fetch status (repeatable, or comma-separated): PENDING, SUCCESS, PARTIAL, "
                             "NOT_AVAILABLE, ERROR, GAVE_UP, CLOSED, PAID (runs: RUNNING, COMPLETED, ...)")
    parser.add_argument("--contract", metavar="NUMBER", help="one contract number")
    parser.add_argument("--search", metavar="TEXT", help="the Invoices screen's search (number, document, name)")
    parser.add_argument("--due-from", metavar="DATE", help="due on or after (dd/mm/aaaa or aaaa-mm-dd)")
    parser.add_argument("--due-to", metavar="DATE", help="due on or before")
    parser.add_argument("--origin", metavar="ORIGIN", help="MANUAL, AUTOMATIC, COHORT, INDIVIDUAL, RETRY")
    parser.add_argument("--outcome", metavar="OUTCOME", help="problems: the last attempt's outcome")
    parser.add_argument("--min-attempts", type=int, metavar="N", help="problems: at least N attempts")
    parser.add_argument("--days", type=int, metavar="N",
                        help=f"local days back, today included (default {DEFAULT_DAYS}; runs: all)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="report: first day")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="report: last day")
    parser.add_argument("--run", dest="run_opt", type=int, metavar="N", help="attempts: the run")
    parser.add_argument("--invoice", type=int, metavar="ID", help="history: the invoice id")


class UsageError(Exception):
    """A wrong combination of options; the message says what to write instead."""


def _day(raw: str | None, option: str) -> date | None:
    from core.contracts_import import parse_date

    if raw is None:
        return None
    try:
        return parse_date(raw)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _statuses(args: argparse.Namespace) -> list[str]:
    return [s.strip() for item in args.status for s in item.split(",") if s.strip()]


def run_export(args: argparse.Namespace) -> int:
    from reports.atomic import OutputError
    from reports.export import FormatError
    from storage.analytics import AnalyticsParamError

    err = Console(stderr=True, highlight=False)
    bar = ProgressBar(err)
    try:
        job = _job(args)
        open_store(args)
        count, unit = job(bar)
    except (UsageError, AnalyticsParamError, FormatError, OutputError) as exc:
        bar.close()
        print(f"error: {exc}", file=sys.stderr)  # plain: a long path must not be wrapped
        return exit_codes.USAGE
    finally:
        bar.close()
    noun = "page" if unit == "pages" else "row"
    print(f"{args.out}: {count} {noun}{'s' if count != 1 else ''}")
    return exit_codes.OK


Job = Callable[[Callable[[int, int | None], None]], tuple[int, str]]


def _job(args: argparse.Namespace) -> Job:
    """Check the options and return what writes the file (nothing is read before the checks)."""
    from reports.export import FileFormat, file_format

    kind = args.kind
    if kind in PDF_KINDS:
        file_format(args.out, (FileFormat.PDF,))
    elif kind == "collection":
        file_format(args.out)
    else:
        file_format(args.out, (FileFormat.CSV, FileFormat.XLSX))
    if args.days is not None and not 1 <= args.days <= 3650:
        raise UsageError(f"--days must be between 1 and 3650, got {args.days}")
    if kind == "run" and args.run_id is None and args.run_opt is None:
        raise UsageError("export run needs the run number: export run N --out FILE.pdf")
    if kind == "attempts" and args.run_opt is None and args.run_id is None:
        raise UsageError("export attempts needs --run N")
    if kind == "history" and args.invoice is None:
        raise UsageError("export history needs --invoice ID")
    if kind == "report" and args.days is not None and (args.date_from or args.date_to):
        raise UsageError("report: give --days N or --from D --to D, not both")
    if kind == "report" and bool(args.date_from) != bool(args.date_to):
        raise UsageError("report: --from and --to go together")
    due_from, due_to = _day(args.due_from, "--due-from"), _day(args.due_to, "--due-to")
    first, last = _day(args.date_from, "--from"), _day(args.date_to, "--to")

    def job(progress: Callable[[int, int | None], None]) -> tuple[int, str]:
        return _write(args, progress, due_from, due_to, first, last)

    return job


def _write(args: argparse.Namespace, progress: Callable[[int, int | None], None], due_from: date | None,
           due_to: date | None, first: date | None, last: date | None) -> tuple[int, str]:
    from reports import sources
    from reports.csv_out import CsvDialect
    from reports.export import write_table
    from storage.analytics import ProblemFilter, local_zone
    from storage.analytics.params import check_origin, check_outcome, check_status
    from storage.export_rows import InvoiceFilter, collection_filter, database_label

    ctx = sources.ExportContext(datetime.now(UTC), local_zone(), database_label(), args.full_documents)
    kind = args.kind
    days = args.days or DEFAULT_DAYS
    out = Path(args.out)
    if kind == "report":
        from reports.pdf.performance_report import Period, write_performance_report

        period = Period.between(first, last) if first and last else Period(days)
        return write_performance_report(ctx, period, out), "pages"
    if kind == "run":
        from reports.pdf.run_report import write_run_report

        return write_run_report(ctx, args.run_id or args.run_opt, out), "pages"
    if kind == "collection":
        flt = collection_filter(args.cohort, due_from, due_to)
        if out.suffix.lower() == ".pdf":
            from reports.pdf.collection_report import write_collection_pdf

            return write_collection_pdf(ctx, flt, out), "pages"
        table = sources.collection(ctx, flt)
    elif kind == "invoices":
        statuses_v = tuple(s for s in (check_status(v) for v in _statuses(args)) if s is not None)
        table = sources.invoices(ctx, InvoiceFilter(cohort=args.cohort, statuses=statuses_v,
                                                    contract_number=args.contract, search=args.search,
                                                    due_from=due_from, due_to=due_to))
    elif kind == "problems":
        statuses = _statuses(args)
        if len(statuses) > 1:
            raise UsageError("problems: give one --status (ERROR, GAVE_UP or PARTIAL)")
        table = sources.problems(ctx, ProblemFilter(
            cohort=args.cohort, origin=check_origin(args.origin), outcome=check_outcome(args.outcome),
            min_attempts=args.min_attempts, status=check_status(statuses[0] if statuses else None)))
    elif kind == "errors":
        table = sources.error_group_list(ctx, days)
    elif kind == "runs":
        statuses = _statuses(args)
        table = sources.runs(ctx, days=args.days, origin=args.origin, status=statuses[0] if statuses else None,
                             cohort=args.cohort)
    elif kind == "attempts":
        table = sources.run_attempts(ctx, args.run_opt or args.run_id)
    elif kind == "history":
        table = sources.invoice_history(ctx, args.invoice)
    elif kind == "slowest":
        table = sources.slowest(ctx, days)
    elif kind == "cohorts":
        table = sources.cohorts(ctx)
    else:
        table = sources.daily(ctx, days)
    dialect = CsvDialect.PLAIN if args.plain else CsvDialect.BR
    return write_table(table, out, dialect=dialect, progress=progress), "rows"


class ProgressBar:
    """A rich progress bar on a terminal (stderr), shown from the first update; silent otherwise."""

    def __init__(self, console: Console) -> None:
        self.enabled = console.is_terminal
        self.bar = Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=console, transient=True)
        self.task = self.bar.add_task("export", total=None)
        self.started = False

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if not self.started:
            self.bar.start()
            self.started = True
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.started:
            self.bar.stop()
            self.started = False


__all__ = ["register"]
