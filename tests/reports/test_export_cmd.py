"""`python main.py export …` as a user runs it: a separate process, headless, on a database with
real runs."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from storage.models import Invoice

ROOT = Path(__file__).resolve().parents[2]


def export(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *args, "--db", str(db_path)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_invoices_to_csv_and_xlsx(report_world, db_path, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = export(db_path, "invoices", "--out", str(out / "f.csv"), "--status", "SUCCESS,PARTIAL")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((out / "f.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    expected = Invoice.select().where(Invoice.fetch_status.in_(["SUCCESS", "PARTIAL"])).count()
    assert len(rows) == expected > 0 and done.stdout.strip() == f"{out / 'f.csv'}: {expected} rows"
    done = export(db_path, "invoices", "--out", str(out / "f.xlsx"), "--full-documents", "--plain")
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out / "f.xlsx")["faturas"]
    assert sheet.max_row == Invoice.select().count() + 1
    assert sheet["B1"].value == "CPF/CNPJ"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_reports_headless(report_world, db_path, tmp_path) -> None:
    _world, first, _second = report_world
    for args, heading in (
        (["run", str(first)], f"Relatório da execução {first}"),
        (["report", "--days", "7"], "Relatório de desempenho"),
        (["collection"], "Lista de cobrança"),
    ):
        path = tmp_path / f"{args[0]}.pdf"
        done = export(db_path, *args, "--out", str(path))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith("pages") or done.stdout.strip().endswith("page")
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert heading in text


@pytest.mark.parametrize(("args", "message"), [
    (["run", "999", "--out", "{out}/r.pdf"], "999 is not a run"),
    (["run", "--out", "{out}/r.pdf"], "export run N"),
    (["invoices", "--out", "{out}/f.pdf"], "'.pdf' is not one of .csv, .xlsx"),
    (["report", "--out", "{out}/r.csv"], "'.csv' is not one of .pdf"),
    (["invoices", "--out", "{out}/f.csv", "--cohort", "2026-13"], "cohort"),
    (["invoices", "--out", "{out}/f.csv", "--status", "LOST"], "status"),
    (["collection", "--out", "{out}/f.csv", "--due-from", "31/02/2026"], "month 2 of 2026 has 28 days"),
    (["report", "--out", "{out}/r.pdf", "--from", "10/01/2026"], "--from and --to go together"),
    (["attempts", "--out", "{out}/a.csv"], "--run N"),
    (["invoices", "--out", "{out}/missing/f.csv"], "does not exist"),
])
def test_bad_usage_exits_2_with_a_message_and_no_file(report_world, db_path, tmp_path, args, message) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = export(db_path, *[a.format(out=out) for a in args])
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert list(out.iterdir()) == []


def test_ctrl_c_mid_export_exits_130_and_leaves_no_file(db, db_path, tmp_path) -> None:
    """A real interrupt while the rows are being written: the temporary file in the target folder
    shows the export is under way, SIGINT stops it, nothing is left (openpyxl's own temporary
    file included)."""
    import signal
    import tempfile
    import time
    from datetime import UTC, datetime

    from bench.synthetic import SyntheticSpec, build_history

    build_history(db, SyntheticSpec(invoices=30_000, end=datetime(2026, 5, 1, 12, tzinfo=UTC), days=60))
    out = tmp_path / "out"
    out.mkdir()
    openpyxl_tmp = set(Path(tempfile.gettempdir()).glob("openpyxl*"))
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", "invoices", "--out",
                             str(out / "faturas.xlsx"), "--db", str(db_path)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob(".faturas.xlsx.*.part")):  # waiting on a condition, with a deadline
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the export never started writing"
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "cancelled" in stderr
    assert list(out.iterdir()) == []
    assert set(Path(tempfile.gettempdir()).glob("openpyxl*")) <= openpyxl_tmp
