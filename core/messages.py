"""What a user will read, stored as a code with parameters and rendered in the interface language.

The engine's log lines, a run's closing message, an attempt's error, an invoice's last error and
an alert's text are stored as `encode(code, **params)`: compact JSON such as
`{"c":"run.completed","p":{"successes":5,...}}`. `decode` reads one back; text that is not an
encoded message (rows written by older versions) decodes to the `legacy` code, shown as it is.

Each code has an English template with named placeholders (`{name}`) and the kind of each
parameter. `render(msg, translate, fmt)` looks the template up in the UI language through
`translate` (the desktop app passes Qt's translator, the command line the identity) and fills it
with `fmt(kind, value)`, which formats a value the way the language writes it (ISO dates and dot
decimals in English, dd/mm/aaaa and decimal comma in pt-BR). A parameter of kind DETAIL (an
exception's text, an HTTP detail, a host) never enters the sentence: `details(msg)` gives it, for a
"technical details" disclosure. A PARTS parameter holds nested messages, rendered and joined.

The codes and templates are in core.message_catalog (the engine, matching, alerts, the store)
and core.import_catalog (the importers).
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.import_catalog import IMPORT_SPECS
from core.message_catalog import (
    CONTEXT,
    PROVIDER_UNAVAILABLE_CODES,
    RUN_SPECS,
    STARTED_BY_ANOTHER_WINDOW,
    STARTED_BY_APP,
    STARTED_BY_APP_ALONE,
    STARTED_BY_CLI,
    STARTED_BY_CLI_ALONE,
    STARTED_BY_DEMO,
    STARTED_BY_SCHEDULE,
    STARTED_BY_TEMPLATES,
    Kind,
    Spec,
)

LEGACY = "legacy"


@dataclass(frozen=True, slots=True)
class Msg:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_legacy(self) -> bool:
        return self.code == LEGACY


CATALOG: dict[str, Spec] = {s.code: s for s in (Spec(LEGACY, "{text}", {"text": Kind.TEXT}), *RUN_SPECS,
                                                 *IMPORT_SPECS)}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class MessageError(ValueError):
    """An unknown code, or parameters that do not fit it."""


class CodedError(ValueError):
    """An error a user reads: built from a message code and its parameters (or, for text of no
    code, from that text). `str(exc)` is the English sentence, `problem` the message to render
    in the interface language."""

    def __init__(self, problem: str | Msg, **params: Any) -> None:
        if isinstance(problem, Msg):
            m = problem
        elif problem in CATALOG and problem != LEGACY:
            m = msg(problem, **params)
        else:
            m = Msg(LEGACY, {"text": problem})
        super().__init__(render(m))
        self.problem = m


@functools.cache
def _required(code: str) -> tuple[str, ...]:
    """The parameters a code's sentence cannot do without (its placeholders, bar nested parts)."""
    spec = CATALOG[code]
    return tuple(p for p in placeholders(spec.template) if spec.params[p] is not Kind.PARTS)


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def _plain(value: Any) -> Any:
    """A parameter as JSON keeps it: dates as ISO text, decimals as text, enums as their value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Msg):
        return {"c": value.code, "p": dict(value.params)} if value.params else {"c": value.code}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def msg(code: str, **params: Any) -> Msg:
    """A message, its parameters checked against the catalog (None drops an optional one)."""
    spec = CATALOG.get(code)
    if spec is None:
        raise MessageError(f"unknown message code {code!r}")
    unknown = set(params) - set(spec.params)
    if unknown:
        raise MessageError(f"{code}: unknown parameter(s) {sorted(unknown)}")
    values = {k: _plain(v) for k, v in params.items() if v is not None}
    missing = [p for p in _required(code) if p not in values]
    if missing:
        raise MessageError(f"{code}: missing parameter(s) {missing}")
    return Msg(code, values)


def encode(code: str | Msg, **params: Any) -> str:
    """The stored form of a message: compact JSON."""
    m = code if isinstance(code, Msg) else msg(code, **params)
    return json.dumps(_plain(m), ensure_ascii=False, separators=(",", ":"))


def _from_json(data: Any) -> Msg | None:
    if not isinstance(data, dict) or not isinstance(data.get("c"), str) or data["c"] not in CATALOG:
        return None
    params = data.get("p", {})
    return Msg(data["c"], params) if isinstance(params, dict) else None


def decode(text: str | None) -> Msg:
    """The message stored as `text`; anything else is the legacy text shown as is."""
    if not text:
        return Msg(LEGACY, {"text": ""})
    if text.startswith('{"c":'):
        try:
            found = _from_json(json.loads(text))
        except ValueError:
            found = None
        if found is not None:
            return found
    return Msg(LEGACY, {"text": text})


def is_encoded(text: str | None) -> bool:
    return not decode(text).is_legacy


Translate = Callable[[str], str]
Format = Callable[[Kind, Any], str]


def identity(template: str) -> str:
    return template


def _nested(value: Any) -> list[Msg]:
    if not isinstance(value, list):
        return []
    return [m for m in (_from_json(v) for v in value) if m is not None]


def render(m: Msg, translate: Translate = identity, fmt: Format | None = None) -> str:
    """The sentence in the language of `translate`, its values formatted by `fmt`."""
    if m.is_legacy:
        return str(m.params.get("text", ""))
    spec = CATALOG[m.code]
    fmt = fmt or plain_format
    template = translate(spec.template) or spec.template

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        kind = spec.params.get(name)
        if kind is None:
            return match.group(0)
        value = m.params.get(name)
        if kind is Kind.PARTS:
            return "; ".join(render(p, translate, fmt) for p in _nested(value))
        if kind is Kind.DETAIL:
            return ""
        if value is None:
            return "—"
        return fmt(kind, value)

    text = _PLACEHOLDER.sub(fill, template)
    return " ".join(text.split()).replace(" .", ".").strip()


def details(m: Msg) -> str:
    """The technical detail a message carries (exception text, HTTP detail), nested ones included."""
    spec = CATALOG.get(m.code)
    if spec is None or m.is_legacy:
        return ""
    out: list[str] = []
    for name, kind in spec.params.items():
        value = m.params.get(name)
        if kind is Kind.DETAIL and value:
            out.append(str(value))
        elif kind is Kind.PARTS:
            out.extend(d for d in (details(p) for p in _nested(value)) if d)
    return "\n".join(out)


# -- English (and ISO) formatting, for the command line and logs ---------------------------------
def _english_label(value: str) -> str:
    return value.replace("_", " ").lower()


def plain_format(kind: Kind, value: Any) -> str:
    """English words, ISO dates, dot decimals: the command line's format."""
    if kind is Kind.COUNT:
        return f"{int(value):,}"
    if kind is Kind.MONEY:
        return f"R$ {Decimal(str(value)):,.2f}"
    if kind is Kind.DECIMAL:
        return f"{float(value):g}" if abs(float(value)) >= 100 else f"{float(value):.2f}".rstrip("0").rstrip(".")
    if kind is Kind.SECONDS:
        return f"{float(value):.3f}".rstrip("0").rstrip(".") + " s"
    if kind is Kind.PERCENT:
        return f"{float(value) * 100:.1f}%"
    if kind is Kind.DATETIME:
        return str(value).replace("T", " ")[:16]
    if kind is Kind.DATES:
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind in (Kind.OUTCOME, Kind.ORIGIN):
        return _english_label(str(value))
    if kind is Kind.STARTED_BY:
        return render_started_by(str(value))
    return str(value)


