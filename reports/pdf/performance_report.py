"""The performance report (PDF) for the manager: the Performance screen's cards, the daily chart,
performance by origin, the slowest lookups, the cohorts and the open alerts, for the last N days
or a date range (read in one snapshot by storage.analytics.dashboard_refresh, off the rollups,
so it costs the same at a thousand invoices or a million)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from reports import texts
from reports.pdf import charts
from reports.pdf.document import PdfDoc, TableColumn, render_pdf
from reports.sources import ExportContext
from storage.alerts import AlertRecord, open_alerts
from storage.analytics import AnalyticsParamError, DashboardSnapshot, dashboard_refresh
from storage.analytics.params import MAX_DAYS

RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True, slots=True)
class Period:
    """The report's days: `days` local days ending on `last_day` (today, or --to)."""

    days: int
    last_day: date | None = None  # None: today

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        if first > last:
            raise AnalyticsParamError("from", first.isoformat(), f"is after to {last.isoformat()}")
        return cls((last - first).days + 1, last)

    def end(self, ctx: ExportContext) -> datetime:
        """The window's end: now, or the end of `last_day` (local), whichever is earlier."""
        if self.last_day is None:
            return ctx.now
        day_after = datetime.combine(self.last_day + timedelta(days=1), time(0), ctx.tz).astimezone(UTC)
        return min(ctx.now, day_after - timedelta(microseconds=1))


@dataclass(frozen=True, slots=True)
class PerformanceData:
    snapshot: DashboardSnapshot
    alerts: tuple[AlertRecord, ...]


def load_performance(ctx: ExportContext, period: Period) -> PerformanceData:
    if not 1 <= period.days <= MAX_DAYS:
        raise AnalyticsParamError("days", period.days, f"must be between 1 and {MAX_DAYS}")
    return PerformanceData(dashboard_refresh(period.end(ctx), ctx.tz, period.days), open_alerts())


def period_text(snap: DashboardSnapshot) -> str:
    w = snap.daily.window
    return f"{texts.day(w.first_day)} a {texts.day(w.last_day)} ({texts.number(w.days)} dias)"


