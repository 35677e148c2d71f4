"""The command line: global options and subcommand dispatch. Without a subcommand it calls the
`open_app` it was given (main.py passes the desktop app), so this package never imports Qt."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from cli import exit_codes
from core import redact
from storage.errors import StoreError

AppOpener = Callable[[argparse.Namespace], int]

# Each module exposes register(subparsers); the parser it adds sets `handler`.
COMMAND_MODULES = (
    "cli.cmd_fetch",
    "cli.cmd_import",
    "cli.cmd_import_payments",
    "cli.cmd_import_due_dates",
    "cli.cmd_simulator",
    "cli.cmd_demo_world",
    "cli.cmd_stats",
    "cli.cmd_store",
    "cli.cmd_provider_key",
    "cli.cmd_export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Faturas Monitor: fetch, track and retry the invoices of sold contracts. "
        "Without a subcommand it opens the desktop app.",
        epilog=exit_codes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_common_options(parser)
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a generated demo world served by the built-in simulator")
    parser.add_argument("--lang", metavar="LANG", help="force the interface language (en, pt_BR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="LOCATION",
                        help="SQLite database file or postgresql://user@host:port/dbname "
                             "(default: $FATURAS_DB, else a file in the user data dir)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")


def configure_logging(verbosity: int) -> None:
    redact.configure_logging(logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG)


def main(argv: Sequence[str] | None = None, *, open_app: AppOpener | None = None) -> int:
    """Run the subcommand in `argv`; without one, `open_app(args)` (or the help, if none given)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        if args.command is None:
            if open_app is None:
                parser.print_help(sys.stderr)
                return exit_codes.USAGE
            return int(open_app(args))
        return int(args.handler(args))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_codes.STORE
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return exit_codes.CANCELLED
