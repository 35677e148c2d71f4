"""What a user will read, stored as a code with parameters and rendered in the interface language.

The engine's log lines, a run's closing message, an attempt's error, an invoice's last error and
an alert's text are stored as `encode(code, **params)`: compact JSON such as
`{"c":"run.completed","p":{"successes":5,...}}`. `decode` reads one back; text that is not an
encoded message (rows written by older versions) decodes to the `legacy` code, shown as it is.

Each code has an English template with named placeholders (`{name}`) and the kind of each
parameter. `render(msg, translate, fmt)` looks the template up in the UI language through
`translate` (the desktop app passes Qt's translator, the command line the identity) and fills it
with `fmt(kind, value)`, which formats a value the way the language writes it (ISO dates and dot
decimals in English, dd/mm/aaaa and decimal comma in pt-BR). A parameter of kind DETAIL (an
exception's text, an HTTP detail, a host) never enters the sentence: `details(msg)` gives it, for a
"technical details" disclosure. A PARTS parameter holds nested messages, rendered and joined.

Templates are marked with `QT_TRANSLATE_NOOP("Messages", ...)`, an identity here, so that
pyside6-lupdate collects them into the translation file with the rest of the interface.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for translation under `context`; returns it unchanged."""
    return text


class Kind(enum.StrEnum):
    INT = "int"  # a plain integer: an id, an HTTP status, a day of the month
    COUNT = "count"  # a quantity, with thousands separators
    DECIMAL = "decimal"
    MONEY = "money"  # reais
    SECONDS = "seconds"
    DATE = "date"  # ISO text
    DATES = "dates"  # a list of ISO dates
    DATETIME = "datetime"  # ISO text with offset
    PERCENT = "percent"  # a share 0..1
    TEXT = "text"  # shown as is (a contract number, a masked document, a user name)
    DETAIL = "detail"  # technical detail: never in the sentence
    OUTCOME = "outcome"  # core.domain.Outcome value
    ORIGIN = "origin"  # core.domain.FetchOrigin value
    STARTED_BY = "started_by"  # a run's stored identity ("app:USER", "app:schedule", ...)
    PARTS = "parts"  # nested encoded messages, joined with "; "


@dataclass(frozen=True, slots=True)
class Spec:
    code: str
    template: str
    params: Mapping[str, Kind] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Msg:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_legacy(self) -> bool:
        return self.code == LEGACY


LEGACY = "legacy"
_K = Kind

