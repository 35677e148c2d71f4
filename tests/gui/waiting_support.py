"""What waits, worked out invoice by invoice from core.eligibility (to check the screens' counts)."""

from __future__ import annotations

from typing import Any

from core.domain import FetchOrigin, FetchStatus, PaymentStatus
from core.eligibility import InvoiceState, is_eligible
from core.engine.request import RunRequest
from storage.models import Invoice


def waiting_by_rule(services: Any) -> tuple[int, int]:
    """("Pendentes", "Ainda não disponíveis") worked out invoice by invoice from core.eligibility."""
    today = services.now().astimezone(services.tz).date()
    request = RunRequest(origin=FetchOrigin.AUTOMATIC)
    to_fetch = later = 0
    for i in Invoice.select():
        payment = PaymentStatus(i.payment_status) if i.payment_status else None
        state = InvoiceState(i.id, i.contract.cohort, i.contract.number, FetchStatus(i.fetch_status), payment,
                             i.available_from)
        to_fetch += is_eligible(state, request, today)
        later += (i.fetch_status in ("PENDING", "NOT_AVAILABLE") and i.available_from > today
                  and payment is not PaymentStatus.PAID)
    return to_fetch, later
