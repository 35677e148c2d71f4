"""`python main.py demo-world`: generate a synthetic world (contracts.csv + world.json) from a seed."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from cli import exit_codes
from cli.common import new_command
from core.domain import PaymentStatus
from core.simulator.world import generate_world, write_world
from core.simulator.world_files import PAYMENTS_FILE

MAX_CONTRACTS = 1_000_000


def register(sub: Any) -> None:
    p = new_command(
        sub, "demo-world", "generate a demo world: contracts.csv to import, world.json to simulate", handle,
        description="Generate a synthetic, reproducible world: contracts.csv (as a back office exports it: "
        "';'-separated, UTF-8 with BOM, Portuguese headers) for import-contracts, world.json (the "
        "operator's open debts per document) for the simulator, and payments.csv (the operator's payment "
        "spreadsheet, FPD, exported 5 days before 'today') for import-payments.",
    )
    p.add_argument("--contracts", type=_count, default=1000, metavar="N",
                   help="number of contracts (default 1000)")
    p.add_argument("--seed", type=int, default=42, help="random seed (same seed, same world; default 42)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="folder to write the two files into")
    p.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD",
                   help="the world's 'today' (default: today)")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_CONTRACTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CONTRACTS}, got {value}")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def handle(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    started = time.perf_counter()
    world = generate_world(args.contracts, args.seed, today)
    try:
        contracts_path, world_path = write_world(world, args.out)
    except OSError as exc:
        print(f"error: cannot write into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return exit_codes.USAGE
    s = world.summary
    print(f"wrote {contracts_path} ({s.contracts} contracts, {s.documents} documents)")
    print(f"wrote {world_path} ({len(world.debts)} documents with debts, {s.invoices_open} open contract "
          f"invoices, {s.noise_debts} unrelated debts; today {today.isoformat()}, seed {args.seed})")
    if world.payments:
        paid = sum(1 for p in world.payments if p.status is PaymentStatus.PAID)
        print(f"wrote {contracts_path.with_name(PAYMENTS_FILE)} ({len(world.payments)} invoices, {paid} paid; "
              f"{s.invoices_paid_after_export} more paid after it was exported; {s.other_due_day_documents} "
              f"customers with another due day)")
    print(f"took {time.perf_counter() - started:.1f}s")
    return exit_codes.OK
