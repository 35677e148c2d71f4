"""CPF / CNPJ: normalisation, check-digit validation and masking (LGPD).

CNPJ accepts the alphanumeric form in force since July 2026 (12 characters 0-9A-Z plus two
numeric check digits; each character weighs its ASCII code minus 48), which also covers the
classic all-digit CNPJ.
"""

from __future__ import annotations

import enum
import re

from core.messages import CodedError

_PUNCTUATION = re.compile(r"[\s.\-/]")
# ASCII digits only and no `$` (which also matches before a trailing newline): fullmatch below.
_CPF = re.compile(r"[0-9]{11}")
_CNPJ = re.compile(r"[0-9A-Z]{12}[0-9]{2}")


class DocumentKind(enum.StrEnum):
    CPF = "CPF"
    CNPJ = "CNPJ"


class DocumentError(CodedError):
    """The text is not a valid CPF or CNPJ; the message says why (without echoing it whole)."""


def normalize_document(raw: str) -> str:
    """Strip punctuation and spaces, upper-case. Does not validate."""
    return _PUNCTUATION.sub("", raw or "").upper()


def _cpf_digit(digits: str, weight_start: int) -> int:
    total = sum(int(d) * w for d, w in zip(digits, range(weight_start, 1, -1), strict=False))
    rest = (total * 10) % 11
    return 0 if rest == 10 else rest


def is_valid_cpf(doc: str) -> bool:
    if not _CPF.fullmatch(doc) or doc == doc[0] * 11:
        return False
    return _cpf_digit(doc[:9], 10) == int(doc[9]) and _cpf_digit(doc[:10], 11) == int(doc[10])


_CNPJ_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _cnpj_digit(chars: str, weights: tuple[int, ...]) -> int:
    total = sum((ord(c) - 48) * w for c, w in zip(chars, weights, strict=True))
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def is_valid_cnpj(doc: str) -> bool:
    if not _CNPJ.fullmatch(doc) or doc == doc[0] * 14:
        return False
    return _cnpj_digit(doc[:12], _CNPJ_W1) == int(doc[12]) and _cnpj_digit(doc[:13], _CNPJ_W2) == int(doc[13])


def document_kind(doc: str) -> DocumentKind | None:
    if is_valid_cpf(doc):
        return DocumentKind.CPF
    if is_valid_cnpj(doc):
        return DocumentKind.CNPJ
    return None


def validate_document(raw: str) -> str:
    """The normalised document, or DocumentError naming what is wrong."""
    doc = normalize_document(raw)
    if not doc:
        raise DocumentError("document.empty")
    if len(doc) == 11:
        if not _CPF.fullmatch(doc):
            raise DocumentError("document.cpf_digits")
        if doc == doc[0] * 11:
            raise DocumentError("document.cpf_equal")
        if not is_valid_cpf(doc):
            raise DocumentError("document.cpf_check")
        return doc
    if len(doc) == 14:
        if not _CNPJ.fullmatch(doc):
            raise DocumentError("document.cnpj_shape")
        if doc == doc[0] * 14:
            raise DocumentError("document.cnpj_equal")
        if not is_valid_cnpj(doc):
            raise DocumentError("document.cnpj_check")
        return doc
    raise DocumentError("document.length", length=len(doc))


def cpf_check_digits(base9: str) -> str:
    """The two check digits for 9 CPF digits (used by generators and tests)."""
    d1 = _cpf_digit(base9, 10)
    return f"{d1}{_cpf_digit(base9 + str(d1), 11)}"


def cnpj_check_digits(base12: str) -> str:
    d1 = _cnpj_digit(base12, _CNPJ_W1)
    return f"{d1}{_cnpj_digit(base12 + str(d1), _CNPJ_W2)}"


def mask_document(doc: str) -> str:
    """LGPD mask: CPF ***.456.789-**, CNPJ **.345.678/0001-**; anything else mostly hidden."""
    d = normalize_document(doc)
    if len(d) == 11:
        return f"***.{d[3:6]}.{d[6:9]}-**"
    if len(d) == 14:
        return f"**.{d[2:5]}.{d[5:8]}/{d[8:12]}-**"
    if len(d) <= 4:
        return "*" * len(d)
    return "*" * (len(d) - 4) + d[-4:]


def format_document(doc: str) -> str:
    """Punctuated, unmasked (only where the user asked to see documents)."""
    d = normalize_document(doc)
    if len(d) == 11:
        return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"
    if len(d) == 14:
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"
    return d
