"""A world on disk: `contracts.csv` as a back office exports it from Excel, and `world.json`.

contracts.csv: UTF-8 with BOM, `;`-separated, CRLF, Portuguese headers, dates dd/mm/aaaa, money
"1.234,56", punctuated documents, status ATIVO / CANCELADO / DOWNGRADE. world.json: the seed,
`today`, the demo key string, the summary, the contracts (rows), and per document its open debts in
the API's field names, each invoice as a row of INVOICE_FIELDS: id, amount, dueDate and its ground
truth (kind, contract, invoice number). The other invoice fields are derived from these (see
`WorldInvoice`), which keeps a 100,000-contract world at a few tens of MB.

payments.csv: the operator's payment spreadsheet (FPD) as a back office receives it: a title
line with the export date, then `;`-separated rows (contract, invoice number, the operator's due
date, PAGO / NAO_PAGO / ATRASADO / AGUARDANDO, payment date), UTF-8 with BOM, CRLF, for
`import-payments`. It is written when the world has payments and not read back (the simulator
does not need it).
"""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.documents import format_document
from core.domain import ContractStatus, PaymentStatus
from core.simulator.model import InvoiceKind, World, WorldContract, WorldDebt, WorldInvoice, WorldSummary

CONTRACTS_FILE = "contracts.csv"
PAYMENTS_FILE = "payments.csv"
PAYMENTS_HEADER = ("numero_contrato", "numero_fatura", "vencimento", "status_pagamento", "data_pagamento")
PAYMENT_STATUS_PT = {PaymentStatus.PAID: "PAGO", PaymentStatus.UNPAID: "NAO_PAGO", PaymentStatus.LATE: "ATRASADO",
                     PaymentStatus.WAITING: "AGUARDANDO", PaymentStatus.OTHER: "OUTROS"}
WORLD_FILE = "world.json"
FORMAT_VERSION = 1
INVOICE_FIELDS = ("id", "amount", "dueDate", "_kind", "_contract", "_number")
CSV_HEADER = ("numero_contrato", "cpf_cnpj", "cliente", "data_instalacao", "status", "plano", "valor_plano")
STATUS_PT = {ContractStatus.ACTIVE: "ATIVO", ContractStatus.CANCELLED: "CANCELADO",
             ContractStatus.DOWNGRADE: "DOWNGRADE"}


class WorldFileError(ValueError):
    """world.json is missing, unreadable or not a world file."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building or reading millions of small objects: the cyclic GC only slows it down (x2)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def brazilian_money(value: Decimal) -> str:
    """1234.5 -> '1.234,50'."""
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def write_world(world: World, out_dir: str | Path) -> tuple[Path, Path]:
    """Write contracts.csv and world.json into out_dir (created if needed); returns both paths."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    contracts_path = folder / CONTRACTS_FILE
    with contracts_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for c in world.contracts:
            writer.writerow((c.number, format_document(c.document), c.customer_name,
                             c.install_date.strftime("%d/%m/%Y"), STATUS_PT[c.status], c.plan,
                             brazilian_money(c.plan_value)))
    if world.payments:
        write_payments(world, folder / PAYMENTS_FILE)
    world_path = folder / WORLD_FILE
    # json.dumps (the C encoder) is several times faster than json.dump on a big world.
    with gc_paused():
        text = json.dumps(_world_to_json(world), ensure_ascii=False, separators=(",", ":"))
    world_path.write_text(text, encoding="utf-8")
    return contracts_path, world_path


def write_payments(world: World, path: Path) -> None:
    """The world's payment spreadsheet (see the module docstring)."""
    as_of = world.payments_as_of or world.today
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow((f"Relatório de pagamentos (FPD) - posição em {as_of:%d/%m/%Y}",))
        writer.writerow(PAYMENTS_HEADER)
        for p in world.payments:
            writer.writerow((p.contract_number, p.number, p.due_date.strftime("%d/%m/%Y"),
                             PAYMENT_STATUS_PT[p.status], p.paid_at.strftime("%d/%m/%Y") if p.paid_at else ""))


def _world_to_json(world: World) -> dict[str, Any]:
    day_text = lru_cache(maxsize=None)(lambda day: day.strftime("%Y%m%d"))
    return {
        "format": FORMAT_VERSION,
        "seed": world.seed,
        "today": world.today.isoformat(),
        "key_string": world.key_string,
        "summary": {name: getattr(world.summary, name) for name in WorldSummary.__dataclass_fields__},
        "contracts": [[c.number, c.document, c.customer_name, c.install_date.isoformat(), c.status.value,
                       c.plan, str(c.plan_value)] for c in world.contracts],
        "invoice_fields": list(INVOICE_FIELDS),
        "documents": {doc: [_debt_to_json(d, day_text) for d in debts] for doc, debts in world.debts.items()},
    }


def _debt_to_json(debt: WorldDebt, day_text: Callable[[date], str]) -> dict[str, Any]:
    return {
        "debtId": debt.debt_id, "dealCode": debt.deal_code, "productName": debt.product_name,
        "status": debt.status,
        "invoices": [[i.remote_id, str(i.amount), day_text(i.due_date), i.kind.value, i.contract_number,
                      i.number] for i in debt.invoices],
    }


def load_world(path: str | Path) -> World:
    """Read world.json (or the folder holding it). WorldFileError when it is not a world file."""
    file = Path(path)
    if file.is_dir():
        file = file / WORLD_FILE
    try:
        with gc_paused():
            data = json.loads(file.read_bytes())
    except OSError as exc:
        raise WorldFileError(f"cannot read {file}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise WorldFileError(f"{file} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise WorldFileError(f"{file} is not a world file (format {FORMAT_VERSION})")
    try:
        with gc_paused():
            return _world_from_json(data)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise WorldFileError(f"{file} is damaged: {type(exc).__name__}") from None


def _world_from_json(data: dict[str, Any]) -> World:
    contracts = tuple(
        WorldContract(number=n, document=doc, customer_name=name, install_date=date.fromisoformat(inst),
                      status=ContractStatus(status), plan=plan, plan_value=Decimal(value))
        for n, doc, name, inst, status, plan, value in data["contracts"]
    )
    amounts: dict[str, Decimal] = {}  # a world has few distinct amounts: share the objects
    dates: dict[str, date] = {}
    kinds = {kind.value: kind for kind in InvoiceKind}

    def invoice(raw: list[Any]) -> WorldInvoice:
        remote_id, amount_text, due_text, kind, contract_number, number = raw
        amount = amounts.get(amount_text) or amounts.setdefault(amount_text, Decimal(amount_text))
        due = dates.get(due_text) or dates.setdefault(due_text, _compact_date(due_text))
        return WorldInvoice(str(remote_id), amount, due, kinds[kind], contract_number, number)

    debts = {
        doc: tuple(
            WorldDebt(debt_id=d["debtId"], deal_code=d["dealCode"], product_name=d["productName"],
                      status=d["status"], invoices=tuple(invoice(i) for i in d["invoices"]))
            for d in raw
        )
        for doc, raw in data["documents"].items()
    }
    return World(seed=int(data["seed"]), today=date.fromisoformat(data["today"]),
                 key_string=str(data["key_string"]), contracts=contracts, debts=debts,
                 summary=WorldSummary(**data["summary"]))


def _compact_date(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
