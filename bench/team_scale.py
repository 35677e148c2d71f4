"""Several runners on one store: 1, 2 and 4 `python main.py fetch` processes share one run's
work through claims.

Each runner is paced (`--rate` lookups per second, as a real deployment paces each runner to
its share of the provider's limit); the simulator runs in its own process with a capacity far
above their total rate, so the only thing that can keep N runners from going N times as fast is
the store and the claims. For each N the store starts from the same imported state and the
simulator from zero counts; wall time runs from the first runner's start to the last one's end.

Reported: wall time per N, wall(4) / wall(1) (target <= 0.35), double lookups (documents the
simulator served more than once; target 0) and the most attempt rows any invoice got (1).

    python bench/team_scale.py [--quick] [--store PATH] [--contracts N] [--rate R] [--runners 1,2,4]

`--store`: where the store lives. A file path (SQLite; each configuration starts from a fresh
copy of the imported store), or the postgresql:// location of a throwaway database: it is
dropped and created again for each configuration, then filled with `store copy`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fetch_support import ROOT, Fixture, SimulatorProcess, build_fixture  # noqa: E402

TARGET_RATIO = 0.35


def fresh_store(fx: Fixture, location: str) -> None:
    """The store at `location`, holding exactly the imported contracts and nothing fetched."""
    if location.startswith(("postgres://", "postgresql://")):
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        from storage.store_copy import copy_store

        url = urlsplit(location)
        name = url.path.lstrip("/")
        with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        copy_store(str(fx.template_db), location)
        return
    target = Path(location)
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(fx.template_db, target)
    target.chmod(0o600)


def one_config(fx: Fixture, location: str, runners: int, rate: float, concurrency: int, latency_ms: float
               ) -> dict[str, float]:
    fresh_store(fx, location)
    with SimulatorProcess(fx.world_file, "healthy", "--latency-ms", str(latency_ms), "--latency-p95-ms",
                          str(latency_ms * 2), "--capacity", "5000", "--burst", "500") as sim:
        env = dict(os.environ, FATURAS_PROVIDER_KEY=fx.key_string)
        command = [sys.executable, str(ROOT / "main.py"), "fetch", "--db", location, "--provider-url", sim.url,
                   "--concurrency", str(concurrency), "--rate", str(rate), "--no-retry", "--json"]
        t0 = time.perf_counter()
        procs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  cwd=ROOT) for _ in range(runners)]
        for proc in procs:
            _, err = proc.communicate()
            if proc.returncode not in (0, 1):
                raise SystemExit(f"a runner failed ({proc.returncode}): {err[-2000:]}")
        wall = time.perf_counter() - t0
        stats = sim.stats()
    from storage.db import close_database, open_database

    db = open_database(location, recover=False)
    try:
        most = db.execute_sql("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM fetch_attempt "
                              "GROUP BY invoice_id) AS per_invoice").fetchone()[0]
        invoices = db.execute_sql("SELECT COUNT(DISTINCT invoice_id) FROM fetch_attempt").fetchone()[0]
        shares = [n for (n,) in db.execute_sql("SELECT processed FROM fetch_run ORDER BY id")]
        claims = db.execute_sql("SELECT COUNT(*) FROM fetch_claim").fetchone()[0]
    finally:
        close_database()
    print(f"  {runners} runner(s): {wall:.2f} s wall, {stats.documents_looked_up} documents, "
          f"{stats.repeat_lookups} double lookups, {invoices} invoices fetched (most attempt rows on one: "
          f"{most}), shares {shares}, claims left {claims}")
    return {"wall": wall, "double": stats.repeat_lookups, "most": most, "claims": claims}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller world (under a minute)")
    ap.add_argument("--store", default=None, help="the store location (default: a file in a temporary folder)")
    ap.add_argument("--contracts", type=int, default=None)
    ap.add_argument("--rate", type=float, default=25.0, help="lookups per second of each runner")
    ap.add_argument("--concurrency", type=int, default=4, help="lookups in flight per runner")
    ap.add_argument("--latency-ms", type=float, default=20.0, help="the simulator's median service time")
    ap.add_argument("--runners", default="1,2,4", help="runner counts to measure, comma separated")
    args = ap.parse_args()
    counts = [int(n) for n in args.runners.split(",")]
    fx = build_fixture(args.contracts or (400 if args.quick else 1200))
    location = args.store or str(fx.folder / "team.sqlite")
    print(f"world: {fx.contracts} contracts, {fx.documents} documents; each runner: {args.rate:g} lookups/s, "
          f"concurrency {args.concurrency}; simulator: {args.latency_ms:g} ms, capacity 5000/s; store {location}")
    results = {n: one_config(fx, location, n, args.rate, args.concurrency, args.latency_ms) for n in counts}
    ok = all(r["double"] == 0 and r["most"] <= 1 and r["claims"] == 0 for r in results.values())
    print(f"double lookups: {sum(int(r['double']) for r in results.values())} (target 0)")
    if 1 in results:
        for n in counts:
            if n != 1:
                print(f"wall({n}) / wall(1) = {results[n]['wall'] / results[1]['wall']:.3f}")
    if 1 in results and 4 in results:
        ratio = results[4]["wall"] / results[1]["wall"]
        print(f"scale ratio 4 runners / 1 runner: {ratio:.3f}  (target <= {TARGET_RATIO})")
        ok = ok and ratio <= TARGET_RATIO
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
