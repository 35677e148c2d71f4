"""Render the README's report pictures: the first page of each PDF report, on the demo data.

Builds a fresh demo database (demo world, simulator on loopback, a month of runs made by the real
engine), writes the run report of the latest automatic run, the 30-day performance report and
the collection list, and saves each first page as a PNG with poppler's pdftoppm.

    python scripts/report_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.domain import FetchOrigin  # noqa: E402
from reports.pdf.collection_report import write_collection_pdf  # noqa: E402
from reports.pdf.performance_report import Period, write_performance_report  # noqa: E402
from reports.pdf.run_report import write_run_report  # noqa: E402
from reports.sources import ExportContext  # noqa: E402
from runner.demo import build_history, demo_environment  # noqa: E402
from storage.analytics import local_zone, recent_runs  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.export_rows import collection_filter  # noqa: E402

RESOLUTION = 80  # dpi of the PNGs: a readable page at README width


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="faturas-reports-"))
    open_database(str(tmp / "demo.sqlite"))
    with demo_environment(profile="flaky") as env:
        build_history(env)
    ctx = ExportContext(datetime.now(UTC), local_zone(), "demo.sqlite")
    runs = recent_runs(ctx.now, ctx.tz, page_size=100, origin=FetchOrigin.AUTOMATIC).items
    pdfs = {
        "6-relatorio-execucao": lambda p: write_run_report(ctx, runs[0].id, p),
        "7-relatorio-desempenho": lambda p: write_performance_report(ctx, Period(30), p),
        "8-lista-de-cobranca": lambda p: write_collection_pdf(ctx, collection_filter(), p),
    }
    for name, write in pdfs.items():
        pdf = tmp / f"{name}.pdf"
        write(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / name)], check=True)
    close_database()
    print(f"report pictures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
