"""Generated worlds: deterministic, realistic in their mix, faithful to the due-date rule, and
written as the files a back office and the simulator expect.
"""

from __future__ import annotations

import binascii
import csv
import json
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from core.documents import document_kind, normalize_document
from core.domain import ContractStatus, PaymentStatus
from core.due_dates import invoice_schedule
from core.payments_import import read_payments_file
from core.simulator.model import InvoiceKind, World
from core.simulator.world import generate_world, load_world, write_world
from core.simulator.world_files import CSV_HEADER, PAYMENTS_FILE, WorldFileError

TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def world() -> World:
    """Big enough for proportions to settle (about 12,000 open invoices)."""
    return generate_world(3000, seed=7, today=TODAY)


def test_same_seed_same_world_other_seed_other_world() -> None:
    a = generate_world(300, seed=11, today=TODAY)
    b = generate_world(300, seed=11, today=TODAY)
    c = generate_world(300, seed=12, today=TODAY)
    assert (a.contracts, dict(a.debts), a.summary, a.key_string) == (b.contracts, dict(b.debts), b.summary,
                                                                     b.key_string)
    assert a.contracts != c.contracts and a.key_string != c.key_string
    assert len(a.contracts) == 300 and generate_world(0, seed=1, today=TODAY).contracts == ()


def test_contracts(world: World) -> None:
    contracts = world.contracts
    assert len({c.number for c in contracts}) == len(contracts)
    installs = [c.install_date for c in contracts]
    assert min(installs) >= TODAY - timedelta(days=366) and max(installs) < TODAY
    assert len({(d.year, d.month) for d in installs}) >= 12  # spread over the year
    kinds = Counter(str(document_kind(c.document)) for c in contracts)
    assert kinds["None"] / len(contracts) < 0.02  # a few typos, most documents valid
    assert kinds["CNPJ"] / len(contracts) > 0.02
    statuses = Counter(c.status for c in contracts)
    assert statuses[ContractStatus.ACTIVE] / len(contracts) > 0.8
    assert statuses[ContractStatus.CANCELLED] and statuses[ContractStatus.DOWNGRADE]
    names = "".join(c.customer_name for c in contracts)
    assert all(ch in names for ch in "ãçéí")
    assert {c.plan_value for c in contracts} >= {Decimal("99.90"), Decimal("129.90")}


def test_remote_invoices_follow_the_due_date_rule(world: World) -> None:
    by_number = {c.number: c for c in world.contracts}
    for document, debts in world.debts.items():
        assert document_kind(document) is not None  # invalid documents have no debts
        for invoice in (i for d in debts for i in d.invoices):
            if invoice.kind is InvoiceKind.NOISE:
                assert invoice.contract_number is None
                continue
            contract = by_number[invoice.contract_number]  # type: ignore[index]
            assert contract.document == document
            number, due, available = invoice_schedule(contract.install_date)[invoice.number - 1]  # type: ignore[operator]
            assert available <= TODAY  # never before it is issued
            shift = (invoice.due_date - due).days
            if invoice.kind is InvoiceKind.DATE_SHIFTED:
                assert 1 <= abs(shift) <= 3 and invoice.amount == contract.plan_value
            elif invoice.kind is InvoiceKind.AMOUNT_DIFFERS:
                assert shift == 0 and abs(invoice.amount - contract.plan_value) > Decimal("0.05")
            elif invoice.kind is InvoiceKind.OTHER_DUE_DAY:
                assert 5 <= abs(shift) <= 12 and invoice.amount == contract.plan_value
            else:
                assert shift == 0 and invoice.amount == contract.plan_value


def test_future_invoices_are_never_paid_and_always_present(world: World) -> None:
    present = {(i.contract_number, i.number)
               for debts in world.debts.values() for debt in debts for i in debt.invoices}
    documents_with_contract_debts = {doc for doc, debts in world.debts.items()
                                     if any(d.product_name == "Internet Fibra" for d in debts)}
    checked = 0
    for contract in world.contracts:
        if (contract.status is not ContractStatus.ACTIVE
                or contract.document not in documents_with_contract_debts):
            continue
        for number, due, available in invoice_schedule(contract.install_date):
            if available <= TODAY <= due:  # issued, not yet due: cannot have been paid
                assert (contract.number, number) in present
                checked += 1
    assert checked > 100


