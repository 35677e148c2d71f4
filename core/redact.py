"""Scrub personal data and secrets from text bound for logs, errors and the database.

A document (CPF/CNPJ, with or without punctuation) inside any message is masked; the
logging filter applies it to every record, so a stray f-string cannot leak one.
"""

from __future__ import annotations

import logging
import re

from core.documents import mask_document

# 11 digits (CPF) or 14 (CNPJ), punctuated or not, not part of a longer number.
_DOC_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{3}\.?\d{3}\.?\d{3}-?\d{2}|[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2})(?![0-9A-Za-z])"
)
_BEARER_RE = re.compile(r"(?i)(authorization|session-id|token|sessionid|key)([\"']?\s*[:=]\s*[\"']?)([^\s\"',}]+)")


def redact(text: str) -> str:
    """Mask documents and credential-looking values in free text."""
    text = _DOC_RE.sub(lambda m: mask_document(m.group(0)), text)
    return _BEARER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)


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
