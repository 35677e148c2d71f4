"""`python main.py fetch`: one run of the engine from the terminal, with progress and summary."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import signal
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from rich.console import Console

from cli import exit_codes
from cli.common import new_command, open_store
from cli.message_text import english_run_record
from cli.progress_view import RichProgressSink, summary_table
from core.domain import DEFAULT_MAX_ATTEMPTS, FetchOrigin, RunStatus
from core.engine import CancelToken, EngineConfig, FetchEngine, RequestError, RunRequest
from core.engine.ports import StoreFailure
from core.messages import PROVIDER_UNAVAILABLE_CODES, decode
from runner import build

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = new_command(
        sub, "fetch", "fetch invoices from the provider (one run)", handle,
        description="Fetch the open invoices of the selected contracts from the provider, with retries, "
        "and record every attempt. Without a selector every pending invoice is fetched.",
    )
    sel = p.add_argument_group("what to fetch")
    sel.add_argument("--cohort", metavar="YYYY-MM", help="only this cohort (safra)")
    sel.add_argument("--contract", metavar="N", help="only this contract number")
    sel.add_argument("--invoice", metavar="ID", type=int, action="append", default=[],
                     help="only this invoice id (repeatable)")
    sel.add_argument("--force", action="store_true",
                     help="fetch the selection even if given up, already fetched or backing off")
    opt = p.add_argument_group("how")
    opt.add_argument("--origin", choices=[o.value.lower() for o in FetchOrigin],
                     help="origin recorded on the run (default: from the selector)")
    opt.add_argument("--retry", dest="retry", action=argparse.BooleanOptionalAction, default=None,
                     help="retry transient failures within the run, after the main pass, with backoff, "
                     "up to --max-attempts (default: on)")
    opt.add_argument("--max-attempts", type=int, metavar="N",
                     help=f"attempts before giving up (default {DEFAULT_MAX_ATTEMPTS})")
    opt.add_argument("--concurrency", type=int, metavar="N", help="lookups in flight at once")
    opt.add_argument("--rate", type=float, metavar="R", help="most lookups per second")
    opt.add_argument("--provider-url", metavar="URL", help="the portal base URL (serves /negociar/params)")
    opt.add_argument("--key-string", metavar="KEY",
                     help=f"the provider key string (prefer ${build.KEY_ENV} or the key file)")
    opt.add_argument("--unavailable-after", type=float, default=build.DEFAULT_OUTAGE_LIMIT, metavar="SECONDS",
                     help="end the run as FAILED if the provider stays down this long (default %(default)g)")
    opt.add_argument("--json", action="store_true", help="print the final run as one JSON object")
    demo = p.add_argument_group("demo")
    demo.add_argument("--demo", action="store_true",
                      help="generate a demo world, serve it with the built-in simulator, import it, fetch")
    demo.add_argument("--demo-contracts", type=int, default=300, metavar="N", help="contracts in the demo world")
    demo.add_argument("--demo-profile", default="flaky", metavar="NAME", help="simulator fault profile")


def _origin(args: argparse.Namespace) -> FetchOrigin:
    if args.origin:
        return FetchOrigin(args.origin.upper())
    if args.contract or args.invoice:
        return FetchOrigin.INDIVIDUAL
    if args.cohort:
        return FetchOrigin.COHORT
    return FetchOrigin.MANUAL


@contextlib.contextmanager
def _sigint_cancels(token: CancelToken, console: Console) -> Iterator[None]:
    """First Ctrl+C cancels the run cleanly; a second one interrupts at once."""
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum: int, frame: Any) -> None:
        if token.cancelled:
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        token.cancel()
        # The handler runs between two bytecodes of the main thread, which may be halfway through
        # its own write to stderr: that write refuses a reentrant one, and the notice is not worth
        # turning the cancel into an error.
        with contextlib.suppress(RuntimeError):
            console.print("[yellow]cancelling… (Ctrl+C again to stop at once)")

    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def handle(args: argparse.Namespace) -> int:
    from storage.settings_store import all_settings

    console = Console(stderr=True)
    err = Console(stderr=True)
    if args.demo and (args.provider_url or args.key_string):
        err.print("[red]error:[/] --demo serves its own simulator; drop --provider-url/--key-string")
        return exit_codes.USAGE
    if args.key_string:
        err.print(key_string_warning(), markup=False, highlight=False, soft_wrap=True)
    if not 1 <= args.unavailable_after <= 86_400:
        err.print("[red]error:[/] --unavailable-after must be between 1 and 86400 seconds")
        return exit_codes.USAGE
    open_store(args)
    settings = all_settings()
    with contextlib.ExitStack() as stack:
        if args.demo:
            from runner.demo import DemoError, demo_environment

            try:
                env = stack.enter_context(demo_environment(
                    contracts=args.demo_contracts, profile=args.demo_profile, console=err))
            except DemoError as exc:
                err.print(f"[red]error:[/] {exc}")
                return exit_codes.USAGE
            provider = env.provider
            settings = {**settings, **env.pace}
        else:
            try:
                provider = build.provider_config(settings, url=args.provider_url, key_string=args.key_string)
            except build.ProviderNotConfigured as exc:
                err.print(f"[red]error:[/] {_not_configured(exc.missing)}")
                return exit_codes.USAGE
        try:
            request = build.run_request(
                settings,
                _origin(args),
                cohort=args.cohort,
                contract_number=args.contract,
                invoice_ids=tuple(args.invoice),
                force=args.force or (args.origin or "").upper() == FetchOrigin.RETRY.value,
                max_attempts=args.max_attempts,
                retry_pass=args.retry,
                concurrency=args.concurrency,
                rate_limit=args.rate,
                started_by=build.started_by("cli"),
            )
        except RequestError as exc:
            err.print(f"[red]error:[/] {exc}")
            return exit_codes.USAGE
        if request.origin is FetchOrigin.AUTOMATIC and not args.demo:
            taker = _take_schedule_slot(settings, request.started_by)
            if taker:
                err.print(f"the scheduled run of this slot is already being made by {taker}; nothing to do",
                          markup=False, highlight=False)
                return exit_codes.OK
        config = build.engine_config(settings, outage_limit=args.unavailable_after,
                                     start_rate=build.remembered_rate(provider.url))
        return _run(request, config, provider, args, console)
    return exit_codes.OK  # unreachable: the with block returns


def _take_schedule_slot(settings: Mapping[str, Any], who: str) -> str | None:
    """An automatic run started by the OS scheduler at a fire time of the schedule takes that
    slot first, like the desktops do: with several runners on one store the slot runs once.
    Returns who took it first ('user@host'), or None when this process has it (or it is not
    a scheduled time: an automatic run started by hand belongs to no slot)."""
    from datetime import UTC, datetime

    from core.schedule import ScheduleError, due_fire_time, local_zone, slot_key
    from storage.schedule_slots import take_slot

    now = datetime.now(UTC)
    try:
        due = due_fire_time(str(build.setting(settings, "schedule_cron")), now, local_zone())
    except ScheduleError as exc:
        log.warning("no slot taken: %s", exc)
        return None
    if due is None:
        return None
    taker = take_slot(slot_key(due), who, now)
    return None if taker is None else f"{taker.taken_by}@{taker.hostname}"


def key_string_warning() -> str:
    """Any user of the machine can read a process's arguments (ps, /proc): the key given on the
    command line is not a secret any more."""
    return (f"warning: --key-string is visible to every user of this machine in the process list (and may be "
            f"kept in the shell history); set ${build.KEY_ENV} or write the key to {build.key_file_path()} "
            f"instead")


def _not_configured(missing: build.ProviderSetting) -> str:
    if missing is build.ProviderSetting.URL:
        return "no provider URL: pass --provider-url URL (or save the provider_url setting), or try --demo"
    return (f"no provider key string: save it in the app's Preferences (kept in the OS keyring), set "
            f"${build.KEY_ENV}, write it to {build.key_file_path()}, or pass --key-string")


def _run(request: RunRequest, config: EngineConfig, provider_config: build.ProviderConfig,
         args: argparse.Namespace, console: Console) -> int:
    from runner.after_run import after_run
    from storage.run_export import run_record

    provider = build.provider_client(provider_config, request.concurrency)
    token = CancelToken()
    show_progress = not args.json and console.is_terminal
    try:
        with _sigint_cancels(token, console):
            if show_progress:
                with RichProgressSink(console) as sink:
                    result = FetchEngine(build.engine_store(), provider, config=config, sink=sink).run(request, token)
            else:
                result = FetchEngine(build.engine_store(), provider, config=config).run(request, token)
    except StoreFailure as failure:
        return _store_failed(failure, args)
    finally:
        provider.close()
    if result.nothing is not None:  # nothing was eligible: no run row; say why, exit 0
        if args.json:
            print(json.dumps({"run": None, "nothing": result.nothing.reason.value,
                              "message": result.nothing.describe(),
                              "summary": dataclasses.asdict(result.nothing.summary)}, default=str))
        else:
            Console().print(result.nothing.describe().capitalize() + ".")
        return exit_codes.OK
    build.remember_rate(provider_config.url, result)
    reports = after_run(result.run_id)  # the scheduled reports of an automatic run
    if reports.problem:
        print(f"warning: scheduled reports not written: {reports.problem}", file=sys.stderr)
    record = english_run_record(run_record(result.run_id))
    if args.json:
        print(json.dumps(record, ensure_ascii=False, default=str))
    else:
        Console().print(summary_table(record))
    if result.status is RunStatus.CANCELLED:
        return exit_codes.CANCELLED
    if result.status is RunStatus.FAILED:
        unavailable = decode(result.message).code in PROVIDER_UNAVAILABLE_CODES
        return exit_codes.PROVIDER_UNAVAILABLE if unavailable else exit_codes.ERRORS_LEFT
    return exit_codes.ERRORS_LEFT if result.counters.errors or result.counters.gave_up else exit_codes.OK


def _store_failed(failure: StoreFailure, args: argparse.Namespace) -> int:
    """The database refused a write during the run: the run as far as it is stored, FAILED with
    the cause (stdout, as usual), the cause in one line (stderr), exit 4."""
    from storage.run_export import blank_run_record, run_record

    record = blank_run_record()
    if failure.run_id is not None:
        try:
            record = run_record(failure.run_id)
        except Exception:  # the database may not even serve the read: the blank record says enough
            log.debug("run %d could not be read back", failure.run_id, exc_info=True)
            record["id"] = failure.run_id
    record = english_run_record(record)
    record["status"] = RunStatus.FAILED.value
    record["message"] = str(failure)
    record["message_code"] = failure.code
    if args.json:
        print(json.dumps(record, ensure_ascii=False, default=str))
    elif failure.run_id is not None:
        Console().print(summary_table(record))
    print(f"error: {failure}", file=sys.stderr)
    return exit_codes.STORE


__all__ = ["register"]
