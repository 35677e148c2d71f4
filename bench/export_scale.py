"""Benchmark: do exports stream at scale?

Builds a synthetic history (bench/synthetic.py; 1,000,000 invoices by default, about two
minutes) and exports every invoice to CSV (pt-BR) and to XLSX, then renders the performance
report PDF. For each export it prints rows per second and the growth of the process's resident
memory while it ran (sampled every 20 ms from /proc; the target is at most 100 MB: the rows
stream, so memory must not grow with the row count), and the PDF's time (target: 3 s). The
growth includes SQLite's page cache as the export reads the tables, which the store caps at
64 MB (storage.db), so a first export of a large file shows most of those 64 MB.

    python bench/export_scale.py              # 1M invoices
    python bench/export_scale.py --quick      # 100k invoices
    python bench/export_scale.py --db FILE    # reuse (or keep) the synthetic database
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import SyntheticSpec, build_history  # noqa: E402
from reports import sources  # noqa: E402
from reports.export import write_table  # noqa: E402
from reports.pdf.performance_report import Period, write_performance_report  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from storage.export_rows import InvoiceFilter  # noqa: E402

END = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("America/Sao_Paulo")
RSS_TARGET_MB = 100.0
PDF_TARGET_S = 3.0
_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


class PeakRss:
    """The highest resident size seen while the block runs, sampled on a thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.start = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakRss:
        self.start = self.peak = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def timed(label: str, work: Callable[[], int], unit: str) -> tuple[float, float, int]:
    with PeakRss() as rss:
        t0 = time.perf_counter()
        count = work()
        seconds = time.perf_counter() - t0
    rate = count / seconds if seconds else 0.0
    verdict = "ok" if rss.growth_mb <= RSS_TARGET_MB else "OVER"
    print(f"  {label:<26} {count:>10,} {unit} in {seconds:7.2f} s = {rate:>9,.0f} {unit}/s; "
          f"RSS +{rss.growth_mb:6.1f} MB (target <= {RSS_TARGET_MB:.0f}: {verdict})")
    return seconds, rss.growth_mb, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 invoices instead of 1,000,000")
    parser.add_argument("--invoices", type=int, help="how many invoices (a multiple of 10)")
    parser.add_argument("--db", help="the synthetic database file (built if missing)")
    args = parser.parse_args()
    invoices = args.invoices or (100_000 if args.quick else 1_000_000)
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        db_path = Path(args.db) if args.db else Path(tmp) / f"synthetic-{invoices}.sqlite"
        if not db_path.exists():
            db = open_database(str(db_path))
            t0 = time.perf_counter()
            report = build_history(db, SyntheticSpec(invoices=invoices, end=END))
            print(f"built {report.invoices:,} invoices, {report.attempts:,} attempts in "
                  f"{time.perf_counter() - t0:.1f} s")
            close_database()
        open_database(str(db_path))
        ctx = sources.ExportContext(END, TZ, str(db_path))
        out = Path(tmp)
        print(f"exports of {invoices:,} invoices (RSS at start {rss_bytes() / 2**20:.0f} MB):")
        csv_s, csv_mb, n_csv = timed("invoices -> CSV (pt-BR)", lambda: write_table(
            sources.invoices(ctx, InvoiceFilter()), out / "faturas.csv"), "rows")
        print(f"    file {os.path.getsize(out / 'faturas.csv') / 2**20:.0f} MB")
        xlsx_s, xlsx_mb, n_xlsx = timed("invoices -> XLSX", lambda: write_table(
            sources.invoices(ctx, InvoiceFilter()), out / "faturas.xlsx"), "rows")
        print(f"    file {os.path.getsize(out / 'faturas.xlsx') / 2**20:.0f} MB")
        pdf_s, pdf_mb, pages = timed("performance report PDF", lambda: write_performance_report(
            ctx, Period(30), out / "desempenho.pdf"), "pages")
        close_database()
    ok = csv_mb <= RSS_TARGET_MB and xlsx_mb <= RSS_TARGET_MB and pdf_s <= PDF_TARGET_S
    print(f"summary: CSV {n_csv / csv_s:,.0f} rows/s, XLSX {n_xlsx / xlsx_s:,.0f} rows/s "
          f"(XLSX/CSV time ratio {xlsx_s / csv_s:.1f}); RSS growth CSV {csv_mb:.1f} MB, XLSX {xlsx_mb:.1f} MB "
          f"(target <= {RSS_TARGET_MB:.0f}); performance PDF {pdf_s:.2f} s (target <= {PDF_TARGET_S:.0f}), "
          f"{pdf_mb:.1f} MB: {'all targets met' if ok else 'a target was missed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
