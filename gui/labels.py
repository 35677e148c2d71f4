"""How the domain's codes read on screen: translated names and the fixed status colours.

Codes (FetchStatus, Outcome, FetchOrigin, RunStatus, AlertKind, AlertSeverity) are stored and
exchanged as English upper-case values; users see them through these functions, translated in
the "Labels" context (contract statuses in "ContractLabels"). Unknown values are shown as they
are rather than raising. Colours are the only fixed colours of the interface: mid-tone hues
chosen to read on light and dark bases.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core.domain import AlertKind, AlertSeverity, ContractStatus, FetchOrigin, FetchStatus, Outcome, RunStatus
from gui.i18n import QT_TRANSLATE_NOOP

E = TypeVar("E", bound=StrEnum)
CONTEXT = "Labels"

_FETCH_STATUS: dict[FetchStatus, str] = {
    FetchStatus.PENDING: QT_TRANSLATE_NOOP("Labels", "Pending"),
    FetchStatus.SUCCESS: QT_TRANSLATE_NOOP("Labels", "Success"),
    FetchStatus.PARTIAL: QT_TRANSLATE_NOOP("Labels", "Partial"),
    FetchStatus.NOT_AVAILABLE: QT_TRANSLATE_NOOP("Labels", "Not available"),
    FetchStatus.ERROR: QT_TRANSLATE_NOOP("Labels", "Error"),
    FetchStatus.GAVE_UP: QT_TRANSLATE_NOOP("Labels", "Gave up"),
    FetchStatus.CLOSED: QT_TRANSLATE_NOOP("Labels", "No open debt (probably paid)"),
    FetchStatus.PAID: QT_TRANSLATE_NOOP("Labels", "Paid"),
}

_OUTCOME: dict[Outcome, str] = {
    Outcome.MATCHED: QT_TRANSLATE_NOOP("Labels", "Matched"),
    Outcome.MATCHED_DIVERGENT: QT_TRANSLATE_NOOP("Labels", "Matched with divergence"),
    Outcome.NOT_YET_AVAILABLE: QT_TRANSLATE_NOOP("Labels", "Not yet available"),
    Outcome.NO_DEBTS: QT_TRANSLATE_NOOP("Labels", "No debts"),
    Outcome.NO_MATCH: QT_TRANSLATE_NOOP("Labels", "No match"),
    Outcome.NOT_OPEN: QT_TRANSLATE_NOOP("Labels", "Not open (probably paid)"),
    Outcome.AMBIGUOUS: QT_TRANSLATE_NOOP("Labels", "Ambiguous"),
    Outcome.INVALID_DOCUMENT: QT_TRANSLATE_NOOP("Labels", "Invalid document"),
    Outcome.TIMEOUT: QT_TRANSLATE_NOOP("Labels", "Timeout"),
    Outcome.CONNECTION: QT_TRANSLATE_NOOP("Labels", "Connection failure"),
    Outcome.HTTP_5XX: QT_TRANSLATE_NOOP("Labels", "Provider error (5xx)"),
    Outcome.RATE_LIMITED: QT_TRANSLATE_NOOP("Labels", "Rate limited"),
    Outcome.AUTH: QT_TRANSLATE_NOOP("Labels", "Authentication failure"),
    Outcome.BAD_RESPONSE: QT_TRANSLATE_NOOP("Labels", "Bad response"),
    Outcome.DEFERRED: QT_TRANSLATE_NOOP("Labels", "Deferred (provider down)"),
}

_ORIGIN: dict[FetchOrigin, str] = {
    FetchOrigin.MANUAL: QT_TRANSLATE_NOOP("Labels", "Manual"),
    FetchOrigin.AUTOMATIC: QT_TRANSLATE_NOOP("Labels", "Automatic"),
    FetchOrigin.COHORT: QT_TRANSLATE_NOOP("Labels", "Cohort"),
    FetchOrigin.INDIVIDUAL: QT_TRANSLATE_NOOP("Labels", "Individual"),
    FetchOrigin.RETRY: QT_TRANSLATE_NOOP("Labels", "Forced retry"),
}

_RUN_STATUS: dict[RunStatus, str] = {
    RunStatus.RUNNING: QT_TRANSLATE_NOOP("Labels", "Running"),
    RunStatus.COMPLETED: QT_TRANSLATE_NOOP("Labels", "Completed"),
    RunStatus.FAILED: QT_TRANSLATE_NOOP("Labels", "Failed"),
    RunStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    RunStatus.INTERRUPTED: QT_TRANSLATE_NOOP("Labels", "Interrupted"),
}

# A context of their own: a contract's "Cancelled" is not a run's "Cancelled" in Portuguese
# (cancelado / cancelada).
CONTRACT_CONTEXT = "ContractLabels"
_CONTRACT_STATUS: dict[ContractStatus, str] = {
    ContractStatus.ACTIVE: QT_TRANSLATE_NOOP("ContractLabels", "Active"),
    ContractStatus.CANCELLED: QT_TRANSLATE_NOOP("ContractLabels", "Cancelled"),
    ContractStatus.DOWNGRADE: QT_TRANSLATE_NOOP("ContractLabels", "Downgrade"),
}

_ALERT_KIND: dict[AlertKind, str] = {
    AlertKind.ERROR_RATE: QT_TRANSLATE_NOOP("Labels", "Too many errors"),
    AlertKind.PERFORMANCE_DEGRADED: QT_TRANSLATE_NOOP("Labels", "Performance degraded"),
    AlertKind.SLOW_LOOKUPS: QT_TRANSLATE_NOOP("Labels", "Slow lookups"),
    AlertKind.LOW_THROUGHPUT: QT_TRANSLATE_NOOP("Labels", "Low throughput"),
    AlertKind.PERSISTENT_ERRORS_GROWING: QT_TRANSLATE_NOOP("Labels", "Persistent errors growing"),
    AlertKind.PROVIDER_UNAVAILABLE: QT_TRANSLATE_NOOP("Labels", "Provider unavailable"),
    AlertKind.SCHEDULED_RUN_MISSED: QT_TRANSLATE_NOOP("Labels", "Scheduled run missed"),
}

_SEVERITY: dict[AlertSeverity, str] = {
    AlertSeverity.INFO: QT_TRANSLATE_NOOP("Labels", "Info"),
    AlertSeverity.WARNING: QT_TRANSLATE_NOOP("Labels", "Warning"),
    AlertSeverity.CRITICAL: QT_TRANSLATE_NOOP("Labels", "Critical"),
}

# Status colours, in their light-palette tones until set_tones() says otherwise (below).
GREEN = QColor("#247a3d")
AMBER = QColor("#916213")
RED = QColor("#c93427")
PURPLE = QColor("#9544cb")
BLUE = QColor("#3370a9")
GREY = QColor("#686d76")
TEAL = QColor("#18786f")

# The same hues in a tone per palette, each at least 4.5:1 (WCAG AA) on that palette's window,
# base and alternate rows (gui.theme, tests/gui/test_theme.py). set_tones() changes the colours
# above in place, so every table and label that holds them follows the theme.
_TONES: dict[str, tuple[str, str]] = {  # name: (light palette, dark palette)
    "GREEN": ("#247a3d", "#31aa55"),
    "AMBER": ("#916213", "#c9881a"),
    "RED": ("#c93427", "#e3766c"),
    "PURPLE": ("#9544cb", "#b57edb"),
    "BLUE": ("#3370a9", "#609acf"),
    "GREY": ("#686d76", "#91959e"),
    "TEAL": ("#18786f", "#22a79b"),
}


def set_tones(dark: bool) -> None:
    """Give the status colours their tone for a dark or a light palette."""
    for name, (light_tone, dark_tone) in _TONES.items():
        globals()[name].setRgba(QColor(dark_tone if dark else light_tone).rgba())


def accents() -> tuple[QColor, ...]:
    """The status colours, as now toned."""
    return tuple(globals()[name] for name in _TONES)

_STATUS_COLOR: dict[FetchStatus, QColor] = {
    FetchStatus.PENDING: GREY,
    FetchStatus.SUCCESS: GREEN,
    FetchStatus.PARTIAL: AMBER,
    FetchStatus.NOT_AVAILABLE: GREY,
    FetchStatus.ERROR: RED,
    FetchStatus.GAVE_UP: PURPLE,
    FetchStatus.CLOSED: TEAL,
    FetchStatus.PAID: TEAL,
}

_RUN_STATUS_COLOR: dict[RunStatus, QColor] = {
    RunStatus.RUNNING: BLUE,
    RunStatus.COMPLETED: GREEN,
    RunStatus.FAILED: RED,
    RunStatus.CANCELLED: AMBER,
    RunStatus.INTERRUPTED: PURPLE,
}

_SEVERITY_COLOR: dict[AlertSeverity, QColor] = {
    AlertSeverity.INFO: BLUE,
    AlertSeverity.WARNING: AMBER,
    AlertSeverity.CRITICAL: RED,
}


def _coerce(enum_type: type[E], value: object) -> E | None:
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        try:
            return enum_type(value.strip().upper())
        except ValueError:
            return None
    return None


def _label(enum_type: type[E], names: dict[E, str], value: object, context: str = CONTEXT) -> str:
    if value is None:
        return "—"
    key = _coerce(enum_type, value)
    if key is None or key not in names:
        return str(value)
    return QCoreApplication.translate(context, names[key])


def status_label(value: FetchStatus | str | None) -> str:
    """An invoice's fetch status: "SUCCESS" → "Success"."""
    return _label(FetchStatus, _FETCH_STATUS, value)