def test_the_mix_is_realistic(world: World) -> None:
    s = world.summary
    invoices = [i for debts in world.debts.values() for d in debts for i in d.invoices]
    kinds = Counter(i.kind for i in invoices)
    contract_invoices = len(invoices) - kinds[InvoiceKind.NOISE]
    assert contract_invoices == s.invoices_open == s.exact + s.date_shifted + s.amount_differs + s.other_due_day
    assert (kinds[InvoiceKind.EXACT], kinds[InvoiceKind.DATE_SHIFTED], kinds[InvoiceKind.AMOUNT_DIFFERS],
            kinds[InvoiceKind.OTHER_DUE_DAY]) == (s.exact, s.date_shifted, s.amount_differs, s.other_due_day)
    assert 0.015 < s.other_due_day_documents / s.documents < 0.045  # ~3% picked another due day
    assert 0.80 < s.exact / contract_invoices < 0.94
    assert 0.03 < s.date_shifted / contract_invoices < 0.07
    assert 0.03 < s.amount_differs / contract_invoices < 0.07
    past_due = sum(1 for c in world.contracts for _, due, available in invoice_schedule(c.install_date)
                   if available <= TODAY and due < TODAY)
    assert 0.07 < s.invoices_paid / past_due < 0.20  # ~10% paid, plus customers who paid everything
    assert s.invoices_not_issued > 0
    assert 0.03 < s.multi_contract_documents / s.documents < 0.07
    assert s.ambiguous_pairs > 0 and s.noise_debts > 0 and s.documents_without_debts > 0
    assert s.documents_without_debts == s.documents - len(world.debts)
    assert s.contracts == len(world.contracts)


def test_ambiguous_pairs_give_twin_remote_invoices(world: World) -> None:
    twins = 0
    for debts in world.debts.values():
        keys = Counter((i.due_date, i.amount)
                       for d in debts for i in d.invoices if i.kind is not InvoiceKind.NOISE)
        twins += sum(1 for count in keys.values() if count > 1)
    assert twins > 0


def test_noise_debts_are_other_products_on_other_days(world: World) -> None:
    noise = [(doc, d)
             for doc, debts in world.debts.items() for d in debts if d.product_name != "Internet Fibra"]
    assert noise
    for _, debt in noise:
        assert all(i.kind is InvoiceKind.NOISE for i in debt.invoices)


def test_payment_codes(world: World) -> None:
    invoices = [i for debts in list(world.debts.values())[:200] for d in debts for i in d.invoices]
    lengths: Counter[int] = Counter()
    for invoice in invoices:
        bar_code, pix = invoice.payment_codes()
        assert bar_code.isdigit()
        lengths[len(bar_code)] += 1
        assert pix.startswith("000201") and f"54{len(f'{invoice.amount:.2f}'):02d}{invoice.amount:.2f}" in pix
        crc = binascii.crc_hqx(pix[:-4].encode(), 0xFFFF)
        assert pix[-4:] == f"{crc:04X}"
        assert invoice.payment_codes() == (bar_code, pix)  # stable
    assert set(lengths) == {47, 48}


def test_files(tmp_path: Path, world: World) -> None:
    contracts_path, world_path = write_world(world, tmp_path / "out")
    raw = contracts_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(rows[0]) == CSV_HEADER == (
        "numero_contrato", "cpf_cnpj", "cliente", "data_instalacao", "status", "plano", "valor_plano")
    assert len(rows) == len(world.contracts) + 1
    for row, contract in zip(rows[1:], world.contracts, strict=True):
        number, document, name, installed, status, plan, value = row
        assert number == contract.number and name == contract.customer_name and plan == contract.plan
        assert re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}|\w{2}\.\w{3}\.\w{3}/\w{4}-\d{2}", document)
        assert normalize_document(document) == contract.document
        assert installed == contract.install_date.strftime("%d/%m/%Y")
        assert status in ("ATIVO", "CANCELADO", "DOWNGRADE")
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", value)
        assert Decimal(value.replace(".", "").replace(",", ".")) == contract.plan_value
    assert any(re.fullmatch(r"\d\.\d{3},\d{2}", row[6]) for row in rows[1:])  # thousands separator used
    data = json.loads(world_path.read_text(encoding="utf-8"))
    assert data["key_string"] == world.key_string and data["today"] == TODAY.isoformat()
    loaded = load_world(world_path)
    assert loaded.contracts == world.contracts and dict(loaded.debts) == dict(world.debts)
    assert loaded.summary == world.summary and loaded.key_string == world.key_string
    assert load_world(tmp_path / "out").today == TODAY  # the folder works too


