"""`demo-world` and `simulator` from the command line (the simulator as a real subprocess)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests

from cli.app import main
from core.provider.negocia import NegociaClient
from core.simulator.world import generate_world, load_world, write_world

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def world_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, path = write_world(generate_world(40, seed=3, today=TODAY), tmp_path_factory.mktemp("world"))
    return path


def run_simulator(*args: str) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    env = {k: v for k, v in os.environ.items() if k != "FATURAS_PROVIDER_KEY"}
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "simulator", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


@pytest.fixture
def simulator_process(world_file: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process, lines = run_simulator("--world", str(world_file), "--port", "0", "--profile", "instant")
    try:
        url = lines.get(timeout=30).strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_demo_world_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    argv = ["demo-world", "--contracts", "120", "--seed", "5", "--out", str(out), "--today", "2026-03-15"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert str(out / "contracts.csv") in printed and str(out / "world.json") in printed
    assert (out / "contracts.csv").read_text(encoding="utf-8-sig").count("\n") == 121
    world = load_world(out / "world.json")
    assert len(world.contracts) == 120 and world.today == TODAY
    assert world.contracts == generate_world(120, seed=5, today=TODAY).contracts


@pytest.mark.parametrize("args", [["--contracts", "0"], ["--contracts", "many"], ["--today", "15/03/2026"],
                                  []])
def test_demo_world_bad_arguments(tmp_path: Path, args: list[str],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = [] if not args else ["--out", str(tmp_path)]
    with pytest.raises(SystemExit) as info:
        main(["demo-world", *out, *args])
    assert info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_simulator_prints_its_url_first_and_answers(simulator_process: tuple[subprocess.Popen[str], str],
                                                    world_file: Path) -> None:
    process, url = simulator_process
    assert url.startswith("http://127.0.0.1:")
    world = load_world(world_file)
    with NegociaClient(url, world.key_string) as client:
        document = sorted(world.debts)[0]
        expected = [i.remote_id for i in world.open_invoices(document)]
        assert [r.remote_id for r in client.lookup(document)] == expected
    stats = requests.get(url + "/__sim/stats", timeout=5).json()
    assert stats["by_endpoint"]["debts"] == 1 and stats["sessions_issued"] == 1
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


def test_simulator_stops_on_sigint_with_exit_0(simulator_process: tuple[subprocess.Popen[str], str]) -> None:
    process, url = simulator_process
    assert requests.get(url + "/__sim/stats", timeout=5).status_code == 200
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0


def test_simulator_with_overrides(world_file: Path) -> None:
    process, lines = run_simulator("--world", str(world_file), "--profile", "healthy", "--latency-ms", "1",
                                   "--latency-p95-ms", "2", "--outage-seconds", "600")
    try:
        url = lines.get(timeout=30).strip()
        assert requests.get(url + "/negociar/params", timeout=5).status_code == 503  # the outage is on
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
        process.communicate(timeout=30)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--world", "/nonexistent/world.json"], "cannot read"),
        (["--profile", "nope"], "invalid choice"),
        (["--error-rate", "2"], "error_rate"),
        (["--port", "70000"], "port"),
        (["--outage-start", "5"], "--outage-seconds"),
        (["--latency-ms", "fast"], "invalid float"),
    ],
)
def test_simulator_bad_arguments(world_file: Path, args: list[str], message: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulator", *(args if "--world" in args else ["--world", str(world_file), *args])]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    assert message in capsys.readouterr().err
