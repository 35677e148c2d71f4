"""Forcing a retry: find the invoices, say how many and ask, then start one RETRY run.

The ids are read first (off the GUI thread) so the question states the real count; nothing
starts unless the user answers Yes. The run is forced: invoices that gave up, or that wait for
their next attempt time, are fetched again now.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.domain import FetchOrigin
from gui import formatting as fmt
from gui.run_start import start_run, tell_busy
from gui.services import Services

log = logging.getLogger(__name__)


class RetryScope(enum.Enum):
    SELECTION = "selection"
    GROUP = "group"
    SHOWN = "shown"


def _title(scope: RetryScope) -> str:
    if scope is RetryScope.SELECTION:
        return QCoreApplication.translate("ProblemsTab", "Retry the selected invoices")
    if scope is RetryScope.GROUP:
        return QCoreApplication.translate("ProblemsTab", "Retry this error group")
    return QCoreApplication.translate("ProblemsTab", "Retry everything shown")


def question_text(scope: RetryScope, count: int) -> str:
    if count == 1:
        text = QCoreApplication.translate(
            "ProblemsTab", "Force a retry of 1 invoice? It is fetched again now, even if it gave up.")
    else:
        text = QCoreApplication.translate(
            "ProblemsTab", "Force a retry of %1 invoices? They are fetched again now, even those that gave up.")
    text = text.replace("%1", fmt.number(count))
    if scope is RetryScope.GROUP:
        text += "\n\n" + QCoreApplication.translate(
            "ProblemsTab", "Only the group's invoices that still have a problem are retried.")
    elif scope is RetryScope.SHOWN:
        text += "\n\n" + QCoreApplication.translate(
            "ProblemsTab", "This is every page of the list, not only the one on screen.")
    return text


async def force_retry(parent: QWidget, services: Services, scope: RetryScope,
                      find_ids: Callable[[], Awaitable[tuple[int, ...]]]) -> bool:
    """Ask, then start the run; True when a run started."""
    if services.controller.busy:
        tell_busy(parent)
        return False
    ids = tuple(dict.fromkeys(await find_ids()))
    if not ids:
        QMessageBox.information(parent, _title(scope),
                                QCoreApplication.translate("ProblemsTab", "There is nothing to retry."))
        return False
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, _title(scope), question_text(scope, len(ids)), buttons,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if not start_run(parent, services, FetchOrigin.RETRY, invoice_ids=ids, force=True):
        return False
    log.info("forced retry of %d invoice(s) started (%s)", len(ids), scope.value)
    done = (QCoreApplication.translate("ProblemsTab", "Forced retry of 1 invoice started.") if len(ids) == 1
            else QCoreApplication.translate("ProblemsTab", "Forced retry of %1 invoices started.")
            .replace("%1", fmt.number(len(ids))))
    services.statusMessage.emit(done, 8000)
    return True


__all__ = ["RetryScope", "force_retry", "question_text"]
