"""The run report (PDF): one run's figures, timings, outcome breakdown and the invoices it left
with a problem (their state after the run's last attempt on them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from core.domain import PROBLEM_STATUSES, Outcome, RunStatus
from reports import texts
from reports.message_text import pt
from reports.pdf import charts
from reports.pdf.document import PdfDoc, TableColumn, render_pdf
from reports.sources import ExportContext, pages
from storage.analytics import AttemptRow, RunDetail, RunSummary, run_detail
from storage.analytics.params import MAX_PAGE_SIZE

MAX_PROBLEMS_LISTED = 500
RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True, slots=True)
class RunReportData:
    run: RunSummary
    outcomes: tuple[tuple[Outcome, int], ...]
    problems: tuple[AttemptRow, ...]  # the last attempt of each invoice left with a problem
    problems_total: int


def _attempts(ctx: ExportContext, run_id: int, first: RunDetail) -> Iterator[tuple[AttemptRow, ...]]:
    def fetch(page: int) -> object:
        if page == 1:
            return first.attempts
        return run_detail(run_id, ctx.now, ctx.tz, page=page, page_size=MAX_PAGE_SIZE).attempts

    return pages(fetch)  # type: ignore[arg-type]


def load_run_report(ctx: ExportContext, run_id: int) -> RunReportData:
    """The run and its problems; attempts are walked page by page (listed by invoice, tries in
    order), keeping only each invoice's last one."""
    first = run_detail(run_id, ctx.now, ctx.tz, page=1, page_size=MAX_PAGE_SIZE)
    problems: list[AttemptRow] = []
    total = 0
    last: AttemptRow | None = None

    def settle(row: AttemptRow | None) -> None:
        nonlocal total
        if row is not None and row.status_after in PROBLEM_STATUSES:
            total += 1
            if len(problems) < MAX_PROBLEMS_LISTED:
                problems.append(row)

    for batch in _attempts(ctx, run_id, first):
        for row in batch:
            if last is not None and row.invoice_id != last.invoice_id:
                settle(last)
            last = row
    settle(last)
    return RunReportData(first.run, first.outcomes, tuple(problems), total)


def _outcome_color(outcome: Outcome) -> QColor:
    if outcome is Outcome.MATCHED:
        return charts.GREEN
    if outcome is Outcome.MATCHED_DIVERGENT:
        return charts.AMBER
    if outcome.is_not_available or outcome is Outcome.DEFERRED:
        return charts.GREY
    return charts.RED


def draw_run_report(doc: PdfDoc, data: RunReportData) -> None:
    r = data.run
    tz = doc.meta.tz
    doc.heading("Resumo")
    doc.cards([
        ("Status", texts.label(r.status)), ("Origem", texts.label(r.origin)),
        ("Início", texts.moment(r.started_at, tz)), ("Duração", texts.duration(r.duration_seconds)),
        ("Contratos", texts.number(r.contracts)), ("Faturas planejadas", texts.number(r.invoices)),
        ("Processadas", texts.number(r.processed)), ("Progresso", texts.percent(r.progress)),
        ("Sucesso", texts.number(r.successes)), ("Parcial", texts.number(r.partial)),
        ("Erros", texts.number(r.errors)), ("Desistências", texts.number(r.gave_up)),
        ("Ainda não disponíveis", texts.number(r.not_available)),
        ("Sem débito em aberto", texts.number(r.closed)), ("Novas tentativas", texts.number(r.retries)),
        ("Consultas à operadora", texts.number(r.lookups)), ("Taxa de erro", texts.percent(r.error_share)),
    ])
    if r.message and r.status is not RunStatus.COMPLETED:  # the cause of a failed or cancelled run
        doc.paragraph(f"Motivo registrado: {pt(r.message)}", size=8.5)
    doc.heading("Tempos por consulta")
    throughput = "-" if r.throughput is None else f"{texts.decimal(r.throughput, 2)} faturas/s"
    doc.cards([
        ("Média", texts.seconds(r.avg_seconds)), ("Mínimo", texts.seconds(r.min_seconds)),
        ("p50", texts.seconds(r.p50_seconds)), ("p95", texts.seconds(r.p95_seconds)),
        ("Máximo", texts.seconds(r.max_seconds)), ("Vazão", throughput),
        ("Fim", texts.moment(r.finished_at, tz)), ("Safra", r.cohort or "todas"),
    ])
    doc.heading("Resultados das tentativas")
    items = [(texts.label(o), n, _outcome_color(o)) for o, n in data.outcomes]
    if items:
        height = doc.mm(6) * len(items)
        unit = doc.mm(1)

        def draw(p: QPainter, rect: QRectF) -> None:
            charts.hbars(p, rect, items, unit)

        doc.block(height, draw)
    else:
        doc.paragraph("Nenhuma tentativa registrada.", size=8.5)
    doc.heading(f"Problemas deixados pela execução ({texts.number(data.problems_total)})")
    if data.problems_total > len(data.problems):
        doc.paragraph(f"Listadas as primeiras {texts.number(len(data.problems))}; a lista completa sai em "
                      f"'export attempts --run {r.id}'.", size=8, color=QColor("#5b6775"))
    columns = (
        TableColumn("Contrato", 1.2), TableColumn("Fatura", 0.75, RIGHT), TableColumn("Safra", 0.85),
        TableColumn("Status", 1.0), TableColumn("Resultado", 1.9, wrap=True), TableColumn("HTTP", 0.7, RIGHT),
        TableColumn("Detalhe registrado", 3.0, wrap=True), TableColumn("Tempo", 0.8, RIGHT),
    )
    rows = [(a.contract_number, str(a.invoice_number), a.cohort, texts.label(a.status_after),
             texts.label(a.outcome), str(a.http_status or "-"), pt(a.error) if a.error else "",
             texts.seconds(a.seconds))
            for a in data.problems]
    doc.table(columns, rows, empty="Nenhuma fatura ficou com problema.")


def write_run_report(ctx: ExportContext, run_id: int, path: str | Path,
                     check: Callable[[], None] = lambda: None) -> int:
    """Render the run report of `run_id` to `path`; the page count. NotFoundError for no such run."""
    data = load_run_report(ctx, run_id)
    meta = ctx.meta(f"Relatório da execução {run_id}", [("Execução", str(run_id))])
    return render_pdf(path, meta, lambda doc: draw_run_report(doc, data), check)


__all__ = ["RunReportData", "draw_run_report", "load_run_report", "write_run_report"]
