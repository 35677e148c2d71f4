"""A fetch_run row as a JSON-ready dict keyed by the table's field names (for `fetch --json`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.models import FetchRun


def run_record(run_id: int) -> dict[str, Any]:
    run = FetchRun.get_by_id(run_id)
    out: dict[str, Any] = {}
    for name, field in FetchRun._meta.fields.items():
        value = getattr(run, field.name if not hasattr(field, "rel_model") else f"{name}_id")
        if isinstance(value, datetime):
            value = value.isoformat()
        out[name] = value
    out["log"] = json.loads(run.log or "[]")
    out["selector"] = json.loads(run.selector) if run.selector else None
    return out
