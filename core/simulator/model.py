"""The simulator's world: contracts as the back office knows them and debts as the operator has them.

Every remote invoice also carries its ground truth (which contract and invoice number it belongs
to and how it deviates from the rule), so tests can check matching results against it. The API
view (`to_api`) leaves the ground truth out.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from core.domain import ContractStatus, PaymentStatus
from core.simulator import codes

EXPIRATION_AFTER_DUE_DAYS = 60


class InvoiceKind(enum.StrEnum):
    """How a remote invoice relates to the contract invoice it belongs to."""

    EXACT = "exact"  # due date and amount by the rule
    DATE_SHIFTED = "date_shifted"  # due date 1-3 days off the rule
    AMOUNT_DIFFERS = "amount_differs"  # pro-rata first invoice, fee or discount
    NOISE = "noise"  # another product of the same customer: no contract invoice
    # The customer picked another due day: every open invoice of theirs is off the rule by the
    # same number of days (more than matching's tolerance), with the plan's amount.
    OTHER_DUE_DAY = "other_due_day"


@dataclass(frozen=True, slots=True)
class WorldContract:
    number: str
    document: str  # digits (or CNPJ characters), unpunctuated; a few have wrong check digits
    customer_name: str
    install_date: date
    status: ContractStatus
    plan: str
    plan_value: Decimal


@dataclass(frozen=True, slots=True)
class WorldInvoice:
    """One open invoice at the operator. Reference month, expiration date and payment codes are
    derived from the stored fields (deterministically), which keeps world.json small.
    """

    remote_id: str
    amount: Decimal
    due_date: date
    kind: InvoiceKind
    contract_number: str | None = None  # ground truth; None for noise
    number: int | None = None  # the contract's invoice 1..10; None for noise

    @property
    def reference_month(self) -> str:
        return f"{self.due_date.month:02d}/{self.due_date.year}"

    @property
    def expiration_date(self) -> date:
        return self.due_date + timedelta(days=EXPIRATION_AFTER_DUE_DAYS)

    def payment_codes(self) -> tuple[str, str]:
        """(barCode, pixCode), always the same for this invoice."""
        return codes.payment_codes(self.remote_id, self.amount)

    def to_api(self, today: date) -> dict[str, Any]:
        bar_code, pix = self.payment_codes()
        return {
            "id": self.remote_id,
            "amount": float(self.amount),
            "referenceMonth": self.reference_month,
            "dueDate": self.due_date.strftime("%Y%m%d"),
            "expirationDate": self.expiration_date.strftime("%Y%m%d"),
            "status": "VENCIDA" if self.due_date < today else "EM_ABERTO",
            "barCode": bar_code,
            "pixCode": pix,
        }


@dataclass(frozen=True, slots=True)
class WorldDebt:
    debt_id: str
    deal_code: str
    product_name: str
    status: str
    invoices: tuple[WorldInvoice, ...]

    def to_api(self, today: date) -> dict[str, Any]:
        return {
            "debtId": self.debt_id,
            "dealCode": self.deal_code,
            "productName": self.product_name,
            "status": self.status,
            "invoices": [invoice.to_api(today) for invoice in self.invoices],
        }


@dataclass(frozen=True, slots=True)
class WorldPayment:
    """One row of the operator's payment spreadsheet (FPD) as exported on `World.payments_as_of`:
    an invoice's payment status then, and its payment date when paid."""

    contract_number: str
    number: int
    due_date: date  # the operator's (real) due date
    status: PaymentStatus
    paid_at: date | None = None


@dataclass(frozen=True, slots=True)
class WorldSummary:
    """Counts describing the world's mix (written to world.json, checked by tests). Invoice counts
    cover contracts with a valid document (a mistyped one has nothing at the operator to count).
    """

    contracts: int = 0
    documents: int = 0
    cnpj_documents: int = 0
    invalid_documents: int = 0
    multi_contract_documents: int = 0
    ambiguous_pairs: int = 0
    documents_without_debts: int = 0
    noise_debts: int = 0
    invoices_available: int = 0  # issued by the schedule on or before `today`
    invoices_not_issued: int = 0  # not yet available, or after a cancellation
    invoices_paid: int = 0  # available, past due and already paid: absent
    invoices_open: int = 0  # present at the operator (contract invoices, noise excluded)
    exact: int = 0
    date_shifted: int = 0
    amount_differs: int = 0
    other_due_day: int = 0  # open invoices of customers who picked another due day
    other_due_day_documents: int = 0  # those customers
    invoices_paid_after_export: int = 0  # paid, but after the payment spreadsheet was exported


@dataclass(frozen=True)
class World:
    seed: int
    today: date
    key_string: str = field(repr=False)  # the demo secret of this synthetic world only
    contracts: tuple[WorldContract, ...]
    debts: Mapping[str, tuple[WorldDebt, ...]] = field(repr=False)  # document -> open debts
    summary: WorldSummary
    # The payment spreadsheet (not in world.json: the simulator does not serve it).
    payments: tuple[WorldPayment, ...] = field(default=(), repr=False)
    payments_as_of: date | None = None

    def debts_of(self, document: str) -> tuple[WorldDebt, ...]:
        return self.debts.get(document, ())

    def open_invoices(self, document: str) -> list[WorldInvoice]:
        return [invoice for debt in self.debts_of(document) for invoice in debt.invoices]
