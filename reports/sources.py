"""Every list the screens show, as an ExportTable: the same storage query, the same filter and order,
every page of it (walked page by page, or streamed off one cursor for the invoice lists).

    invoices      storage.export_rows.iter_invoices (a search, a cohort, statuses, a contract)
    collection    invoices with data to send (SUCCESS / PARTIAL, not paid), per customer
    problems      storage.analytics.problem_invoices (the Problems screen's filter)
    error_groups  storage.analytics.error_groups
    runs          storage.analytics.recent_runs (origin, status, cohort; `days` back)
    attempts      one run's attempts: storage.analytics.run_detail
    history       one invoice's attempts: storage.analytics.attempt_history
    slowest       storage.analytics.slowest_invoices
    cohorts       storage.analytics.cohort_comparison
    daily         storage.analytics.daily_performance
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypeVar

from core.documents import format_document, mask_document
from reports import texts
from reports.message_text import pt, pt_started_by, pt_with_detail
from reports.table import Column, ExportMeta, ExportTable, Kind, Row
from storage.analytics import (
    AttemptRow,
    PageOf,
    ProblemFilter,
    attempt_history,
    cohort_comparison,
    daily_performance,
    error_groups,
    make_window,
    problem_invoices,
    recent_runs,
    run_detail,
    slowest_invoices,
)
from storage.analytics.errors import MAX_GROUPS
from storage.analytics.params import MAX_PAGE_SIZE
from storage.analytics.slowest import SLOW_KEEP_PER_HOUR
from storage.contracts_query import problem_invoices_among
from storage.export_rows import ExportInvoice, InvoiceFilter, count_invoices, iter_invoices

T = TypeVar("T")
MAX_SLOWEST = SLOW_KEEP_PER_HOUR  # what the rollup keeps per hour: the most the screen can list


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What every export shares: the moment, the zone for times, the database it read, and
    whether the user asked for full CPF/CNPJ."""

    now: datetime
    tz: tzinfo
    database: str
    full_documents: bool = False

    def meta(self, title: str, filters: Sequence[tuple[str, str]] = ()) -> ExportMeta:
        return ExportMeta(title=title, database=self.database, generated_at=self.now, tz=self.tz,
                          full_documents=self.full_documents, filters=tuple(filters))

    def document(self, doc: str) -> str:
        return format_document(doc) if self.full_documents else mask_document(doc)

    def document_header(self) -> str:
        """'CPF/CNPJ' only for full documents: a masked column is not importable as documents."""
        return "CPF/CNPJ" if self.full_documents else "CPF/CNPJ (mascarado)"


def pages(fetch: Callable[[int], PageOf[T]]) -> Iterator[tuple[T, ...]]:
    """Every page of a paged query, one page in memory at a time."""
    page = 1
    while True:
        result = fetch(page)
        if result.items:
            yield result.items
        if not result.has_next or not result.items:
            return
        page += 1


def _mapped(batches: Iterator[Sequence[T]], row: Callable[[T], Row]) -> Iterator[list[Row]]:
    for batch in batches:
        yield [row(item) for item in batch]


_FILTER_NAMES = {"cohort": "Safra", "status": "Status", "contract": "Contrato", "search": "Busca",
                 "due_from": "Vencimento de", "due_to": "Vencimento até"}


def filter_lines(flt: InvoiceFilter) -> list[tuple[str, str]]:
    out = []
    for key, value in flt.describe():
        if key == "status":
            value = ", ".join(texts.label(s) for s in flt.statuses)
        elif key in ("due_from", "due_to"):
            day = flt.due_from if key == "due_from" else flt.due_to
            value = texts.day(day)
        out.append((_FILTER_NAMES[key], value))
    if flt.unpaid_only:
        out.append(("Pagamento", "não pagas"))
    return out


# -- invoices and the collection list ---------------------------------------------------------------

