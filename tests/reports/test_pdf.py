"""The PDF reports read back with poppler's pdftotext: headings, figures and pt-BR formats; the
scheduled reports after an automatic run."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from core.documents import format_document, mask_document
from core.linha_digitavel import format_code
from reports import texts
from reports.pdf.collection_report import write_collection_pdf
from reports.pdf.performance_report import Period, load_performance, write_performance_report
from reports.pdf.run_report import write_run_report
from runner.after_run import after_run
from storage.analytics import NotFoundError, run_detail
from storage.export_rows import collection_filter, invoice_totals, iter_invoices
from storage.settings_store import set_setting

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def pdf_text(path: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_run_report_has_the_runs_figures_in_ptbr(qapp, ctx, report_world, tmp_path) -> None:
    _world, first, _second = report_world
    path = tmp_path / "run.pdf"
    pages = write_run_report(ctx, first, path)
    assert pages == pdf_pages(path) >= 1
    text = pdf_text(path)
    run = run_detail(first, ctx.now, ctx.tz).run
    for expected in (f"Relatório da execução {first}", "Resumo", "Tempos por consulta", "Resultados das tentativas",
                     "Problemas deixados pela execução", texts.label(run.status), "Automática",
                     "CPF/CNPJ mascarados (LGPD)", "teste.sqlite", f"Página 1 de {pages}",
                     texts.moment(run.started_at, ctx.tz), texts.number(run.processed),
                     texts.seconds(run.p50_seconds), "Conciliada"):
        assert expected in text, expected
    assert re.search(r"\d,\d{3} s", text), "seconds with a decimal comma"
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(rf"Title:\s+Relatório da execução {first}\n", info)
    xmp = subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True, text=True).stdout
    assert "<pdf:Keywords>CPF/CNPJ mascarados (LGPD)</pdf:Keywords>" in xmp and "<rdf:li>pt-BR</rdf:li>" in xmp
    assert "Page" not in text and "Success" not in text


def test_unknown_run_is_refused_and_leaves_no_file(qapp, ctx, report_world, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFoundError, match="999"):
        write_run_report(ctx, 999, out / "run.pdf")
    assert list(out.iterdir()) == []


def test_performance_report_has_cards_chart_tables_and_alerts(qapp, ctx, report_world, tmp_path) -> None:
    path = tmp_path / "perf.pdf"
    pages = write_performance_report(ctx, Period(7), path)
    text = pdf_text(path)
    data = load_performance(ctx, Period(7))
    o = data.snapshot.overview
    for expected in ("Relatório de desempenho", "Visão geral", "Desempenho diário", "Tempo por consulta",
                     "Por origem", "Consultas mais lentas", "Safras", "Alertas abertos", "Período:",
                     texts.number(o.invoices), texts.percent(o.success_rate), texts.money(o.amount_found),
                     f"Página {pages} de {pages}"):
        assert expected in text, expected
    first_day = data.snapshot.daily.window.first_day
    assert first_day.strftime("%d/%m/%Y") in text
    assert first_day.strftime("%d/%m") in text  # the chart's day labels are text, drawn as vectors


def test_performance_report_for_a_date_range(qapp, ctx, report_world, tmp_path) -> None:
    last = ctx.now.date()
    first = last.replace(day=1) if last.day > 1 else last
    path = tmp_path / "perf.pdf"
    write_performance_report(ctx, Period.between(first, last), path)
    text = pdf_text(path)
    assert f"{texts.day(first)} a {texts.day(last)}" in text


def test_collection_list_has_lines_pix_codes_and_masked_documents(qapp, ctx, report_world, tmp_path) -> None:
    flt = collection_filter()
    path = tmp_path / "cobranca.pdf"
    write_collection_pdf(ctx, flt, path)
    text = pdf_text(path)
    squeezed = re.sub(r"\s+", "", text)
    totals = invoice_totals(flt)
    assert totals.invoices > 0
    assert "Lista de cobrança" in text and texts.money(totals.amount) in text
    invoices = [i for batch in iter_invoices(flt, per_customer=True) for i in batch]
    first_customer = [i for i in invoices if i.document == invoices[0].document]
    subtotal = sum((i.amount for i in first_customer if i.amount is not None), Decimal("0.00"))
    noun = "fatura" if len(first_customer) == 1 else "faturas"
    assert f"{len(first_customer)} {noun} · {texts.money(subtotal)}" in text  # the customer's heading
    for inv in invoices[:5]:
        assert mask_document(inv.document) in text
        assert format_document(inv.document) not in text
        if inv.bar_code:
            assert format_code(inv.bar_code) in text
        if inv.pix_code:
            assert re.sub(r"\s+", "", inv.pix_code) in squeezed  # wrapped over lines in the PDF
        assert texts.day(inv.due_date) in text and texts.money(inv.amount) in text
    full = tmp_path / "cobranca-completa.pdf"
    write_collection_pdf(replace(ctx, full_documents=True), flt, full)
    full_text = pdf_text(full)
    assert format_document(invoices[0].document) in full_text
    assert "CPF/CNPJ completos" in full_text


def test_scheduled_reports_after_an_automatic_run_only(qapp, report_world, tmp_path) -> None:
    _world, automatic, manual = report_world
    folder = tmp_path / "relatorios"
    assert after_run(automatic).written == ()  # no folder set: nothing
    set_setting("report_folder", str(folder))
    set_setting("report_collection", True)
    done = after_run(automatic)
    assert done.problem is None and len(done.written) == 2
    assert all(p.exists() and p.parent == folder for p in done.written)
    assert f"Relatório da execução {automatic}" in pdf_text(done.written[0])
    assert "Lista de cobrança" in pdf_text(done.written[1])
    assert after_run(manual).written == ()


def test_a_scheduled_report_that_cannot_be_written_is_a_message(qapp, report_world, tmp_path) -> None:
    _world, automatic, _manual = report_world
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    set_setting("report_folder", str(blocker / "sub"))
    done = after_run(automatic)
    assert done.written == () and done.problem is not None and "a-file" in done.problem


def test_the_report_folder_must_be_absolute(db) -> None:
    from core.settings import SettingError

    with pytest.raises(SettingError, match="absolute"):
        set_setting("report_folder", "relatorios")
    assert set_setting("report_folder", "") == ""


def test_a_pdf_cancelled_mid_way_leaves_no_file(qapp, ctx, report_world, tmp_path) -> None:
    from reports.table import ExportCancelled

    out = tmp_path / "out"
    out.mkdir()
    pages: list[int] = []

    def check() -> None:  # what the app's Cancel does: the third page stops the export
        pages.append(1)
        if len(pages) == 3:
            raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        write_collection_pdf(ctx, collection_filter(), out / "cobranca.pdf", check)
    assert list(out.iterdir()) == []