def outcome_label(value: Outcome | str | None) -> str:
    """One attempt's outcome: "NO_MATCH" → "No match"."""
    return _label(Outcome, _OUTCOME, value)


def origin_label(value: FetchOrigin | str | None) -> str:
    """What started a fetch: "RETRY" → "Forced retry"."""
    return _label(FetchOrigin, _ORIGIN, value)


def run_status_label(value: RunStatus | str | None) -> str:
    """A run's status: "CANCELLED" → "Cancelled"."""
    return _label(RunStatus, _RUN_STATUS, value)


def contract_status_label(value: ContractStatus | str | None) -> str:
    """A contract's status: "DOWNGRADE" → "Downgrade"."""
    return _label(ContractStatus, _CONTRACT_STATUS, value, CONTRACT_CONTEXT)


def alert_kind_label(value: AlertKind | str | None) -> str:
    return _label(AlertKind, _ALERT_KIND, value)


def severity_label(value: AlertSeverity | str | None) -> str:
    return _label(AlertSeverity, _SEVERITY, value)


def status_color(value: FetchStatus | str | None) -> QColor | None:
    key = _coerce(FetchStatus, value)
    return _STATUS_COLOR.get(key) if key is not None else None


def run_status_color(value: RunStatus | str | None) -> QColor | None:
    key = _coerce(RunStatus, value)
    return _RUN_STATUS_COLOR.get(key) if key is not None else None


