"""What every tab shares: the clock and zone, off-thread queries, settings, the run controller,
the provider configuration and the app-wide signals. How a run is built from the settings is
`runner.build`'s, as for the command line.

Tabs receive one `Services` object. They never open the database or talk HTTP on the GUI
thread: `await services.query(fn, ...)` runs a storage function in a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from core.domain import FetchOrigin
from core.engine.request import RunRequest
from gui.async_tools import launch, off_thread
from gui.bridge import RunController
from runner import build
from runner.build import ProviderConfig, ProviderNotConfigured, ProviderSetting
from runner.provider_key import read_key

if TYPE_CHECKING:
    from core.engine.ports import EngineStore, SelectionSummary
    from core.engine.run_types import Clock, EngineConfig, RunResult
    from core.provider.base import Provider
    from gui.run_process import ChildRunController

log = logging.getLogger(__name__)

T = TypeVar("T")
DATA_CHANGED_INTERVAL_MS = 1500  # while a run goes, screens refresh at most this often


def not_configured_text(missing: ProviderSetting) -> str:
    """What the user reads when a run cannot start for want of a provider setting."""
    if missing is ProviderSetting.URL:
        return QCoreApplication.translate(
            "Services", "no provider URL: set it in Settings → Preferences → Operator (the portal base URL)")
    return QCoreApplication.translate(
        "Services", "no provider key string: set it in Settings → Preferences → Operator")


class Services(QObject):
    """Shared by the main window and every tab; lives on the GUI thread."""

    dataChanged = Signal()  # noqa: N815  the database changed: visible screens refresh
    settingsChanged = Signal()  # noqa: N815
    selectionChanged = Signal(object)  # noqa: N815  tuple[int, ...] of invoice ids chosen in a list
    statusMessage = Signal(str, int)  # noqa: N815  text, milliseconds
    showInvoiceRequested = Signal(int)  # noqa: N815  open one invoice's history (any tab may ask)
    showContractRequested = Signal(int, int)  # noqa: N815  contract id, invoice id (0: none): open in Invoices
    importContractsRequested = Signal()  # noqa: N815  open File → Import contracts (any screen may ask)
    preferencesRequested = Signal(int)  # noqa: N815  open Preferences on this page

    def __init__(
        self,
        db_location: str,
        *,
        tz: tzinfo | None = None,
        provider_config: ProviderConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        engine_clock: Clock | None = None,
        demo: bool = False,
        engine_process: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`engine_process`: run the engine in a child process (runner.child), so that its
        threads never hold this interpreter's GIL; the default unless an `engine_clock` is given
        (a test's pinned clock, which only a run in this process can follow)."""
        super().__init__(parent)
        from core.schedule import local_zone
        from storage.location import describe

        self.db_location = db_location
        self.db_shown = describe(db_location)  # a password in a postgresql:// location never shows
        self.tz: tzinfo = tz or local_zone()
        self.demo = demo
        self._clock = clock or (lambda: datetime.now(UTC))
        self._provider_config = provider_config
        self.settings: dict[str, Any] = {}
        self._key = ""  # the provider key string, read by load_key()
        self._db_open = False
        self.selection: tuple[int, ...] = ()
        if engine_process is None:
            engine_process = engine_clock is None
        if engine_process and engine_clock is not None:
            raise ValueError("a run in a child process follows the system clock, not engine_clock")
        self.controller: RunController | ChildRunController
        if engine_process:
            from gui.run_process import ChildRunController

            self.controller = ChildRunController(self._child_job, self)
        else:
            self.controller = RunController(self._make_provider, self._make_store, self._make_config, self,
                                            clock=engine_clock, tz=self.tz, after_run=self._remember_pace)
        self.controller.runFinished.connect(lambda _r: self.dataChanged.emit())
        self.controller.runFailed.connect(self._on_run_failed)
        self.controller.progress.connect(self._on_progress)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(DATA_CHANGED_INTERVAL_MS)
        self._throttle.timeout.connect(self.dataChanged.emit)

    # -- time -------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self._clock()

    # -- the database -----------------------------------------------------------------------------
    async def open_database(self) -> None:
        """Open (and migrate) the database in a worker thread, unless already open here."""
        if self._db_open:
            return
        await self.query(_open_database, self.db_location)  # peewee is imported there too
        self._db_open = True

    def mark_database_open(self) -> None:
        self._db_open = True

    # -- queries ----------------------------------------------------------------------------------
    async def query(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a (storage) function in a worker thread and return its result on the GUI thread."""
        return await off_thread(fn, *args, **kwargs)

    async def load_settings(self) -> dict[str, Any]:
        from storage.settings_store import all_settings

        self.settings = await self.query(all_settings)
        await self.load_key()
        self.settingsChanged.emit()
        return self.settings

    async def load_key(self) -> None:
        """Read the provider key (environment, keyring, key file) off the GUI thread: a keyring
        may be slow, or wait for the user to unlock it. Runs use the key read here."""
        self._key = (await off_thread(read_key)).key

    async def save_setting(self, key: str, value: Any) -> Any:
        """Validate and store one setting (SettingError on a bad value)."""
        from storage.settings_store import set_setting

        stored = await self.query(set_setting, key, value)
        self.settings[key] = stored
        self.settingsChanged.emit()
        return stored

    @property
    def mask_documents(self) -> bool:
        return bool(self.settings.get("mask_documents", True))

    def set_selection(self, invoice_ids: tuple[int, ...]) -> None:
        self.selection = invoice_ids
        self.selectionChanged.emit(invoice_ids)

    # -- runs -------------------------------------------------------------------------------------
    def provider_config(self) -> ProviderConfig:
        """The provider given at construction, else from the settings and the key lookup;
        ProviderNotConfigured, with a translated message, when something is missing."""
        if self._provider_config is not None:
            return self._provider_config
        try:
            if not build.setting(self.settings, "provider_url"):
                raise ProviderNotConfigured(ProviderSetting.URL)
            if not self._key:  # read off the GUI thread by load_key(), never here
                raise ProviderNotConfigured(ProviderSetting.KEY_STRING)
            return build.provider_config(self.settings, key_string=self._key)
        except ProviderNotConfigured as exc:
            raise ProviderNotConfigured(exc.missing, not_configured_text(exc.missing)) from None

    @property
    def provider_given(self) -> bool:
        """The provider was handed to the app (the demo, a test), not read from the settings."""
        return self._provider_config is not None

    def make_request(
        self,
        origin: FetchOrigin,
        *,
        cohort: str | None = None,
        contract_number: str | None = None,
        invoice_ids: tuple[int, ...] = (),
        force: bool = False,
    ) -> RunRequest:
        who = "app:schedule" if origin is FetchOrigin.AUTOMATIC else build.started_by("app")
        return build.run_request(self.settings, origin, cohort=cohort, contract_number=contract_number,
                                 invoice_ids=invoice_ids, force=force, started_by=who)

    def summarize(self, request: RunRequest) -> SelectionSummary:
        """What a run for `request` would fetch now (a grouped count: quick even on a big store)."""
        return build.engine_store().summarize(request, self.now().astimezone(self.tz).date())

    def start_run(self, request: RunRequest) -> bool:
        """Start a run (False if one is going). ProviderNotConfigured if it cannot be."""
        self.provider_config()  # fail here, on the GUI thread, with a message
        return self.controller.start(request)

    def _child_job(self, request: RunRequest) -> dict[str, Any]:
        """The first line a run's child process reads: where the store is, the run, the provider
        (with its key string: it travels on the child's input only) and the zone."""
        from runner.child import job

        return job(self.db_location, request, self.provider_config(), self.tz, logging.getLogger().getEffectiveLevel())

    def _make_provider(self, concurrency: int) -> Provider:
        return build.provider_client(self.provider_config(), concurrency)

    def _make_store(self) -> EngineStore:
        return build.engine_store()

    def _make_config(self) -> EngineConfig:  # on the engine thread: it may read the store
        return build.engine_config(self.settings, start_rate=build.remembered_rate(self.provider_config().url))

    def _remember_pace(self, result: RunResult) -> None:  # on the engine thread
        build.remember_rate(self.provider_config().url, result)
        from runner.after_run import after_run

        after_run(result.run_id)  # the scheduled reports of an automatic run

    def _on_run_failed(self, error: str) -> None:
        from core.messages import decode

        if decode(error).code == "run.process_ended":  # the run's row still says RUNNING: close it first
            launch(self._close_dead_runs())
        else:
            self.dataChanged.emit()

    async def _close_dead_runs(self) -> None:
        from storage.recovery import recover_interrupted_runs

        try:
            await self.query(recover_interrupted_runs, dead_only=True)
        finally:
            self.dataChanged.emit()

    def _on_progress(self, _snapshot: object) -> None:
        if not self._throttle.isActive():
            self._throttle.start()


def _open_database(location: str) -> None:
    from storage.db import open_database

    open_database(location)

