"""core.redact: documents and credentials are masked in free text; payment lines are not."""

from __future__ import annotations

import logging
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.documents import cnpj_check_digits, cpf_check_digits
from core.redact import RedactingFilter, install_log_redaction, redact
from core.simulator.codes import pix_code as simulator_pix_code

BANK_SLIP = "34191790010104351004791020150008191070000010000"  # 47 digits
BANK_SLIP_PRINTED = "34191.79001 01043.510047 91020.150008 1 91070000010000"
UTILITY_SLIP = "846700000017435900240209024050002435842210108119"  # 48 digits
UTILITY_SLIP_PRINTED = "84670000001-7 43590024020-9 02405000243-5 84221010811-9"
BARCODE_44 = "34191910700000100001790001043510047910201500"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cpf 529.982.247-25 failed", "cpf ***.982.247-** failed"),
        ("cpf=52998224725", "cpf=***.982.247-**"),
        ("/debts/customers/52998224725?offset=0", "/debts/customers/***.982.247-**?offset=0"),
        ("cnpj 11.222.333/0001-81.", "cnpj **.222.333/0001-**."),
        ("cnpj 11222333000181", "cnpj **.222.333/0001-**"),
        ("cnpj 12.ABC.345/01DE-35 and 12ABC34501DE35", "cnpj **.ABC.345/01DE-** and **.ABC.345/01DE-**"),
        ("two: 529.982.247-25,111.444.777-35", "two: ***.982.247-**,***.444.777-**"),
    ],
)
def test_documents_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: abc.def-123", "Authorization: ***"),
        ("Authorization: Bearer abc.def-123", "Authorization: Bearer ***"),
        ("headers={'Authorization': 'tok3n', 'Session-Id': 's1'}",
         "headers={'Authorization': '***', 'Session-Id': '***'}"),
        ('{"token": "eyJhbGciOi", "apiServerUrl": "https://api.example"}',
         '{"token": "***", "apiServerUrl": "https://api.example"}'),
        ('{"sessionId":"abc"}', '{"sessionId":"***"}'),
        ("key=s3cr3t password: hunter2", "key=*** password: ***"),
    ],
)
def test_credentials_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "barcode", [BANK_SLIP, UTILITY_SLIP, BARCODE_44, BANK_SLIP_PRINTED, UTILITY_SLIP_PRINTED]
)
def test_payment_lines_are_left_alone(barcode: str) -> None:
    assert len("".join(c for c in barcode if c.isdigit())) in (44, 47, 48)
    text = f"barCode {barcode} for cpf 529.982.247-25"
    assert redact(text) == f"barCode {barcode} for cpf ***.982.247-**"


def test_a_pix_code_is_not_mistaken_for_a_document() -> None:
    pix = "00020101021226880014br.gov.bcb.pix2566qrcodes.example/v2/52998224720abc5204000053039865802BR"
    assert redact(pix) == pix  # 52998224720: eleven digits glued to letters, not a CPF's check digits
    assert redact(simulator_pix_code(random.Random(7), Decimal("99.90"), "FAT123456")) == simulator_pix_code(
        random.Random(7), Decimal("99.90"), "FAT123456")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the PIX key field holding the payee's CPF / CNPJ, digits running on on both sides
        ("00020126330014br.gov.bcb.pix01119528407064052040000530398654059.905802BR",
         "00020126330014br.gov.bcb.pix0111***.840.706-**52040000530398654059.905802BR"),
        ("0014BR.GOV.BCB.PIX011411222333000181520400", "0014BR.GOV.BCB.PIX0114**.222.333/0001-**520400"),
        # a valid CPF / CNPJ glued to letters inside a longer token
        ("pixKEY95284070640END", "pixKEY***.840.706-**END"),
        ("qrcodes.example/v2/52998224725abc5204", "qrcodes.example/v2/***.982.247-**abc5204"),
        ("doc=x11222333000181y", "doc=x**.222.333/0001-**y"),
    ],
)
def test_a_document_inside_a_longer_token_is_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "amount R$ 1234.56, 99,90 and 1.234.567,89",
        "at 2026-03-15T12:30:45.123456+00:00 epoch 1741999999123 ms 1741999999",
        "run 42 attempt 7 invoice id 95284070 remote FAT952840706",
        "id abc95284070641def (check digits wrong) and x11222333000182y",  # 11 / 14 digits, not valid
        "txid FAT2026031512304512 seq A952840706400B",  # 16 and 12 digits: no document's length
        "uuid 3f2a9c1e-7b4d-4e8f-9a6b-12c34d56e78f",
    ],
)
def test_ordinary_numbers_in_tokens_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_longer_numbers_and_plain_text_are_untouched() -> None:
    for text in ("order 123456789012", "amount 1234.56 due 2026-03-10", "run 42 done", "5299822472"):
        assert redact(text) == text


cpfs = st.text(alphabet="0123456789", min_size=9, max_size=9).map(lambda b: b + cpf_check_digits(b))
cnpjs = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=12, max_size=12).map(
    lambda b: b + cnpj_check_digits(b)
)
separators = st.sampled_from([" ", ": ", "=", "/", "(", ", ", "\n", "'"])


@given(st.one_of(cpfs, cnpjs), separators, separators)
def test_no_document_survives(doc: str, before: str, after: str) -> None:
    out = redact(f"lookup{before}{doc}{after}failed")
    assert doc not in out
    assert "*" in out


def test_the_logging_filter_redacts_formatted_records() -> None:
    args = ("52998224725", "t0k")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "lookup %s token=%s", args, None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "lookup ***.982.247-** token=***"
    clean = logging.LogRecord("x", logging.INFO, __file__, 1, "nothing %d", (5,), None)
    RedactingFilter().filter(clean)
    assert (clean.msg, clean.args) == ("nothing %d", (5,))


def test_install_log_redaction_is_idempotent() -> None:
    logger = logging.getLogger("test_redact.install")
    handler = logging.Handler()
    logger.addHandler(handler)
    try:
        install_log_redaction(logger)
        install_log_redaction(logger)
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    finally:
        logger.removeHandler(handler)


@given(st.one_of(cpfs, cnpjs).filter(lambda d: d.isdigit() and d != d[0] * len(d)),
       st.text(alphabet="abcXYZ", min_size=1, max_size=4), st.text(alphabet="abcXYZ", max_size=4))
def test_no_document_survives_glued_to_letters(doc: str, before: str, after: str) -> None:
    assert doc not in redact(f"{before}{doc}{after}")
