"""The stored messages (core.messages codes) in the command line's English: ISO dates, dot decimals,
the technical detail kept apart."""

from __future__ import annotations

from typing import Any

from core.messages import decode, details, render, render_log_line, render_started_by


def english(text: str | None) -> str:
    """A stored message (or a legacy text) as an English sentence."""
    return render(decode(text))


def with_detail(text: str | None) -> str:
    """The sentence, then its technical detail in parentheses when it has one."""
    m = decode(text)
    extra = details(m)
    sentence = render(m)
    return f"{sentence} ({extra})" if extra else sentence


def english_run_record(record: dict[str, Any]) -> dict[str, Any]:
    """A fetch_run row as `fetch --json` prints it: the message in English with its code next to
    it, the log lines rendered, "started by" kept as stored (an identity) with its English words."""
    out = dict(record)
    stored = record.get("message")
    if stored:
        m = decode(stored)
        out["message"] = render(m)
        out["message_code"] = None if m.is_legacy else m.code
        detail = details(m)
        if detail:
            out["message_detail"] = detail
    out["log"] = [render_log_line(str(line)) for line in record.get("log") or ()]
    if record.get("started_by"):
        out["started_by_text"] = render_started_by(record["started_by"])
    return out
