"""Reading fetch_run rows whole: one as a JSON-ready dict keyed by the table's field names
(for `fetch --json`), a run's stored log, and whether any run exists."""

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


def blank_run_record() -> dict[str, Any]:
    """The shape of run_record with every field empty: for a run the database could not give."""
    out: dict[str, Any] = dict.fromkeys(FetchRun._meta.fields)
    out["log"] = []
    return out


def run_log(run_id: int) -> tuple[str, ...]:
    """A run's stored log: its last lines (bounded by the engine, documents already masked);
    empty for an unknown run."""
    row = FetchRun.select(FetchRun.log).where(FetchRun.id == run_id).tuples().first()
    lines = json.loads(row[0] or "[]") if row else []
    return tuple(str(line) for line in lines)


def has_runs() -> bool:
    """Whether the database holds any run at all (finished or not)."""
    return bool(FetchRun.select().exists())
