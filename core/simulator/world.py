"""Generate a synthetic world from a seed: contracts for the back office and the operator's open debts.

Deterministic for (contracts, seed, today). The mix imitates production: most open invoices follow
the due-date rule with the plan's value; some are a few days off or carry another amount; past-due
invoices are sometimes already paid (absent); future ones are not issued yet; some customers hold
2-3 contracts (a few of them ambiguous: same install day and plan value); some documents have no
debts at all and some carry unrelated debts of other products; a few customers picked another due
day, so all their open invoices are off the rule by the same number of days.

The world also holds the operator's payment spreadsheet (FPD) as exported PAYMENTS_LAG_DAYS before
`today`: PAGO (with its date) for what was paid by then, ATRASADO / NAO_PAGO / AGUARDANDO for the
rest; an invoice paid after the export is absent from the debts but not PAGO in the spreadsheet.
The offsets and the spreadsheet draw from a second random stream, so the rest of a world is the
same as before they existed. `write_world` / `load_world` (in `core.simulator.world_files`) store
it as contracts.csv + world.json (+ payments.csv).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from core.documents import cnpj_check_digits, cpf_check_digits
from core.domain import ContractStatus, PaymentStatus
from core.due_dates import add_months, invoice_schedule
from core.simulator import names
from core.simulator.model import (
    InvoiceKind,
    World,
    WorldContract,
    WorldDebt,
    WorldInvoice,
    WorldPayment,
    WorldSummary,
)
from core.simulator.world_files import gc_paused, load_world, write_world

__all__ = ["MixRates", "generate_world", "load_world", "write_world"]

INSTALL_SPAN_DAYS = 365
_CENTS = Decimal("0.01")
_SUMMARY_FIELDS = tuple(WorldSummary.__dataclass_fields__)
_SHIFTS = (-3, -2, -1, 1, 2, 3)
# Another due day: this many days off the rule, beyond matching's ±3-day tolerance.
_OTHER_DUE_DAY_OFFSETS = (-12, -10, -9, -7, -5, 5, 6, 8, 10, 12)
PAYMENTS_LAG_DAYS = 5  # the payment spreadsheet was exported this many days before `today`
LONG_UNPAID_DAYS = 30  # past due by more than this at the export: NAO_PAGO rather than ATRASADO


@dataclass(frozen=True, slots=True)
class MixRates:
    """Probabilities that shape a world (the defaults are the realistic mix)."""

    multi_contract: float = 0.05  # a document holding 2-3 contracts
    ambiguous_given_multi: float = 0.15  # its second contract: same install day and plan value
    cnpj: float = 0.05
    invalid_document: float = 0.005
    all_paid: float = 0.02  # a customer who paid everything: no debts at all
    noise_debt: float = 0.03  # an unrelated debt of another product
    cancelled: float = 0.08
    downgrade: float = 0.04
    paid_past_due: float = 0.10
    date_shifted: float = 0.05
    amount_differs: float = 0.05
    other_due_day: float = 0.03  # a customer who picked another due day


@lru_cache(maxsize=4096)
def _schedule(install: date) -> tuple[tuple[int, date, date], ...]:
    return tuple(invoice_schedule(install))


@dataclass
class _Builder:
    rng: random.Random
    today: date
    rates: MixRates
    extra: random.Random  # the offsets and the payment spreadsheet: the main stream stays as it was
    payments: list[WorldPayment] = field(default_factory=list)
    contracts: list[WorldContract] = field(default_factory=list)
    debts: dict[str, tuple[WorldDebt, ...]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SUMMARY_FIELDS, 0))
    used_documents: set[str] = field(default_factory=set)
    next_id: int = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def document(self, cnpj: bool) -> str:
        while True:
            if cnpj:
                base = f"{self.rng.randrange(10**8):08d}" + f"{self.rng.randint(1, 9):04d}"
                doc = base + cnpj_check_digits(base)
            else:
                base = f"{self.rng.randrange(1, 10**9):09d}"
                doc = base + cpf_check_digits(base)
            if doc not in self.used_documents and doc != doc[0] * len(doc):
                self.used_documents.add(doc)
                return doc

    def add_group(self, size: int) -> None:
        rng, rates = self.rng, self.rates
        self.counts["documents"] += 1
        cnpj = rng.random() < rates.cnpj
        self.counts["cnpj_documents"] += cnpj
        document = self.document(cnpj)
        invalid = rng.random() < rates.invalid_document
        if invalid:  # a typo in the last check digit: the client must refuse it without a request
            document = document[:-1] + str((int(document[-1]) + 1) % 10)
            self.counts["invalid_documents"] += 1
        name = names.company_name(rng) if cnpj else names.person_name(rng)
        plans = names.BUSINESS_PLANS if cnpj else names.RESIDENTIAL_PLANS
        all_paid = rng.random() < rates.all_paid
        self.counts["multi_contract_documents"] += size > 1
        group: list[tuple[WorldContract, bool]] = []
        for index in range(size):
            ambiguous = index == 1 and rng.random() < rates.ambiguous_given_multi
            if ambiguous:
                first = group[0][0]
                install, plan, value = first.install_date, first.plan, first.plan_value
                group[0] = (first, True)
                self.counts["ambiguous_pairs"] += 1
            else:
                install = self.today - timedelta(days=rng.randint(1, INSTALL_SPAN_DAYS))
                plan, value = rng.choice(plans)
            contract = WorldContract(
                number=f"{7_000_000 + len(self.contracts) + 1}", document=document, customer_name=name,
                install_date=install, status=self.status(), plan=plan, plan_value=value,
            )
            self.contracts.append(contract)
            group.append((contract, ambiguous))
        if invalid:  # the operator knows the customer by the right document: nothing to find here
            self.counts["documents_without_debts"] += 1
            return
        offset = 0
        if self.extra.random() < rates.other_due_day:
            offset = self.extra.choice(_OTHER_DUE_DAY_OFFSETS)
            self.counts["other_due_day_documents"] += 1
        debts = [self.contract_debt(c, exact_only=amb, all_paid=all_paid, offset=offset) for c, amb in group]
        if rng.random() < rates.noise_debt:
            debts.append(self.noise_debt(group[0][0]))
            self.counts["noise_debts"] += 1
        kept = tuple(debt for debt in debts if debt is not None)
        if not kept:
            self.counts["documents_without_debts"] += 1
        else:
            self.debts[document] = kept

    def status(self) -> ContractStatus:
        r = self.rng.random()
        if r < self.rates.cancelled:
            return ContractStatus.CANCELLED
        if r < self.rates.cancelled + self.rates.downgrade:
            return ContractStatus.DOWNGRADE
        return ContractStatus.ACTIVE

    def contract_debt(self, contract: WorldContract, *, exact_only: bool, all_paid: bool, offset: int = 0
                      ) -> WorldDebt | None:
        rng, rates, counts = self.rng, self.rates, self.counts
        last_issued = rng.randint(1, 10) if contract.status is ContractStatus.CANCELLED else 10
        invoices: list[WorldInvoice] = []
        for number, due, available in _schedule(contract.install_date):
            if available > self.today or number > last_issued:
                counts["invoices_not_issued"] += 1
                continue
            counts["invoices_available"] += 1
            real_due = due + timedelta(days=offset)
            if all_paid or (due < self.today and rng.random() < rates.paid_past_due):
                counts["invoices_paid"] += 1
                self.paid(contract, number, real_due, available)
                continue
            kind, amount, remote_due = InvoiceKind.EXACT, contract.plan_value, due
            r = 1.0 if exact_only else rng.random()
            if r < rates.date_shifted:
                kind, remote_due = InvoiceKind.DATE_SHIFTED, due + timedelta(days=rng.choice(_SHIFTS))
            elif r < rates.date_shifted + rates.amount_differs:
                kind, amount = InvoiceKind.AMOUNT_DIFFERS, self.other_amount(contract, number)
            if offset:
                kind, amount, remote_due = InvoiceKind.OTHER_DUE_DAY, contract.plan_value, real_due
            counts[kind.value] += 1
            counts["invoices_open"] += 1
            self.unpaid(contract, number, remote_due, available)
            invoices.append(self.invoice(amount, remote_due, kind, contract.number, number))
        if not invoices:
            return None
        return WorldDebt(debt_id=f"D{self.new_id():09d}", deal_code=f"{rng.randrange(10**6):06d}",
                         product_name=names.CONTRACT_PRODUCT, status="ABERTO", invoices=tuple(invoices))

    @property
    def payments_as_of(self) -> date:
        return self.today - timedelta(days=PAYMENTS_LAG_DAYS)

    def paid(self, contract: WorldContract, number: int, due: date, available: date) -> None:
        """A paid invoice's spreadsheet row: PAGO when paid by the export, else what it was then."""
        paid_at = min(max(due + timedelta(days=self.extra.randint(-12, 10)), available), self.today)
        if paid_at <= self.payments_as_of:
            self.payments.append(WorldPayment(contract.number, number, due, PaymentStatus.PAID, paid_at))
        else:
            self.counts["invoices_paid_after_export"] += 1
            self.unpaid(contract, number, due, available)

    def unpaid(self, contract: WorldContract, number: int, due: date, available: date) -> None:
        as_of = self.payments_as_of
        if available > as_of:
            return  # not issued yet when the spreadsheet was exported
        if due >= as_of:
            status = PaymentStatus.WAITING
        elif (as_of - due).days > LONG_UNPAID_DAYS:
            status = PaymentStatus.UNPAID
        else:
            status = PaymentStatus.LATE
        self.payments.append(WorldPayment(contract.number, number, due, status))

    def other_amount(self, contract: WorldContract, number: int) -> Decimal:
        value = contract.plan_value
        if number == 1:  # pro-rata first invoice: only the days since installation are charged
            return (value * Decimal(self.rng.randint(8, 27)) / Decimal(30)).quantize(_CENTS, ROUND_HALF_UP)
        delta = Decimal(self.rng.randint(100, 2500)) / 100  # a fee or a discount, R$ 1.00-25.00
        return value + delta if self.rng.random() < 0.5 or delta >= value else value - delta

    def noise_debt(self, contract: WorldContract) -> WorldDebt:
        rng = self.rng
        product, value = rng.choice(names.NOISE_PRODUCTS)
        contract_day = _schedule(contract.install_date)[0][1].day
        day = rng.choice([d for d in (5, 10, 15, 20) if abs(d - contract_day) >= 5] or [1])
        month_start = add_months(self.today.replace(day=1), -rng.randint(0, 2))
        invoices = []
        for months in range(rng.randint(1, 3)):
            due = add_months(month_start, months).replace(day=day)
            invoices.append(self.invoice(value, due, InvoiceKind.NOISE, None, None))
        return WorldDebt(debt_id=f"D{self.new_id():09d}", deal_code=f"{rng.randrange(10**6):06d}",
                         product_name=product, status="ABERTO", invoices=tuple(invoices))

    def invoice(self, amount: Decimal, due: date, kind: InvoiceKind, contract_number: str | None,
                number: int | None) -> WorldInvoice:
        return WorldInvoice(f"{9_000_000_000 + self.new_id()}", amount, due, kind, contract_number, number)


def generate_world(contracts: int, seed: int, today: date, *, rates: MixRates | None = None,
                   key_string: str | None = None) -> World:
    """A world of exactly `contracts` contracts, the same for the same arguments."""
    if contracts < 0:
        raise ValueError("contracts must be >= 0")
    rng = random.Random(seed)
    builder = _Builder(rng=rng, today=today, rates=rates or MixRates(), extra=random.Random(f"{seed}:extra"))
    key = key_string or f"demo-{rng.getrandbits(128):032x}"
    with gc_paused():
        while len(builder.contracts) < contracts:
            size = 1
            if rng.random() < builder.rates.multi_contract:
                size = 2 if rng.random() < 0.7 else 3
            builder.add_group(min(size, contracts - len(builder.contracts)))
    builder.counts["contracts"] = len(builder.contracts)
    return World(seed=seed, today=today, key_string=key, contracts=tuple(builder.contracts),
                 debts=builder.debts, summary=WorldSummary(**builder.counts), payments=tuple(builder.payments),
                 payments_as_of=builder.payments_as_of)
