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
from gui.services import ProviderNotConfigured, Services

log = logging.getLogger(__name__)


class RetryScope(enum.Enum):
    SELECTION = "selection"
    GROUP = "group"
    SHOWN = "shown"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProblemsTab", text)


def _title(scope: RetryScope) -> str:
    if scope is RetryScope.SELECTION:
        return _tr("Retry the selected invoices")
    if scope is RetryScope.GROUP:
        return _tr("Retry this error group")
    return _tr("Retry everything shown")


def question_text(scope: RetryScope, count: int) -> str:
    if count == 1:
        text = _tr("Force a retry of 1 invoice? It is fetched again now, even if it gave up.")
    else:
        text = _tr("Force a retry of %1 invoices? They are fetched again now, even those that gave up.")
    text = text.replace("%1", fmt.number(count))
    if scope is RetryScope.GROUP:
        text += "\n\n" + _tr("Only the group's invoices that still have a problem are retried.")
    elif scope is RetryScope.SHOWN:
        text += "\n\n" + _tr("This is every page of the list, not only the one on screen.")
    return text


async def force_retry(parent: QWidget, services: Services, scope: RetryScope,
                      find_ids: Callable[[], Awaitable[tuple[int, ...]]]) -> bool:
    """Ask, then start the run; True when a run started."""
    if services.controller.busy:
        _busy(parent)
        return False
    ids = tuple(dict.fromkeys(await find_ids()))
    if not ids:
        QMessageBox.information(parent, _title(scope), _tr("There is nothing to retry."))
        return False
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, _title(scope), question_text(scope, len(ids)), buttons,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        started = services.start_run(services.make_request(FetchOrigin.RETRY, invoice_ids=ids, force=True))
    except ProviderNotConfigured as exc:
        QMessageBox.warning(parent, _tr("Provider not configured"), str(exc))
        return False
    except ValueError as exc:
        QMessageBox.warning(parent, _tr("Cannot start the retry"), str(exc))
        return False
    if not started:
        _busy(parent)
        return False
    log.info("forced retry of %d invoice(s) started (%s)", len(ids), scope.value)
    done = (_tr("Forced retry of 1 invoice started.") if len(ids) == 1
            else _tr("Forced retry of %1 invoices started.").replace("%1", fmt.number(len(ids))))
    services.statusMessage.emit(done, 8000)
    return True


def _busy(parent: QWidget) -> None:
    QMessageBox.information(parent, _tr("A run is going"),
                            _tr("A run is already going. Try again when it has finished."))


__all__ = ["RetryScope", "force_retry", "question_text"]
