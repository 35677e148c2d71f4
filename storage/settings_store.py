"""Reading and writing the declared settings (core.settings) in the `setting` table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from core.settings import SETTINGS, spec
from storage.models import Setting, database_proxy


def get_setting(key: str) -> Any:
    s = spec(key)
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return s.default
    return s.coerce(json.loads(row.value))


def all_settings() -> dict[str, Any]:
    stored = {row.key: row.value for row in Setting.select()}
    out: dict[str, Any] = {}
    for key, s in SETTINGS.items():
        out[key] = s.coerce(json.loads(stored[key])) if key in stored else s.default
    return out


def set_setting(key: str, raw: Any) -> Any:
    """Validate and store; returns the stored value. Raises SettingError on bad input."""
    value = spec(key).coerce(raw)
    encoded = json.dumps(str(value) if isinstance(value, Decimal) else value)
    with database_proxy.atomic():
        Setting.insert(key=key, value=encoded, updated_at=datetime.now(UTC)).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: encoded, Setting.updated_at: datetime.now(UTC)}
        ).execute()
    return value
