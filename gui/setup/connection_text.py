"""A connection check's verdict (core.provider.connection_check) in plain words, in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.provider.connection_check import ConnectionCheck, Step, Verdict
from gui import formatting as fmt

CONTEXT = "ConnectionCheck"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _ms(seconds: float | None) -> str:
    return fmt.number((seconds or 0.0) * 1000)


def describe(check: ConnectionCheck) -> str:
    """One or two sentences a user understands: what happened and what to do."""
    if check.verdict is Verdict.OK:
        return (_tr("Connection OK: the operator answered the sign-in in %1 ms and a lookup in %2 ms.")
                .replace("%1", _ms(check.handshake_seconds)).replace("%2", _ms(check.lookup_seconds)))
    if check.verdict is Verdict.WRONG_KEY:
        return _tr("The operator refused the key string: check that it was copied whole, with no space "
                   "missing or added.")
    if check.verdict is Verdict.UNREACHABLE:
        return _tr("Could not reach the operator's server: check the URL and this computer's internet "
                   "connection (or proxy).")
    if check.verdict is Verdict.TIMEOUT:
        where = _tr("during the sign-in") if check.step is Step.HANDSHAKE else _tr("during the lookup")
        return (_tr("The operator's server did not answer in time (%1). It may be overloaded: try again "
                    "in a few minutes.").replace("%1", where))
    if check.verdict is Verdict.BAD_URL:
        if check.detail == "no key string":
            return _tr("Type the key string first.")
        return _tr("The URL must start with http:// or https://.")
    status = (_tr(" (HTTP %1)").replace("%1", str(check.http_status)) if check.http_status else "")
    where = _tr("to the sign-in") if check.step is Step.HANDSHAKE else _tr("to the lookup")
    return (_tr("The server answered %1 with something unexpected%2: is this the operator's portal URL? "
                "If it is, the operator may be having trouble.").replace("%1", where).replace("%2", status))


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
