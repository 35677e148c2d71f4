"""How close a fetch run gets to the best the provider allows, and how it compares with the
original algorithm.

A world of a few thousand documents is served by the simulator (its own process) with a set
latency and capacity. The engine fetches everything with the capacity as its configured rate.
Printed: the run's wall time; the lower bound (documents ÷ capacity, or documents × mean
latency ÷ concurrency if larger); their ratio (target ≤ 1.10); the share of requests answered
429 (target ≤ 1%). Then the original's algorithm on the same data — sequential, one lookup per
invoice, a new session for every call — timed on a sample of invoices and extrapolated to all
of them, and the speedup (target ≥ 20×).

With `--limiter nginx` the limit is a real nginx `limit_req` (Debian's package, started here on
a loopback port in front of the simulator) at `--limit` r/s answering 429 without Retry-After,
and the engine is allowed 2.5x that: it must find the limit. Two runs: the first from the
configured rate, the second from the rate the first one remembered. Printed for each: wall ÷
bound (documents ÷ limit, or the latency bound if larger; target ≤ 1.15) and the share of 429
answers (target ≤ 3% on the first run, ≤ 1% on the second).

    python bench/fetch_throughput.py [--quick] [--contracts N] [--latency-ms 80] [--capacity 200]
    python bench/fetch_throughput.py --limiter nginx [--quick] [--limit 60]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fetch_support import Fixture, SimulatorProcess, build_fixture, timed  # noqa: E402
from bench.nginx_limit import INSTALL_HINT, NGINX, NginxLimit  # noqa: E402
from core.domain import FetchOrigin  # noqa: E402
from core.due_dates import invoice_schedule  # noqa: E402
from core.engine import EngineConfig, FetchEngine, RunRequest  # noqa: E402
from core.provider.base import ProviderError  # noqa: E402
from core.provider.negocia import NegociaClient  # noqa: E402
from core.simulator.profiles import get_profile  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.engine_store import SqlEngineStore  # noqa: E402
from storage.models import Contract, FetchRun  # noqa: E402
from storage.provider_pace import remember_rate, remembered_rate  # noqa: E402

P95_OVER_MEDIAN = 1.5
NGINX_HEADROOM = 2.5  # behind nginx the engine is allowed this multiple of the limit it must find
NGINX_BURST = 5
Z95 = 1.6448536269514722


def mean_latency(median_ms: float) -> float:
    """Mean of the simulator's lognormal latency (median, p95 = 1.5 × median), in seconds."""
    sigma = math.log(P95_OVER_MEDIAN) / Z95
    return median_ms / 1000 * math.exp(sigma * sigma / 2)


def original_algorithm(url: str, key: str, invoices: list[tuple[str, date]], budget_s: float) -> tuple[int, float]:
    """The seed's loop: for each pending invoice, sequentially, a new session, one lookup, take
    the first remote invoice. Returns (invoices done, seconds) within the time budget."""
    done = 0
    t0 = time.perf_counter()
    for document, _due in invoices:
        client = NegociaClient(url, key, read_timeout=30)
        try:
            remote = client.lookup(document)
            _ = remote[0] if remote else None
        except ProviderError:
            pass
        finally:
            client.close()
        done += 1
        if time.perf_counter() - t0 >= budget_s:
            break
    return done, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller world (finishes in under 30 s)")
    ap.add_argument("--contracts", type=int, default=None)
    ap.add_argument("--latency-ms", type=float, default=80.0)
    ap.add_argument("--capacity", type=float, default=200.0)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--limiter", choices=("simulator", "nginx"), default="simulator",
                    help="who refuses the excess: the simulator's own bucket (429 with Retry-After, the engine "
                         "told the capacity) or nginx limit_req (429 without Retry-After, the engine allowed "
                         f"{NGINX_HEADROOM}x the limit)")
    ap.add_argument("--limit", type=int, default=60, help="nginx limit_req rate, requests/s (--limiter nginx)")
    args = ap.parse_args()
    contracts = args.contracts or (700 if args.quick else 3200)
    if args.limiter == "nginx" and not NGINX.exists():
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    fx = build_fixture(contracts)
    ok = nginx_mode(args, fx) if args.limiter == "nginx" else simulator_mode(args, fx)
    print("PASS" if ok else "MISS")
    return 0


