"""The pace each provider accepted in its latest run, kept so the next run starts near its limit.

Learned state, not a user setting (so not declared in core.settings nor shown in the settings
dialog): one `setting` row holding a JSON object {provider URL: lookups per second}. The engine
reports the rate (RunResult.learned_rate); runner.build saves it here and hands it back as the
next run's EngineConfig.start_rate.
"""

from __future__ import annotations

import json
from datetime import datetime

from storage.models import Setting, database_proxy

LEARNED_RATES_KEY = "learned_rates"
KEPT_PROVIDERS = 20  # the most recently used; a demo's loopback URL changes every time


def _rates() -> dict[str, float]:
    row = Setting.get_or_none(Setting.key == LEARNED_RATES_KEY)
    if row is None:
        return {}
    try:
        stored = json.loads(row.value)
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(url): float(rate) for url, rate in stored.items() if isinstance(rate, int | float) and rate > 0}


def remembered_rate(url: str) -> float | None:
    """The lookups per second the provider at `url` accepted in its latest run, if known."""
    return _rates().get(url)


def remember_rate(url: str, rate: float | None, at: datetime) -> None:
    """Keep `rate` for the provider at `url`; None forgets it (the configured rate was fine)."""
    with database_proxy.atomic():
        rates = _rates()
        if rate is None:
            if url not in rates:
                return
            rates.pop(url)
        else:
            rates.pop(url, None)  # to the end: the most recently used
            rates[url] = round(float(rate), 2)
            rates = dict(list(rates.items())[-KEPT_PROVIDERS:])
        encoded = json.dumps(rates)
        Setting.insert(key=LEARNED_RATES_KEY, value=encoded, updated_at=at).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: encoded, Setting.updated_at: at}
        ).execute()