CATALOG: dict[str, Spec] = {
    s.code: s
    for s in (
        Spec(LEGACY, "{text}", {"text": _K.TEXT}),
        # -- the engine's log -------------------------------------------------------------------------
        Spec(
            "run.started",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Run {run} started ({origin}): {invoices} invoice(s), {documents} "
                "document(s), {contracts} contract(s).",
            ),
            {"run": _K.INT, "origin": _K.ORIGIN, "invoices": _K.COUNT, "documents": _K.COUNT, "contracts": _K.COUNT},
        ),
        Spec(
            "run.invoice_failed",
            QT_TRANSLATE_NOOP("Messages", "Contract {contract}, invoice {invoice} ({document}): {outcome}. {reason}"),
            {
                "contract": _K.TEXT,
                "invoice": _K.TEXT,
                "document": _K.TEXT,
                "outcome": _K.OUTCOME,
                "reason": _K.PARTS,
                "detail": _K.DETAIL,
            },
        ),
        Spec(
            "run.invoice_gave_up",
            QT_TRANSLATE_NOOP(
                "Messages", "Contract {contract}, invoice {invoice} ({document}): {outcome}; no attempts left. {reason}"
            ),
            {
                "contract": _K.TEXT,
                "invoice": _K.TEXT,
                "document": _K.TEXT,
                "outcome": _K.OUTCOME,
                "reason": _K.PARTS,
                "detail": _K.DETAIL,
            },
        ),
        Spec(
            "run.slowing_down",
            QT_TRANSLATE_NOOP(
                "Messages",
                "The provider answers 429 (too many requests): slowing down; nothing is counted against the invoices.",
            ),
        ),
        Spec(
            "run.wall",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Most answers are not the provider's API (a captcha or login page?): pausing "
                "those lookups; nothing is counted against the invoices.",
            ),
        ),
        Spec(
            "run.outage_pause",
            QT_TRANSLATE_NOOP(
                "Messages",
                "The provider is failing: {failures} failures in a row; pausing "
                "lookups (nothing is counted against the invoices while it is down).",
            ),
            {"failures": _K.COUNT},
        ),
        # -- a run's closing message -------------------------------------------------------------------
        Spec(
            "run.completed",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Completed: {successes} success, {partial} partial, {not_available} not "
                "available, {closed} no open debt, {errors} error(s), {gave_up} gave up.",
            ),
            {
                "successes": _K.COUNT,
                "partial": _K.COUNT,
                "not_available": _K.COUNT,
                "closed": _K.COUNT,
                "errors": _K.COUNT,
                "gave_up": _K.COUNT,
            },
        ),
        Spec("run.cancelled", QT_TRANSLATE_NOOP("Messages", "Cancelled by the user; what was fetched is kept.")),
        Spec(
            "run.cancelled_by",
            QT_TRANSLATE_NOOP("Messages", "Cancelled by {who}; what was fetched is kept."),
            {"who": _K.STARTED_BY},
        ),
        Spec(
            "run.interrupted",
            QT_TRANSLATE_NOOP(
                "Messages", "Interrupted: the process running it stopped before it finished; what it wrote is kept."
            ),
        ),
        Spec(
            "run.interrupted_key",
            QT_TRANSLATE_NOOP("Messages", "Stopped from the keyboard (Ctrl+C); what was fetched is kept."),
        ),
        Spec(
            "run.internal_error",
            QT_TRANSLATE_NOOP("Messages", "Stopped by an internal error; what was fetched is kept."),
            {"detail": _K.DETAIL},
        ),
        Spec(
            "run.auth_refused",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Provider unavailable: it refused our credentials; check the "
                "provider URL and key string. The remaining invoices were left "
                "untouched.",
            ),
            {"detail": _K.DETAIL},
        ),
        Spec(
            "run.throttled_out",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Provider unavailable: only 'too many requests' (HTTP 429) for "
                "{seconds}. The remaining invoices were left untouched.",
            ),
            {"seconds": _K.SECONDS},
        ),
        Spec(
            "run.not_api",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Provider unavailable: for {seconds} its answers were not its API (a "
                "captcha or login page?). The remaining invoices were left untouched.",
            ),
            {"seconds": _K.SECONDS, "detail": _K.DETAIL},
        ),
        Spec(
            "run.no_answer",
            QT_TRANSLATE_NOOP(
                "Messages", "Provider unavailable: no answer for {seconds}. The remaining invoices were left untouched."
            ),
            {"seconds": _K.SECONDS},
        ),
        # -- the store refusing a write ----------------------------------------------------------------
        Spec(
            "store.disk_full",
            QT_TRANSLATE_NOOP("Messages", "The disk is full: the database cannot take the run's results."),
            {"detail": _K.DETAIL},
        ),
        Spec(
            "store.locked",
            QT_TRANSLATE_NOOP("Messages", "The database is locked by another program (waited {seconds})."),
            {"seconds": _K.SECONDS},
        ),
        Spec(
            "store.connection_lost",
            QT_TRANSLATE_NOOP("Messages", "The connection to the database server was lost."),
            {"detail": _K.DETAIL},
        ),
        Spec("store.refused", QT_TRANSLATE_NOOP("Messages", "The database refused the write."), {"detail": _K.DETAIL}),
        # -- a lookup that failed ----------------------------------------------------------------------
        Spec(
            "lookup.failed",
            QT_TRANSLATE_NOOP("Messages", "The lookup failed: {outcome}."),
            {"outcome": _K.OUTCOME, "detail": _K.DETAIL},
        ),
        Spec(
            "lookup.failed_http",
            QT_TRANSLATE_NOOP("Messages", "The lookup failed: {outcome} (HTTP {http})."),
            {"outcome": _K.OUTCOME, "http": _K.INT, "detail": _K.DETAIL},
        ),
        Spec(
            "lookup.unreadable",
            QT_TRANSLATE_NOOP(
                "Messages", "Not in the answer, which held {count} malformed invoice(s) that could not be read."
            ),
            {"count": _K.COUNT},
        ),
        # -- matching ----------------------------------------------------------------------------------
        Spec("match.no_debts", QT_TRANSLATE_NOOP("Messages", "The provider lists no open invoice for this document.")),
        Spec(
            "match.matched",
            QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount not checked)."),
            {"due": _K.DATE},
        ),
        Spec(
            "match.matched_amount",
            QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount within tolerance)."),
            {"due": _K.DATE},
        ),
        Spec(
            "match.matched_day",
            QT_TRANSLATE_NOOP(
                "Messages", "Matched the open invoice due {due} (amount not checked); the customer's due day is {day}."
            ),
            {"due": _K.DATE, "day": _K.INT},
        ),
        Spec(
            "match.matched_amount_day",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Matched the open invoice due {due} (amount within tolerance); the customer's due day is {day}.",
            ),
            {"due": _K.DATE, "day": _K.INT},
        ),
        Spec(
            "match.divergent",
            QT_TRANSLATE_NOOP("Messages", "Matched with divergence: {problems}."),
            {"problems": _K.PARTS},
        ),
        Spec(
            "match.divergent_day",
            QT_TRANSLATE_NOOP("Messages", "Matched with divergence: {problems}; the customer's due day is {day}."),
            {"problems": _K.PARTS, "day": _K.INT},
        ),
        Spec(
            "match.due_later",
            QT_TRANSLATE_NOOP("Messages", "due {due}, {days} day(s) later than expected"),
            {"due": _K.DATE, "days": _K.COUNT},
        ),
        Spec(
            "match.due_earlier",
            QT_TRANSLATE_NOOP("Messages", "due {due}, {days} day(s) earlier than expected"),
            {"due": _K.DATE, "days": _K.COUNT},
        ),
        Spec(
            "match.amount_off",
            QT_TRANSLATE_NOOP("Messages", "amount {amount} differs from the expected {expected} by {diff}"),
            {"amount": _K.MONEY, "expected": _K.MONEY, "diff": _K.MONEY},
        ),
        Spec(
            "match.due_day_guess",
            QT_TRANSLATE_NOOP("Messages", "due {due}: the customer's due day seems to be {day}, not ours"),
            {"due": _K.DATE, "day": _K.INT},
        ),
        Spec(
            "match.ambiguous",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Ambiguous: {count} open invoice(s) due on {due} could be this one or "
                "another invoice of the same document; they cannot be told apart.",
            ),
            {"count": _K.COUNT, "due": _K.DATE},
        ),
        Spec(
            "match.ambiguous_window",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Ambiguous: {count} open invoice(s) due within the day "
                "tolerance ({dues}) could be this one or another invoice of the "
                "same document; they cannot be told apart.",
            ),
            {"count": _K.COUNT, "dues": _K.DATES},
        ),
        Spec(
            "match.not_yet",
            QT_TRANSLATE_NOOP(
                "Messages", "No open invoice due on {due} (±{days} day(s)) yet; the operator may not have issued it."
            ),
            {"due": _K.DATE, "days": _K.COUNT},
        ),
        Spec(
            "match.not_open",
            QT_TRANSLATE_NOOP(
                "Messages",
                "No open invoice due on {due} (±{days} day(s)): the customer's open "
                "invoices are all other invoices (this one is most likely paid).",
            ),
            {"due": _K.DATE, "days": _K.COUNT},
        ),
        Spec(
            "match.no_match",
            QT_TRANSLATE_NOOP(
                "Messages",
                "No open invoice due on {due} (±{days} day(s)), but the customer has "
                "{count} open invoice(s) that match none of ours by date (due {dues}).",
            ),
            {"due": _K.DATE, "days": _K.COUNT, "count": _K.COUNT, "dues": _K.DATES},
        ),
        Spec(
            "match.taken",
            QT_TRANSLATE_NOOP(
                "Messages",
                "No open invoice at the provider for it: the open ones are already matched "
                "to other invoices (probably paid).",
            ),
        ),
        # -- alerts ------------------------------------------------------------------------------------
        Spec(
            "alert.error_rate",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Run {run} ended with {failed} of {processed} invoices in error ({share}, over the {limit} threshold).",
            ),
            {"run": _K.INT, "failed": _K.COUNT, "processed": _K.COUNT, "share": _K.PERCENT, "limit": _K.PERCENT},
        ),
        Spec(
            "alert.slow_lookups",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Run {run} took {seconds} per lookup (median), over {factor} times "
                "the {baseline} of the previous {days} days.",
            ),
            {"run": _K.INT, "seconds": _K.SECONDS, "factor": _K.DECIMAL, "baseline": _K.SECONDS, "days": _K.COUNT},
        ),
        Spec(
            "alert.low_throughput",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Run {run} processed {rate} invoices per second, under {factor} "
                "times the {baseline} of the previous {days} days.",
            ),
            {"run": _K.INT, "rate": _K.DECIMAL, "factor": _K.DECIMAL, "baseline": _K.DECIMAL, "days": _K.COUNT},
        ),
        Spec(
            "alert.persistent_errors",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Invoices failing after {attempts} or more attempts grew from {before} to {current} with run {run}.",
            ),
            {"attempts": _K.COUNT, "before": _K.COUNT, "current": _K.COUNT, "run": _K.INT},
        ),
        Spec(
            "alert.provider_unavailable",
            QT_TRANSLATE_NOOP(
                "Messages",
                "Run {run} stopped: the provider was unavailable. "
                "{processed} of {planned} invoices were processed; the rest "
                "are untouched.",
            ),
            {"run": _K.INT, "processed": _K.COUNT, "planned": _K.COUNT},
        ),
        Spec(
            "alert.schedule_missed",
            QT_TRANSLATE_NOOP("Messages", "The scheduled run of {when} did not start."),
            {"when": _K.DATETIME},
        ),
        # -- importing files (contracts, payments, due dates) ------------------------------------
        Spec(
            "import.no_such_file",
            QT_TRANSLATE_NOOP("Messages", "no such file"),
            {},
        ),
        Spec(
            "import.folder",
            QT_TRANSLATE_NOOP("Messages", "this is a folder, not a CSV file"),
            {},
        ),
        Spec(
            "import.folder_table",
            QT_TRANSLATE_NOOP("Messages", "this is a folder, not a CSV or Excel file"),
            {},
        ),
        Spec(
            "import.cannot_read",
            QT_TRANSLATE_NOOP("Messages", "cannot read the file: {reason}"),
            {"reason": _K.TEXT},
        ),
        Spec(
            "import.empty_file",
            QT_TRANSLATE_NOOP("Messages", "the file is empty"),
            {},
        ),
        Spec(
            "import.xlsx_as_csv",
            QT_TRANSLATE_NOOP(
                "Messages", "this is an Excel workbook, not a CSV file: save it as CSV (';' or ',' separated)"
            ),
            {},
        ),
        Spec(
            "import.xls",
            QT_TRANSLATE_NOOP("Messages", "this is an old Excel 97-2003 workbook (.xls): save it as .xlsx or as CSV"),
            {},
        ),
        Spec(
            "import.binary",
            QT_TRANSLATE_NOOP("Messages", "the file holds binary data, not text: it is not a CSV file"),
            {},
        ),
        Spec(
            "import.undecodable",
            QT_TRANSLATE_NOOP("Messages", "cannot decode the file: it is neither UTF-8 nor Latin-1 / cp1252 text"),
            {},
        ),
        Spec(
            "import.mixed_encodings",
            QT_TRANSLATE_NOOP(
                "Messages",
                "the file mixes encodings: some lines are UTF-8 but line {line} is not (Latin-1 / cp1252?); save the "
                "whole file again as UTF-8",
            ),
            {"line": _K.INT},
        ),
        Spec(
            "import.bad_csv",
            QT_TRANSLATE_NOOP("Messages", "not a valid CSV file: {reason}"),
            {"reason": _K.TEXT},
        ),
        Spec(
            "import.bad_csv_after",
            QT_TRANSLATE_NOOP("Messages", "not a valid CSV file after line {line}: {reason}"),
            {"line": _K.INT, "reason": _K.TEXT},
        ),
        Spec(
            "import.no_separator",
            QT_TRANSLATE_NOOP(
                "Messages", "the first line has no comma, semicolon or tab between column names: this is not a CSV file"
            ),
            {},
        ),
        Spec(
            "import.same_meaning",
            QT_TRANSLATE_NOOP("Messages", "columns '{first}' and '{second}' both mean {meaning}; keep one"),
            {"first": _K.TEXT, "second": _K.TEXT, "meaning": _K.TEXT},
        ),
        Spec(
            "import.missing_columns",
            QT_TRANSLATE_NOOP("Messages", "missing required column(s): {wanted}. Columns found: {found}"),
            {"wanted": _K.TEXT, "found": _K.TEXT},
        ),
        Spec(
            "import.bidi",
            QT_TRANSLATE_NOOP(
                "Messages",
                "holds an invisible bidirectional control character ({char}) at position {position}: remove it",
            ),
            {"char": _K.TEXT, "position": _K.INT},
        ),
        Spec(
            "import.extra_cells",
            QT_TRANSLATE_NOOP("Messages", "the row has {values} values but the header has {columns} columns"),
            {"values": _K.INT, "columns": _K.INT},
        ),
        Spec(
            "import.bad_xlsx",
            QT_TRANSLATE_NOOP("Messages", "this is not a readable Excel workbook (.xlsx): {reason}"),
            {"reason": _K.TEXT},
        ),
        Spec(
            "import.no_sheet",
            QT_TRANSLATE_NOOP("Messages", "the workbook has no sheet with a header row"),
            {},
        ),
        Spec(
            "import.no_year",
            QT_TRANSLATE_NOOP("Messages", "'{value}' has no four-digit year: write dates as dd/mm/aaaa"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.not_a_date",
            QT_TRANSLATE_NOOP("Messages", "'{value}' is not a date: write dd/mm/aaaa or aaaa-mm-dd"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.no_month",
            QT_TRANSLATE_NOOP(
                "Messages", "'{value}' is not a valid date: there is no month {month} (dates are dd/mm/aaaa)"
            ),
            {"value": _K.TEXT, "month": _K.INT},
        ),
        Spec(
            "import.month_days",
            QT_TRANSLATE_NOOP("Messages", "'{value}' is not a valid date: month {month} of {year} has {days} days"),
            {"value": _K.TEXT, "month": _K.INT, "year": _K.INT, "days": _K.INT},
        ),
        Spec(
            "import.not_an_amount",
            QT_TRANSLATE_NOOP("Messages", "'{value}' is not an amount: write e.g. 1.234,56 or 1234.56"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.ambiguous_amount",
            QT_TRANSLATE_NOOP("Messages", "'{value}' is ambiguous: write 1234,00, 1.234,00 or 1234.00"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.thousands",
            QT_TRANSLATE_NOOP("Messages", "'{value}' has misplaced thousands separators"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.decimals",
            QT_TRANSLATE_NOOP("Messages", "'{value}' has more than 2 decimal places"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.too_long",
            QT_TRANSLATE_NOOP("Messages", "longer than {max} characters"),
            {"max": _K.INT},
        ),
        Spec(
            "import.missing",
            QT_TRANSLATE_NOOP("Messages", "missing value"),
            {},
        ),
        Spec(
            "import.document",
            QT_TRANSLATE_NOOP("Messages", "{reason} ({value})"),
            {"reason": _K.PARTS, "value": _K.TEXT},
        ),
        Spec(
            "import.excel_number",
            QT_TRANSLATE_NOOP(
                "Messages", "'{value}…' is a number Excel reformatted: format the column as text and export again"
            ),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.duplicate_contract",
            QT_TRANSLATE_NOOP("Messages", "duplicate contract number '{number}' (first on line {first})"),
            {"number": _K.TEXT, "first": _K.INT},
        ),
        Spec(
            "import.due_before_install",
            QT_TRANSLATE_NOOP("Messages", "due date {due} is before the install date {install}"),
            {"due": _K.TEXT, "install": _K.TEXT},
        ),
        Spec(
            "import.install_future",
            QT_TRANSLATE_NOOP("Messages", "install date {day} is in the future"),
            {"day": _K.TEXT},
        ),
        Spec(
            "import.install_early",
            QT_TRANSLATE_NOOP("Messages", "install date {day} is before {year}: check the year"),
            {"day": _K.TEXT, "year": _K.INT},
        ),
        Spec(
            "import.negative",
            QT_TRANSLATE_NOOP("Messages", "negative value {value}"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.too_large",
            QT_TRANSLATE_NOOP("Messages", "value {value} is too large"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.unknown_status",
            QT_TRANSLATE_NOOP("Messages", "unknown status '{value}' (expected ATIVO, CANCELADO or DOWNGRADE)"),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.due_out_of_range",
            QT_TRANSLATE_NOOP("Messages", "due date {day} is not between {first} and {last}: check the year"),
            {"day": _K.TEXT, "first": _K.INT, "last": _K.INT},
        ),
        Spec(
            "import.no_contract_rows",
            QT_TRANSLATE_NOOP("Messages", "the file has a header but no contract rows"),
            {},
        ),
        Spec(
            "import.no_payment_rows",
            QT_TRANSLATE_NOOP("Messages", "the file has a header but no payment rows"),
            {},
        ),
        Spec(
            "import.no_due_date_rows",
            QT_TRANSLATE_NOOP("Messages", "the file has a header but no due date rows"),
            {},
        ),
        Spec(
            "import.same_invoice",
            QT_TRANSLATE_NOOP("Messages", "the same invoice as line {first}: keep one row per invoice"),
            {"first": _K.INT},
        ),
        Spec(
            "import.missing_invoice",
            QT_TRANSLATE_NOOP("Messages", "missing value: give the invoice number or its due date"),
            {},
        ),
        Spec(
            "import.date_and_status",
            QT_TRANSLATE_NOOP("Messages", "a payment date ({day}) with status {status}: which one is right?"),
            {"day": _K.TEXT, "status": _K.TEXT},
        ),
        Spec(
            "import.unknown_payment_status",
            QT_TRANSLATE_NOOP(
                "Messages", "unknown payment status '{value}' (expected PAGO, NAO_PAGO, ATRASADO, AGUARDANDO or OUTROS)"
            ),
            {"value": _K.TEXT},
        ),
        Spec(
            "import.not_invoice_number",
            QT_TRANSLATE_NOOP("Messages", "'{value}' is not an invoice number: write 1 to {max} (or FPD, SPD, TPD)"),
            {"value": _K.TEXT, "max": _K.INT},
        ),
        Spec(
            "import.payment_future",
            QT_TRANSLATE_NOOP("Messages", "payment date {day} is in the future"),
            {"day": _K.TEXT},
        ),
        Spec(
            "import.payment_early",
            QT_TRANSLATE_NOOP("Messages", "payment date {day} is before {year}: check the year"),
            {"day": _K.TEXT, "year": _K.INT},
        ),
        Spec(
            "import.contract_no_invoices",
            QT_TRANSLATE_NOOP("Messages", "the contract has no invoices"),
            {},
        ),
        Spec(
            "import.same_due",
            QT_TRANSLATE_NOOP("Messages", "invoices {numbers} are all due on {due}: give the invoice number"),
            {"numbers": _K.TEXT, "due": _K.TEXT},
        ),
        Spec(
            "import.due_far",
            QT_TRANSLATE_NOOP(
                "Messages",
                "no invoice of the contract is due within {days} days of {due} (its first ones are due on {dates}…)",
            ),
            {"days": _K.INT, "due": _K.TEXT, "dates": _K.TEXT},
        ),
        Spec(
            "import.due_between",
            QT_TRANSLATE_NOOP(
                "Messages",
                "{due} is as near to invoice {first} ({first_due}) as to invoice {second} ({second_due}): "
                "give the invoice number",
            ),
            {"due": _K.TEXT, "first": _K.INT, "first_due": _K.TEXT, "second": _K.INT, "second_due": _K.TEXT},
        ),
        Spec(
            "import.unknown_contract",
            QT_TRANSLATE_NOOP("Messages", "unknown contract '{number}'"),
            {"number": _K.TEXT},
        ),
        Spec(
            "import.no_such_invoice",
            QT_TRANSLATE_NOOP("Messages", "contract '{number}' has no invoice {invoice}"),
            {"number": _K.TEXT, "invoice": _K.INT},
        ),
        Spec(
            "import.due_unresolved",
            QT_TRANSLATE_NOOP("Messages", "contract '{number}': {reason}"),
            {"number": _K.TEXT, "reason": _K.PARTS},
        ),
        Spec(
            "import.named_again",
            QT_TRANSLATE_NOOP(
                "Messages", "names invoice {invoice} of contract '{number}' again (first on line {first})"
            ),
            {"invoice": _K.INT, "number": _K.TEXT, "first": _K.INT},
        ),
        Spec(
            "document.empty",
            QT_TRANSLATE_NOOP("Messages", "empty document"),
            {},
        ),
        Spec(
            "document.cpf_digits",
            QT_TRANSLATE_NOOP("Messages", "a CPF has only digits"),
            {},
        ),
        Spec(
            "document.cpf_equal",
            QT_TRANSLATE_NOOP("Messages", "a CPF cannot have all digits equal"),
            {},
        ),
        Spec(
            "document.cpf_check",
            QT_TRANSLATE_NOOP("Messages", "invalid CPF check digits"),
            {},
        ),
        Spec(
            "document.cnpj_shape",
            QT_TRANSLATE_NOOP("Messages", "a CNPJ has 12 letters or digits followed by 2 digits"),
            {},
        ),
        Spec(
            "document.cnpj_equal",
            QT_TRANSLATE_NOOP("Messages", "a CNPJ cannot have all characters equal"),
            {},
        ),
        Spec(
            "document.cnpj_check",
            QT_TRANSLATE_NOOP("Messages", "invalid CNPJ check digits"),
            {},
        ),
        Spec(
            "document.length",
            QT_TRANSLATE_NOOP("Messages", "a document has 11 (CPF) or 14 (CNPJ) characters, got {length}"),
            {"length": _K.INT},
        ),
    )
}

# A run's closing messages that mean the provider stayed unavailable (the CLI's exit code 3).
PROVIDER_UNAVAILABLE_CODES = frozenset({"run.auth_refused", "run.throttled_out", "run.not_api", "run.no_answer"})

# The English of the "started by" identities (core's own words; the GUI translates them).
STARTED_BY_APP = QT_TRANSLATE_NOOP("Messages", "app — {user}")
STARTED_BY_CLI = QT_TRANSLATE_NOOP("Messages", "command line — {user}")
STARTED_BY_SCHEDULE = QT_TRANSLATE_NOOP("Messages", "schedule")
STARTED_BY_APP_ALONE = QT_TRANSLATE_NOOP("Messages", "app")
STARTED_BY_CLI_ALONE = QT_TRANSLATE_NOOP("Messages", "command line")
STARTED_BY_ANOTHER_WINDOW = QT_TRANSLATE_NOOP("Messages", "another window")
STARTED_BY_DEMO = QT_TRANSLATE_NOOP("Messages", "demo history")

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class MessageError(ValueError):
    """An unknown code, or parameters that do not fit it."""


class CodedError(ValueError):
    """An error a user reads: built from a message code and its parameters (or, for text of no
    code, from that text). `str(exc)` is the English sentence, `problem` the message to render
    in the interface language."""

    def __init__(self, problem: str | Msg, **params: Any) -> None:
        if isinstance(problem, Msg):
            m = problem
        elif problem in CATALOG and problem != LEGACY:
            m = msg(problem, **params)
        else:
            m = Msg(LEGACY, {"text": problem})
        super().__init__(render(m))
        self.problem = m


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def _plain(value: Any) -> Any:
    """A parameter as JSON keeps it: dates as ISO text, decimals as text, enums as their value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Msg):
        return {"c": value.code, "p": dict(value.params)} if value.params else {"c": value.code}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def msg(code: str, **params: Any) -> Msg:
    """A message, its parameters checked against the catalog (None drops an optional one)."""
    spec = CATALOG.get(code)
    if spec is None:
        raise MessageError(f"unknown message code {code!r}")
    unknown = set(params) - set(spec.params)
    if unknown:
        raise MessageError(f"{code}: unknown parameter(s) {sorted(unknown)}")
    values = {k: _plain(v) for k, v in params.items() if v is not None}
    missing = [p for p in placeholders(spec.template) if p not in values and spec.params[p] is not Kind.PARTS]
    if missing:
        raise MessageError(f"{code}: missing parameter(s) {missing}")
    return Msg(code, values)


def encode(code: str | Msg, **params: Any) -> str:
    """The stored form of a message: compact JSON."""
    m = code if isinstance(code, Msg) else msg(code, **params)
    return json.dumps(_plain(m), ensure_ascii=False, separators=(",", ":"))


def _from_json(data: Any) -> Msg | None:
    if not isinstance(data, dict) or not isinstance(data.get("c"), str) or data["c"] not in CATALOG:
        return None
    params = data.get("p", {})
    return Msg(data["c"], params) if isinstance(params, dict) else None


def decode(text: str | None) -> Msg:
    """The message stored as `text`; anything else is the legacy text shown as is."""
    if not text:
        return Msg(LEGACY, {"text": ""})
    if text.startswith('{"c":'):
        try:
            found = _from_json(json.loads(text))
        except ValueError:
            found = None
        if found is not None:
            return found
    return Msg(LEGACY, {"text": text})


def is_encoded(text: str | None) -> bool:
    return not decode(text).is_legacy


Translate = Callable[[str], str]
Format = Callable[[Kind, Any], str]


def identity(template: str) -> str:
    return template


def _nested(value: Any) -> list[Msg]:
    if not isinstance(value, list):
        return []
    return [m for m in (_from_json(v) for v in value) if m is not None]


def render(m: Msg, translate: Translate = identity, fmt: Format | None = None) -> str:
    """The sentence in the language of `translate`, its values formatted by `fmt`."""
    if m.is_legacy:
        return str(m.params.get("text", ""))
    spec = CATALOG[m.code]
    fmt = fmt or plain_format
    template = translate(spec.template) or spec.template

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        kind = spec.params.get(name)
        if kind is None:
            return match.group(0)
        value = m.params.get(name)
        if kind is Kind.PARTS:
            return "; ".join(render(p, translate, fmt) for p in _nested(value))
        if kind is Kind.DETAIL:
            return ""
        if value is None:
            return "—"
        return fmt(kind, value)

    text = _PLACEHOLDER.sub(fill, template)
    return " ".join(text.split()).replace(" .", ".").strip()


def details(m: Msg) -> str:
    """The technical detail a message carries (exception text, HTTP detail), nested ones included."""
    spec = CATALOG.get(m.code)
    if spec is None or m.is_legacy:
        return ""
    out: list[str] = []
    for name, kind in spec.params.items():
        value = m.params.get(name)
        if kind is Kind.DETAIL and value:
            out.append(str(value))
        elif kind is Kind.PARTS:
            out.extend(d for d in (details(p) for p in _nested(value)) if d)
    return "\n".join(out)


# -- English (and ISO) formatting, for the command line and logs ---------------------------------
def _english_label(value: str) -> str:
    return value.replace("_", " ").lower()


def plain_format(kind: Kind, value: Any) -> str:
    """English words, ISO dates, dot decimals: the command line's format."""
    if kind is Kind.COUNT:
        return f"{int(value):,}"
    if kind is Kind.MONEY:
        return f"R$ {Decimal(str(value)):,.2f}"
    if kind is Kind.DECIMAL:
        return f"{float(value):g}" if abs(float(value)) >= 100 else f"{float(value):.2f}".rstrip("0").rstrip(".")
    if kind is Kind.SECONDS:
        return f"{float(value):.3f}".rstrip("0").rstrip(".") + " s"
    if kind is Kind.PERCENT:
        return f"{float(value) * 100:.1f}%"
    if kind is Kind.DATETIME:
        return str(value).replace("T", " ")[:16]
    if kind is Kind.DATES:
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind in (Kind.OUTCOME, Kind.ORIGIN):
        return _english_label(str(value))
    if kind is Kind.STARTED_BY:
        return render_started_by(str(value))
    return str(value)


def started_by_parts(value: str | None) -> tuple[str, str]:
    """A stored "started by" as (template, user): "app:ana" -> (STARTED_BY_APP, "ana")."""
    text = value or ""
    if text == "another window":  # how the store names a cancel asked without saying who
        return STARTED_BY_ANOTHER_WINDOW, ""
    if text == "app:schedule":
        return STARTED_BY_SCHEDULE, ""
    if text == "demo-history":
        return STARTED_BY_DEMO, ""
    front, sep, user = text.partition(":")
    if sep and front == "app":
        return STARTED_BY_APP, user
    if sep and front == "cli":
        return STARTED_BY_CLI, user
    if text == "cli":
        return STARTED_BY_CLI_ALONE, ""
    if text == "app":
        return STARTED_BY_APP_ALONE, ""
    return "", text


def render_started_by(value: str | None, translate: Translate = identity) -> str:
    template, user = started_by_parts(value)
    return translate(template).replace("{user}", user) if template else user


def render_text(text: str | None, translate: Translate = identity, fmt: Format | None = None) -> str:
    """A stored text (encoded or legacy) as a sentence."""
    return render(decode(text), translate, fmt)


def render_log_line(line: str, translate: Translate = identity, fmt: Format | None = None) -> str:
    """A stored log line "HH:MM:SS <message>" (or a bare message) with its message rendered."""
    if line.startswith("{"):
        return render_text(line, translate, fmt)
    stamp, sep, rest = line.partition(" ")
    if sep and len(stamp) == 8 and stamp[2] == ":" and rest.startswith("{"):
        return f"{stamp} {render_text(rest, translate, fmt)}"
    return line


def log_line_details(line: str) -> str:
    return details(decode(line if line.startswith("{") else line.partition(" ")[2]))


def templates() -> list[str]:
    """Every template a message can render with (the catalog and the "started by" words)."""
    return [s.template for s in CATALOG.values() if s.code != LEGACY] + [
        STARTED_BY_APP,
        STARTED_BY_CLI,
        STARTED_BY_SCHEDULE,
        STARTED_BY_DEMO,
        STARTED_BY_APP_ALONE,
        STARTED_BY_CLI_ALONE,
        STARTED_BY_ANOTHER_WINDOW,
    ]


def codes() -> Sequence[str]:
    return [c for c in CATALOG if c != LEGACY]


def _strip(m: Msg) -> Msg:
    spec = CATALOG[m.code]
    params: dict[str, Any] = {}
    for name, value in m.params.items():
        kind = spec.params.get(name)
        if kind is Kind.DETAIL:
            continue
        params[name] = [_plain(_strip(p)) for p in _nested(value)] if kind is Kind.PARTS else value
    return Msg(m.code, params)


def without_details(text: str) -> str:
    """The stored message without its technical detail (to keep a published copy short)."""
    m = decode(text)
    return text if m.is_legacy else encode(_strip(m))


def group_key(text: str | None) -> str:
    """What groups a stored error: its code (the legacy text for old rows)."""
    m = decode(text)
    return m.params.get("text", "") if m.is_legacy else m.code


__all__ = [
    "CATALOG",
    "CONTEXT",
    "LEGACY",
    "PROVIDER_UNAVAILABLE_CODES",
    "Kind",
    "Msg",
    "MessageError",
    "Spec",
    "codes",
    "decode",
    "details",
    "encode",
    "group_key",
    "is_encoded",
    "msg",
    "plain_format",
    "placeholders",
    "render",
    "render_log_line",
    "render_started_by",
    "render_text",
    "started_by_parts",
    "templates",
]
