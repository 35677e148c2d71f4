"""Turn the debts endpoint's JSON into RemoteInvoice records: liberal in form, strict in meaning.

Accepted: amounts as numbers or strings ("123.45", "123,45", "1.234,56", "R$ 99,90"); due dates
"YYYYMMDD", "YYYY-MM-DD" (a time part is ignored) or "dd/mm/yyyy"; `pixCode` or `originalPixCode`;
missing optional fields; ids as strings or numbers. Rejected with PayloadError (the client turns it
into BAD_RESPONSE): a body that is not an object with a `debts` list, a field of the wrong type, a
missing or unparseable amount or due date.
"""

from __future__ import annotations

import math
import re
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


def parse_debts(payload: object) -> list[RemoteInvoice]:
    """Every invoice of every debt, flattened in the order given."""
    if not isinstance(payload, dict):
        raise PayloadError(f"expected a JSON object, got {type(payload).__name__}")
    if "debts" not in payload:
        raise PayloadError("the answer has no 'debts' field")
    debts = payload["debts"]
    if debts is None:
        return []
    if not isinstance(debts, list):
        raise PayloadError(f"'debts' must be a list, got {type(debts).__name__}")
    out: list[RemoteInvoice] = []
    for d_index, debt in enumerate(debts):
        if not isinstance(debt, dict):
            raise PayloadError(f"debts[{d_index}] must be an object, got {type(debt).__name__}")
        debt_id = _optional_text(debt, "debtId", f"debts[{d_index}]")
        product = _optional_text(debt, "productName", f"debts[{d_index}]")
        invoices = debt.get("invoices")
        if invoices is None:
            continue
        if not isinstance(invoices, list):
            raise PayloadError(f"debts[{d_index}].invoices must be a list, got {type(invoices).__name__}")
        for i_index, invoice in enumerate(invoices):
            where = f"debts[{d_index}].invoices[{i_index}]"
            out.append(_parse_invoice(invoice, where, debt_id, product))
    return out


def _parse_invoice(raw: object, where: str, debt_id: str | None, product: str | None) -> RemoteInvoice:
    if not isinstance(raw, dict):
        raise PayloadError(f"{where} must be an object, got {type(raw).__name__}")
    remote_id = _optional_text(raw, "id", where) or _optional_text(raw, "barCode", where)
    if not remote_id:
        raise PayloadError(f"{where} has neither an id nor a barCode")
    if "amount" not in raw:
        raise PayloadError(f"{where} has no amount")
    if "dueDate" not in raw:
        raise PayloadError(f"{where} has no dueDate")
    try:
        amount = parse_amount(raw["amount"])
    except ValueError as exc:
        raise PayloadError(f"{where}.amount: {exc}") from None
    try:
        due = parse_date(raw["dueDate"])
    except ValueError as exc:
        raise PayloadError(f"{where}.dueDate: {exc}") from None
    expiration: date | None = None
    if raw.get("expirationDate") not in (None, ""):
        try:
            expiration = parse_date(raw["expirationDate"])
        except ValueError:
            expiration = None  # optional and informative only: a bad one is dropped, not fatal
    pix = _optional_text(raw, "pixCode", where) or _optional_text(raw, "originalPixCode", where)
    return RemoteInvoice(
        remote_id=remote_id,
        amount=amount,
        due_date=due,
        reference_month=_optional_text(raw, "referenceMonth", where),
        expiration_date=expiration,
        status=_optional_text(raw, "status", where),
        bar_code=_optional_text(raw, "barCode", where),
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


def _optional_text(raw: dict[str, object], key: str, where: str) -> str | None:
    """A string field that may be absent or null; numbers are accepted and turned into text."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadError(f"{where}.{key} must be text, got bool")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    raise PayloadError(f"{where}.{key} must be text, got {type(value).__name__}")