def started_by_parts(value: str | None) -> tuple[str, str]:
    """A stored "started by" as (template, user): "app:ana" -> (STARTED_BY_APP, "ana")."""
    text = value or ""
    if text == "another window":  # how the store names a cancel asked without saying who
        return STARTED_BY_ANOTHER_WINDOW, ""
    if text == "app:schedule":
        return STARTED_BY_SCHEDULE, ""
    if text == "demo-history":
        return STARTED_BY_DEMO, ""
    front, sep, user = text.partition(":")
    if sep and front == "app":
        return STARTED_BY_APP, user
    if sep and front == "cli":
        return STARTED_BY_CLI, user
    if text == "cli":
        return STARTED_BY_CLI_ALONE, ""
    if text == "app":
        return STARTED_BY_APP_ALONE, ""
    return "", text


def render_started_by(value: str | None, translate: Translate = identity) -> str:
    template, user = started_by_parts(value)
    return translate(template).replace("{user}", user) if template else user


def render_text(text: str | None, translate: Translate = identity, fmt: Format | None = None) -> str:
    """A stored text (encoded or legacy) as a sentence."""
    return render(decode(text), translate, fmt)


def render_log_line(line: str, translate: Translate = identity, fmt: Format | None = None) -> str:
    """A stored log line "HH:MM:SS <message>" (or a bare message) with its message rendered."""
    if line.startswith("{"):
        return render_text(line, translate, fmt)
    stamp, sep, rest = line.partition(" ")
    if sep and len(stamp) == 8 and stamp[2] == ":" and rest.startswith("{"):
        return f"{stamp} {render_text(rest, translate, fmt)}"
    return line


def log_line_details(line: str) -> str:
    return details(decode(line if line.startswith("{") else line.partition(" ")[2]))


def templates() -> list[str]:
    """Every template a message can render with (the catalog and the "started by" words)."""
    return [s.template for s in CATALOG.values() if s.code != LEGACY] + list(STARTED_BY_TEMPLATES)


def codes() -> Sequence[str]:
    return [c for c in CATALOG if c != LEGACY]


def _strip(m: Msg) -> Msg:
    spec = CATALOG[m.code]
    params: dict[str, Any] = {}
    for name, value in m.params.items():
        kind = spec.params.get(name)
        if kind is Kind.DETAIL:
            continue
        params[name] = [_plain(_strip(p)) for p in _nested(value)] if kind is Kind.PARTS else value
    return Msg(m.code, params)


def without_details(text: str) -> str:
    """The stored message without its technical detail (to keep a published copy short)."""
    m = decode(text)
    return text if m.is_legacy else encode(_strip(m))


def group_key(text: str | None) -> str:
    """What groups a stored error: its code (the legacy text for old rows)."""
    m = decode(text)
    return m.params.get("text", "") if m.is_legacy else m.code


__all__ = [
    "CATALOG",
    "CONTEXT",
    "LEGACY",
    "PROVIDER_UNAVAILABLE_CODES",
    "Kind",
    "Msg",
    "MessageError",
    "Spec",
    "codes",
    "decode",
    "details",
    "encode",
    "group_key",
    "is_encoded",
    "msg",
    "plain_format",
    "placeholders",
    "render",
    "render_log_line",
    "render_started_by",
    "render_text",
    "started_by_parts",
    "templates",
]