def invoices(ctx: ExportContext, flt: InvoiceFilter) -> ExportTable:
    columns = (
        Column("Contrato", Kind.TEXT, 14), Column(ctx.document_header(), Kind.TEXT, 20),
        Column("Cliente", Kind.TEXT, 30), Column("Data de instalação", Kind.DATE, 12),
        Column("Safra", Kind.TEXT, 9), Column("Situação do contrato", Kind.TEXT, 12),
        Column("Fatura", Kind.INT, 7), Column("Vencimento", Kind.DATE, 12),
        Column("Valor da fatura (R$)", Kind.MONEY, 14), Column("Status da busca", Kind.TEXT, 16),
        Column("Pagamento", Kind.TEXT, 12), Column("Tentativas", Kind.INT, 10),
        Column("Última busca", Kind.DATETIME, 19), Column("Vencimento na operadora", Kind.DATE, 12),
        Column("Código de barras", Kind.CODE, 56), Column("PIX copia e cola", Kind.CODE, 60),
        Column("Erro", Kind.TEXT, 40),
    )

    def row(i: ExportInvoice) -> Row:
        return (i.contract_number, ctx.document(i.document), i.customer_name, i.install_date, i.cohort,
                texts.label(i.contract_status), i.number, i.due_date, i.amount, texts.label(i.status),
                texts.label(i.payment_status), i.attempts, i.last_fetch_at, i.remote_due_date, i.bar_code,
                i.pix_code, pt_with_detail(i.error) if i.error else None)

    return ExportTable("faturas", columns, _mapped(iter_invoices(flt), row),
                       ctx.meta("Faturas", filter_lines(flt)), total=count_invoices(flt))


def collection(ctx: ExportContext, flt: InvoiceFilter) -> ExportTable:
    columns = (
        Column("Cliente", Kind.TEXT, 30), Column(ctx.document_header(), Kind.TEXT, 20),
        Column("Contrato", Kind.TEXT, 14), Column("Fatura", Kind.INT, 7), Column("Vencimento", Kind.DATE, 12),
        Column("Valor (R$)", Kind.MONEY, 14), Column("Linha digitável", Kind.CODE, 56),
        Column("PIX copia e cola", Kind.CODE, 60), Column("Status da busca", Kind.TEXT, 14),
    )

    def row(i: ExportInvoice) -> Row:
        return (i.customer_name, ctx.document(i.document), i.contract_number, i.number, i.due_date, i.amount,
                i.bar_code, i.pix_code, texts.label(i.status))

    return ExportTable("cobranca", columns, _mapped(iter_invoices(flt, per_customer=True), row),
                       ctx.meta("Lista de cobrança", filter_lines(flt)), total=count_invoices(flt))


# -- the Problems screen ------------------------------------------------------------------------------

