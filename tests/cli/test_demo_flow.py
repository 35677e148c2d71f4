"""The terminal demo end to end: `fetch --demo` then `stats` shows the figures of that run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_stats_after_fetch_demo_shows_that_run(tmp_path) -> None:
    db = str(tmp_path / "demo.sqlite")
    fetched = _main("fetch", "--demo", "--db", db, "--demo-contracts", "40", "--demo-profile", "healthy", "--json")
    assert fetched.returncode in (0, 1), fetched.stderr  # 1: the demo world has invoices that never match
    run = json.loads(fetched.stdout)
    assert run["status"] == "COMPLETED" and run["processed"] == run["invoices"] > 0
    assert "simulator (healthy) listening on http://127.0.0.1:" in fetched.stderr
    stats = _main("stats", "--db", db, "--json")
    assert stats.returncode == 0, stats.stderr
    overview = json.loads(stats.stdout)["overview"]
    assert overview["runs"] == 1
    assert overview["attempted"] == run["processed"]
    by_status = overview["by_status"]
    assert (by_status["success"], by_status["partial"], by_status["error"], by_status["gave_up"]) == (
        run["successes"], run["partial"], run["errors"], run["gave_up"])
    table = _main("stats", "--db", db)
    assert table.returncode == 0 and "Overview" in table.stdout and f"{run['successes']}" in table.stdout
    # the demo refuses to mix itself into a database with real contracts
    other = str(tmp_path / "real.sqlite")
    csv = tmp_path / "real.csv"
    csv.write_text("numero_contrato;cpf_cnpj;cliente;data_instalacao\nR-1;529.982.247-25;Ana;02/01/2026\n",
                   encoding="utf-8")
    assert _main("import-contracts", str(csv), "--db", other).returncode == 0
    refused = _main("fetch", "--demo", "--db", other)
    assert refused.returncode == 2 and "not demo data" in refused.stderr
