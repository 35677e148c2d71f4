"""Benchmark: does a full dashboard refresh stay fast as the history grows?

Builds two synthetic histories (bench/synthetic.py: ~3 attempt rows per invoice, two years of
daily runs) — 10,000 and 1,000,000 invoices by default — and times `dashboard_refresh` on
each: the first call on a freshly opened connection ("cold": SQLite's page cache empty; the
OS file cache may still be warm) and the median of several warm calls. Prints the times, the
large/small ratio and the targets (1M within 50 ms warm, ratio at most 3).

    python bench/dashboard_scale.py            # 10k and 1M (about two minutes to build 1M)
    python bench/dashboard_scale.py --quick    # 10k and 100k, under a minute
    python bench/dashboard_scale.py --db postgresql://user@host:port/bench

With --db, each history is built in SQLite as above, copied into a PostgreSQL database of its
own on that server (`store copy`; <dbname>_<size>, created when missing: the role needs
CREATEDB; an existing one that holds data is reused) and timed there; the warm target is then
100 ms (a round trip to a server per query instead of a read in the process).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pg_support import ensure_database  # noqa: E402
from bench.synthetic import SyntheticSpec, build_history  # noqa: E402
from storage.analytics import dashboard_refresh  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.postgres import describe  # noqa: E402
from storage.store_copy import copy_store  # noqa: E402

TARGET_MS = 50.0
TARGET_MS_POSTGRES = 100.0
TARGET_RATIO = 3.0
END = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _holds_history(location: str) -> bool:
    from storage.models import Invoice

    open_database(location)
    try:
        return bool(Invoice.select().exists())
    finally:
        close_database()


def _build(path: Path, invoices: int) -> float:
    db = open_database(str(path))
    t0 = time.perf_counter()
    report = build_history(db, SyntheticSpec(invoices=invoices, end=END))
    build = time.perf_counter() - t0
    print(
        f"  built {report.invoices:,} invoices, {report.contracts:,} contracts, {report.runs} runs, "
        f"{report.attempts:,} attempts in {build:.1f} s (load {report.load_seconds:.1f} s, "
        f"rollups {report.rollup_seconds:.1f} s)"
    )
    close_database()
    return build


def measure(path: Path, invoices: int, runs: int, days: int, tz: ZoneInfo,
            server: str | None = None) -> tuple[float, float, float]:
    """Build (unless the file exists), then return (build seconds, cold ms, warm median ms).
    With `server`, the history is copied into a PostgreSQL database there and timed on it."""
    build = 0.0
    location = str(path)
    if server:
        location = ensure_database(server, str(invoices))
        if not _holds_history(location):
            if not path.exists():
                build = _build(path, invoices)
            report = copy_store(str(path), location)
            print(f"  copied into {describe(location)} in {report.seconds:.1f} s")
    elif not path.exists():
        build = _build(path, invoices)
    open_database(location)
    try:
        t0 = time.perf_counter()
        dashboard_refresh(END, tz, days)
        cold = (time.perf_counter() - t0) * 1000
        warm = []
        for _ in range(runs):
            t0 = time.perf_counter()
            dashboard_refresh(END, tz, days)
            warm.append((time.perf_counter() - t0) * 1000)
    finally:
        close_database()
    return build, cold, statistics.median(warm)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="use 100,000 invoices as the large size")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=None, help="default 1,000,000 (100,000 with --quick)")
    parser.add_argument("--runs", type=int, default=9, help="warm refreshes to take the median of")
    parser.add_argument("--days", type=int, default=30, help="the dashboard window")
    parser.add_argument("--tz", default="America/Sao_Paulo")
    parser.add_argument("--dir", type=Path, default=None, help="keep (and reuse) the databases here")
    parser.add_argument("--db", default=None, metavar="POSTGRESQL_URL",
                        help="time the dashboards on this PostgreSQL server (databases <dbname>_<size>)")
    args = parser.parse_args(argv)
    large = args.large or (100_000 if args.quick else 1_000_000)
    tz = ZoneInfo(args.tz)
    with tempfile.TemporaryDirectory(prefix="faturas-bench-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        return run(args, folder, large, tz)


def run(args: argparse.Namespace, folder: Path, large: int, tz: ZoneInfo) -> int:
    results = {}
    for size in (args.small, large):
        print(f"{size:,} invoices:")
        build, cold, warm = measure(folder / f"history-{size}.sqlite", size, args.runs, args.days, tz, args.db)
        results[size] = (cold, warm)
        print(f"  dashboard_refresh({args.days} days): cold {cold:.1f} ms, warm median {warm:.1f} ms")
    ratio = results[large][1] / results[args.small][1]
    note = "" if large == 1_000_000 else f" (large size {large:,}, not 1,000,000: --quick)"
    print(f"ratio {large:,}/{args.small:,} (warm medians): {ratio:.2f}{note}")
    target_ms = TARGET_MS_POSTGRES if args.db else TARGET_MS
    ok_time = results[large][1] <= target_ms
    ok_ratio = ratio <= TARGET_RATIO
    print(
        f"target: warm refresh at the large size <= {target_ms:.0f} ms: {'met' if ok_time else 'MISSED'}; "
        f"ratio <= {TARGET_RATIO:.0f}: {'met' if ok_ratio else 'MISSED'}"
    )
    return 0 if ok_time and ok_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
