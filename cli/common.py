"""Pieces every subcommand shares: its parser with the common options, opening the store."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from cli import exit_codes

Handler = Callable[[argparse.Namespace], int]


def new_command(sub: Any, name: str, help_text: str, handler: Handler, description: str | None = None
                ) -> argparse.ArgumentParser:
    """Add a subcommand that also accepts --db and -v after its name."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=description or help_text, epilog=exit_codes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # SUPPRESS keeps the subparser from overwriting a value given before the subcommand.
    parser.add_argument("--db", metavar="LOCATION", default=argparse.SUPPRESS,
                        help="SQLite database file or postgresql://user@host:port/dbname "
                             "(default: $FATURAS_DB, else a file in the user data dir)")
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more logging")
    parser.set_defaults(handler=handler)
    return parser


def open_store(args: argparse.Namespace) -> None:
    """Open (and migrate) the database `--db` names; StoreError if it cannot be used."""
    from storage.db import open_database

    open_database(getattr(args, "db", None))