def draw_performance(doc: PdfDoc, data: PerformanceData) -> None:
    snap = data.snapshot
    o = snap.overview
    act = o.activity
    tz = doc.meta.tz
    approx = "" if o.percentiles_exact else " (aprox.)"
    doc.heading("Visão geral")
    doc.cards([
        ("Faturas acompanhadas", texts.number(o.invoices)), ("Taxa de sucesso", texts.percent(o.success_rate)),
        ("Com dados para cobrança", texts.number(o.with_data)), ("Valor encontrado", texts.money(o.amount_found)),
        ("Sucesso", texts.number(o.by_status.success)), ("Parcial", texts.number(o.by_status.partial)),
        ("Erros", texts.number(o.errors)), ("Desistências", texts.number(o.gave_up)),
        ("Nunca buscadas", texts.number(o.pending)), ("Ainda não disponíveis", texts.number(o.by_status.not_available)),
        ("Sem débito em aberto", texts.number(o.by_status.closed)), ("Pagas", texts.number(o.by_status.paid)),
        ("Execuções no período", texts.number(o.runs)), ("Tentativas no período", texts.number(act.attempts)),
        ("Tempo médio", texts.seconds(act.avg_seconds)), (f"p95{approx}", texts.seconds(act.p95_seconds)),
    ])
    days = snap.daily.days
    labels = [d.day.strftime("%d/%m") for d in days]
    unit = doc.mm(1)
    doc.heading("Desempenho diário")
    bars = (
        charts.Series("Sucesso", charts.GREEN, tuple(float(d.successes) for d in days)),
        charts.Series("Parcial", charts.AMBER, tuple(float(d.partial) for d in days)),
        charts.Series("Ainda não disponíveis", charts.GREY, tuple(float(d.not_available) for d in days)),
        charts.Series("Erros", charts.RED, tuple(float(d.errors) for d in days)),
    )

    def draw_bars(p: QPainter, rect: QRectF) -> None:
        charts.stacked_bars(p, rect, labels, bars, unit)

    doc.block(doc.mm(62), draw_bars)
    times = (
        charts.Series("Média (s)", charts.BLUE, tuple(d.avg_seconds or 0.0 for d in days)),
        charts.Series("p95 (s)", charts.RED, tuple(d.p95_seconds or 0.0 for d in days)),
    )

    def draw_times(p: QPainter, rect: QRectF) -> None:
        charts.line(p, rect, labels, times, unit)

    doc.paragraph("Tempo por consulta", size=8.5)
    doc.block(doc.mm(42), draw_times)

    doc.heading("Por origem")
    doc.table(
        (TableColumn("Origem", 1.6), TableColumn("Execuções", 1, RIGHT), TableColumn("Faturas", 1, RIGHT),
         TableColumn("Sucesso", 1, RIGHT), TableColumn("Erros", 1, RIGHT), TableColumn("Taxa de sucesso", 1.2, RIGHT),
         TableColumn("Tempo médio", 1.1, RIGHT)),
        [(texts.label(r.origin), texts.number(r.runs), texts.number(r.invoices),
          texts.number(r.successes + r.partial), texts.number(r.errors), texts.percent(r.success_rate),
          texts.seconds(r.avg_seconds)) for r in snap.origins.origins],
    )
    doc.heading("Consultas mais lentas")
    doc.table(
        (TableColumn("Tempo", 0.9, RIGHT), TableColumn("Contrato", 1.4), TableColumn("Fatura", 0.6, RIGHT),
         TableColumn("Safra", 0.8), TableColumn("Quando", 1.6), TableColumn("Execução", 0.8, RIGHT),
         TableColumn("Resultado", 1.7)),
        [(texts.seconds(s.seconds), s.contract_number, str(s.invoice_number), s.cohort, texts.moment(s.started_at, tz),
          str(s.run_id), texts.label(s.outcome)) for s in snap.slowest.items],
        empty="Nenhuma consulta no período.",
    )
    doc.heading("Safras")
    doc.table(
        (TableColumn("Safra", 0.9), TableColumn("Contratos", 1, RIGHT), TableColumn("Faturas", 1, RIGHT),
         TableColumn("Buscadas", 1, RIGHT), TableColumn("Sucesso", 1, RIGHT),
         TableColumn("Taxa de sucesso", 1.2, RIGHT),
         TableColumn("Erros", 0.8, RIGHT), TableColumn("Pendentes", 1, RIGHT), TableColumn("Com dados", 1, RIGHT)),
        [(c.cohort, texts.number(c.contracts), texts.number(c.invoices), texts.number(c.attempted),
          texts.number(c.successes + c.partial), texts.percent(c.success_rate), texts.number(c.errors + c.gave_up),
          texts.number(c.pending), texts.number(c.with_data)) for c in snap.cohorts.cohorts],
        empty="Nenhuma safra.",
    )
    doc.heading(f"Alertas abertos ({texts.number(len(data.alerts))})")
    doc.table(
        (TableColumn("Alerta", 3), TableColumn("Gravidade", 1), TableColumn("Vezes", 0.6, RIGHT),
         TableColumn("Primeira vez", 1.5), TableColumn("Última vez", 1.5), TableColumn("Execução", 0.8, RIGHT)),
        [(texts.label(a.kind), texts.label(a.severity), texts.number(a.occurrences), texts.moment(a.created_at, tz),
          texts.moment(a.last_seen_at, tz), str(a.run_id or "-")) for a in data.alerts],
        empty="Nenhum alerta aberto.",
    )


def write_performance_report(ctx: ExportContext, period: Period, path: str | Path,
                             check: Callable[[], None] = lambda: None) -> int:
    data = load_performance(ctx, period)
    meta = ctx.meta("Relatório de desempenho", [("Período", period_text(data.snapshot))])
    return render_pdf(path, meta, lambda doc: draw_performance(doc, data), check)


__all__ = ["PerformanceData", "Period", "draw_performance", "load_performance", "period_text",
           "write_performance_report"]
