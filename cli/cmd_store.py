"""`python main.py store`: maintenance of the store.

`store rebuild-rollups` recomputes every rollup table from the facts (invoices and attempt
rows), in one transaction, with the same statements the engine and the import use as they
write. The rollups never need it in normal use; it is the remedy after the facts were changed
by hand (a repair in a SQL shell, a restored table).

`store copy --from SQLITE_FILE --to postgresql://user@host/db` copies a whole store (every fact,
ids kept) into an empty one and rebuilds its rollups: the move from one desktop's file to a
PostgreSQL database the team shares (or back, with the locations swapped). A target that holds
any data is refused.

`store password --db postgresql://user@host/db` keeps the database password in the system
keyring (asked for, never on the command line), where the app finds it when it connects;
~/.pgpass works too, without this.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from rich.console import Console

from cli import exit_codes
from cli.common import new_command, open_store


def register(sub: Any) -> None:
    parser = new_command(sub, "store", "store maintenance (rebuild-rollups)", _usage, description=__doc__)
    actions = parser.add_subparsers(dest="store_action", metavar="ACTION")
    new_command(actions, "rebuild-rollups", "recompute every rollup table from the invoices and attempt rows",
                rebuild, description=__doc__)
    copy = new_command(actions, "copy", "copy a whole store into an empty one (SQLite -> PostgreSQL, or back)",
                       copy_store, description=__doc__)
    copy.add_argument("--from", dest="source", required=True, metavar="LOCATION",
                      help="the store to copy: a SQLite file or a postgresql:// URL")
    copy.add_argument("--to", dest="target", required=True, metavar="LOCATION",
                      help="the empty store to fill: a postgresql:// URL or a SQLite file")
    new_command(actions, "password", "keep a PostgreSQL password in the system keyring (asked for)",
                password, description=__doc__)


def _usage(args: argparse.Namespace) -> int:
    Console(stderr=True).print("[red]error:[/] say what to do: python main.py store rebuild-rollups | copy | password")
    return exit_codes.USAGE


def rebuild(args: argparse.Namespace) -> int:
    from storage.rollups_write import rebuild_rollups, rollup_row_counts

    open_store(args)
    t0 = time.perf_counter()
    rebuild_rollups()
    seconds = time.perf_counter() - t0
    console = Console()
    for table, rows in rollup_row_counts().items():
        console.print(f"{table:<22} {rows:>10,} rows")
    console.print(f"rollups rebuilt from the facts in {seconds:.1f} s")
    return exit_codes.OK


def copy_store(args: argparse.Namespace) -> int:
    from storage.postgres import describe
    from storage.store_copy import copy_store as copy

    report = copy(args.source, args.target)
    console = Console()
    for table, rows in report.rows.items():
        console.print(f"{table:<16} {rows:>10,} rows")
    console.print(f"copied {describe(args.source)} into {describe(args.target)} in {report.seconds:.1f} s "
                  "(rollups rebuilt)")
    return exit_codes.OK


def password(args: argparse.Namespace) -> int:
    import getpass

    from storage.db import resolve_db_location
    from storage.postgres import describe, is_postgres, store_password

    location = resolve_db_location(getattr(args, "db", None))
    if not is_postgres(location):
        Console(stderr=True).print("[red]error:[/] --db must be a postgresql:// location (a SQLite file has "
                                   "no password)")
        return exit_codes.USAGE
    secret = getpass.getpass(f"Password for {describe(location)}: ")
    if not secret:
        Console(stderr=True).print("[red]error:[/] no password given; nothing stored")
        return exit_codes.USAGE
    name = store_password(location, secret)
    Console().print(f"kept in the system keyring as {name!r} (service 'faturas-monitor-db')")
    return exit_codes.OK
