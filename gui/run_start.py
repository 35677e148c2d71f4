"""Starting a run from the interface, with the one set of messages for why it cannot start:
a run already going, no provider configured, or an invalid request."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.domain import FetchOrigin
from core.eligibility import explain_empty
from gui import formatting as fmt
from gui.labels import nothing_message
from gui.services import Services
from runner.build import ProviderNotConfigured


def tell_busy(parent: QWidget) -> None:
    QMessageBox.information(parent, QCoreApplication.translate("RunStart", "A run is going"),
                            QCoreApplication.translate("RunStart",
                                                       "A run is already going. Try again when it has finished."))


def start_run(parent: QWidget, services: Services, origin: FetchOrigin, **request: Any) -> bool:
    """Start a run of `origin` (RunRequest fields in `request`); explain in a dialog if it can't."""
    if services.controller.busy:
        tell_busy(parent)
        return False
    try:
        run_request = services.make_request(origin, **request)
        summary = services.summarize(run_request)
        if not summary.eligible:  # say why instead of making an empty run
            QMessageBox.information(parent, QCoreApplication.translate("RunStart", "Nothing to fetch"),
                                    nothing_message(explain_empty(summary)))
            return False
        started = services.start_run(run_request)
        if started:
            window = parent.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(QCoreApplication.translate("RunStart", "Fetching %1 invoice(s)…").replace(
                    "%1", fmt.number(summary.eligible)), 10_000)
    except ProviderNotConfigured as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("RunStart", "Provider not configured"), str(exc))
        return False
    except ValueError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("RunStart", "Cannot start the fetch"), str(exc))
        return False
    if not started:
        tell_busy(parent)
    return started
