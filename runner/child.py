"""A run in a process of its own, for the desktop app.

The window starts `python -m runner.child` and talks to it over pipes, so the engine's threads
never share the window's interpreter (and its GIL): however busy the run, the window answers at
once.

- stdin, first line: the job as JSON — the database location, the `RunRequest`, the provider
  (URL, key string, read timeout), the time zone and the log level. The key string travels only
  through this pipe: never the command line or the environment, which other users may read.
  Every later line is a command; `cancel` cancels the run. End of input (the window is gone)
  cancels it too.
- stdout: one JSON object per line — `{"progress": snapshot}` about ten times a second (the
  whole snapshot, log tail included), then `{"result": run result}` or `{"failed": message}`
  (a message code, as the engine stores its messages) as the last line.
- stderr: the log, as the window's own (documents masked).

The child runs at a lower CPU priority than the window (NICENESS). SIGINT is ignored: Ctrl+C
in the window's terminal reaches the whole process group, and it is the window that decides to
cancel (it does, and waits for the run to close). SIGTERM cancels.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from dataclasses import asdict, fields
from datetime import date, timedelta, timezone, tzinfo
from typing import IO, Any

from core.domain import FetchOrigin, RunStatus
from core.eligibility import EmptyReason, NothingToDo
from core.engine.ports import RunCounters, SelectionSummary
from core.engine.request import RunRequest
from core.engine.run_types import CancelToken, RunResult
from core.messages import encode

log = logging.getLogger(__name__)

CANCEL = "cancel"
# The run gives way to the window (and to whatever the user is doing) when the CPU is short: a
# run waits on the provider most of the time, and a window that stutters is what a user sees.
NICENESS = 10


# -- the job and its result as JSON ------------------------------------------------------------------

def request_to_dict(request: RunRequest) -> dict[str, Any]:
    data = {f.name: getattr(request, f.name) for f in fields(request)}
    data["origin"] = request.origin.value
    data["invoice_ids"] = list(request.invoice_ids)
    data["extra"] = [list(pair) for pair in request.extra]
    return data


def request_from_dict(data: dict[str, Any]) -> RunRequest:
    values = dict(data)
    values["origin"] = FetchOrigin(values["origin"])
    values["invoice_ids"] = tuple(int(i) for i in values.get("invoice_ids", ()))
    values["extra"] = tuple((str(k), str(v)) for k, v in values.get("extra", ()))
    return RunRequest(**values)


def zone_to_text(tz: tzinfo | None) -> str | None:
    """An IANA name (`America/Sao_Paulo`), a fixed offset in seconds (`+3600`), or None (local)."""
    if tz is None:
        return None
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    offset = tz.utcoffset(None)
    return None if offset is None else f"{int(offset.total_seconds()):+d}"


def zone_from_text(text: str | None) -> tzinfo:
    from core.schedule import local_zone

    if not text:
        return local_zone()
    if text[0] in "+-":
        return timezone(timedelta(seconds=int(text)))
    from zoneinfo import ZoneInfo

    return ZoneInfo(text)


def result_to_dict(result: RunResult) -> dict[str, Any]:
    nothing = None
    if result.nothing is not None:
        summary = asdict(result.nothing.summary)
        summary["next_available"] = (None if result.nothing.summary.next_available is None
                                     else result.nothing.summary.next_available.isoformat())
        nothing = {"reason": result.nothing.reason.value, "summary": summary}
    return {
        "run_id": result.run_id,
        "status": result.status.value,
        "message": result.message,
        "counters": asdict(result.counters),
        "duration_seconds": result.duration_seconds,
        "planned_invoices": result.planned_invoices,
        "planned_documents": result.planned_documents,
        "learned_rate": result.learned_rate,
        "nothing": nothing,
        "origin": None if result.origin is None else result.origin.value,
    }


def result_from_dict(data: dict[str, Any]) -> RunResult:
    nothing = None
    if data.get("nothing") is not None:
        summary = dict(data["nothing"]["summary"])
        if summary.get("next_available"):
            summary["next_available"] = date.fromisoformat(summary["next_available"])
        nothing = NothingToDo(EmptyReason(data["nothing"]["reason"]), SelectionSummary(**summary))
    return RunResult(
        run_id=int(data["run_id"]),
        status=RunStatus(data["status"]),
        message=str(data["message"]),
        counters=RunCounters(**data["counters"]),
        duration_seconds=float(data["duration_seconds"]),
        planned_invoices=int(data["planned_invoices"]),
        planned_documents=int(data["planned_documents"]),
        learned_rate=data.get("learned_rate"),
        nothing=nothing,
        origin=None if data.get("origin") is None else FetchOrigin(data["origin"]),
    )


def job(db_location: str, request: RunRequest, provider: Any, tz: tzinfo | None, log_level: int) -> dict[str, Any]:
    """The first line the window sends (`provider` is a runner.build.ProviderConfig)."""
    return {
        "db": db_location,
        "request": request_to_dict(request),
        "provider": {"url": provider.url, "key_string": provider.key_string, "read_timeout": provider.read_timeout},
        "tz": zone_to_text(tz),
        "log_level": log_level,
    }


# -- the child ---------------------------------------------------------------------------------------

class _Channel:
    """The protocol's stdout, one JSON object per line, written whole by one thread at a time."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, kind: str, payload: Any) -> None:
        line = f'{{"{kind}":{payload}}}\n'
        with self._lock:
            self._stream.write(line)
            self._stream.flush()


