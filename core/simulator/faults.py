"""The faults the simulator can produce, the token bucket behind its 429s, and the broken bodies."""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Callable
from typing import Any


class FaultKind(enum.StrEnum):
    """A fault a debt lookup can get (by chance under a profile, or exactly through `inject`)."""

    HTTP_500 = "http_500"
    HTTP_502 = "http_502"
    HTTP_503 = "http_503"  # with Retry-After
    RATE_LIMIT = "rate_limit"  # 429 with Retry-After
    HANG = "hang"  # answer only after hang_seconds (the client times out first)
    DROP = "drop"  # close the connection without an answer
    CAPTCHA = "captcha"  # 200 with an HTML captcha page
    TRUNCATED_JSON = "truncated_json"
    WRONG_TYPES = "wrong_types"  # amount as an object, invoices as text...
    BAD_DUE_DATE = "bad_due_date"  # a dueDate that is not a calendar date
    UNAUTHORIZED = "unauthorized"  # 401 whatever the credentials
    NONE = "none"  # answer as usual (to script a sequence of injected answers)

    @property
    def is_malformed(self) -> bool:
        return self in MALFORMED


MALFORMED = (FaultKind.CAPTCHA, FaultKind.TRUNCATED_JSON, FaultKind.WRONG_TYPES, FaultKind.BAD_DUE_DATE)
SERVER_ERRORS = (FaultKind.HTTP_500, FaultKind.HTTP_502, FaultKind.HTTP_503)

CAPTCHA_PAGE = (
    "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Verificação de segurança"
    "</title></head><body><h1>Confirme que você não é um robô</h1><form method=\"post\" action=\"/captcha\">"
    "<img src=\"/captcha.png\" alt=\"captcha\"><input name=\"resposta\"><button>Continuar</button>"
    "</form></body></html>"
).encode()

_PLACEHOLDER_DEBT: dict[str, Any] = {
    "debtId": "D000000000", "dealCode": "000000", "productName": "Internet Fibra", "status": "ABERTO",
    "invoices": [{"id": "9000000000", "amount": 99.9, "referenceMonth": "01/2026", "dueDate": "20260105",
                  "expirationDate": "20260306", "status": "EM_ABERTO", "barCode": "", "pixCode": ""}],
}


def malformed_body(kind: FaultKind, debts: list[dict[str, Any]]) -> tuple[bytes, str]:
    """(body, content type) of a broken 200 answer built from the document's real debts."""
    if kind is FaultKind.CAPTCHA:
        return CAPTCHA_PAGE, "text/html; charset=utf-8"
    source = [dict(d, invoices=[dict(i) for i in d["invoices"]]) for d in debts] or [_PLACEHOLDER_DEBT]
    if kind is FaultKind.TRUNCATED_JSON:
        whole = json.dumps({"debts": source}).encode()
        return whole[: max(1, len(whole) // 2)], "application/json"
    invoices = source[0]["invoices"] or _PLACEHOLDER_DEBT["invoices"]
    first = dict(invoices[0])
    if kind is FaultKind.WRONG_TYPES:
        first["amount"] = {"value": first["amount"], "currency": "BRL"}
    elif kind is FaultKind.BAD_DUE_DATE:
        first["dueDate"] = "2026-02-31"
    else:
        raise ValueError(f"{kind} is not a malformed-body fault")
    source[0] = dict(source[0], invoices=[first, *source[0]["invoices"][1:]])
    return json.dumps({"debts": source}).encode(), "application/json"


class TokenBucket:
    """`rate` tokens per second up to `size`; not thread-safe (the server calls it under its lock)."""

    def __init__(self, rate: float, size: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.size = size
        self._clock = clock
        self._tokens = size
        self._last = clock()

    def take(self) -> float:
        """0.0 when a token was taken, else the seconds until one will be available."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        self._tokens = min(self.size, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate


def retry_after_header(seconds: float) -> str:
    """Whole seconds, at least 1 (Retry-After has no fractions)."""
    return str(max(1, math.ceil(seconds)))
