"""The catalog of what the engine, matching, alerts and the store tell a user: each message code
with its English template (named placeholders) and the kind of each parameter. core.messages
encodes, decodes and renders them; the importers' codes are in core.import_catalog.

Templates are marked with `QT_TRANSLATE_NOOP("Messages", ...)`, an identity here, so that
pyside6-lupdate collects them into the translation file with the rest of the interface
(scripts/update_translations.py scans this module).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for translation under `context`; returns it unchanged."""
    return text


class Kind(enum.StrEnum):
    INT = "int"  # a plain integer: an id, an HTTP status, a day of the month, a line
    COUNT = "count"  # a quantity, with thousands separators
    DECIMAL = "decimal"
    MONEY = "money"  # reais
    SECONDS = "seconds"
    DATE = "date"  # ISO text
    DATES = "dates"  # a list of ISO dates
    DATETIME = "datetime"  # ISO text with offset
    PERCENT = "percent"  # a share 0..1
    TEXT = "text"  # shown as is (a contract number, a masked document, a value as typed)
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


K = Kind

RUN_SPECS: tuple[Spec, ...] = (
    # -- the engine's log ------------------------------------------------------------------------------------
    Spec("run.started", QT_TRANSLATE_NOOP("Messages", "Run {run} started ({origin}): {invoices} invoice(s), "
                                                      "{documents} document(s), {contracts} contract(s)."),
         {"run": K.INT, "origin": K.ORIGIN, "invoices": K.COUNT, "documents": K.COUNT, "contracts": K.COUNT}),
    Spec("run.invoice_failed", QT_TRANSLATE_NOOP("Messages", "Contract {contract}, invoice {invoice} "
                                                             "({document}): {outcome}. {reason}"),
         {"contract": K.TEXT, "invoice": K.TEXT, "document": K.TEXT, "outcome": K.OUTCOME, "reason": K.PARTS,
          "detail": K.DETAIL}),
    Spec("run.invoice_gave_up", QT_TRANSLATE_NOOP("Messages", "Contract {contract}, invoice {invoice} "
                                                              "({document}): {outcome}; no attempts left. "
                                                              "{reason}"),
         {"contract": K.TEXT, "invoice": K.TEXT, "document": K.TEXT, "outcome": K.OUTCOME, "reason": K.PARTS,
          "detail": K.DETAIL}),
    Spec("run.slowing_down", QT_TRANSLATE_NOOP("Messages", "The provider answers 429 (too many requests): "
                                                           "slowing down; nothing is counted against the "
                                                           "invoices.")),
    Spec("run.wall", QT_TRANSLATE_NOOP("Messages", "Most answers are not the provider's API (a captcha or login "
                                                   "page?): pausing those lookups; nothing is counted against "
                                                   "the invoices.")),
    Spec("run.outage_pause", QT_TRANSLATE_NOOP("Messages", "The provider is failing: {failures} failures in a "
                                                           "row; pausing lookups (nothing is counted against "
                                                           "the invoices while it is down)."),
         {"failures": K.COUNT}),
    # -- a run's closing message -----------------------------------------------------------------------------
    Spec("run.completed", QT_TRANSLATE_NOOP("Messages", "Completed: {successes} success, {partial} partial, "
                                                        "{not_available} not available, {closed} no open debt, "
                                                        "{errors} error(s), {gave_up} gave up."),
         {"successes": K.COUNT, "partial": K.COUNT, "not_available": K.COUNT, "closed": K.COUNT, "errors": K.COUNT,
          "gave_up": K.COUNT}),
    Spec("run.cancelled", QT_TRANSLATE_NOOP("Messages", "Cancelled by the user; what was fetched is kept.")),
    Spec("run.cancelled_by", QT_TRANSLATE_NOOP("Messages", "Cancelled by {who}; what was fetched is kept."),
         {"who": K.STARTED_BY}),
    Spec("run.interrupted", QT_TRANSLATE_NOOP("Messages", "Interrupted: the process running it stopped before "
                                                          "it finished; what it wrote is kept.")),
    Spec("run.interrupted_key", QT_TRANSLATE_NOOP("Messages", "Stopped from the keyboard (Ctrl+C); what was "
                                                              "fetched is kept.")),
    Spec("run.internal_error", QT_TRANSLATE_NOOP("Messages", "Stopped by an internal error; what was fetched is "
                                                             "kept."),
         {"detail": K.DETAIL}),
    Spec("run.key_mismatch", QT_TRANSLATE_NOOP("Messages", "Provider unavailable: the key string does not "
                                                           "decrypt the portal's parameters; check the key in "
                                                           "Preferences (Operator). The remaining invoices "
                                                           "were left untouched."),
         {"detail": K.DETAIL}),
    Spec("run.auth_refused", QT_TRANSLATE_NOOP("Messages", "Provider unavailable: it refused our credentials; "
                                                           "check the provider URL and key string. The "
                                                           "remaining invoices were left untouched."),
         {"detail": K.DETAIL}),
    Spec("run.throttled_out", QT_TRANSLATE_NOOP("Messages", "Provider unavailable: only 'too many requests' "
                                                            "(HTTP 429) for {seconds}. The remaining invoices "
                                                            "were left untouched."),
         {"seconds": K.SECONDS}),
    Spec("run.not_api", QT_TRANSLATE_NOOP("Messages", "Provider unavailable: for {seconds} its answers were not "
                                                      "its API (a captcha or login page?). The remaining "
                                                      "invoices were left untouched."),
         {"seconds": K.SECONDS, "detail": K.DETAIL}),
    Spec("run.no_answer", QT_TRANSLATE_NOOP("Messages", "Provider unavailable: no answer for {seconds}. The "
                                                        "remaining invoices were left untouched."),
         {"seconds": K.SECONDS}),
    # -- the store refusing a write --------------------------------------------------------------------------
    Spec("store.disk_full", QT_TRANSLATE_NOOP("Messages", "The disk is full: the database cannot take the run's "
                                                          "results."),
         {"detail": K.DETAIL}),
    Spec("store.locked", QT_TRANSLATE_NOOP("Messages", "The database is locked by another program (waited "
                                                       "{seconds})."),
         {"seconds": K.SECONDS}),
    Spec("store.connection_lost", QT_TRANSLATE_NOOP("Messages", "The connection to the database server was "
                                                                "lost."),
         {"detail": K.DETAIL}),
    Spec("store.refused", QT_TRANSLATE_NOOP("Messages", "The database refused the write."),
         {"detail": K.DETAIL}),
    # -- the process a window runs the engine in -------------------------------------------------------------
    Spec("run.process_not_started", QT_TRANSLATE_NOOP("Messages", "The run could not start its process."),
         {"detail": K.DETAIL}),
    Spec("run.process_ended", QT_TRANSLATE_NOOP("Messages", "The run's process ended unexpectedly: the run is "
                                                            "closed as interrupted, with what it had stored."),
         {"detail": K.DETAIL}),
    Spec("run.failed", QT_TRANSLATE_NOOP("Messages", "The run stopped with an unexpected error."),
         {"detail": K.DETAIL}),
    # -- a lookup that failed --------------------------------------------------------------------------------
    Spec("lookup.failed", QT_TRANSLATE_NOOP("Messages", "The lookup failed: {outcome}."),
         {"outcome": K.OUTCOME, "detail": K.DETAIL}),
    Spec("lookup.failed_http", QT_TRANSLATE_NOOP("Messages", "The lookup failed: {outcome} (HTTP {http})."),
         {"outcome": K.OUTCOME, "http": K.INT, "detail": K.DETAIL}),
    Spec("lookup.unreadable", QT_TRANSLATE_NOOP("Messages", "Not in the answer, which held {count} malformed "
                                                            "invoice(s) that could not be read."),
         {"count": K.COUNT}),
    # -- matching --------------------------------------------------------------------------------------------
    Spec("match.no_debts", QT_TRANSLATE_NOOP("Messages", "The provider lists no open invoice for this document.")),
    Spec("match.matched", QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount not "
                                                        "checked)."),
         {"due": K.DATE}),
    Spec("match.matched_amount", QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount "
                                                               "within tolerance)."),
         {"due": K.DATE}),
    Spec("match.matched_day", QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount not "
                                                            "checked); the customer's due day is {day}."),
         {"due": K.DATE, "day": K.INT}),
    Spec("match.matched_amount_day", QT_TRANSLATE_NOOP("Messages", "Matched the open invoice due {due} (amount "
                                                                   "within tolerance); the customer's due day "
                                                                   "is {day}."),
         {"due": K.DATE, "day": K.INT}),
    Spec("match.divergent", QT_TRANSLATE_NOOP("Messages", "Divergence: {problems}."),
         {"problems": K.PARTS}),
    Spec("match.divergent_day", QT_TRANSLATE_NOOP("Messages", "Divergence: {problems}; the "
                                                              "customer's due day is {day}."),
         {"problems": K.PARTS, "day": K.INT}),
    Spec("match.due_later", QT_TRANSLATE_NOOP("Messages", "due {due}, {days} day(s) later than expected"),
         {"due": K.DATE, "days": K.COUNT}),
    Spec("match.due_earlier", QT_TRANSLATE_NOOP("Messages", "due {due}, {days} day(s) earlier than expected"),
         {"due": K.DATE, "days": K.COUNT}),
    Spec("match.amount_off", QT_TRANSLATE_NOOP("Messages", "amount {amount} differs from the expected "
                                                           "{expected} by {diff}"),
         {"amount": K.MONEY, "expected": K.MONEY, "diff": K.MONEY}),
    Spec("match.due_day_guess", QT_TRANSLATE_NOOP("Messages", "due {due}: the customer's due day seems to be "
                                                              "{day}, not ours"),
         {"due": K.DATE, "day": K.INT}),
    Spec("match.ambiguous", QT_TRANSLATE_NOOP("Messages", "{count} open invoice(s) due on {due} "
                                                          "could be this one or another invoice of the same "
                                                          "document; they cannot be told apart."),
         {"count": K.COUNT, "due": K.DATE}),
    Spec("match.ambiguous_window", QT_TRANSLATE_NOOP("Messages", "{count} open invoice(s) due within "
                                                                 "the day tolerance ({dues}) could be this one "
                                                                 "or another invoice of the same document; they "
                                                                 "cannot be told apart."),
         {"count": K.COUNT, "dues": K.DATES}),
    Spec("match.not_yet", QT_TRANSLATE_NOOP("Messages", "No open invoice due on {due} (±{days} day(s)) yet; the "
                                                        "operator may not have issued it."),
         {"due": K.DATE, "days": K.COUNT}),
    Spec("match.not_open", QT_TRANSLATE_NOOP("Messages", "No open invoice due on {due} (±{days} day(s)): the "
                                                         "customer's open invoices are all other invoices (this "
                                                         "one is most likely paid)."),
         {"due": K.DATE, "days": K.COUNT}),
    Spec("match.no_match", QT_TRANSLATE_NOOP("Messages", "No open invoice due on {due} (±{days} day(s)), but "
                                                         "the customer has {count} open invoice(s) that match "
                                                         "none of ours by date (due {dues})."),
         {"due": K.DATE, "days": K.COUNT, "count": K.COUNT, "dues": K.DATES}),
    Spec("match.taken", QT_TRANSLATE_NOOP("Messages", "No open invoice at the provider for it: the open ones "
                                                      "are already matched to other invoices (probably paid).")),
    # -- alerts ----------------------------------------------------------------------------------------------
    Spec("alert.error_rate", QT_TRANSLATE_NOOP("Messages", "Run {run} ended with {failed} of {processed} "
                                                           "invoices in error ({share}, over the {limit} "
                                                           "threshold)."),
         {"run": K.INT, "failed": K.COUNT, "processed": K.COUNT, "share": K.PERCENT, "limit": K.PERCENT}),
    Spec("alert.slow_lookups", QT_TRANSLATE_NOOP("Messages", "Run {run} took {seconds} per lookup (median), "
                                                             "over {factor} times the {baseline} of the "
                                                             "previous {days} days."),
         {"run": K.INT, "seconds": K.SECONDS, "factor": K.DECIMAL, "baseline": K.SECONDS, "days": K.COUNT}),
    Spec("alert.low_throughput", QT_TRANSLATE_NOOP("Messages", "Run {run} processed {rate} invoices per second, "
                                                               "under {factor} times the {baseline} of the "
                                                               "previous {days} days."),
         {"run": K.INT, "rate": K.DECIMAL, "factor": K.DECIMAL, "baseline": K.DECIMAL, "days": K.COUNT}),
    Spec("alert.persistent_errors", QT_TRANSLATE_NOOP("Messages", "Invoices failing after {attempts} or more "
                                                                  "attempts grew from {before} to {current} "
                                                                  "with run {run}."),
         {"attempts": K.COUNT, "before": K.COUNT, "current": K.COUNT, "run": K.INT}),
    Spec("alert.provider_unavailable", QT_TRANSLATE_NOOP("Messages", "Run {run} stopped: the provider was "
                                                                     "unavailable. {processed} of {planned} "
                                                                     "invoices were processed; the rest are "
                                                                     "untouched."),
         {"run": K.INT, "processed": K.COUNT, "planned": K.COUNT}),
    Spec("alert.schedule_missed", QT_TRANSLATE_NOOP("Messages", "The scheduled run of {when} did not start."),
         {"when": K.DATETIME}),
)

