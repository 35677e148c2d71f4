"""Starting a run from the interface, with the one set of messages for why it cannot start:
a run already going, no provider configured, or an invalid request."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.domain import FetchOrigin
from gui.services import Services
from runner.build import ProviderNotConfigured

PROVIDER_PAGE = 1  # SettingsDialog.PROVIDER (not imported: the dialog is loaded on first use)


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
        started = services.start_run(services.make_request(origin, **request))
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
