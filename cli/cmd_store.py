"""`python main.py store`: maintenance of the store.

`store rebuild-rollups` recomputes every rollup table from the facts (invoices and attempt
rows), in one transaction, with the same statements the engine and the import use as they
write. The rollups never need it in normal use; it is the remedy after the facts were changed
by hand (a repair in a SQL shell, a restored table).
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


def _usage(args: argparse.Namespace) -> int:
    Console(stderr=True).print("[red]error:[/] say what to do: python main.py store rebuild-rollups")
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
