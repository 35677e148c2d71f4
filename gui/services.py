"""What every tab shares: the clock and zone, off-thread queries, settings, the run controller,
the provider configuration and the app-wide signals.

Tabs receive one `Services` object. They never open the database or talk HTTP on the GUI
thread: `await services.query(fn, ...)` runs a storage function in a worker thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from core.domain import APP_NAME, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_RATE_LIMIT, FetchOrigin
from core.engine.request import RunRequest
from gui.async_tools import off_thread
from gui.bridge import RunController

if TYPE_CHECKING:
    from core.engine.run_types import Clock, EngineConfig
    from core.provider.base import Provider

log = logging.getLogger(__name__)

T = TypeVar("T")
KEY_ENV = "FATURAS_PROVIDER_KEY"
KEY_FILE = "provider.key"
DATA_CHANGED_INTERVAL_MS = 1500  # while a run goes, screens refresh at most this often


class ProviderNotConfigured(Exception):
    """No provider URL or key string: the message tells the user where to set them."""


@dataclass(frozen=True)
class ProviderConfig:
    url: str
    key_string: str
    read_timeout: float = 30.0


def key_file_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / KEY_FILE


def read_key_string() -> str:
    """The key string from $FATURAS_PROVIDER_KEY, else from the user's key file (never the DB)."""
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return env
    path = key_file_path()
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


class Services(QObject):
    """Shared by the main window and every tab; lives on the GUI thread."""

    dataChanged = Signal()  # noqa: N815  the database changed: visible screens refresh
    settingsChanged = Signal()  # noqa: N815
    selectionChanged = Signal(object)  # noqa: N815  tuple[int, ...] of invoice ids chosen in a list
    statusMessage = Signal(str, int)  # noqa: N815  text, milliseconds
    showInvoiceRequested = Signal(int)  # noqa: N815  open one invoice's history (any tab may ask)

    def __init__(
        self,
        db_location: str,
        *,
        tz: tzinfo | None = None,
        provider_config: ProviderConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        engine_clock: Clock | None = None,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from core.schedule import local_zone

        self.db_location = db_location
        self.tz: tzinfo = tz or local_zone()
        self.demo = demo
        self._clock = clock or (lambda: datetime.now(UTC))
        self._provider_config = provider_config
        self.settings: dict[str, Any] = {}
        self._db_open = False
        self.selection: tuple[int, ...] = ()
        self.controller = RunController(self._make_provider, self._make_store, self._make_config, self,
                                        clock=engine_clock, tz=self.tz)
        self.controller.runFinished.connect(lambda _r: self.dataChanged.emit())
        self.controller.runFailed.connect(lambda _e: self.dataChanged.emit())
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
        self.settingsChanged.emit()
        return self.settings

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
        if self._provider_config is not None:
            return self._provider_config
        url = str(self.settings.get("provider_url") or "")
        key = read_key_string()
        if not url:
            raise ProviderNotConfigured(QCoreApplication.translate(
                "Services", "no provider URL: set it in Settings (the portal base URL)"))
        if not key:
            raise ProviderNotConfigured(QCoreApplication.translate(
                "Services", "no provider key string: set $%1 or write it to %2")
                .replace("%1", KEY_ENV).replace("%2", str(key_file_path())))
        return ProviderConfig(url, key)

    def make_request(
        self,
        origin: FetchOrigin,
        *,
        cohort: str | None = None,
        contract_number: str | None = None,
        invoice_ids: tuple[int, ...] = (),
        force: bool = False,
    ) -> RunRequest:
        s = self.settings
        return RunRequest(
            origin=origin,
            cohort=cohort,
            contract_number=contract_number,
            invoice_ids=invoice_ids,
            force=force,
            max_attempts=int(s.get("max_attempts", DEFAULT_MAX_ATTEMPTS)),
            retry_pass=bool(s.get("retry_pass", True)),
            concurrency=int(s.get("concurrency", DEFAULT_CONCURRENCY)),
            rate_limit=float(s.get("rate_limit", DEFAULT_RATE_LIMIT)),
            started_by=f"app:{_user()}" if origin is not FetchOrigin.AUTOMATIC else "app:schedule",
        )

    def start_run(self, request: RunRequest) -> bool:
        """Start a run (False if one is going). ProviderNotConfigured if it cannot be."""
        self.provider_config()  # fail here, on the GUI thread, with a message
        return self.controller.start(request)

    def _make_provider(self, concurrency: int) -> Provider:
        from core.provider.negocia import NegociaClient

        cfg = self.provider_config()
        return NegociaClient(cfg.url, cfg.key_string, pool_size=concurrency, read_timeout=cfg.read_timeout)

    def _make_store(self) -> Any:
        from storage.engine_store import SqlEngineStore

        return SqlEngineStore()

    def _make_config(self) -> EngineConfig:
        from core.engine.run_types import EngineConfig
        from core.matching import MatchParams

        s = self.settings
        default = MatchParams()
        return EngineConfig(match=MatchParams(int(s.get("match_days", default.day_tolerance)),
                                              s.get("amount_tolerance", default.amount_tolerance)))

    def _on_progress(self, _snapshot: object) -> None:
        if not self._throttle.isActive():
            self._throttle.start()


def _open_database(location: str) -> None:
    from storage.db import open_database

    open_database(location)


def _user() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
