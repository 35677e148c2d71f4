"""A connection check's verdict (core.provider.connection_check) in plain words, in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.provider.connection_check import ConnectionCheck, Step, Verdict
from gui import formatting as fmt
from gui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "ConnectionCheck"

_SENTENCES: dict[Verdict, str] = {
    Verdict.OK: QT_TRANSLATE_NOOP(
        "ConnectionCheck", "Connection OK: the operator answered the sign-in in %1 ms and a lookup in %2 ms."),
    Verdict.WRONG_KEY: QT_TRANSLATE_NOOP(
        "ConnectionCheck",
        "The operator refused the key string: check that it was copied whole, with no space missing or added."),
    Verdict.UNREACHABLE: QT_TRANSLATE_NOOP(
        "ConnectionCheck",
        "Could not reach the operator's server: check the URL and this computer's internet connection (or proxy)."),
    Verdict.TIMEOUT: QT_TRANSLATE_NOOP(
        "ConnectionCheck",
        "The operator's server did not answer in time (%1). It may be overloaded: try again in a few minutes."),
    Verdict.BAD_URL: QT_TRANSLATE_NOOP("ConnectionCheck", "The URL must start with http:// or https://."),
    Verdict.UNEXPECTED: QT_TRANSLATE_NOOP(
        "ConnectionCheck",
        "The server answered %1 with something unexpected%2: is this the operator's portal URL? If it is, the "
        "operator may be having trouble."),
}
_NO_KEY = QT_TRANSLATE_NOOP("ConnectionCheck", "Type the key string first.")
_DURING = {Step.HANDSHAKE: QT_TRANSLATE_NOOP("ConnectionCheck", "during the sign-in"),
           Step.LOOKUP: QT_TRANSLATE_NOOP("ConnectionCheck", "during the lookup")}
_TO = {Step.HANDSHAKE: QT_TRANSLATE_NOOP("ConnectionCheck", "to the sign-in"),
       Step.LOOKUP: QT_TRANSLATE_NOOP("ConnectionCheck", "to the lookup")}
_HTTP = QT_TRANSLATE_NOOP("ConnectionCheck", " (HTTP %1)")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _ms(seconds: float | None) -> str:
    return fmt.number((seconds or 0.0) * 1000)


def describe(check: ConnectionCheck) -> str:
    """One or two sentences a user understands: what happened and what to do."""
    sentence = _tr(_SENTENCES[check.verdict])
    if check.verdict is Verdict.OK:
        return sentence.replace("%1", _ms(check.handshake_seconds)).replace("%2", _ms(check.lookup_seconds))
    if check.verdict is Verdict.TIMEOUT:
        return sentence.replace("%1", _tr(_DURING.get(check.step, _DURING[Step.LOOKUP])))
    if check.verdict is Verdict.BAD_URL and check.detail == "no key string":
        return _tr(_NO_KEY)
    if check.verdict is Verdict.UNEXPECTED:
        status = _tr(_HTTP).replace("%1", str(check.http_status)) if check.http_status else ""
        return sentence.replace("%1", _tr(_TO.get(check.step, _TO[Step.LOOKUP]))).replace("%2", status)
    return sentence


def technical(check: ConnectionCheck) -> str:
    """The details for "technical details": step, status, the client's message (never the key)."""
    parts = [f"verdict={check.verdict.value}", f"step={check.step.value}"]
    if check.http_status is not None:
        parts.append(f"http={check.http_status}")
    if check.handshake_seconds is not None:
        parts.append(f"handshake={check.handshake_seconds:.3f}s")
    if check.lookup_seconds is not None:
        parts.append(f"lookup={check.lookup_seconds:.3f}s")
    if check.detail:
        parts.append(check.detail)
    return " · ".join(parts)
