"""Shared by the fetch benchmarks: a world, the simulator as its own process, an imported
database that each measured run starts from (a fresh copy every time)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.contracts_import import read_contracts_file  # noqa: E402
from core.simulator.stats import SimulatorStats  # noqa: E402
from core.simulator.world import generate_world  # noqa: E402
from core.simulator.world_files import write_world  # noqa: E402
from storage.contracts import import_contracts  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402


@dataclass
class Fixture:
    folder: Path
    world_file: Path
    template_db: Path
    key_string: str
    contracts: int
    documents: int

    def fresh_db(self, name: str) -> Path:
        """A copy of the imported database (nothing fetched yet)."""
        target = self.folder / f"{name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.template_db, target)
        target.chmod(0o600)  # it holds (made-up) customers' documents, as a real store would
        return target


def build_fixture(contracts: int, seed: int = 7) -> Fixture:
    folder = Path(tempfile.mkdtemp(prefix="faturas-bench-"))
    world = generate_world(contracts, seed=seed, today=date.today())
    csv_path, json_path = write_world(world, folder)
    template = folder / "template.sqlite"
    open_database(str(template))
    result = read_contracts_file(csv_path, date.today())
    import_contracts(result.records, datetime.now(UTC))
    close_database()
    documents = len({r.document for r in result.records})
    return Fixture(folder, json_path, template, world.key_string, len(result.records), documents)


class SimulatorProcess:
    """`python main.py simulator ...` in its own process (so it does not share our GIL)."""

    def __init__(self, world_file: Path, profile: str, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "simulator", "--world", str(world_file), "--port", "0",
             "--profile", profile, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http"):
            err = self.process.stderr.read() if self.process.stderr else ""
            self.process.kill()
            raise SystemExit(f"the simulator did not start: {self.url!r} {err}")

    def stats(self) -> SimulatorStats:
        return SimulatorStats.from_json(requests.get(self.url + "/__sim/stats", timeout=5).json())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t
