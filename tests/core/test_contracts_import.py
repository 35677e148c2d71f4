"""core.contracts_import: reading real-world contract CSVs, and every row error it reports."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.contracts_import import (
    ImportResult,
    RowError,
    parse_contracts_csv,
    parse_date,
    parse_money,
    read_contracts_file,
)
from core.documents import cpf_check_digits, format_document
from core.domain import ContractRecord, ContractStatus

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = date(2026, 6, 30)
HEADER = "numero_contrato;cpf_cnpj;cliente;data_instalacao"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def parse(text: str, encoding: str = "utf-8", today: date = TODAY) -> ImportResult:
    return parse_contracts_csv(text.encode(encoding), today)


def test_semicolon_latin1_brazilian_file() -> None:
    result = read_contracts_file(DATA / "contracts_br_latin1_semicolon.csv", TODAY)
    assert result.ok and result.rows == 5
    by_number = {r.number: r for r in result.records}
    assert list(by_number) == ["BR-1001", "BR-1002", "BR-1003", "BR-1004", "BR-1005"]
    assert by_number["BR-1001"] == ContractRecord(
        number="BR-1001", document="52998224725", customer_name="João da Conceição",
        install_date=date(2026, 1, 15), status=ContractStatus.ACTIVE, plan="Fibra 500 Mega",
        plan_value=Decimal("1234.56"), service_order="OS-1",
    )
    assert by_number["BR-1002"].status is ContractStatus.CANCELLED
    assert by_number["BR-1002"].document == "11144477735"
    assert by_number["BR-1002"].plan_value == Decimal("99.90")
    assert by_number["BR-1003"] == ContractRecord(
        "BR-1003", "11222333000181", "Padaria Pão de Açúcar Ltda", date(2024, 2, 29),
        ContractStatus.DOWNGRADE, "Empresarial", Decimal("149.90"), None,
    )
    assert by_number["BR-1004"].document == "12ABC34501DE35"
    assert (by_number["BR-1004"].plan, by_number["BR-1004"].plan_value) == (None, None)
    assert by_number["BR-1005"].status is ContractStatus.ACTIVE  # empty status means active


def test_comma_utf8_bom_english_iso_file() -> None:
    result = read_contracts_file(DATA / "contracts_en_utf8bom_comma.csv", TODAY)
    assert result.ok
    assert [(r.number, r.customer_name, r.install_date, r.status, r.plan_value) for r in result.records] == [
        ("EN-1", "Smith, John", date(2026, 1, 10), ContractStatus.ACTIVE, Decimal("1234.56")),
        ("EN-2", "Zoë Ångström", date(2025, 12, 31), ContractStatus.CANCELLED, Decimal("99.90")),
        ("EN-3", "Ana Lima", date(2026, 3, 29), ContractStatus.DOWNGRADE, None),
    ]


def test_a_file_with_bad_rows_lists_every_problem_with_line_and_column() -> None:
    result = read_contracts_file(DATA / "contracts_bad_rows.csv", TODAY)
    assert result.file_error is None
    assert [r.number for r in result.records] == ["OK-1", "OK-2"]
    got = [(e.line, e.column) for e in result.errors]
    assert got == [
        (3, "cpf_cnpj"), (4, "data_instalacao"), (5, "cliente"), (6, "numero_contrato"),
        (7, "data_instalacao"), (8, "status"), (9, "valor_plano"),
    ]
    messages = [e.message for e in result.errors]
    assert "invalid CPF check digits" in messages[0] and "***.982.247-**" in messages[0]
    assert messages[1] == "'31/02/2026' is not a valid date: month 2 of 2026 has 28 days"
    assert messages[2] == "missing value"
    assert messages[3] == "duplicate contract number 'OK-1' (first on line 2)"
    assert messages[4] == "install date 10/10/2099 is in the future"
    assert "unknown status 'SUSPENSO'" in messages[5]
    assert messages[6] == "negative value -10,00"
    assert str(result.errors[0]).startswith("line 3, column 'cpf_cnpj': ")
    assert result.invalid_rows == 7 and not result.ok
    for error in result.errors:
        assert "52998224724" not in str(error) and "529.982.247-24" not in str(error)


def test_several_errors_in_one_row_are_all_reported() -> None:
    result = parse(f"{HEADER};status\nX;123;;32/01/2026;nope\n")
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "cpf_cnpj"), (2, "cliente"), (2, "data_instalacao"), (2, "status")
    ]
    assert result.invalid_rows == 1 and result.records == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (HEADER.encode() + b"\r\n\r\n", "no contract rows"),
        (b"just some words\nmore words\n", "not a CSV"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003 workbook"),
        (b"numero\x00;cpf\x00\n\x01\x02", "binary"),
        (b"numero_contrato;cpf\x81;cliente;data_instalacao\n", "cannot decode"),
        (b"numero_contrato,cpf,cliente\nA,1,B\n", "missing required column(s): 'data_instalacao'"),
        (b"a;b;c\n1;2;3\n", "missing required column(s): 'numero_contrato'"),
        (b"numero_contrato;cpf;cnpj;cliente;data_instalacao\n", "both mean 'cpf_cnpj' / 'document'"),
    ],
)
def test_file_level_errors(data: bytes, expected: str) -> None:
    result = parse_contracts_csv(data, TODAY)
    assert result.file_error is not None and expected in result.file_error
    assert (result.records, result.errors) == ((), ())


def test_missing_column_file_names_what_is_missing_and_what_was_found() -> None:
    result = read_contracts_file(DATA / "contracts_missing_column.csv", TODAY)
    assert result.file_error is not None
    assert "'data_instalacao' / 'install_date'" in result.file_error
    assert "'numero_contrato', 'cpf_cnpj', 'cliente', 'status'" in result.file_error


def test_unreadable_paths(tmp_path: Path) -> None:
    assert "no such file" in (read_contracts_file(tmp_path / "nope.csv", TODAY).file_error or "")
    assert "folder" in (read_contracts_file(tmp_path, TODAY).file_error or "")


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_every_delimiter_and_encoding(delimiter: str, encoding: str) -> None:
    rows = [["Nº Contrato", "CPF", "Nome do Cliente", "Data de Instalação", "Situação"],
            ["A-1", "529.982.247-25", "Estevão Côrtes", "02/03/2026", "Cancelada"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    result = parse_contracts_csv(buffer.getvalue().encode(encoding), TODAY)
    assert result.ok, result
    assert result.records == (
        ContractRecord("A-1", "52998224725", "Estevão Côrtes", date(2026, 3, 2), ContractStatus.CANCELLED),
    )


def test_line_numbers_count_physical_lines() -> None:
    text = (
        "sep=;\n"  # Excel's separator hint is line 1; the header is line 2
        f"{HEADER}\n"
        'A;529.982.247-25;"Name over\ntwo lines";01/02/2026\n'
        "\n"
        "B;bad;Name;01/02/2026\n"
    )
    result = parse(text)
    assert result.records[0].customer_name == "Name over two lines"
    assert [(e.line, e.column) for e in result.errors] == [(6, "cpf_cnpj")]


def test_extra_and_missing_cells() -> None:
    result = parse(lines(f"{HEADER};plano", "A;52998224725;N;01/02/2026", "B;52998224725;N;01/02/2026;P;x;y",
                         "C;11144477735;N;01/02/2026;;;"))
    assert [r.number for r in result.records] == ["A", "C"]
    assert result.errors == (RowError(3, None, "the row has 7 values but the header has 5 columns"),)
    assert str(result.errors[0]) == "line 3: the row has 7 values but the header has 5 columns"


def test_unknown_columns_are_ignored_and_headers_are_forgiving() -> None:
    result = parse(lines(" CONTRACT_NUMBER ;Vendedor; CPF/CNPJ ;Customer-Name;INSTALL DATE;Observação",
                         "A;Zé;52998224725;N;2026-02-01;x"))
    assert result.ok and result.records[0].number == "A"


def test_excel_damage_to_documents() -> None:
    result = parse(lines(HEADER, "A;1234567890;N;01/02/2026", "B;5,29982E+10;N;01/02/2026",
                         "C;1234567891;N;01/02/2026"))
    assert [(r.number, r.document) for r in result.records] == [("A", "01234567890")]
    assert "Excel reformatted" in result.errors[0].message and "52998" not in result.errors[0].message
    assert result.errors[1].line == 4 and "got 10" in result.errors[1].message


def test_text_fields_are_trimmed_and_bounded() -> None:
    long_name = "x" * 201
    result = parse(
        lines(HEADER, "  A  ;52998224725;  Ana   Maria  ;01/02/2026", f"B;11144477735;{long_name};01/02/2026")
    )
    assert result.records[0].number == "A" and result.records[0].customer_name == "Ana Maria"
    assert result.errors == (RowError(3, "cliente", "longer than 200 characters"),)


def test_install_date_bounds() -> None:
    result = parse(lines(HEADER, "A;52998224725;N;30/06/2026", "B;11144477735;N;01/07/2026",
                         "C;39053344705;N;31/12/1999"))
    assert [r.number for r in result.records] == ["A"]  # today itself is fine
    assert [e.message for e in result.errors] == [
        "install date 01/07/2026 is in the future", "install date 31/12/1999 is before 2000: check the year"
    ]


@pytest.mark.parametrize(
    ("raw", "status"),
    [("ATIVO", ContractStatus.ACTIVE), (" ativa ", ContractStatus.ACTIVE), ("Active", ContractStatus.ACTIVE),
     ("CANCELADO", ContractStatus.CANCELLED), ("cancelada", ContractStatus.CANCELLED),
     ("CANCELLED", ContractStatus.CANCELLED), ("canceled", ContractStatus.CANCELLED),
     ("Downgrade", ContractStatus.DOWNGRADE), ("", ContractStatus.ACTIVE)],
)
def test_status_values(raw: str, status: ContractStatus) -> None:
    result = parse(f"{HEADER};status\nA;52998224725;N;01/02/2026;{raw}\n")
    assert result.ok and result.records[0].status is status


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("15/01/2026", date(2026, 1, 15)), ("5/1/2026", date(2026, 1, 5)), ("15-01-2026", date(2026, 1, 15)),
     ("15.01.2026", date(2026, 1, 15)), ("2026-01-15", date(2026, 1, 15)), ("2026-1-5", date(2026, 1, 5)),
     ("15/01/2026 10:30", date(2026, 1, 15)), ("15/01/2026 10:30:59", date(2026, 1, 15)),
     ("2026-01-15T00:00:00", date(2026, 1, 15)), ("2026-01-15 00:00:00.000", date(2026, 1, 15)),
     ("29/02/2028", date(2028, 2, 29))],
)
def test_parse_date(raw: str, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("31/02/2026", "'31/02/2026' is not a valid date: month 2 of 2026 has 28 days"),
     ("29/02/2026", "month 2 of 2026 has 28 days"), ("31/04/2026", "month 4 of 2026 has 30 days"),
     ("00/01/2026", "month 1 of 2026 has 31 days"), ("12/31/2026", "there is no month 31"),
     ("15/01/26", "no four-digit year"), ("15/01/202", "no four-digit year"), ("2026/01/15", "not a date"),
     ("jan 15 2026", "not a date"), ("15/01/2026 garbage", "not a date"), ("46023", "not a date")],
)
def test_parse_date_errors(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1234.56", "1234.56"), ("R$ 99,90", "99.90"),
     ("R$99,90", "99.90"), ("r$ 1.099,00", "1099.00"), ("1,234.56", "1234.56"),
     ("1.234.567,89", "1234567.89"),
     ("1,234,567.89", "1234567.89"), ("1.234.567", "1234567"), ("99,9", "99.9"), ("0,05", "0.05"),
     ("100", "100"), ("-10,00", "-10.00"), ("R$ -5,00", "-5.00"), ("-R$ 5,00", "-5.00"),
     ("1\u00a0234,56", "1234.56"), (" 12 ", "12")],
)
def test_parse_money(raw: str, expected: str) -> None:
    assert parse_money(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("1.234", "ambiguous"), ("1234,567", "ambiguous"), ("1.234,567", "more than 2 decimal places"),
     ("12.34.56", "misplaced thousands"), ("1,2,3", "misplaced thousands"), (",50", "not an amount"),
     ("5,", "not an amount"), ("abc", "not an amount"), ("R$", "not an amount"), ("1.2.3,45", "misplaced"),
     ("1,234,56", "misplaced"), ("--5", "not an amount"), ("1e5", "not an amount")],
)
def test_parse_money_errors(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(raw)


def test_plan_value_bounds() -> None:
    result = parse(lines(f"{HEADER};valor_plano", "A;52998224725;N;01/02/2026;0,00",
                         "B;11144477735;N;01/02/2026;99.999.999.999,00"))
    assert result.records[0].plan_value == Decimal("0.00")
    assert result.errors[0].message == "value 99.999.999.999,00 is too large"


amounts = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2, allow_nan=False)


@given(amounts)
def test_money_round_trips_in_every_format(value: Decimal) -> None:
    br = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    for text in (br, f"R$ {br}", f"{value:,.2f}", f"{value:.2f}", f"{value:.2f}".replace(".", ",")):
        assert parse_money(text) == value, text


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzçãéíóúâêô ABCXYZ,;\"'", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
row_st = st.tuples(
    st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s != s[0] * 9),
    names,
    st.dates(min_value=date(2000, 1, 1), max_value=TODAY),
    st.sampled_from(list(ContractStatus)),
    st.none() | st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2, allow_nan=False),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(row_st, min_size=1, max_size=12), st.sampled_from([";", ",", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), st.booleans())
def test_written_files_read_back_identically(
    rows: list[tuple[str, str, date, ContractStatus, Decimal | None]], delimiter: str, encoding: str, br: bool
) -> None:
    expected = []
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    br_header = ["Número Contrato", "CPF/CNPJ", "Cliente", "Data Instalação", "Status", "Valor Plano"]
    en_header = ["contract_number", "document", "customer_name", "install_date", "status", "plan_value"]
    writer.writerow(br_header if br else en_header)
    for i, (base, name, installed, status, value) in enumerate(rows):
        doc = base + cpf_check_digits(base)
        money = "" if value is None else (f"{value:.2f}".replace(".", ",") if br else f"{value:.2f}")
        day = installed.strftime("%d/%m/%Y" if br else "%Y-%m-%d")
        writer.writerow([f"N{i}", format_document(doc), name, day, status.value, money])
        expected.append(ContractRecord(f"N{i}", doc, " ".join(name.split()), installed, status, None, value))
    result = parse_contracts_csv(buffer.getvalue().encode(encoding), TODAY)
    assert result.ok, result.errors or result.file_error
    assert list(result.records) == expected


# -- hostile files: mixed encodings, compatibility forms, invisible bidi controls -----------------

def test_a_utf8_file_with_one_latin1_line_is_refused_naming_the_line(tmp_path: Path) -> None:
    # Rows pasted from two exports: decoded as a whole, one of the two would become mojibake.
    data = (f"{HEADER}\nA-1;52998224725;João da Conceição;01/02/2026\n".encode()
            + b"A-2;11144477735;Jos\xe9 Ara\xfajo;01/02/2026\n"
            + "A-3;11222333000181;Padaria Pão de Açúcar;01/02/2026\n".encode())
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    result = read_contracts_file(path, TODAY)
    assert not result.ok and not result.records
    assert result.file_error is not None and "mixes encodings" in result.file_error
    assert "line 3 " in result.file_error


def test_a_bom_utf8_file_with_a_latin1_line_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "mixed_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\nA-1;52998224725;Ana;01/02/2026\n".encode()
                     + b"A-2;11144477735;Jos\xe9;01/02/2026\n")
    result = read_contracts_file(path, TODAY)
    assert result.file_error is not None and "line 3 " in result.file_error


def test_a_whole_latin1_file_and_a_whole_utf8_file_still_import(tmp_path: Path) -> None:
    text = lines(HEADER, "A-1;52998224725;João da Conceição;01/02/2026", "A-2;11144477735;José;01/02/2026")
    for encoding in ("utf-8", "latin-1"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        result = read_contracts_file(path, TODAY)
        assert result.ok, result.file_error
        assert [r.customer_name for r in result.records] == ["João da Conceição", "José"]


def test_compatibility_forms_of_numbers_and_documents_are_one_contract(tmp_path: Path) -> None:
    path = tmp_path / "fullwidth.csv"
    path.write_bytes(lines(HEADER, "ＡＢＣ-1;５２９９８２２４７２５;Ana;01/02/2026", "ABC-1;52998224725;Ana;01/02/2026")
                     .encode())
    result = read_contracts_file(path, TODAY)
    assert [str(e) for e in result.errors] == [
        "line 3, column 'numero_contrato': duplicate contract number 'ABC-1' (first on line 2)"
    ]
    assert [(r.number, r.document) for r in result.records] == [("ABC-1", "52998224725")]


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_bidi_controls_in_any_field_are_row_errors(tmp_path: Path, control: str) -> None:
    path = tmp_path / "bidi.csv"
    path.write_bytes(lines(f"{HEADER};plano", f"A-1;52998224725;Ana{control} Maria;01/02/2026;Fibra",
                           f"A-2;11144477735;Bia;01/02/2026;{control}Fibra", "A-3;11222333000181;Caio;01/02/2026;x")
                     .encode())
    result = read_contracts_file(path, TODAY)
    assert [(e.line, e.column) for e in result.errors] == [(2, "cliente"), (3, "plano")]
    assert f"U+{ord(control):04X}" in result.errors[0].message and "position 4" in result.errors[0].message
    assert [r.number for r in result.records] == ["A-3"]
