"""How many debt lookups per second the simulator sustains with keep-alive clients.

Generates a world, starts `python main.py simulator --profile instant` as a separate process,
authenticates once, then drives it from this process with N threads, each with its own keep-alive
`requests.Session`, doing full debt lookups (params-derived token + session id, JSON decoded) for
a few seconds. Prints requests/s seen by the clients, what the simulator counted
(GET /__sim/stats), and the simulator's CPU time per request (Linux), i.e. how much of a core it
needed: the point is that benchmarks of the client measure the client, not the simulator.

    python bench/simulator_throughput.py [--threads 16] [--seconds 5] [--contracts 2000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.provider.crypto import decrypt_params  # noqa: E402
from core.simulator.stats import SimulatorStats  # noqa: E402
from core.simulator.world import generate_world, write_world  # noqa: E402


def start_simulator(world_file: Path, profile: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "simulator", "--world", str(world_file), "--port", "0",
         "--profile", profile],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise SystemExit(f"the simulator did not print its URL (got {url!r})")
    return process, url


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def authenticate(url: str, key: str) -> tuple[str, dict[str, str]]:
    with requests.Session() as http:
        params = decrypt_params(http.get(url + "/negociar/params", timeout=5).content, key)
        session = http.get(params.api_server_url + "/authentication/sessionId",
                           headers={"Authorization": params.token}, timeout=5).json()["sessionId"]
    return params.api_server_url, {"Authorization": params.token, "Session-Id": session}


def drive(api: str, headers: dict[str, str], documents: list[str], threads: int, seconds: float
          ) -> tuple[int, int, float]:
    """(lookups, errors, elapsed) with `threads` keep-alive sessions hammering the debts endpoint."""
    go = threading.Event()
    stop = threading.Event()
    counts = [0] * threads
    errors = [0] * threads

    def worker(index: int) -> None:
        rng = random.Random(index)
        with requests.Session() as http:
            http.trust_env = False
            go.wait()
            while not stop.is_set():
                doc = rng.choice(documents)
                response = http.get(f"{api}/debts/customers/{doc}", headers=headers,
                                    params={"offset": "0", "limit": "50", "origin": "nio"}, timeout=(5, 30))
                if response.status_code == 200:
                    response.json()
                elif response.status_code != 400:
                    errors[index] += 1
                counts[index] += 1

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    started = time.perf_counter()
    go.set()
    stop.wait(seconds)
    stop.set()
    for thread in pool:
        thread.join(60)
    return sum(counts), sum(errors), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--profile", default="instant")
    parser.add_argument("--quick", action="store_true", help="1.5 s, 8 threads, 500 contracts")
    args = parser.parse_args()
    if args.quick:
        args.threads, args.seconds, args.contracts = 8, 1.5, 500
    world = generate_world(args.contracts, seed=1, today=date(2026, 3, 15))
    documents = sorted({c.document for c in world.contracts})
    with tempfile.TemporaryDirectory() as folder:
        _, world_file = write_world(world, folder)
        process, url = start_simulator(world_file, args.profile)
        try:
            api, headers = authenticate(url, os.environ.get("FATURAS_PROVIDER_KEY") or world.key_string)
            drive(api, headers, documents, args.threads, min(0.5, args.seconds))  # warm up connections
            cpu_before = cpu_seconds(process.pid)
            before = SimulatorStats.from_json(requests.get(url + "/__sim/stats", timeout=5).json())
            lookups, errors, elapsed = drive(api, headers, documents, args.threads, args.seconds)
            after = SimulatorStats.from_json(requests.get(url + "/__sim/stats", timeout=5).json())
            cpu_after = cpu_seconds(process.pid)
        finally:
            process.terminate()
            process.wait(10)
    served = after.requests - before.requests
    limited = after.rate_limited - before.rate_limited
    print(f"simulator throughput: {lookups / elapsed:,.0f} requests/s "
          f"({lookups} lookups by {args.threads} keep-alive threads in {elapsed:.2f}s, {errors} errors)")
    print(f"simulator counted {served} requests, 429 share {limited / served if served else 0:.1%}, "
          f"max concurrent {after.concurrent_max}")
    if cpu_before is not None and cpu_after is not None and cpu_after > cpu_before:
        used = cpu_after - cpu_before
        print(f"simulator CPU: {used / elapsed:.0%} of one core; {1e6 * used / served:.0f} us per request "
              f"=> about {served / used:,.0f} requests/s per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
