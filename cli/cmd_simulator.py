"""`python main.py simulator`: serve a world file with the operator's API on a loopback port.

The first line on stdout is the portal URL (flushed), so a parent process can read it and point
a client at it; then it serves until SIGINT or SIGTERM and exits 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from cli import exit_codes
from cli.common import new_command
from core.simulator.profiles import PROFILES, OutageWindow, ProfileError, get_profile
from core.simulator.server import SimulatorServer
from core.simulator.world_files import WorldFileError, load_world

_OVERRIDES = (
    # (option, profile field, type, help)
    ("--latency-ms", "latency_median_ms", float, "median service time in ms"),
    ("--latency-p95-ms", "latency_p95_ms", float, "95th percentile service time in ms"),
    ("--capacity", "capacity_rps", float, "requests per second before 429 (0 = unlimited)"),
    ("--burst", "burst", int, "token bucket size"),
    ("--error-rate", "error_rate", float, "share of debt lookups answered 5xx (0-1)"),
    ("--timeout-rate", "timeout_rate", float, "share of debt lookups that hang (0-1)"),
    ("--hang-seconds", "hang_seconds", float, "how long a hang lasts"),
    ("--malformed-rate", "malformed_rate", float, "share of debt lookups with a broken body (0-1)"),
    ("--token-ttl", "token_ttl_s", float, "seconds before a token expires (0 = never)"),
    ("--seed", "seed", int, "seed of the fault draws"),
)


def register(sub: Any) -> None:
    p = new_command(
        sub, "simulator", "serve a world file with the operator's API (demo, tests, benchmarks)", handle,
        description="Serve a world file (see demo-world) with the operator's params/session/debts API on "
        "a local port, under a fault profile. Prints the portal URL as its first line, then serves "
        "until Ctrl+C or SIGTERM. The params are encrypted with $FATURAS_PROVIDER_KEY if set, else "
        "with the world's demo key.",
    )
    p.add_argument("--world", required=True, type=Path, metavar="FILE", help="world.json (or its folder)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=0, help="port to listen on (0 = any free port)")
    p.add_argument("--profile", default="healthy", choices=list(PROFILES),
                   help="fault profile (default healthy)")
    faults = p.add_argument_group("profile overrides")
    for option, _field, kind, help_text in _OVERRIDES:
        faults.add_argument(option, type=kind, default=None, metavar="N", help=help_text)
    faults.add_argument("--outage-start", type=float, default=None, metavar="S",
                        help="an outage starts S seconds after start (default 0 with --outage-seconds)")
    faults.add_argument("--outage-seconds", type=float, default=None, metavar="S", help="outage length")
    faults.add_argument("--outage-drop", action="store_true",
                        help="during the outage close connections instead of answering 503")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0..65535, got {value}")
    return value


def handle(args: argparse.Namespace) -> int:
    overrides = {field: getattr(args, option[2:].replace("-", "_")) for option, field, _, _ in _OVERRIDES}
    if args.outage_seconds is not None:
        overrides["outages"] = (OutageWindow(start_s=args.outage_start or 0.0, duration_s=args.outage_seconds,
                                             drop_connection=args.outage_drop),)
    elif args.outage_start is not None or args.outage_drop:
        return _usage("--outage-start/--outage-drop need --outage-seconds")
    try:
        profile = get_profile(args.profile, **overrides)
    except (ProfileError, ValueError) as exc:
        return _usage(str(exc))
    try:
        world = load_world(args.world)
    except WorldFileError as exc:
        return _usage(str(exc))
    server = SimulatorServer(world, profile, host=args.host, port=args.port)
    try:
        server.start()
    except OSError as exc:
        return _usage(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for sig in previous:
        signal.signal(sig, on_signal)
    try:
        print(server.url, flush=True)
        print(f"simulator: {len(world.debts)} documents with debts, profile {profile.name}; "
              "Ctrl+C to stop", file=sys.stderr, flush=True)
        while not stop.wait(0.5):  # a timed wait keeps signals deliverable on every platform
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    stats = server.stats()
    print(f"simulator: served {stats.requests} requests ({stats.rate_limited} rate limited)",
          file=sys.stderr, flush=True)
    return exit_codes.OK


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return exit_codes.USAGE
