"""runner.demo: the demo world served, imported and given a history of runs made by the engine."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.contracts_import import read_contracts_file
from runner import build
from runner.demo import DemoError, build_history, demo_environment
from storage.analytics.runs import fetch_runs
from storage.contracts import contract_numbers, import_contracts
from storage.models import Contract, Invoice
from storage.run_export import has_runs, run_log

TODAY = date(2026, 3, 15)


def test_a_demo_database_gets_a_history_once(db) -> None:
    with demo_environment(contracts=30, profile="healthy", today=TODAY) as env:
        assert env.provider == build.ProviderConfig(env.provider_url, env.key_string, env.read_timeout)
        assert len(set(contract_numbers())) == env.imported > 0
        assert not has_runs()
        made = build_history(env, days=3)
        assert made >= 3 and has_runs()
        assert build_history(env, days=3) == 0  # the history is there already
    runs = fetch_runs()
    assert len(runs) == made
    assert {run.started_by for run in runs} == {"demo-history"}
    assert all(run_log(run.id) for run in runs)


def test_the_demo_refuses_a_database_with_other_contracts(db, tmp_path) -> None:
    csv = tmp_path / "real.csv"
    csv.write_text("numero_contrato;cpf_cnpj;cliente;data_instalacao\nR-1;529.982.247-25;Ana;02/01/2026\n",
                   encoding="utf-8")
    import_contracts(read_contracts_file(csv, TODAY).records, datetime.now(UTC))
    with pytest.raises(DemoError, match="not demo data"):
        with demo_environment(contracts=5, profile="healthy", today=TODAY):
            pass
    assert list(contract_numbers()) == ["R-1"]


def test_the_demo_imports_its_payment_spreadsheet_before_any_run(db) -> None:
    with demo_environment(contracts=120, profile="healthy", today=TODAY) as env:
        world = env.world
        assert (env.folder / "payments.csv").is_file()
        paid_rows = {(p.contract_number, p.number) for p in world.payments if p.status.value == "PAID"}
        stored = {(c, n) for c, n in Invoice.select(Contract.number, Invoice.number).join(Contract)
                  .where(Invoice.fetch_status == "PAID").tuples()}
        imported = set(contract_numbers())
        assert stored == {key for key in paid_rows if key[0] in imported}
        assert env.payments.paid == len(stored) > 0
        # paid invoices are the ones the operator no longer lists: none of them is among the open debts
        open_keys = {(i.contract_number, i.number) for debts in world.debts.values() for d in debts
                     for i in d.invoices}
        assert not stored & open_keys
        assert not has_runs()
