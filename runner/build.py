"""One place that wires a run together, for the desktop app, the `fetch` command and the demo.

From the stored settings and a few explicit choices it builds the `RunRequest`, the
`EngineConfig`, the provider client and the engine's store; it also says who started a run and
where the provider key string comes from. An explicit choice (a command-line option) wins over
the setting; a setting missing from the mapping takes its declared default (`core.settings`).

Heavy modules (the HTTP client, peewee) are imported only when a client or store is made, so
the desktop app can import this before its window is on screen.
"""

from __future__ import annotations

import enum
import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.domain import FetchOrigin
from core.engine.request import RunRequest
from core.settings import SETTINGS
from runner.provider_key import KEY_ENV as KEY_ENV  # re-exported: where the key is read from
from runner.provider_key import KEY_FILE as KEY_FILE
from runner.provider_key import key_file_path as key_file_path
from runner.provider_key import read_key

if TYPE_CHECKING:
    from core.engine.pacing import Backoff
    from core.engine.ports import EngineStore
    from core.engine.run_types import EngineConfig, RunResult
    from core.provider.base import Provider

DEFAULT_READ_TIMEOUT = 30.0  # seconds a lookup may wait for the provider's answer


def __getattr__(name: str) -> Any:
    """DEFAULT_OUTAGE_LIMIT, the engine's own default, read when first asked for: the engine's
    modules (run types, pacing, matching) stay unloaded until a run is built, so the desktop
    app's window paints without them."""
    if name == "DEFAULT_OUTAGE_LIMIT":
        from core.engine.run_types import EngineConfig

        return EngineConfig().outage_limit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ProviderSetting(enum.Enum):
    """What a run needs to reach the provider."""

    URL = "provider_url"
    KEY_STRING = "key_string"


_NOT_CONFIGURED = {
    ProviderSetting.URL: "no provider URL (the portal base URL)",
    ProviderSetting.KEY_STRING: "no provider key string",
}


class ProviderNotConfigured(Exception):
    """No provider URL or no key string. `missing` says which, so each front end can say where
    to set it in its own words; the message is a plain English default."""

    def __init__(self, missing: ProviderSetting, message: str | None = None) -> None:
        super().__init__(message or _NOT_CONFIGURED[missing])
        self.missing = missing


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    url: str
    key_string: str
    read_timeout: float = DEFAULT_READ_TIMEOUT

    def __repr__(self) -> str:  # never show the key string in a log or a traceback
        return f"ProviderConfig(url={self.url!r}, read_timeout={self.read_timeout})"


# -- who and what -----------------------------------------------------------------------------------

def current_user() -> str:
    """The login name of whoever runs the app, for the run's and an acknowledgement's `who`."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        return "unknown"


def started_by(front_end: str) -> str:
    """`app:ana`, `cli:ana`: the front end and the user who started a run."""
    return f"{front_end}:{current_user()}"


# -- the provider key -------------------------------------------------------------------------------

def read_key_string() -> str:
    """The key string from $FATURAS_PROVIDER_KEY, else the OS keyring, else the user's key file
    (never the database); see runner.provider_key."""
    return read_key().key


def provider_config(settings: Mapping[str, Any], *, url: str | None = None, key_string: str | None = None,
                    read_timeout: float = DEFAULT_READ_TIMEOUT) -> ProviderConfig:
    """The provider to use: an explicit URL or key string wins over the `provider_url` setting and
    the key lookup. Raises ProviderNotConfigured when either is missing."""
    chosen_url = url or str(setting(settings, "provider_url") or "")
    if not chosen_url:
        raise ProviderNotConfigured(ProviderSetting.URL)
    key = key_string or read_key_string()
    if not key:
        raise ProviderNotConfigured(ProviderSetting.KEY_STRING)
    return ProviderConfig(chosen_url, key, read_timeout)


# -- the run ----------------------------------------------------------------------------------------

def setting(settings: Mapping[str, Any], key: str) -> Any:
    """A setting's value, or its declared default when the mapping does not hold it."""
    return settings[key] if key in settings else SETTINGS[key].default


def run_request(
    settings: Mapping[str, Any],
    origin: FetchOrigin,
    *,
    started_by: str,
    cohort: str | None = None,
    contract_number: str | None = None,
    invoice_ids: tuple[int, ...] = (),
    force: bool = False,
    max_attempts: int | None = None,
    retry_pass: bool | None = None,
    concurrency: int | None = None,
    rate_limit: float | None = None,
) -> RunRequest:
    """The run asked for; each of the last four left None comes from the settings (a `rate_limit`
    of None in the settings means unlimited). RequestError (a ValueError) when invalid."""

    def chosen(value: Any, key: str) -> Any:
        return setting(settings, key) if value is None else value

    return RunRequest(
        origin=origin,
        cohort=cohort,
        contract_number=contract_number,
        invoice_ids=invoice_ids,
        force=force,
        max_attempts=int(chosen(max_attempts, "max_attempts")),
        retry_pass=bool(chosen(retry_pass, "retry_pass")),
        concurrency=int(chosen(concurrency, "concurrency")),
        rate_limit=_rate(chosen(rate_limit, "rate_limit")),
        started_by=started_by,
    )


def engine_config(settings: Mapping[str, Any], *, outage_limit: float | None = None,
                  backoff: Backoff | None = None, seed: int | None = None,
                  start_rate: float | None = None) -> EngineConfig:
    """The engine's tunables: matching tolerances from the settings, the rest from the caller
    (`start_rate`: the provider's remembered pace, see `remembered_rate`; `outage_limit`:
    DEFAULT_OUTAGE_LIMIT when not given)."""
    from core.engine.pacing import Backoff
    from core.engine.run_types import EngineConfig
    from core.matching import MatchParams

    match = MatchParams(int(setting(settings, "match_days")), setting(settings, "amount_tolerance"))
    if outage_limit is None:
        outage_limit = EngineConfig().outage_limit
    return EngineConfig(match=match, outage_limit=outage_limit, seed=seed,
                        backoff=backoff if backoff is not None else Backoff(), start_rate=start_rate)


# -- the provider's pace, remembered between runs ----------------------------------------------------

def remembered_rate(provider_url: str) -> float | None:
    """The lookups per second the provider accepted in its latest run: the next run starts there
    instead of finding its limit again with a burst of 429s."""
    from storage.provider_pace import remembered_rate as stored

    return stored(provider_url)


def remember_rate(provider_url: str, result: RunResult) -> None:
    """Keep what the run learned of the provider's pace (nothing learned: forget the old pace)."""
    from datetime import UTC, datetime

    from storage.provider_pace import remember_rate as store

    store(provider_url, result.learned_rate, datetime.now(UTC))


def provider_client(config: ProviderConfig, concurrency: int) -> Provider:
    """The HTTP client for the provider, with a connection per worker."""
    from core.provider.negocia import NegociaClient

    return NegociaClient(config.url, config.key_string, pool_size=concurrency, read_timeout=config.read_timeout)


def engine_store() -> EngineStore:
    """The engine's writes, on the database `storage.db.open_database` bound."""
    from storage.engine_store import SqlEngineStore

    return SqlEngineStore()


def _rate(value: Any) -> float | None:
    return None if value is None else float(value)