# A run's closing messages that mean the provider stayed unavailable (the CLI's exit code 3).
PROVIDER_UNAVAILABLE_CODES = frozenset({"run.key_mismatch", "run.auth_refused", "run.throttled_out", "run.not_api",
                                        "run.no_answer"})

# Who started a run (fetch_run.started_by keeps "app:USER", "cli:USER", "app:schedule", ...).
STARTED_BY_APP = QT_TRANSLATE_NOOP("Messages", "app — {user}")
STARTED_BY_CLI = QT_TRANSLATE_NOOP("Messages", "command line — {user}")
STARTED_BY_SCHEDULE = QT_TRANSLATE_NOOP("Messages", "schedule")
STARTED_BY_APP_ALONE = QT_TRANSLATE_NOOP("Messages", "app")
STARTED_BY_CLI_ALONE = QT_TRANSLATE_NOOP("Messages", "command line")
STARTED_BY_ANOTHER_WINDOW = QT_TRANSLATE_NOOP("Messages", "another window")
STARTED_BY_DEMO = QT_TRANSLATE_NOOP("Messages", "demo history")
STARTED_BY_TEMPLATES = (STARTED_BY_APP, STARTED_BY_CLI, STARTED_BY_SCHEDULE, STARTED_BY_APP_ALONE, STARTED_BY_CLI_ALONE,
                        STARTED_BY_ANOTHER_WINDOW, STARTED_BY_DEMO)
