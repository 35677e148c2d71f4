"""Turn the debts endpoint's JSON into RemoteInvoice records: liberal in form, strict in meaning.

Accepted: amounts as numbers or strings ("123.45", "123,45", "1.234,56", "R$ 99,90"); due dates
"YYYYMMDD", "YYYY-MM-DD" (a time part is ignored) or "dd/mm/yyyy"; `pixCode` or `originalPixCode`;
missing optional fields; ids as strings or numbers.

Validation is per invoice: one invoice with a field of the wrong type or a missing or unparseable
amount or due date is skipped and reported as a SkippedInvoice, so the customer's other invoices
still arrive (a debt that is not an object, or whose fields are broken, skips its invoices). Only
a body without the shape of a debts answer (not an object, no `debts` list) raises PayloadError,
which the client turns into BAD_RESPONSE.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.domain import RemoteInvoice

_CENTS = Decimal("0.01")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_BR_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_AMOUNT_TEXT = re.compile(r"^-?[0-9][0-9.,]*$")


class PayloadError(ValueError):
    """The JSON does not have the shape of a debts answer; the message names the field, not values."""


@dataclass(frozen=True, slots=True)
class SkippedInvoice:
    """An invoice (or a whole debt) left out of an answer: where it was and why, never its values."""

    where: str  # "debts[0].invoices[2]"
    reason: str  # "dueDate: not a calendar date"

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParsedDebts:
    """The valid invoices of an answer, in the order given, and the ones that were skipped."""

    invoices: tuple[RemoteInvoice, ...]
    skipped: tuple[SkippedInvoice, ...] = ()


def parse_debts(payload: object) -> ParsedDebts:
    """Every valid invoice of every debt, flattened in the order given; the malformed ones skipped."""
    if not isinstance(payload, dict):
        raise PayloadError(f"expected a JSON object, got {type(payload).__name__}")
    if "debts" not in payload:
        raise PayloadError("the answer has no 'debts' field")
    debts = payload["debts"]
    if debts is None:
        return ParsedDebts(())
    if not isinstance(debts, list):
        raise PayloadError(f"'debts' must be a list, got {type(debts).__name__}")
    out: list[RemoteInvoice] = []
    skipped: list[SkippedInvoice] = []
    for d_index, debt in enumerate(debts):
        where = f"debts[{d_index}]"
        try:
            debt_id, product, invoices = _parse_debt(debt)
        except PayloadError as exc:
            skipped.append(SkippedInvoice(where, str(exc)))
            continue
        for i_index, invoice in enumerate(invoices):
            try:
                out.append(_parse_invoice(invoice, debt_id, product))
            except PayloadError as exc:
                skipped.append(SkippedInvoice(f"{where}.invoices[{i_index}]", str(exc)))
    return ParsedDebts(tuple(out), tuple(skipped))


def _parse_debt(raw: object) -> tuple[str | None, str | None, list[object]]:
    """(debtId, productName, raw invoices) of one debt."""
    if not isinstance(raw, dict):
        raise PayloadError(f"not an object ({type(raw).__name__})")
    debt_id = _optional_text(raw, "debtId")
    product = _optional_text(raw, "productName")
    invoices = raw.get("invoices")
    if invoices is None:
        return debt_id, product, []
    if not isinstance(invoices, list):
        raise PayloadError(f"invoices must be a list, got {type(invoices).__name__}")
    return debt_id, product, invoices


def _parse_invoice(raw: object, debt_id: str | None, product: str | None) -> RemoteInvoice:
    """One invoice; PayloadError naming the field (not its value) when it is malformed."""
    if not isinstance(raw, dict):
        raise PayloadError(f"not an object ({type(raw).__name__})")
    remote_id = _optional_text(raw, "id") or _optional_text(raw, "barCode")
    if not remote_id:
        raise PayloadError("neither an id nor a barCode")
    if "amount" not in raw:
        raise PayloadError("no amount")
    if "dueDate" not in raw:
        raise PayloadError("no dueDate")
    try:
        amount = parse_amount(raw["amount"])
    except ValueError as exc:
        raise PayloadError(f"amount: {exc}") from None
    try:
        due = parse_date(raw["dueDate"])
    except ValueError as exc:
        raise PayloadError(f"dueDate: {exc}") from None
    expiration: date | None = None
    if raw.get("expirationDate") not in (None, ""):
        try:
            expiration = parse_date(raw["expirationDate"])
        except ValueError:
            expiration = None  # optional and informative only: a bad one is dropped, not fatal
    pix = _optional_text(raw, "pixCode") or _optional_text(raw, "originalPixCode")
    return RemoteInvoice(
        remote_id=remote_id,
        amount=amount,
        due_date=due,
        reference_month=_optional_text(raw, "referenceMonth"),
        expiration_date=expiration,
        status=_optional_text(raw, "status"),
        bar_code=_optional_text(raw, "barCode"),
        pix_code=pix,
        debt_id=debt_id,
        product_name=product,
    )


def parse_amount(value: object) -> Decimal:
    """A money amount rounded to cents, from a JSON number or a Brazilian or plain decimal string."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a number ({type(value).__name__})")
    if isinstance(value, int):
        return _cents(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return _cents(Decimal(repr(value)))
    if not isinstance(value, str):
        raise ValueError(f"not a number ({type(value).__name__})")
    text = value.strip().replace("R$", "").replace("\u00a0", "").replace(" ", "")
    if not _AMOUNT_TEXT.match(text):
        raise ValueError("not a number")
    text = _normalise_separators(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    return _cents(number)


def _cents(number: Decimal) -> Decimal:
    """Rounded to cents; absurd magnitudes (beyond Decimal's precision) are not amounts."""
    if not number.is_finite():
        raise ValueError("not a finite number")
    try:
        return number.quantize(_CENTS, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError("not a plausible amount") from None


def _normalise_separators(text: str) -> str:
    """'1.234,56' / '1,234.56' / '123,45' / '123.45' / '1.234.567' -> a plain decimal string."""
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        return text.replace(thousands, "").replace(decimal_sep, ".")
    if "," in text:
        if text.count(",") > 1:
            return text.replace(",", "")  # only thousands separators
        return text.replace(",", ".")
    if text.count(".") > 1:
        return text.replace(".", "")  # Brazilian thousands separators, no cents
    return text


def parse_date(value: object) -> date:
    """A calendar date from "YYYYMMDD", "YYYY-MM-DD[...]", "dd/mm/yyyy" or the integer YYYYMMDD."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date ({type(value).__name__})")
    text = value.strip()
    for pattern, order in ((_COMPACT_DATE, (1, 2, 3)), (_ISO_DATE, (1, 2, 3)), (_BR_DATE, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError("not a calendar date") from None
    raise ValueError("not a date in a known format")


def _optional_text(raw: dict[str, object], key: str) -> str | None:
    """A string field that may be absent or null; numbers are accepted and turned into text."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadError(f"{key} must be text, got bool")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    raise PayloadError(f"{key} must be text, got {type(value).__name__}")
