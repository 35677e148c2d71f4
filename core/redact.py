"""Scrub personal data and secrets from text bound for logs, errors and the database.

A document (CPF/CNPJ, with or without punctuation) inside any message is masked; the
logging filter applies it to every record, so a stray f-string cannot leak one.

Standing alone (between spaces or punctuation) any 11 or 14 digits are masked. Glued to letters
inside a longer token (`FAT95284070640`, `v2/52998224725abc`) the digits could as well be part of
an id, so there only a run of exactly 11 or 14 digits whose check digits are those of a CPF or
CNPJ is masked (a random number passes about once in a hundred). In a PIX code the key field
(`br.gov.bcb.pix` then `01`, its length and the key) holds the payee's CPF or CNPJ when its
length is 11 or 14 digits, wherever the digits around it run on.
"""

from __future__ import annotations

import logging
import re

from core.documents import is_valid_cnpj, is_valid_cpf, mask_document

_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
# 11 digits (CPF) or 14 (CNPJ), punctuated or not, not part of a longer number.
_DOC = r"(?:\d{3}\.?\d{3}\.?\d{3}-?\d{2}|[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2})"
# Payment lines are not personal data and must survive intact. As one run of 44-48 digits the
# document pattern cannot match inside them (the edges forbid it), but their printed forms are
# split into groups that look like documents: the bank slip's 47 digits as
# 5.5 5.6 5.6 1 14 (the last group has 14 digits, like a CNPJ) and the utility slip's 48 as four
# groups of 11 digits plus a check digit (11 digits, like a CPF).
_BANK_SLIP = r"\d{5}\.?\d{5}[ \t]*\d{5}\.?\d{6}[ \t]*\d{5}\.?\d{6}[ \t]*\d[ \t]*\d{14}"
_UTILITY_SLIP = r"(?:\d{11}[ \t]*-?[ \t]*\d[ \t]*){3}\d{11}[ \t]*-?[ \t]*\d"
# The key field of a PIX BR Code (EMV): `01` + length + key, right after the PIX domain.
_PIX_KEY = r"(?i:br\.gov\.bcb\.pix)01(?:11(?P<pix_cpf>\d{11})|14(?P<pix_cnpj>\d{14}))"
# Exactly 11 or 14 digits inside a longer token (letters around them): masked only when valid.
_EMBEDDED = r"(?<!\d)(?:\d{14}|\d{11})(?!\d)"
_TEXT_RE = re.compile(
    f"(?P<barcode>{_EDGE_BEFORE}(?:{_BANK_SLIP}|{_UTILITY_SLIP}){_EDGE_AFTER})"
    f"|(?P<document>{_EDGE_BEFORE}{_DOC}{_EDGE_AFTER})"
    f"|(?P<pix>{_PIX_KEY})"
    f"|(?P<embedded>{_EMBEDDED})"
)
# `name: value`, `name=value`, `"name": "value"`; an auth scheme (Bearer ...) is kept, its value hidden.
_SECRET_RE = re.compile(
    r"(?i)(authorization|session-id|sessionid|token|key|password|secret)"
    r"([\"']?\s*[:=]\s*[\"']?)((?:bearer|basic|token)\s+)?([^\s\"',}]+)"
)


def _mask_match(match: re.Match[str]) -> str:
    if match.group("barcode") is not None:
        return match.group(0)
    if match.group("pix") is not None:
        key = match.group("pix_cpf") or match.group("pix_cnpj")
        return match.group(0)[: -len(key)] + mask_document(key)
    if match.group("embedded") is not None:
        digits = match.group(0)
        valid = is_valid_cpf(digits) if len(digits) == 11 else is_valid_cnpj(digits)
        return mask_document(digits) if valid else digits
    return mask_document(match.group(0))


def redact(text: str) -> str:
    """Mask documents and credential-looking values in free text; payment lines are left alone."""
    text = _TEXT_RE.sub(_mask_match, text)
    return _SECRET_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}***", text)


class RedactingFilter(logging.Filter):
    """Applied to every log record: the formatted message is redacted once."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as-is by logging itself
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def configure_logging(level: int) -> None:
    """The log of a process of this app: to stderr at `level`, never a query's parameters, and no
    document or credential in any line, whoever wrote it."""
    import sys

    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("urllib3").setLevel(max(level, logging.WARNING))
    # peewee logs every query with its parameters (documents, names, bar codes) at DEBUG: never.
    logging.getLogger("peewee").setLevel(max(level, logging.INFO))
    install_log_redaction()