def problems(ctx: ExportContext, flt: ProblemFilter | None = None, among: Sequence[int] | None = None
             ) -> ExportTable:
    """The Problems screen's list: `flt`, and with `among` (an error group's invoices) only those."""
    flt = flt or ProblemFilter()
    columns = (
        Column("Contrato", Kind.TEXT, 14), Column("Fatura", Kind.INT, 7), Column("Safra", Kind.TEXT, 9),
        Column("Vencimento", Kind.DATE, 12), Column("Status", Kind.TEXT, 14), Column("Origem", Kind.TEXT, 12),
        Column("Tentativas", Kind.INT, 10), Column("Último resultado", Kind.TEXT, 24),
        Column("Erro", Kind.TEXT, 40), Column("Última busca", Kind.DATETIME, 19),
        Column("Tempo (s)", Kind.SECONDS, 10), Column("Execução", Kind.INT, 9),
    )
    filters = []
    if flt.cohort:
        filters.append(("Safra", flt.cohort))
    if flt.origin:
        filters.append(("Origem", texts.label(flt.origin)))
    if flt.status or set(flt.statuses) != set(ProblemFilter().statuses):
        filters.append(("Status", ", ".join(texts.label(s) for s in flt.wanted_statuses())))
    if flt.outcome:
        filters.append(("Resultado", texts.label(flt.outcome)))
    if flt.min_attempts:
        filters.append(("Tentativas mínimas", str(flt.min_attempts)))
    if among is not None:
        filters.append(("Grupo de erro", f"{texts.number(len(among))} faturas"))

    def read(page: int) -> Any:
        if among is not None:
            return problem_invoices_among(among, flt, page=page, page_size=MAX_PAGE_SIZE)
        return problem_invoices(ctx.now, ctx.tz, flt, page=page, page_size=MAX_PAGE_SIZE)

    first = read(1)

    def fetch(page: int) -> Any:
        return first if page == 1 else read(page)

    def row(p: Any) -> Row:
        return (p.contract_number, p.invoice_number, p.cohort, p.due_date, texts.label(p.status),
                texts.label(p.origin), p.attempts, texts.label(p.last_outcome),
                pt_with_detail(p.error) if p.error else None, p.last_fetch_at,
                p.fetch_seconds, p.last_run_id)

    return ExportTable("problemas", columns, _mapped(pages(fetch), row), ctx.meta("Faturas com problema", filters),
                       total=first.total)


def error_group_list(ctx: ExportContext, days: int) -> ExportTable:
    groups = error_groups(ctx.now, ctx.tz, days, limit=MAX_GROUPS)
    columns = (
        Column("Resultado", Kind.TEXT, 24), Column("HTTP", Kind.INT, 6), Column("Mensagem", Kind.TEXT, 50),
        Column("Faturas", Kind.INT, 9), Column("Tentativas", Kind.INT, 10),
        Column("Primeira vez", Kind.DATETIME, 19), Column("Última vez", Kind.DATETIME, 19),
    )
    rows = [(texts.label(g.outcome), g.http_status, pt(g.sample) if g.sample else g.key, g.invoices, g.attempts,
             g.first_seen, g.last_seen) for g in groups.groups]
    return ExportTable("grupos_de_erro", columns, [rows], ctx.meta("Grupos de erro", [_period(groups.window)]),
                       total=len(rows))


def _period(window: Any) -> tuple[str, str]:
    return ("Período", f"{texts.day(window.first_day)} a {texts.day(window.last_day)} ({window.days} dias)")


# -- runs and attempts ----------------------------------------------------------------------------------

RUN_COLUMNS = (
    Column("Execução", Kind.INT, 9), Column("Origem", Kind.TEXT, 12), Column("Safra", Kind.TEXT, 9),
    Column("Status", Kind.TEXT, 13), Column("Iniciada por", Kind.TEXT, 16), Column("Início", Kind.DATETIME, 19),
    Column("Fim", Kind.DATETIME, 19), Column("Duração (s)", Kind.SECONDS, 11), Column("Contratos", Kind.INT, 10),
    Column("Faturas", Kind.INT, 9), Column("Processadas", Kind.INT, 11), Column("Sucesso", Kind.INT, 9),
    Column("Parcial", Kind.INT, 8), Column("Erros", Kind.INT, 7), Column("Indisponível", Kind.INT, 10),
    Column("Desistências", Kind.INT, 11), Column("Novas tentativas", Kind.INT, 10), Column("Consultas", Kind.INT, 10),
    Column("Média (s)", Kind.SECONDS, 9), Column("p50 (s)", Kind.SECONDS, 9), Column("p95 (s)", Kind.SECONDS, 9),
    Column("Máx. (s)", Kind.SECONDS, 9), Column("Mensagem", Kind.TEXT, 40),
)


def run_row(r: Any) -> Row:
    return (r.id, texts.label(r.origin), r.cohort, texts.label(r.status), pt_started_by(r.started_by), r.started_at,
            r.finished_at, r.duration_seconds, r.contracts, r.invoices, r.processed, r.successes, r.partial,
            r.errors, r.not_available, r.gave_up, r.retries, r.lookups, r.avg_seconds, r.p50_seconds,
            r.p95_seconds, r.max_seconds, pt_with_detail(r.message) if r.message else None)


