"""The debts answer: liberal in form (amount/date spellings, optional fields), strict in meaning."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain import RemoteInvoice
from core.provider.payload import (
    ParsedDebts,
    PayloadError,
    SkippedInvoice,
    parse_amount,
    parse_date,
    parse_debts,
)


def invoice(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "INV-1", "amount": 99.9, "referenceMonth": "03/2026", "dueDate": "20260305",
                            "expirationDate": "20260504", "status": "EM_ABERTO", "barCode": "8" * 48,
                            "pixCode": "000201pix"}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not ...}


def answer(*invoices: dict[str, Any], **debt: Any) -> dict[str, Any]:
    return {"debts": [{"debtId": "D1", "dealCode": "123", "productName": "Internet Fibra", "status": "ABERTO",
                       "invoices": list(invoices), **debt}]}


def invoices_of(payload: object) -> tuple[RemoteInvoice, ...]:
    """The invoices of an answer that must have skipped none."""
    parsed = parse_debts(payload)
    assert parsed.skipped == ()
    return parsed.invoices


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (99.9, "99.90"), (100, "100.00"), (123.455, "123.46"), (0.1 + 0.2, "0.30"),
        ("123.45", "123.45"), ("123,45", "123.45"), ("1.234,56", "1234.56"), ("1,234.56", "1234.56"),
        ("R$ 99,90", "99.90"), (" 129,9 ", "129.90"), ("1.234.567", "1234567.00"),
        ("1.234.567,8", "1234567.80"), ("R$\u00a01.234,56", "1234.56"), ("-10,00", "-10.00"),
    ],
)
def test_amount_spellings(raw: object, expected: str) -> None:
    assert parse_amount(raw) == Decimal(expected)
    assert parse_amount(raw).as_tuple().exponent == -2


@pytest.mark.parametrize("raw", [None, True, "abc", "", "12a", {"value": 1}, [1], float("nan"), float("inf"),
                                 "1e5", "NaN", 10**40, 1e300, "9" * 40])
def test_amount_not_a_number(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_amount(raw)


@given(st.decimals(min_value=0, max_value=10**7, places=2))
def test_brazilian_text_round_trips(value: Decimal) -> None:
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_amount(text) == value
    assert parse_amount(f"{value:.2f}") == value


@pytest.mark.parametrize(
    "raw",
    ["20260305", "2026-03-05", "2026-03-05T00:00:00", "2026-03-05 10:00", "05/03/2026", 20260305,
     " 20260305 "],
)
def test_date_spellings(raw: object) -> None:
    assert parse_date(raw) == date(2026, 3, 5)


@pytest.mark.parametrize("raw", ["20261345", "2026-02-31", "31/02/2026", "", "2026/03/05", "5/3/2026", None,
                                 True, 2026.0305, "202603051"])
def test_date_not_parseable(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_date(raw)


def test_flattens_debts_and_fills_debt_fields() -> None:
    payload = answer(invoice(id="A"), invoice(id="B", amount="129,90", dueDate="2026-04-05"))
    payload["debts"].append({"debtId": 77, "productName": "TV", "invoices": [invoice(id=5)]})
    result = parse_debts(payload).invoices
    assert [r.remote_id for r in result] == ["A", "B", "5"]
    assert result[0].debt_id == "D1" and result[0].product_name == "Internet Fibra"
    assert result[1].amount == Decimal("129.90") and result[1].due_date == date(2026, 4, 5)
    assert result[2].debt_id == "77" and result[2].product_name == "TV"
    assert result[0].bar_code == "8" * 48 and result[0].pix_code == "000201pix"
    assert result[0].expiration_date == date(2026, 5, 4) and result[0].reference_month == "03/2026"


def test_original_pix_code_and_missing_optional_fields() -> None:
    minimal = {"id": "X", "amount": "10", "dueDate": "20260101", "originalPixCode": "000201orig"}
    (result,) = invoices_of({"debts": [{"invoices": [minimal]}]})
    assert result.pix_code == "000201orig"
    assert result.debt_id is None and result.product_name is None and result.bar_code is None
    assert result.expiration_date is None and result.status is None and result.reference_month is None


def test_bad_optional_expiration_date_is_dropped_not_fatal() -> None:
    (result,) = invoices_of(answer(invoice(expirationDate="someday")))
    assert result.expiration_date is None


def test_id_falls_back_to_barcode() -> None:
    (result,) = invoices_of(answer(invoice(id=None)))
    assert result.remote_id == "8" * 48


@pytest.mark.parametrize("payload", [{"debts": []}, {"debts": None}, {"debts": [{"debtId": "D"}]},
                                     {"debts": [{"debtId": "D", "invoices": None}]},
                                     {"debts": [{"debtId": "D", "invoices": []}]}])
def test_empty_answers(payload: object) -> None:
    assert parse_debts(payload) == ParsedDebts(())


@pytest.mark.parametrize("payload", [None, [], "debts", {"message": "erro"}, {"debts": "none"}, {"debts": {"a": 1}}])
def test_answers_without_the_shape_of_a_debts_answer(payload: object) -> None:
    with pytest.raises(PayloadError):
        parse_debts(payload)


@pytest.mark.parametrize(
    ("broken", "where", "reason"),
    [
        ("x", "debts[0]", "not an object"),
        ({"invoices": "x"}, "debts[0]", "invoices must be a list"),
        ({"debtId": {"x": 1}, "invoices": [invoice()]}, "debts[0]", "debtId must be text"),
        ({"invoices": ["x"]}, "debts[0].invoices[0]", "not an object"),
        (answer(invoice(amount={"value": 99.9}))["debts"][0], "debts[0].invoices[0]", "amount: not a number"),
        (answer(invoice(amount=...))["debts"][0], "debts[0].invoices[0]", "no amount"),
        (answer(invoice(amount=None))["debts"][0], "debts[0].invoices[0]", "amount: not a number"),
        (answer(invoice(dueDate=...))["debts"][0], "debts[0].invoices[0]", "no dueDate"),
        (answer(invoice(dueDate="2026-02-31"))["debts"][0], "debts[0].invoices[0]", "dueDate: not a calendar"),
        (answer(invoice(dueDate=None))["debts"][0], "debts[0].invoices[0]", "dueDate: not a date"),
        (answer(invoice(id=None, barCode=None))["debts"][0], "debts[0].invoices[0]", "neither an id"),
        (answer(invoice(status=["ABERTO"]))["debts"][0], "debts[0].invoices[0]", "status must be text"),
        (answer(invoice(pixCode={"code": 1}))["debts"][0], "debts[0].invoices[0]", "pixCode must be text"),
        (answer(invoice(referenceMonth=True))["debts"][0], "debts[0].invoices[0]", "referenceMonth must be"),
    ],
)
def test_a_malformed_debt_or_invoice_is_skipped_and_the_rest_kept(broken: object, where: str,
                                                                  reason: str) -> None:
    payload = {"debts": [broken, {"debtId": "D2", "invoices": [invoice(id="OK-1"), invoice(id="OK-2")]}]}
    parsed = parse_debts(payload)
    assert [r.remote_id for r in parsed.invoices] == ["OK-1", "OK-2"]
    (skipped,) = parsed.skipped
    assert skipped.where == where and skipped.reason.startswith(reason), skipped


def test_one_bad_due_date_among_valid_invoices() -> None:
    parsed = parse_debts(answer(invoice(id="A"), invoice(id="B", dueDate="20269999"), invoice(id="C")))
    assert [r.remote_id for r in parsed.invoices] == ["A", "C"]
    assert parsed.skipped == (SkippedInvoice("debts[0].invoices[1]", "dueDate: not a calendar date"),)


def test_skipped_reasons_name_the_field_not_the_value() -> None:
    parsed = parse_debts(answer(invoice(), invoice(dueDate="20269999"), invoice(amount="12a34")))
    text = "; ".join(map(str, parsed.skipped))
    assert "debts[0].invoices[1]: dueDate" in text and "debts[0].invoices[2]: amount" in text
    assert "20269999" not in text and "12a34" not in text