def severity_color(value: AlertSeverity | str | None) -> QColor | None:
    key = _coerce(AlertSeverity, value)
    return _SEVERITY_COLOR.get(key) if key is not None else None


def outcome_color(value: Outcome | str | None) -> QColor | None:
    """Matches green, divergent amber, not available grey, business and transport failures red."""
    key = _coerce(Outcome, value)
    if key is None:
        return None
    if key is Outcome.MATCHED:
        return GREEN
    if key is Outcome.MATCHED_DIVERGENT:
        return AMBER
    if key.is_not_available or key is Outcome.DEFERRED:
        return GREY
    return RED


__all__ = [
    "AMBER",
    "BLUE",
    "GREEN",
    "GREY",
    "PURPLE",
    "RED",
    "alert_kind_label",
    "contract_status_label",
    "origin_label",
    "outcome_color",
    "outcome_label",
    "run_status_color",
    "run_status_label",
    "severity_color",
    "severity_label",
    "status_color",
    "status_label",
]


def run_message(run: Any) -> str:
    """A run's closing message in the interface language.

    The engine stores its message as a code with parameters (core.messages), rendered here;
    a message stored in English by an older version is rebuilt from the run's status and figures.
    `run` is a RunSummary, a RunResult or a ProgressSnapshot: anything with `status`, `message`
    and the counters (directly or in `.counters`). Unusual old messages are shown as stored.
    """
    status = _coerce(RunStatus, getattr(run, "status", None))
    message = getattr(run, "message", "") or ""
    from core.messages import is_encoded

    if is_encoded(message):
        from gui.message_text import message_text

        return message_text(message)
    figures = getattr(run, "counters", run)
    if status is RunStatus.COMPLETED:
        text = QCoreApplication.translate(
            "Labels", "Completed: %1 success, %2 partial, %3 not available, %4 no open debt, %5 errors, "
                      "%6 gave up.")
        for i, name in enumerate(("successes", "partial", "not_available", "closed", "errors", "gave_up"), start=1):
            text = text.replace(f"%{i}", str(getattr(figures, name, 0)))
        return text
    if status is RunStatus.CANCELLED:
        return QCoreApplication.translate("Labels", "Cancelled by the user; what was fetched is kept.")
    if status is RunStatus.INTERRUPTED:
        return QCoreApplication.translate("Labels", "Interrupted: the process running it stopped before it "
                                                    "finished. What it wrote is kept.")
    if status is RunStatus.FAILED and message.startswith("provider unavailable"):
        return QCoreApplication.translate("Labels", "Provider unavailable: the remaining invoices were left "
                                                    "untouched.")
    return message


def nothing_message(nothing: Any) -> str:
    """Why a run had nothing to fetch (core.eligibility.NothingToDo), in the interface language."""
    from core.eligibility import EmptyReason
    from gui import formatting as fmt

    s = nothing.summary
    if nothing.reason is EmptyReason.NO_INVOICES:
        return QCoreApplication.translate("Labels", "Nothing to fetch: no invoice matches this selection.")
    if nothing.reason is EmptyReason.NOT_YET_AVAILABLE:
        if s.next_available is not None:
            text = QCoreApplication.translate(
                "Labels", "Nothing to fetch yet: %1 invoice(s) are not available at the operator; the next becomes "
                          "available on %2.")
            return text.replace("%1", fmt.number(s.waiting)).replace("%2", fmt.day(s.next_available))
        text = QCoreApplication.translate(
            "Labels", "Nothing to fetch yet: %1 invoice(s) are not available at the operator.")
        return text.replace("%1", fmt.number(s.waiting))
    if nothing.reason is EmptyReason.ONLY_GAVE_UP:
        text = QCoreApplication.translate(
            "Labels", "Nothing to fetch: the %1 invoice(s) left gave up after their attempts; retry them from "
                      "Problems.")
        return text.replace("%1", fmt.number(s.gave_up))
    text = QCoreApplication.translate(
        "Labels", "Nothing to fetch: everything in this selection is fetched (%1), has no open debt at the "
                  "operator (%2) or is paid (%3).")
    return text.replace("%1", fmt.number(s.fetched)).replace("%2", fmt.number(s.closed)).replace(
        "%3", fmt.number(s.paid))
