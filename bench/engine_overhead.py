"""What tracking costs: the same run with the real store and with a store that discards writes.

The simulator answers at once (the `instant` profile, its own process), so the run is as
fast as the engine and the client allow and the store's share shows. Each configuration runs
on a fresh copy of the same imported database, alternating, several times; the medians are
compared. Target: real ÷ discarding ≤ 1.10.

    python bench/engine_overhead.py [--quick] [--contracts N] [--repeat N] [--db postgresql://...]

With --db, every run writes to a fresh PostgreSQL database on that server (<dbname>_<run>,
a `store copy` of the imported fixture; the role needs CREATEDB), and the attempt rows the real
store wrote per second are printed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fetch_support import SimulatorProcess, build_fixture, timed  # noqa: E402
from bench.pg_support import fresh_copy  # noqa: E402
from core.engine import EngineConfig, FetchEngine, RunRequest  # noqa: E402
from core.engine.ports import Batch, Claim, DocumentJob, RunFinal  # noqa: E402
from core.provider.negocia import NegociaClient  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.engine_store import SqlEngineStore  # noqa: E402
from storage.models import FetchAttempt  # noqa: E402


class DiscardingStore(SqlEngineStore):
    """Plans from the real database, then throws every write away (claims included: what they
    cost belongs to the real store's share)."""

    def claim(self, run_id: int, request: RunRequest, today: date, wanted: Sequence[DocumentJob]) -> Claim:
        return Claim(tuple(wanted))

    def cancel_requested(self, run_id: int) -> str | None:
        return None

    def commit(self, run_id: int, batch: Batch) -> None:
        return None

    def finish(self, run_id: int, final: RunFinal) -> None:
        return None


def one_run(fx, url: str, store_cls: type[SqlEngineStore], name: str, concurrency: int,
            server: str | None = None) -> tuple[float, int]:
    db = fx.fresh_db(name)
    open_database(fresh_copy(server, name, db) if server else str(db))
    client = NegociaClient(url, fx.key_string, pool_size=concurrency)
    try:
        engine = FetchEngine(store_cls(), client, config=EngineConfig(seed=1))
        result, wall = timed(engine.run, RunRequest(concurrency=concurrency, rate_limit=None))
        rows = FetchAttempt.select().count()
    finally:
        client.close()
        close_database()
    assert result.counters.processed == result.planned_invoices, result.message
    return wall, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller world and fewer repeats (under 30 s)")
    ap.add_argument("--contracts", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=None)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--db", default=None, metavar="POSTGRESQL_URL", help="write to PostgreSQL on this server")
    args = ap.parse_args()
    contracts = args.contracts or (800 if args.quick else 3200)
    repeat = args.repeat or (3 if args.quick else 5)
    fx = build_fixture(contracts)
    real: list[float] = []
    null: list[float] = []
    with SimulatorProcess(fx.world_file, "instant") as sim:
        one_run(fx, sim.url, SqlEngineStore, "warmup", args.concurrency, args.db)
        for i in range(repeat):
            wall, rows = one_run(fx, sim.url, SqlEngineStore, f"real{i}", args.concurrency, args.db)
            real.append(wall)
            wall_null, rows_null = one_run(fx, sim.url, DiscardingStore, f"null{i}", args.concurrency, args.db)
            null.append(wall_null)
            print(f"  round {i + 1}: real store {wall:.3f} s ({rows} attempt rows), "
                  f"discarding store {wall_null:.3f} s ({rows_null} rows)")
    r, n = statistics.median(real), statistics.median(null)
    print(f"world: {fx.contracts} contracts, {fx.documents} documents; simulator: instant; concurrency "
          f"{args.concurrency}, no rate limit")
    print(f"median wall: real store {r:.3f} s, discarding store {n:.3f} s"
          f" ({'PostgreSQL' if args.db else 'SQLite'}: {rows / r:,.0f} attempt rows a second)")
    print(f"overhead ratio {r / n:.3f}  (target <= 1.10)")
    print("PASS" if r / n <= 1.10 else "MISS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
