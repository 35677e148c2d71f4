"""core.documents: CPF / CNPJ check digits (numeric and alphanumeric CNPJ), masking, formatting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.documents import (
    DocumentError,
    DocumentKind,
    cnpj_check_digits,
    cpf_check_digits,
    document_kind,
    format_document,
    is_valid_cnpj,
    is_valid_cpf,
    mask_document,
    normalize_document,
    validate_document,
)

VALID_CPFS = ["529.982.247-25", "52998224725", "111.444.777-35", "123.456.789-09", " 390 533 447-05 "]
VALID_CNPJS = ["11.222.333/0001-81", "11222333000181", "11.444.777/0001-61", "12.ABC.345/01DE-35",
               "12abc34501de35"]


@pytest.mark.parametrize("raw", VALID_CPFS)
def test_valid_cpfs(raw: str) -> None:
    doc = validate_document(raw)
    assert doc == normalize_document(raw) and len(doc) == 11 and doc.isascii() and doc.isdigit()
    assert document_kind(doc) is DocumentKind.CPF


@pytest.mark.parametrize("raw", VALID_CNPJS)
def test_valid_cnpjs(raw: str) -> None:
    doc = validate_document(raw)
    assert len(doc) == 14 and doc == doc.upper()
    assert document_kind(doc) is DocumentKind.CNPJ


def test_the_official_alphanumeric_cnpj_example() -> None:
    assert validate_document("12.ABC.345/01DE-35") == "12ABC34501DE35"
    assert cnpj_check_digits("12ABC34501DE") == "35"
    assert is_valid_cnpj("12ABC34501DE35")
    assert not is_valid_cnpj("12ABC34501DE36")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("529.982.247-24", "invalid CPF check digits"),
        ("529.982.247-15", "invalid CPF check digits"),
        ("111.111.111-11", "all digits equal"),
        ("000.000.000-00", "all digits equal"),
        ("999.999.999-99", "all digits equal"),
        ("11.222.333/0001-82", "invalid CNPJ check digits"),
        ("12.ABC.345/01DE-53", "invalid CNPJ check digits"),
        ("00.000.000/0000-00", "all characters equal"),
        ("11.111.111/1111-11", "all characters equal"),
        ("12.ABC.345/01DE-3X", "12 letters or digits followed by 2 digits"),
        ("5299822472A", "only digits"),
        ("", "empty"),
        ("  .-/ ", "empty"),
        ("5299822472", "got 10"),
        ("529982247250", "got 12"),
        ("５２９９８２２４７２５", "only digits"),  # full-width digits are not a CPF
        ("12.ABC.345/01DE-3５", "followed by 2 digits"),
    ],
)
def test_invalid_documents(raw: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message) as info:
        validate_document(raw)
    digits = normalize_document(raw)
    if len(digits) >= 11:
        assert digits not in str(info.value)  # the message never echoes the document


def test_the_all_equal_digits_pass_the_arithmetic_but_are_rejected() -> None:
    assert cpf_check_digits("111111111") == "11"
    assert not is_valid_cpf("11111111111")
    assert document_kind("11111111111") is None


def test_validity_checks_take_a_normalised_document_only() -> None:
    assert not is_valid_cpf("52998224725\n")
    assert not is_valid_cpf("529.982.247-25")
    assert not is_valid_cnpj("11222333000181\n")
    assert not is_valid_cnpj("11.222.333/0001-81")
    assert document_kind("not a document") is None


def test_normalize() -> None:
    assert normalize_document(" 529.982.247-25 ") == "52998224725"
    assert normalize_document("12.abc.345/01de-35") == "12ABC34501DE35"
    assert normalize_document("") == ""


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("529.982.247-25", "***.982.247-**"),
        ("52998224725", "***.982.247-**"),
        ("11.222.333/0001-81", "**.222.333/0001-**"),
        ("12.ABC.345/01DE-35", "**.ABC.345/01DE-**"),
        ("123", "***"),
        ("", ""),
        ("1234567", "***4567"),
    ],
)
def test_mask(raw: str, masked: str) -> None:
    assert mask_document(raw) == masked


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("52998224725", "529.982.247-25"),
        ("11222333000181", "11.222.333/0001-81"),
        ("12abc34501de35", "12.ABC.345/01DE-35"),
        ("1234", "1234"),
    ],
)
def test_format(raw: str, formatted: str) -> None:
    assert format_document(raw) == formatted


cpf_bases = st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s != s[0] * 9)
cnpj_bases = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=12, max_size=12).filter(
    lambda s: s != s[0] * 12
)


@given(cpf_bases)
def test_generated_cpfs_validate_and_round_trip(base: str) -> None:
    doc = base + cpf_check_digits(base)
    assert validate_document(format_document(doc)) == doc
    masked = mask_document(doc)
    assert masked.startswith("***.") and masked.endswith("-**") and doc[:3] not in masked[:4]


@given(cpf_bases, st.integers(0, 1), st.integers(1, 9))
def test_a_wrong_cpf_check_digit_is_caught(base: str, position: int, delta: int) -> None:
    doc = base + cpf_check_digits(base)
    index = 9 + position
    wrong = doc[:index] + str((int(doc[index]) + delta) % 10) + doc[index + 1 :]
    assert not is_valid_cpf(wrong)
    with pytest.raises(DocumentError):
        validate_document(wrong)


@given(cnpj_bases)
def test_generated_cnpjs_validate_and_round_trip(base: str) -> None:
    doc = base + cnpj_check_digits(base)
    assert validate_document(format_document(doc).lower()) == doc
    assert mask_document(doc) == f"**.{doc[2:5]}.{doc[5:8]}/{doc[8:12]}-**"


@given(cnpj_bases, st.integers(0, 1), st.integers(1, 9))
def test_a_wrong_cnpj_check_digit_is_caught(base: str, position: int, delta: int) -> None:
    doc = base + cnpj_check_digits(base)
    index = 12 + position
    wrong = doc[:index] + str((int(doc[index]) + delta) % 10) + doc[index + 1 :]
    assert not is_valid_cnpj(wrong)
