"""CSV and XLSX exports on a database filled by real runs, read back with the csv module, the
contract importer's reader and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.contracts_import import parse_contracts_csv, parse_date, parse_money
from core.documents import mask_document
from core.domain import MATCHED_STATUSES, PROBLEM_STATUSES, FetchStatus
from core.linha_digitavel import digits_only
from reports import sources
from reports.csv_out import CsvDialect, neutralise
from reports.export import FormatError, write_table
from reports.table import Column, ExportCancelled, ExportTable, Kind
from storage.analytics import ProblemFilter, recent_runs
from storage.analytics.problems import count_problems
from storage.contracts_query import search_contracts
from storage.export_rows import InvoiceFilter, collection_filter, count_invoices, iter_invoices
from storage.models import Contract, Invoice


def _read_br(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "pt-BR CSV starts with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _stored_invoices() -> dict[tuple[str, int], Invoice]:
    query = Invoice.select(Invoice, Contract).join(Contract)
    return {(i.contract.number, i.number): i for i in query}


def test_invoices_csv_br_reads_back_with_ptbr_numbers_dates_and_codes(ctx, tmp_path) -> None:
    path = tmp_path / "faturas.csv"
    written = write_table(sources.invoices(ctx, InvoiceFilter()), path)
    rows = _read_br(path)
    stored = _stored_invoices()
    assert written == len(rows) == len(stored) > 0
    with_codes = 0
    for row in rows:
        inv = stored[(row["Contrato"], int(row["Fatura"]))]
        assert parse_date(row["Vencimento"]) == inv.due_date
        assert parse_date(row["Data de instalação"]) == inv.contract.install_date
        assert row["CPF/CNPJ (mascarado)"] == mask_document(inv.contract.document)
        if inv.amount is None:
            assert row["Valor da fatura (R$)"] == ""
        else:
            assert parse_money(row["Valor da fatura (R$)"]) == Decimal(inv.amount)
            assert "," in row["Valor da fatura (R$)"] and "." not in row["Valor da fatura (R$)"]
        if inv.bar_code:
            with_codes += 1
            cell = row["Código de barras"]
            assert " " in cell, "grouped as a linha digitável, so Excel keeps it text"
            assert digits_only(cell) == inv.bar_code
            assert "E+" not in cell
        assert row["PIX copia e cola"] == (inv.pix_code or "")
    assert with_codes > 0
    assert not any(inv.contract.document in path.read_text(encoding="utf-8-sig") for inv in stored.values())


def test_full_documents_round_trip_through_the_contract_importer(ctx, tmp_path) -> None:
    from dataclasses import replace

    full = replace(ctx, full_documents=True)
    path = tmp_path / "faturas.csv"
    write_table(sources.invoices(full, InvoiceFilter()), path)
    result = parse_contracts_csv(path.read_bytes(), date(2030, 1, 1))
    assert result.file_error is None
    # ten invoice rows per contract: the importer takes the first and reports the rest as duplicates
    assert result.errors and all("duplicate contract number" in e.message for e in result.errors)
    contracts = {c.number: c for c in Contract.select()}
    assert {r.number for r in result.records} == set(contracts)
    for record in result.records:
        stored = contracts[record.number]
        assert (record.document, record.customer_name, record.install_date) == (
            stored.document, stored.customer_name, stored.install_date)


def test_masked_export_is_refused_by_the_importer(ctx, tmp_path) -> None:
    path = tmp_path / "faturas.csv"
    write_table(sources.invoices(ctx, InvoiceFilter()), path)
    result = parse_contracts_csv(path.read_bytes(), date(2030, 1, 1))
    assert result.file_error is not None and "document" in result.file_error


def test_plain_csv_is_rfc4180_with_iso_dates_and_dot_decimals(ctx, tmp_path) -> None:
    path = tmp_path / "faturas.csv"
    write_table(sources.invoices(ctx, InvoiceFilter(statuses=MATCHED_STATUSES)), path, dialect=CsvDialect.PLAIN)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    stored = _stored_invoices()
    assert len(rows) == sum(1 for i in stored.values() if i.fetch_status in MATCHED_STATUSES) > 0
    for row in rows:
        inv = stored[(row["Contrato"], int(row["Fatura"]))]
        assert date.fromisoformat(row["Vencimento"]) == inv.due_date
        assert Decimal(row["Valor da fatura (R$)"]) == Decimal(inv.amount)
        assert row["Código de barras"] == (inv.bar_code or "")
        assert datetime.fromisoformat(row["Última busca"]).tzinfo is not None


def test_cells_that_look_like_formulas_are_neutralised(ctx, tmp_path) -> None:
    evil = ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "plain", "-")
    table = ExportTable("t", (Column("Texto"), Column("Código", Kind.CODE), Column("Valor", Kind.MONEY)),
                        [[(text, text, Decimal("-5.00")) for text in evil]], ctx.meta("Teste"))
    path = tmp_path / "t.csv"
    write_table(table, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))[1:]
    for (text, code, amount), original in zip(rows, evil, strict=True):
        assert text == code == neutralise(original)
        assert not text.startswith(("=", "+", "-", "@", "\t"))
        assert amount == "-5,00"  # numbers stay numbers
    assert neutralise("plain") == "plain"
    xlsx = tmp_path / "t.xlsx"
    write_table(ExportTable("t", table.columns, [[(text, text, Decimal("-5.00")) for text in evil]],
                            ctx.meta("Teste")), xlsx)
    sheet = load_workbook(xlsx)["t"]
    for cell in sheet["A"][1:]:
        assert cell.data_type == "s", f"{cell.value!r} must stay text, never a formula"


def test_xlsx_has_typed_cells_formats_frozen_header_and_filter(ctx, tmp_path) -> None:
    path = tmp_path / "faturas.xlsx"
    written = write_table(sources.invoices(ctx, InvoiceFilter()), path)
    book = load_workbook(path)
    sheet = book["faturas"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "Contrato" and "Código de barras" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{written + 1}"
    assert sheet.column_dimensions["O"].width == 56
    col = {name: i for i, name in enumerate(header)}
    stored = _stored_invoices()
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        inv = stored[(row[col["Contrato"]].value, row[col["Fatura"]].value)]
        due = row[col["Vencimento"]]
        assert due.is_date and due.number_format == "dd/mm/yyyy" and due.value.date() == inv.due_date
        amount = row[col["Valor da fatura (R$)"]]
        if inv.amount is not None:
            assert isinstance(amount.value, float) and amount.number_format == '"R$" #,##0.00'
            assert Decimal(str(amount.value)) == Decimal(inv.amount)
            checked += 1
        code = row[col["Código de barras"]]
        if inv.bar_code:
            assert code.data_type == "s" and code.value == inv.bar_code
    assert checked > 0
    about = {r[0].value: r[1].value for r in book["Sobre"].iter_rows()}
    assert about["Documentos"] == "CPF/CNPJ mascarados (LGPD)"
    assert about["Banco de dados"] == "teste.sqlite"
    assert book.properties.keywords == "CPF/CNPJ mascarados (LGPD)"


def test_problems_export_is_the_screens_filter_every_page(ctx, tmp_path) -> None:
    for flt in (ProblemFilter(), ProblemFilter(status=FetchStatus.ERROR)):
        path = tmp_path / "p.csv"
        written = write_table(sources.problems(ctx, flt), path)
        rows = _read_br(path)
        assert written == len(rows) == count_problems(flt)
        allowed = {sources.texts.label(s) for s in flt.wanted_statuses()}
        assert {r["Status"] for r in rows} <= allowed
    assert count_problems(ProblemFilter()) > 0
    assert set(PROBLEM_STATUSES)


def test_search_export_takes_the_invoices_of_the_contracts_the_search_lists(ctx, tmp_path, report_world) -> None:
    name = Contract.select().order_by(Contract.number).first().customer_name.split()[0]
    found = search_contracts(name, page_size=500)
    path = tmp_path / "busca.csv"
    write_table(sources.invoices(ctx, InvoiceFilter(search=name)), path)
    numbers = {r["Contrato"] for r in _read_br(path)}
    assert numbers == {c.number for c in found.items}


def test_collection_list_is_matched_unpaid_invoices_per_customer(ctx, tmp_path) -> None:
    Invoice.update(payment_status="PAID").where(Invoice.id == Invoice.select(Invoice.id).where(
        Invoice.fetch_status == FetchStatus.SUCCESS.value).limit(1)).execute()
    flt = collection_filter()
    path = tmp_path / "cobranca.csv"
    write_table(sources.collection(ctx, flt), path)
    rows = _read_br(path)
    expected = Invoice.select().where(Invoice.fetch_status.in_([s.value for s in MATCHED_STATUSES]),
                                      (Invoice.payment_status.is_null()) | (Invoice.payment_status != "PAID"))
    assert len(rows) == expected.count() == count_invoices(flt) > 0
    names = [r["Cliente"] for r in rows]
    assert names == sorted(names)
    assert {r["Status da busca"] for r in rows} <= {"Sucesso", "Parcial"}


def test_runs_attempts_and_performance_lists(ctx, tmp_path, report_world) -> None:
    _world, first, _second = report_world
    runs = _read_br(_write(sources.runs(ctx), tmp_path / "r.csv"))
    shown = recent_runs(ctx.now, ctx.tz, page_size=20).items  # the Runs screen's order
    assert shown and [int(r["Execução"]) for r in runs] == [r.id for r in shown]
    origin = {int(r["Execução"]): r["Origem"] for r in runs}
    assert origin[first] == "Automática"
    assert all(origin[r.id] == sources.texts.label(r.origin) for r in shown)
    attempts = _read_br(_write(sources.run_attempts(ctx, first), tmp_path / "a.csv"))
    from storage.models import FetchAttempt

    assert len(attempts) == FetchAttempt.select().where(FetchAttempt.run == first).count()
    for table, name in ((sources.daily(ctx, 7), "d.csv"), (sources.cohorts(ctx), "c.csv"),
                        (sources.slowest(ctx, 7), "s.csv"), (sources.error_group_list(ctx, 7), "e.csv")):
        assert _read_br(_write(table, tmp_path / name))


def _write(table: ExportTable, path: Path) -> Path:
    write_table(table, path)
    return path


def test_streaming_reads_in_batches(report_world) -> None:
    batches = list(iter_invoices(InvoiceFilter(), batch=7))
    assert all(len(b) <= 7 for b in batches)
    assert sum(len(b) for b in batches) == Invoice.select().count()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cancelled_export_leaves_no_file_and_keeps_an_old_one(ctx, tmp_path, suffix) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = out / f"faturas{suffix}"
    path.write_text("old")
    calls = []

    def progress(done: int, total: int | None) -> None:
        calls.append(done)
        if done:
            raise ExportCancelled()

    table = sources.invoices(ctx, InvoiceFilter())
    table = ExportTable(table.name, table.columns, ([row] for row in table.rows()), table.meta, table.total)
    with pytest.raises(ExportCancelled):
        write_table(table, path, progress=progress)
    assert path.read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == [path.name], "no temporary file left"


def test_a_failed_export_leaves_no_file(ctx, tmp_path) -> None:
    def rows():
        yield [("a",)]
        raise RuntimeError("disk gone")

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError):
        write_table(ExportTable("t", (Column("x"),), rows(), ctx.meta("T")), out / "t.csv")
    assert list(out.iterdir()) == []
    with pytest.raises(FormatError, match="'.txt'"):
        write_table(ExportTable("t", (Column("x"),), [], ctx.meta("T")), out / "t.txt")


def test_meta_records_the_documents_choice(ctx) -> None:
    from dataclasses import replace

    lines = dict(replace(ctx, full_documents=True).meta("X").lines())
    assert lines["Documentos"] == "CPF/CNPJ completos (pedido pelo usuário)"
    assert dict(ctx.meta("X").lines())["Gerado em"] == ctx.now.astimezone(UTC).strftime("%d/%m/%Y %H:%M:%S")
