"""Benchmark: the memory of a run against a provider whose every answer is a 50 MB body.

A hostile server (its own process, a real HTTP/1.1 socket server) answers the portal's params
and session requests like the real API, then sends every debts request an endless or a 50 MB
body (half with a declared Content-Length, half chunked without one). The engine runs with
concurrency 32 on a world of a few hundred documents, in this process; its body cap (1 MiB)
refuses each answer, the answers are a wall of non-API pages, and the run ends FAILED once the
unavailable limit passes, having counted nothing. Printed: the peak resident memory of this
process during the run, before it (the baseline: Python, Qt-free imports, the database), and the
target (peak ≤ 200 MB).

    python bench/hostile_memory.py [--quick] [--concurrency 32] [--unavailable-after 8]
"""

from __future__ import annotations

import argparse
import resource
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fetch_support import build_fixture  # noqa: E402
from core.engine import EngineConfig, FetchEngine, RunRequest  # noqa: E402
from core.provider.crypto import PortalParams, encrypt_params  # noqa: E402
from core.provider.negocia import NegociaClient  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.engine_store import SqlEngineStore  # noqa: E402
from storage.models import FetchAttempt, Invoice  # noqa: E402

KEY = "hostile-benchmark-key"
FIFTY_MB = 50 * 1024 * 1024
TARGET_MB = 200.0


def serve(port_file: Path) -> None:
    """The hostile server (run in a child process): sane authentication, 50 MB debts answers."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    params = encrypt_params(PortalParams("token", url), KEY).encode()
    chunk = b"<html>" + b"x" * (64 * 1024 - 6)

    def reply(conn: socket.socket, body: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)

    def debts(conn: socket.socket, declared: bool) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        if declared:
            conn.sendall(head + f"Content-Length: {FIFTY_MB}\r\n\r\n".encode())
            for _ in range(FIFTY_MB // len(chunk)):
                conn.sendall(chunk)
        else:
            conn.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
            while True:  # endless
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")

    def handle(conn: socket.socket, n: int) -> None:
        try:
            with conn:
                reader = conn.makefile("rb")
                while True:
                    line = reader.readline()
                    if not line:
                        return
                    while reader.readline().strip():
                        pass
                    path = line.split()[1].decode()
                    if path.startswith("/negociar/params"):
                        reply(conn, params)
                    elif path.startswith("/authentication/sessionId"):
                        reply(conn, b'{"sessionId": "session"}')
                    else:
                        debts(conn, declared=n % 2 == 0)
                        return
        except OSError:
            return  # the client hung up: what it should do

    port_file.write_text(url)
    n = 0
    while True:
        conn, _ = listener.accept()
        n += 1
        threading.Thread(target=handle, args=(conn, n), daemon=True).start()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smaller world")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--unavailable-after", type=float, default=8.0)
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    fx = build_fixture(150 if args.quick else 600)
    port_file = fx.folder / "hostile.url"
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port_file)])
    try:
        while not port_file.exists() or not port_file.read_text():
            if server.poll() is not None:
                raise SystemExit("the hostile server did not start")
            time.sleep(0.05)
        url = port_file.read_text()
        db = fx.fresh_db("hostile")
        open_database(str(db))
        before = {i: s for i, s in Invoice.select(Invoice.id, Invoice.fetch_status).tuples()}
        baseline = peak_mb()
        client = NegociaClient(url, KEY, pool_size=args.concurrency)
        t0 = time.perf_counter()
        try:
            engine = FetchEngine(SqlEngineStore(), client,
                                 config=EngineConfig(seed=1, outage_limit=args.unavailable_after))
            result = engine.run(RunRequest(concurrency=args.concurrency, rate_limit=None))
        finally:
            client.close()
        wall = time.perf_counter() - t0
        peak = peak_mb()
        counters = client.counters
        attempts = FetchAttempt.select().count()
        after = {i: s for i, s in Invoice.select(Invoice.id, Invoice.fetch_status).tuples()}
        close_database()
    finally:
        server.kill()
        server.wait()
    print(f"world: {fx.documents} documents; concurrency {args.concurrency}; every debts answer 50 MB or endless")
    print(f"run: {result.status.value} in {wall:.1f} s, {counters.lookups} lookups sent, {attempts} attempt rows, "
          f"invoices unchanged: {after == before}")
    print(f"  {result.message[:160]}")
    print(f"peak resident memory: {peak:.0f} MB (before the run {baseline:.0f} MB; target <= {TARGET_MB:.0f} MB)")
    print("PASS" if peak <= TARGET_MB and after == before else "MISS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
