"""Outcomes that tell the truth, end to end against the simulator: paid invoices become CLOSED (not
problems), found data is never demoted, a customer's own due day is matched and followed, and a
run with nothing to fetch writes nothing."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from core.domain import PROBLEM_STATUSES, FetchOrigin, FetchStatus, Outcome, RunStatus
from core.due_dates import on_day
from core.eligibility import EmptyReason
from core.engine import RunRequest
from core.simulator.model import InvoiceKind, World, WorldDebt
from core.simulator.profiles import get_profile
from storage.models import Contract, FetchAttempt, FetchRun, Invoice
from tests.engine_support import assert_run_consistent, fast_config, run_engine, seed_from_world

pytestmark = pytest.mark.usefixtures("db")


def _data(invoice_ids: list[int]) -> dict[int, tuple[object, ...]]:
    return {
        i.id: (i.fetch_status, i.amount, i.bar_code, i.pix_code, i.remote_id, i.last_outcome, i.fetch_attempts)
        for i in Invoice.select().where(Invoice.id.in_(invoice_ids))
    }


def _without(world: World, remote_ids: set[str]) -> World:
    """The world after the customers paid these invoices: the operator lists them no more."""
    debts = {
        doc: tuple(dataclasses.replace(d, invoices=tuple(i for i in d.invoices if i.remote_id not in remote_ids))
                   for d in ds)
        for doc, ds in world.debts.items()
    }
    return dataclasses.replace(world, debts={doc: tuple(d for d in ds if d.invoices) for doc, ds in debts.items()})


def test_paid_invoices_are_closed_not_problems_and_automatic_runs_leave_them(small_world, make_simulator) -> None:
    seed_from_world(small_world)
    first = run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None))
    assert_run_consistent(first.run_id)
    closed = Invoice.select().where(Invoice.fetch_status == FetchStatus.CLOSED.value)
    # the small world has past-due invoices already paid (absent at the operator): all CLOSED now
    assert small_world.summary.invoices_paid > 0 and closed.count() >= small_world.summary.invoices_paid
    assert all(i.last_outcome in (Outcome.NO_DEBTS, Outcome.NOT_OPEN) for i in closed)
    assert all(i.fetch_error is None for i in closed)
    run = FetchRun.get_by_id(first.run_id)
    assert run.closed == closed.count() and first.counters.closed == run.closed
    # not problems: no invoice in a problem status has a "not open" outcome
    problems = Invoice.select().where(Invoice.fetch_status.in_([s.value for s in PROBLEM_STATUSES]))
    assert not [i for i in problems if i.last_outcome in (Outcome.NO_DEBTS, Outcome.NOT_OPEN)]
    # an automatic run takes none of them again
    second = run_engine(make_simulator(), small_world, RunRequest(origin=FetchOrigin.AUTOMATIC, rate_limit=None))
    closed_ids = {i.id for i in closed}
    if second.run_id:
        touched = {a.invoice_id for a in FetchAttempt.select().where(FetchAttempt.run == second.run_id)}
        assert not touched & closed_ids


def test_a_matched_invoice_the_operator_no_longer_lists_is_closed_with_its_data(small_world, make_simulator) -> None:
    seed_from_world(small_world)
    run_engine(make_simulator(), small_world, RunRequest(rate_limit=None))
    found = list(Invoice.select().where(Invoice.fetch_status == FetchStatus.SUCCESS.value).limit(5))
    assert found
    before = _data([i.id for i in found])
    paid_world = _without(small_world, {i.remote_id for i in found})
    contracts = {i.contract.number for i in found}
    for number in contracts:
        result = run_engine(make_simulator(paid_world), paid_world,
                            RunRequest(origin=FetchOrigin.RETRY, contract_number=number, force=True, rate_limit=None))
        assert_run_consistent(result.run_id)
    after = _data(list(before))
    for invoice_id, (_status, amount, bar, pix, remote, _outcome, _attempts) in before.items():
        status, amount2, bar2, pix2, remote2, _o, _a = after[invoice_id]
        assert status == FetchStatus.CLOSED.value  # paid since
        assert (amount2, bar2, pix2, remote2) == (amount, bar, pix, remote)  # kept as history


def test_a_retry_against_a_failing_provider_never_demotes_found_invoices(small_world, make_simulator) -> None:
    seed_from_world(small_world)
    run_engine(make_simulator(), small_world, RunRequest(rate_limit=None))
    found = [i.id for i in Invoice.select().where(
        Invoice.fetch_status.in_([FetchStatus.SUCCESS.value, FetchStatus.PARTIAL.value]))]
    assert len(found) > 20
    before = _data(found)
    failing = make_simulator(profile=get_profile("flaky", error_rate=1.0, timeout_rate=0.0, malformed_rate=0.0,
                                                 latency_median_ms=1, latency_p95_ms=2))
    result = run_engine(failing, small_world,
                        RunRequest(origin=FetchOrigin.RETRY, invoice_ids=tuple(found), force=True, rate_limit=None,
                                   max_attempts=2),
                        config=fast_config(breaker_threshold=10_000))
    attempts = FetchAttempt.select().where(FetchAttempt.run == result.run_id)
    assert attempts.count() >= len(found)  # every one was tried, and failed
    assert {a.outcome for a in attempts} <= {o.value for o in Outcome if o.is_transient}
    assert _data(found) == before  # status, data, outcome and counters untouched
    assert_run_consistent(result.run_id)
    assert result.counters.errors == result.counters.gave_up == 0


def _offset_world(world: World, day: int) -> tuple[World, str]:
    """The world with one customer who chose another due day at the operator: every open invoice of
    its (single) contract is due on `day` of its month. Returns the world and the contract number."""
    by_doc: dict[str, list[str]] = {}
    for c in world.contracts:
        by_doc.setdefault(c.document, []).append(c.number)
    for doc, debts in world.debts.items():
        numbers = by_doc.get(doc, [])
        invoices = [i for d in debts for i in d.invoices if i.kind is InvoiceKind.EXACT]
        if len(numbers) == 1 and len(invoices) >= 2 and all(i.due_date.day != day for i in invoices):
            moved = tuple(
                WorldDebt(d.debt_id, d.deal_code, d.product_name, d.status,
                          tuple(dataclasses.replace(i, due_date=on_day(i.due_date, day)) for i in d.invoices))
                for d in debts
            )
            return dataclasses.replace(world, debts={**world.debts, doc: moved}), numbers[0]
    raise AssertionError("no single-contract customer with two open invoices in the world")


def test_a_customer_on_another_due_day_is_matched_and_later_invoices_follow(small_world, make_simulator) -> None:
    world, number = _offset_world(small_world, day=20)
    seed_from_world(world)
    contract = Contract.get(Contract.number == number)
    rule = {i.number: i.due_date for i in contract.invoices}
    result = run_engine(make_simulator(world), world, RunRequest(contract_number=number, rate_limit=None))
    assert_run_consistent(result.run_id)
    invoices = {i.number: i for i in Invoice.select().where(Invoice.contract == contract).order_by(Invoice.number)}
    matched = [i for i in invoices.values() if i.fetch_status == FetchStatus.SUCCESS.value]
    assert len(matched) >= 2  # two or more open invoices on the same day: a plain match
    for inv in matched:
        assert inv.due_date == inv.remote_due_date and inv.due_date.day == 20 and inv.bar_code
    last = max(i.number for i in matched)
    for n, inv in invoices.items():
        if n > last:  # later months moved to the customer's day, so they match exactly
            assert inv.due_date.day == min(20, inv.due_date.day) and inv.due_date != rule[n]
            assert inv.due_date == on_day(inv.due_date, 20)
            assert inv.available_from < inv.due_date
    # nothing of it is a problem
    assert not [i for i in invoices.values() if i.fetch_status in {s.value for s in PROBLEM_STATUSES}
                and i.last_outcome == Outcome.NO_MATCH.value]


def test_an_empty_run_writes_nothing_and_says_why(small_world, make_simulator) -> None:
    seed_from_world(small_world)
    runs = FetchRun.select().count()
    # a cohort whose invoices are not available yet
    latest = max(c.install_date for c in small_world.contracts)
    cohort = f"{latest:%Y-%m}"
    Invoice.update(available_from=date(2099, 1, 1)).where(
        Invoice.contract.in_(Contract.select(Contract.id).where(Contract.cohort == cohort))).execute()
    result = run_engine(make_simulator(), small_world, RunRequest(cohort=cohort, rate_limit=None))
    assert result.run_id == 0 and result.status is RunStatus.COMPLETED and result.nothing is not None
    assert result.nothing.reason is EmptyReason.NOT_YET_AVAILABLE
    assert result.nothing.summary.next_available == date(2099, 1, 1)
    assert "01/01/2099" in result.nothing.describe()
    assert FetchRun.select().count() == runs
    # a selection that matches nothing
    none = run_engine(make_simulator(), small_world, RunRequest(contract_number="nope", rate_limit=None))
    assert none.nothing is not None and none.nothing.reason is EmptyReason.NO_INVOICES
    assert FetchRun.select().count() == runs
