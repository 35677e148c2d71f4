"""The linha digitável (typed line) of a payment code, as a payer types it into a bank's app.

A stored code is either the 44-digit bar code or an already typed line:

- boleto bancário (bank slip), bar code not starting with 8: 47-digit line in five fields,
  `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D FFFFFFFFFFFFFF`. Fields 1-3 are bank + currency +
  the free field, each with a mod-10 check digit; field 4 is the bar code's general check digit;
  field 5 the due factor and the value. From the bar code: bank(3) currency(1) DV(1) factor(4)
  value(10) free(25).
- convênio / arrecadação (utilities, taxes), bar code starting with 8: 48-digit line in four
  blocks of 11 digits, each followed by its check digit: mod 10 when the bar code's third digit
  (the value identifier) is 6 or 7, mod 11 when it is 8 or 9.

Anything else (a different length, letters) is not a code this module knows: `format_code`
returns it unchanged, so nothing is hidden from the user.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s.\-]")


def mod10(digits: str) -> int:
    """FEBRABAN modulo 10: weights 2,1,2,1… from the right, the digits of each product summed."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def mod11_convenio(digits: str) -> int:
    """Modulo 11 of the arrecadação blocks: weights 2..9 from the right; rest 0 or 1 gives 0."""
    total = sum(int(c) * (2 + i % 8) for i, c in enumerate(reversed(digits)))
    rest = total % 11
    return 0 if rest in (0, 1) else 11 - rest


def digits_only(code: str) -> str:
    return _SEPARATORS.sub("", code or "")


def boleto_line(bar_code: str) -> str:
    """The 47 digits of a bank slip's typed line from its 44-digit bar code."""
    if len(bar_code) != 44 or not bar_code.isdigit() or bar_code[0] == "8":
        raise ValueError("a bank slip bar code has 44 digits and does not start with 8")
    free = bar_code[19:44]
    field1 = bar_code[0:4] + free[0:5]
    field2 = free[5:15]
    field3 = free[15:25]
    return (field1 + str(mod10(field1)) + field2 + str(mod10(field2)) + field3 + str(mod10(field3))
            + bar_code[4] + bar_code[5:19])


def convenio_line(bar_code: str) -> str:
    """The 48 digits of an arrecadação typed line from its 44-digit bar code."""
    if len(bar_code) != 44 or not bar_code.isdigit() or bar_code[0] != "8":
        raise ValueError("an arrecadação bar code has 44 digits and starts with 8")
    check = mod10 if bar_code[2] in "67" else mod11_convenio
    blocks = (bar_code[i:i + 11] for i in range(0, 44, 11))
    return "".join(block + str(check(block)) for block in blocks)


def format_code(code: str | None) -> str:
    """The typed line, grouped as printed on a bill; other text as it was ('' for None)."""
    if not code:
        return ""
    digits = digits_only(code)
    if not _DIGITS.fullmatch(digits):
        return code
    if len(digits) == 44:
        digits = convenio_line(digits) if digits[0] == "8" else boleto_line(digits)
    if len(digits) == 47:
        d = digits
        return f"{d[0:5]}.{d[5:10]} {d[10:15]}.{d[15:21]} {d[21:26]}.{d[26:32]} {d[32]} {d[33:47]}"
    if len(digits) == 48:
        return " ".join(f"{digits[i:i + 11]}-{digits[i + 11]}" for i in range(0, 48, 12))
    return code


__all__ = ["boleto_line", "convenio_line", "digits_only", "format_code", "mod10", "mod11_convenio"]
