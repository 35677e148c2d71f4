"""The linha digitável of bank slips and arrecadação codes."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.linha_digitavel import boleto_line, convenio_line, digits_only, format_code, mod10, mod11_convenio
from core.simulator.codes import bank_slip_line, utility_barcode

# Banco do Brasil's published example: bar code and the line printed on the slip.
BB_BAR_CODE = "00193373700000001000500940144816060680935031"
BB_LINE = "00190.50095 40144.816069 06809.350314 3 37370000000100"


def test_bank_slip_bar_code_becomes_the_printed_line() -> None:
    assert format_code(BB_BAR_CODE) == BB_LINE
    assert boleto_line(BB_BAR_CODE) == digits_only(BB_LINE)


def test_a_typed_line_is_only_grouped() -> None:
    assert format_code(digits_only(BB_LINE)) == BB_LINE
    assert format_code(BB_LINE) == BB_LINE  # already grouped: the same


def test_check_digit_functions_on_known_values() -> None:
    assert mod10("001905009") == 5  # field 1 of the example
    assert mod10("4014481606") == 9
    assert mod11_convenio("01230067896") in range(10)
    assert mod11_convenio("00000000000") == 0


@given(st.integers(0, 10**9), st.integers(1, 99_999))
def test_arrecadacao_line_round_trips_through_its_bar_code(seed: int, cents: int) -> None:
    line = utility_barcode(random.Random(seed), Decimal(cents) / 100)
    bar_code = "".join(line[i:i + 11] for i in range(0, 48, 12))  # drop each block's check digit
    assert convenio_line(bar_code) == line
    grouped = format_code(bar_code)
    assert grouped == format_code(line)
    assert [len(part) for part in grouped.split(" ")] == [13, 13, 13, 13]


@given(st.integers(0, 10**9))
def test_bank_slip_lines_from_the_simulator_group_as_printed(seed: int) -> None:
    line = bank_slip_line(random.Random(seed), Decimal("99.90"))
    grouped = format_code(line)
    assert [len(p) for p in grouped.split(" ")] == [11, 12, 12, 1, 14]
    assert digits_only(grouped) == line


@pytest.mark.parametrize("text", ["", None, "ABC123", "12345", "0002012658br.gov.bcb.pix"])
def test_anything_else_is_left_as_it_is(text: str | None) -> None:
    assert format_code(text) == (text or "")