def runs(ctx: ExportContext, *, days: int | None = None, origin: str | None = None, status: str | None = None,
         cohort: str | None = None) -> ExportTable:
    since = make_window(ctx.now, ctx.tz, days).start if days else None

    def fetch(page: int) -> Any:
        return recent_runs(ctx.now, ctx.tz, page=page, page_size=MAX_PAGE_SIZE, origin=origin, status=status,
                           cohort=cohort)

    def batches() -> Iterator[list[Row]]:
        for batch in pages(fetch):  # newest first: stop at the first run before the window
            kept = [r for r in batch if since is None or r.started_at >= since]
            if kept:
                yield [run_row(r) for r in kept]
            if len(kept) < len(batch):
                return

    filters = []
    if days:
        filters.append(("Últimos dias", str(days)))
    for name, value in (("Origem", origin), ("Status", status), ("Safra", cohort)):
        if value:
            filters.append((name, value))
    return ExportTable("execucoes", RUN_COLUMNS, batches(), ctx.meta("Execuções", filters))


ATTEMPT_COLUMNS = (
    Column("Execução", Kind.INT, 9), Column("Contrato", Kind.TEXT, 14), Column("Fatura", Kind.INT, 7),
    Column("Safra", Kind.TEXT, 9), Column("Tentativa na execução", Kind.INT, 10),
    Column("Tentativa da fatura", Kind.INT, 10), Column("Contou no limite", Kind.TEXT, 9),
    Column("Repasse final", Kind.TEXT, 9), Column("Início", Kind.DATETIME, 19), Column("Tempo (s)", Kind.SECONDS, 10),
    Column("Resultado", Kind.TEXT, 24), Column("Status depois", Kind.TEXT, 14), Column("HTTP", Kind.INT, 6),
    Column("Erro", Kind.TEXT, 40), Column("Origem", Kind.TEXT, 12),
)


def attempt_row(a: AttemptRow) -> Row:
    return (a.run_id, a.contract_number, a.invoice_number, a.cohort, a.try_no, a.attempt_no,
            "sim" if a.counted else "não", "sim" if a.retry_pass else "não", a.started_at, a.seconds,
            texts.label(a.outcome), texts.label(a.status_after), a.http_status,
            pt_with_detail(a.error) if a.error else None, texts.label(a.origin))


def run_attempts(ctx: ExportContext, run_id: int) -> ExportTable:
    first = run_detail(run_id, ctx.now, ctx.tz, page=1, page_size=MAX_PAGE_SIZE)

    def fetch(page: int) -> PageOf[AttemptRow]:
        if page == 1:
            return first.attempts
        return run_detail(run_id, ctx.now, ctx.tz, page=page, page_size=MAX_PAGE_SIZE).attempts

    return ExportTable(f"tentativas_execucao_{run_id}", ATTEMPT_COLUMNS, _mapped(pages(fetch), attempt_row),
                       ctx.meta(f"Tentativas da execução {run_id}", [("Execução", str(run_id))]),
                       total=first.attempts.total)


def invoice_history(ctx: ExportContext, invoice_id: int) -> ExportTable:
    first = attempt_history(invoice_id, ctx.now, ctx.tz, page=1, page_size=MAX_PAGE_SIZE)

    def fetch(page: int) -> PageOf[AttemptRow]:
        return first if page == 1 else attempt_history(invoice_id, ctx.now, ctx.tz, page=page,
                                                        page_size=MAX_PAGE_SIZE)

    return ExportTable(f"historico_fatura_{invoice_id}", ATTEMPT_COLUMNS, _mapped(pages(fetch), attempt_row),
                       ctx.meta("Histórico de buscas da fatura", [("Fatura (id)", str(invoice_id))]),
                       total=first.total)


