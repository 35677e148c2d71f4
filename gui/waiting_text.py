"""How the app words what waits, the same on every screen: "Pending" ("Pendentes") is what a
run started now would fetch; "Not yet available" ("Ainda não disponíveis") is what the operator
will only have from a later day (storage.analytics.waiting has the rule)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui import formatting as fmt
from storage.analytics.waiting import WaitingCounts


def pending_tooltip(w: WaitingCounts | None = None) -> str:
    text = QCoreApplication.translate(
        "Waiting", "To fetch now: what a run started now takes (never fetched, not listed yet and due to be "
        "asked again, or in error), among the invoices available from today or earlier.")
    if w is None:
        return text
    return text + "\n" + pending_breakdown(w)


def pending_breakdown(w: WaitingCounts) -> str:
    return (QCoreApplication.translate("Waiting", "%1 never fetched · %2 to ask again · %3 in error")
            .replace("%1", fmt.number(w.never_fetched)).replace("%2", fmt.number(w.looked_again))
            .replace("%3", fmt.number(w.errors)))


def waiting_tooltip(w: WaitingCounts) -> str:
    """Pending (to fetch now) with its parts, and the not yet available beside it."""
    return pending_breakdown(w) + "\n" + QCoreApplication.translate("Waiting", "Not yet available: %1").replace(
        "%1", fmt.number(w.not_yet_available))


def not_yet_available_tooltip() -> str:
    return QCoreApplication.translate(
        "Waiting", "Not fetched or not listed by the operator yet, and available only from a later day: no run "
        "asks for them before that.")


__all__ = ["not_yet_available_tooltip", "pending_breakdown", "pending_tooltip", "waiting_tooltip"]