def simulator_mode(args: argparse.Namespace, fx: Fixture) -> bool:
    profile = get_profile("healthy")
    extra = ["--latency-ms", str(args.latency_ms), "--latency-p95-ms", str(args.latency_ms * P95_OVER_MEDIAN),
             "--capacity", str(args.capacity), "--burst", "10"]
    print(f"world: {fx.contracts} contracts, {fx.documents} documents; simulator: latency median "
          f"{args.latency_ms:.0f} ms, capacity {args.capacity:.0f} req/s; engine: concurrency "
          f"{args.concurrency}, rate {args.capacity:.0f}/s ({profile.name} profile base)")
    with SimulatorProcess(fx.world_file, "healthy", *extra) as sim:
        db = fx.fresh_db("throughput")
        open_database(str(db))
        client = NegociaClient(sim.url, fx.key_string, pool_size=args.concurrency)
        before = sim.stats()
        engine = FetchEngine(SqlEngineStore(), client, config=EngineConfig(seed=1))
        request = RunRequest(origin=FetchOrigin.MANUAL, concurrency=args.concurrency, rate_limit=args.capacity)
        result, wall = timed(engine.run, request)
        after = sim.stats()
        client.close()
        run = FetchRun.get_by_id(result.run_id)
        requests_made = after.requests - before.requests
        limited = after.rate_limited - before.rate_limited
        documents = run.documents
        bound = max(documents / args.capacity, documents * mean_latency(args.latency_ms) / args.concurrency)
        ratio = wall / bound
        share = limited / requests_made if requests_made else 0.0
        print(f"engine: {run.invoices} invoices in {documents} documents, {run.lookups} lookups, "
              f"status {run.status}, wall {wall:.2f} s")
        print(f"lower bound {bound:.2f} s  ratio {ratio:.3f}  (target <= 1.10)")
        print(f"429 share {share * 100:.2f}% ({limited} of {requests_made} requests)  (target <= 1%)")
        # the original algorithm on the same invoices (a sample, extrapolated)
        today = date.today()
        pending = [(doc, due) for doc, install in Contract.select(Contract.document, Contract.install_date).tuples()
                   for _n, due, avail in invoice_schedule(install) if avail <= today]
        pending.sort(key=lambda p: p[1])
        total_invoices = run.invoices
        close_database()
        budget = 8.0 if args.quick else 20.0
        done, secs = original_algorithm(sim.url, fx.key_string, pending, budget)
        per_invoice = secs / max(done, 1)
        original_total = per_invoice * total_invoices
        speedup = original_total / wall
        print(f"original algorithm: {done} invoices in {secs:.2f} s ({per_invoice * 1000:.0f} ms each), "
              f"{total_invoices} invoices -> {original_total:.0f} s extrapolated")
        print(f"speedup {speedup:.1f}x  (target >= 20x)")
    return ratio <= 1.10 and share <= 0.01 and speedup >= 20


def nginx_mode(args: argparse.Namespace, fx: Fixture) -> bool:
    """Two runs behind nginx limit_req: the first finds the limit, the second starts from the rate
    the first one remembered (saved and read back through the store, as the app does)."""
    rate = NGINX_HEADROOM * args.limit
    extra = ["--latency-ms", str(args.latency_ms), "--latency-p95-ms", str(args.latency_ms * P95_OVER_MEDIAN),
             "--capacity", "0"]
    print(f"world: {fx.contracts} contracts, {fx.documents} documents; simulator: latency median "
          f"{args.latency_ms:.0f} ms, no limit of its own; nginx limit_req {args.limit} r/s, burst "
          f"{NGINX_BURST}, 429 without Retry-After; engine: concurrency {args.concurrency}, rate {rate:.0f}/s")
    ok = True
    with SimulatorProcess(fx.world_file, "healthy", *extra) as sim, \
            NginxLimit(sim.url, rate=args.limit, burst=NGINX_BURST) as proxy:
        start_rate: float | None = None
        for name, target in (("first run", 0.03), ("second run", 0.01)):
            open_database(str(fx.fresh_db(f"nginx-{name.split()[0]}")))
            if start_rate is not None:
                remember_rate(proxy.url, start_rate, datetime.now(UTC))  # what the first run's store kept
            start_rate = remembered_rate(proxy.url)
            client = NegociaClient(proxy.url, fx.key_string, pool_size=args.concurrency)
            engine = FetchEngine(SqlEngineStore(), client, config=EngineConfig(seed=1, start_rate=start_rate))
            request = RunRequest(origin=FetchOrigin.MANUAL, concurrency=args.concurrency, rate_limit=rate)
            seen = len(proxy.statuses())
            result, wall = timed(engine.run, request)
            client.close()
            statuses = proxy.statuses()[seen:]
            run = FetchRun.get_by_id(result.run_id)
            documents = run.documents
            close_database()
            bound = max(documents / args.limit, documents * mean_latency(args.latency_ms) / args.concurrency)
            limited = statuses.count(429)
            share = limited / len(statuses) if statuses else 0.0
            started = "the configured rate" if start_rate is None else f"the remembered {start_rate:.1f}/s"
            print(f"{name} (from {started}): {run.invoices} invoices in {documents} documents, status "
                  f"{run.status}, wall {wall:.2f} s, bound {bound:.2f} s, wall/bound {wall / bound:.3f} "
                  f"(target <= 1.15)")
            print(f"  429 share {share * 100:.2f}% ({limited} of {len(statuses)} requests) (target <= "
                  f"{target * 100:.0f}%); learned rate {result.learned_rate}/s")
            ok = ok and wall / bound <= 1.15 and share <= target
            start_rate = result.learned_rate
    return ok


if __name__ == "__main__":
    sys.exit(main())
