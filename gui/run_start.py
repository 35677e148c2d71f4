"""Starting a run from the interface, with the one set of messages for why it cannot start:
a run already going, no provider configured, or an invalid request."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from core.domain import FetchOrigin
from gui import formatting as fmt
from gui.labels import nothing_message
from gui.services import Services
from runner.build import ProviderNotConfigured

PROVIDER_PAGE = 1  # SettingsDialog.PROVIDER (not imported: the dialog is loaded on first use)


def tell_busy(parent: QWidget) -> None:
    QMessageBox.information(parent, QCoreApplication.translate("RunStart", "A run is going"),
                            QCoreApplication.translate("RunStart",
                                                       "A run is already going. Try again when it has finished."))


def _status(parent: QWidget, text: str) -> None:
    """A message in the main window's status bar, if the parent has one."""
    bar = getattr(parent.window(), "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 15_000)


def start_run(parent: QWidget, services: Services, origin: FetchOrigin, **request: Any) -> bool:
    """Start a run of `origin` (RunRequest fields in `request`); explain in a dialog if it can't."""
    if services.controller.busy:
        tell_busy(parent)
        return False
    try:
        run_request = services.make_request(origin, **request)
        summary = services.summarize(run_request)
        if not summary.eligible:  # say why instead of making an empty run (a dialog that does not block)
            from core.eligibility import explain_empty  # loaded when needed, not before the first paint

            text = nothing_message(explain_empty(summary))
            box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("RunStart", "Nothing to fetch"),
                              text, QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("nothingToFetch")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            _status(parent, text)
            return False
        started = services.start_run(run_request)
        if started:
            _status(parent, QCoreApplication.translate("RunStart", "Fetching %1 invoice(s)…").replace(
                "%1", fmt.number(summary.eligible)))
    except ProviderNotConfigured as exc:
        buttons = QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close
        text = str(exc) + "\n\n" + QCoreApplication.translate("RunStart", "Open the Preferences to set it now?")
        answer = QMessageBox.warning(parent, QCoreApplication.translate("RunStart", "Provider not configured"),
                                     text, buttons, QMessageBox.StandardButton.Open)
        if answer == QMessageBox.StandardButton.Open:
            services.preferencesRequested.emit(PROVIDER_PAGE)
        return False
    except ValueError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("RunStart", "Cannot start the fetch"), str(exc))
        return False
    if not started:
        tell_busy(parent)
    return started
