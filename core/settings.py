"""Every user setting, declared once: key, type, default, description and validation.

The values live in the `setting` table (storage.settings_store); this module only knows
what a valid value is, so the CLI, the GUI and the engine share one definition.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from core.domain import (
    CONCURRENCY_BOUNDS,
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RATE_LIMIT,
    MAX_ATTEMPTS_BOUNDS,
)
from core.matching import DEFAULT_AMOUNT_TOLERANCE, DEFAULT_DAY_TOLERANCE


class SettingError(ValueError):
    """A setting value is not acceptable; the message names the setting and the problem."""


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    kind: type
    default: Any
    description: str
    check: Callable[[Any], str | None] | None = None  # returns a problem, or None if fine

    def coerce(self, raw: Any) -> Any:
        """Turn a raw value (JSON or text) into this setting's type, or raise SettingError."""
        try:
            if self.kind is bool:
                if isinstance(raw, str):
                    low = raw.strip().lower()
                    if low in ("1", "true", "yes", "on", "sim"):
                        value: Any = True
                    elif low in ("0", "false", "no", "off", "nao", "não"):
                        value = False
                    else:
                        raise ValueError(raw)
                else:
                    value = bool(raw)
            elif self.kind is Decimal:
                value = Decimal(str(raw).replace(",", "."))
            elif self.kind is int:
                if isinstance(raw, float) and not raw.is_integer():
                    raise ValueError(raw)
                value = int(raw)
            else:
                value = self.kind(raw)
        except (ValueError, TypeError, InvalidOperation) as exc:
            raise SettingError(f"setting {self.key!r}: {raw!r} is not a valid {self.kind.__name__}") from exc
        if self.check is not None:
            problem = self.check(value)
            if problem:
                raise SettingError(f"setting {self.key!r}: {problem}")
        return value


def _between(lo: float, hi: float) -> Callable[[Any], str | None]:
    return lambda v: None if lo <= v <= hi else f"must be between {lo} and {hi}, got {v}"


def _cron(expr: str) -> str | None:
    return None if _croniter().is_valid(expr) else f"{expr!r} is not a cron expression (minute hour day month weekday)"


def _url(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return f"{value!r} must start with http:// or https://"
    return None


def _folder(value: str) -> str | None:
    if value and not os.path.isabs(os.path.expanduser(value)):
        return f"{value!r} must be an absolute folder path (or empty for none)"
    return None


_SPECS = [
    SettingSpec("schedule_cron", str, "5 0 * * *", "When the automatic run starts (cron syntax, local time).", _cron),
    SettingSpec("schedule_enabled", bool, True, "Whether the app starts automatic runs on the schedule."),
    SettingSpec("max_attempts", int, DEFAULT_MAX_ATTEMPTS, "Attempts before an invoice is given up (GAVE_UP).",
                _between(*MAX_ATTEMPTS_BOUNDS)),
    SettingSpec("retry_pass", bool, True, "Take the run's failed invoices again at the end of the run."),
    SettingSpec("concurrency", int, DEFAULT_CONCURRENCY, "Lookups in flight at once.", _between(*CONCURRENCY_BOUNDS)),
    SettingSpec("rate_limit", float, DEFAULT_RATE_LIMIT, "Most lookups per second sent to the provider.",
                _between(0.1, 1000)),
    SettingSpec("match_days", int, DEFAULT_DAY_TOLERANCE, "Due-date tolerance in days when matching.", _between(0, 15)),
    SettingSpec("amount_tolerance", Decimal, DEFAULT_AMOUNT_TOLERANCE, "Amount tolerance in R$ when matching.",
                _between(0, 100)),
    SettingSpec("provider_url", str, "", "The portal base URL (serves /negociar/params).", _url),
    SettingSpec("alert_error_share", float, 0.10, "Alert when a run's error share exceeds this.", _between(0, 1)),
    SettingSpec("alert_latency_factor", float, 2.0,
                "Alert when a run's p50 time exceeds this multiple of the 7-day median.", _between(1, 100)),
    SettingSpec("alert_throughput_factor", float, 0.5,
                "Alert when a run's throughput falls under this fraction of the 7-day median.", _between(0, 1)),
    SettingSpec("mask_documents", bool, True, "Mask CPF/CNPJ in lists and exports (LGPD)."),
    SettingSpec("report_folder", str, "",
                "Folder where the run report PDF is written after each automatic run (empty: none).", _folder),
    SettingSpec("report_collection", bool, False,
                "Also write the collection list PDF into the report folder after each automatic run."),
]

SETTINGS: dict[str, SettingSpec] = {spec.key: spec for spec in _SPECS}


def spec(key: str) -> SettingSpec:
    try:
        return SETTINGS[key]
    except KeyError:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(sorted(SETTINGS))}") from None


def _croniter() -> Any:
    """croniter, imported on first use (it is slow to import and not needed to paint a window)."""
    from croniter import croniter

    return croniter
