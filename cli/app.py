"""Entry point: global options, subcommand dispatch, and the GUI when no subcommand is given."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from cli import exit_codes
from core.redact import install_log_redaction
from storage.errors import StoreError

# Each module exposes register(subparsers); the parser it adds sets `handler`.
COMMAND_MODULES = (
    "cli.cmd_fetch",
    "cli.cmd_import",
    "cli.cmd_simulator",
    "cli.cmd_demo_world",
    "cli.cmd_stats",
    "cli.cmd_store",
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
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite database file (default: $FATURAS_DB, else the user data dir)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")


def configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("urllib3").setLevel(max(level, logging.WARNING))
    install_log_redaction()  # no CPF/CNPJ or credential reaches a log line, whoever wrote it


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        if args.command is None:
            from gui.app import run_gui  # Qt is imported only for the desktop app

            return int(run_gui(args))
        return int(args.handler(args))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exit_codes.STORE
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return exit_codes.CANCELLED
