"""The scheduled reports: after an automatic run, its run report PDF (and, when asked, the
collection list PDF) written into the folder the `report_folder` setting names.

File names carry the local date and the run number, so one run never overwrites another's:
`relatorio-execucao-<data>-<n>.pdf`, `lista-de-cobranca-<data>-execucao-<n>.pdf`. Documents are
masked (the reports are written unattended; nobody ticked "full CPF/CNPJ").
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from reports.pdf.collection_report import write_collection_pdf
from reports.pdf.run_report import write_run_report
from reports.sources import ExportContext
from storage.export_rows import collection_filter, database_label


def report_names(run_id: int, now: datetime, tz: tzinfo) -> tuple[str, str]:
    day = now.astimezone(tz).strftime("%Y-%m-%d")
    return f"relatorio-execucao-{day}-{run_id}.pdf", f"lista-de-cobranca-{day}-execucao-{run_id}.pdf"


def write_scheduled_reports(run_id: int, folder: str | Path, *, collection: bool, now: datetime, tz: tzinfo
                            ) -> tuple[Path, ...]:
    """Write the run's reports into `folder` (created if missing); the paths written."""
    target = Path(folder).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    ctx = ExportContext(now, tz, database_label(), full_documents=False)
    run_name, collection_name = report_names(run_id, now, tz)
    written = [target / run_name]
    write_run_report(ctx, run_id, written[0])
    if collection:
        written.append(target / collection_name)
        write_collection_pdf(ctx, collection_filter(), written[1])
    return tuple(written)


__all__ = ["report_names", "write_scheduled_reports"]