@pytest.mark.parametrize("content", [None, "not json", '{"format": 99}', '{"format": 1}', "[]"])
def test_load_world_rejects_what_is_not_a_world(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "world.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(WorldFileError):
        load_world(path)


def test_key_string_is_not_in_the_repr(world: World) -> None:
    assert world.key_string not in repr(world)


def test_customers_with_another_due_day_are_off_by_one_offset_on_every_open_invoice(world: World) -> None:
    by_number = {c.number: c for c in world.contracts}
    offsets: dict[str, set[int]] = {}
    for document, debts in world.debts.items():
        for invoice in (i for d in debts for i in d.invoices if i.kind is not InvoiceKind.NOISE):
            contract = by_number[invoice.contract_number]  # type: ignore[index]
            rule_due = invoice_schedule(contract.install_date)[invoice.number - 1][1]  # type: ignore[operator]
            if invoice.kind is InvoiceKind.OTHER_DUE_DAY:
                offsets.setdefault(document, set()).add((invoice.due_date - rule_due).days)
    assert len(offsets) == world.summary.other_due_day_documents - _without_open_invoices(world)
    assert all(len(days) == 1 for days in offsets.values()), "one offset per customer"
    for document in offsets:  # every open contract invoice of such a customer is off the rule
        kinds = {i.kind for d in world.debts[document] for i in d.invoices if i.kind is not InvoiceKind.NOISE}
        assert kinds == {InvoiceKind.OTHER_DUE_DAY}


def _without_open_invoices(world: World) -> int:
    """Customers who picked another due day but have nothing open (all paid, or all in the future)."""
    with_open = {doc for doc, debts in world.debts.items()
                 if any(i.kind is InvoiceKind.OTHER_DUE_DAY for d in debts for i in d.invoices)}
    return world.summary.other_due_day_documents - len(with_open)


def test_the_payment_spreadsheet_says_paid_for_what_is_absent_and_open_for_what_is_listed(world: World) -> None:
    as_of = world.payments_as_of
    assert as_of is not None and as_of < TODAY
    present = {(i.contract_number, i.number): i
               for debts in world.debts.values() for d in debts for i in d.invoices if i.contract_number}
    statuses = Counter(p.status for p in world.payments)
    rows = {(p.contract_number, p.number): p for p in world.payments}
    assert len(rows) == len(world.payments), "one row per invoice"
    for key, payment in rows.items():
        if payment.status is PaymentStatus.PAID:
            assert key not in present, "a paid invoice is not among the open debts"
            assert payment.paid_at is not None and payment.paid_at <= as_of
        else:
            assert payment.paid_at is None
            if key in present:
                assert present[key].due_date == payment.due_date  # the operator's own due date
    paid_rows = statuses[PaymentStatus.PAID]
    s = world.summary
    assert paid_rows + s.invoices_paid_after_export == s.invoices_paid
    assert 0 < s.invoices_paid_after_export < paid_rows / 5
    assert {PaymentStatus.UNPAID, PaymentStatus.LATE, PaymentStatus.WAITING} <= set(statuses)


def test_the_payment_spreadsheet_reads_back_through_the_import(tmp_path: Path, world: World) -> None:
    write_world(world, tmp_path)
    text = (tmp_path / PAYMENTS_FILE).read_text(encoding="utf-8-sig")
    assert text.startswith("Relatório de pagamentos (FPD) - posição em ")
    parsed = read_payments_file(tmp_path / PAYMENTS_FILE, TODAY)
    assert parsed.ok, parsed.errors[:3] or parsed.file_error
    assert [(r.contract_number, r.invoice_number, r.status, r.paid_at) for r in parsed.records] == [
        (p.contract_number, p.number, p.status, p.paid_at) for p in world.payments]