# -- the Performance screen ------------------------------------------------------------------------------

def slowest(ctx: ExportContext, days: int, limit: int = MAX_SLOWEST) -> ExportTable:
    result = slowest_invoices(ctx.now, ctx.tz, days, limit=min(limit, MAX_SLOWEST))
    columns = (
        Column("Tempo (s)", Kind.SECONDS, 10), Column("Contrato", Kind.TEXT, 14), Column("Fatura", Kind.INT, 7),
        Column("Safra", Kind.TEXT, 9), Column("Quando", Kind.DATETIME, 19), Column("Execução", Kind.INT, 9),
        Column("Origem", Kind.TEXT, 12), Column("Resultado", Kind.TEXT, 24),
    )
    rows = [(s.seconds, s.contract_number, s.invoice_number, s.cohort, s.started_at, s.run_id,
             texts.label(s.origin), texts.label(s.outcome)) for s in result.items]
    return ExportTable("consultas_mais_lentas", columns, [rows],
                       ctx.meta("Consultas mais lentas", [_period(result.window)]), total=len(rows))


def cohorts(ctx: ExportContext) -> ExportTable:
    result = cohort_comparison(ctx.now, ctx.tz)
    columns = (
        Column("Safra", Kind.TEXT, 9), Column("Contratos", Kind.INT, 10), Column("Faturas", Kind.INT, 9),
        Column("Buscadas", Kind.INT, 9), Column("% buscadas", Kind.PERCENT, 10), Column("Sucesso", Kind.INT, 9),
        Column("Parcial", Kind.INT, 8), Column("Taxa de sucesso", Kind.PERCENT, 10), Column("Erros", Kind.INT, 7),
        Column("Desistências", Kind.INT, 11), Column("Indisponível", Kind.INT, 10),
        Column("Pendentes", Kind.INT, 10), Column("Com dados", Kind.INT, 10), Column("Média (s)", Kind.SECONDS, 9),
    )
    rows = [(c.cohort, c.contracts, c.invoices, c.attempted, c.fetched_share, c.successes, c.partial,
             c.success_rate, c.errors, c.gave_up, c.not_available, c.pending, c.with_data, c.avg_seconds)
            for c in result.cohorts]
    return ExportTable("safras", columns, [rows], ctx.meta("Comparação de safras"), total=len(rows))


def daily(ctx: ExportContext, days: int) -> ExportTable:
    result = daily_performance(ctx.now, ctx.tz, days)
    columns = (
        Column("Dia", Kind.DATE, 12), Column("Execuções", Kind.INT, 10), Column("Faturas", Kind.INT, 9),
        Column("Sucesso", Kind.INT, 9), Column("Parcial", Kind.INT, 8), Column("Erros", Kind.INT, 7),
        Column("Desistências", Kind.INT, 11), Column("Indisponível", Kind.INT, 10),
        Column("Tentativas", Kind.INT, 10), Column("Média (s)", Kind.SECONDS, 9),
        Column("p50 (s)", Kind.SECONDS, 9), Column("p95 (s)", Kind.SECONDS, 9),
    )
    rows = [(d.day, d.runs, d.invoices, d.successes, d.partial, d.errors, d.gave_up, d.not_available, d.attempts,
             d.avg_seconds, d.p50_seconds, d.p95_seconds) for d in result.days]
    return ExportTable("desempenho_diario", columns, [rows],
                       ctx.meta("Desempenho diário", [_period(result.window)]), total=len(rows))


def window_end(day_after: datetime) -> datetime:
    """The last microsecond before `day_after` (for a window that ends on a given local day)."""
    return day_after - timedelta(microseconds=1)


__all__ = [
    "ExportContext",
    "attempt_row",
    "cohorts",
    "collection",
    "daily",
    "error_group_list",
    "invoice_history",
    "invoices",
    "pages",
    "problems",
    "run_attempts",
    "run_row",
    "runs",
    "slowest",
]