def _protocol_stdout() -> IO[str]:
    """The real stdout for the protocol alone; anything else printed goes to stderr."""
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    return channel


def _follow_commands(token: CancelToken) -> None:
    for line in sys.stdin:
        if line.strip() == CANCEL:
            token.cancel()
    token.cancel()  # the window is gone: nobody follows this run any more


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):  # POSIX; elsewhere the run keeps the window's priority
        os.nice(NICENESS)
    channel = _Channel(_protocol_stdout())
    first = sys.stdin.readline()
    if not first.strip():
        return 2
    spec = json.loads(first)
    from core.redact import configure_logging

    configure_logging(int(spec.get("log_level", logging.WARNING)))
    token = CancelToken()
    signal.signal(signal.SIGTERM, lambda _sig, _frame: token.cancel())
    threading.Thread(target=_follow_commands, args=(token,), name="commands", daemon=True).start()
    try:
        result = _run(spec, token, channel)
    except Exception as exc:  # the store refused a write, or the run could not be built
        from core.engine.ports import StoreFailure

        if isinstance(exc, StoreFailure):
            log.error("run stopped: %s", exc)
            channel.send("failed", json.dumps(exc.message))
        else:
            log.exception("run failed to start or finish")
            channel.send("failed", json.dumps(encode("run.failed", detail=f"{type(exc).__name__}: {exc}")))
        return 1
    channel.send("result", json.dumps(result_to_dict(result), ensure_ascii=False))
    return 0


def _run(spec: dict[str, Any], token: CancelToken, channel: _Channel) -> RunResult:
    from core.engine.engine import FetchEngine
    from core.engine.progress import ProgressSnapshot, snapshot_to_json
    from runner import build
    from runner.after_run import after_run
    from storage.db import open_database
    from storage.settings_store import all_settings

    def sink(snapshot: ProgressSnapshot) -> None:
        channel.send("progress", snapshot_to_json(snapshot, whole=True))

    open_database(spec["db"])
    request = request_from_dict(spec["request"])
    provider = build.ProviderConfig(**spec["provider"])
    config = build.engine_config(all_settings(), start_rate=build.remembered_rate(provider.url))
    client = build.provider_client(provider, request.concurrency)
    try:
        engine = FetchEngine(build.engine_store(), client, config=config, sink=sink, tz=zone_from_text(spec["tz"]))
        result = engine.run(request, token)
    finally:
        client.close()
    if result.nothing is None:
        try:
            build.remember_rate(provider.url, result)
            after_run(result.run_id)  # the scheduled reports of an automatic run
        except Exception:  # the run itself is over and stored: report it anyway
            log.exception("after the run")
    return result


if __name__ == "__main__":
    sys.exit(main())
