"""core.matching: a table of worked cases plus hypothesis properties of match_invoices()."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain import Outcome, RemoteInvoice
from core.matching import LocalInvoice, MatchParams, MatchResult, match_invoices
from core.messages import render_text

TODAY = date(2026, 6, 15)
PAST = date(2026, 5, 10)  # due dates already reached
FUTURE = date(2026, 7, 10)  # not due yet
M = Outcome.MATCHED
DIV = Outcome.MATCHED_DIVERGENT
AMB = Outcome.AMBIGUOUS
NOM = Outcome.NO_MATCH
NYA = Outcome.NOT_YET_AVAILABLE
NOD = Outcome.NO_DEBTS
NOP = Outcome.NOT_OPEN


def loc(invoice_id: int, due: date, amount: str | None = None) -> LocalInvoice:
    return LocalInvoice(invoice_id, due, None if amount is None else Decimal(amount))


def rem(remote_id: str, due: date, amount: str = "99.90") -> RemoteInvoice:
    return RemoteInvoice(remote_id=remote_id, amount=Decimal(amount), due_date=due)


def d(day: date, days: int) -> date:
    return day + timedelta(days=days)


@dataclass(frozen=True)
class Case:
    name: str
    local: tuple[LocalInvoice, ...]
    remote: tuple[RemoteInvoice, ...]
    expected: dict[int, tuple[Outcome, str | None]]  # invoice id -> (outcome, remote id or None)
    params: MatchParams = MatchParams()


CASES = [
    Case("no open invoices at all", (loc(1, PAST), loc(2, FUTURE)), (), {1: (NOD, None), 2: (NOD, None)}),
    Case("exact date, same amount", (loc(1, PAST, "99.90"),), (rem("a", PAST),), {1: (M, "a")}),
    Case("exact date, amount unknown", (loc(1, PAST),), (rem("a", PAST, "123.45"),), {1: (M, "a")}),
    Case("amount +0.05 is within tolerance", (loc(1, PAST, "99.85"),), (rem("a", PAST),), {1: (M, "a")}),
    Case("amount -0.05 is within tolerance", (loc(1, PAST, "99.95"),), (rem("a", PAST),), {1: (M, "a")}),
    Case("amount +0.06 diverges", (loc(1, PAST, "99.84"),), (rem("a", PAST),), {1: (DIV, "a")}),
    Case("amount -0.06 diverges", (loc(1, PAST, "99.96"),), (rem("a", PAST),), {1: (DIV, "a")}),
    Case("date +3 days is near", (loc(1, PAST),), (rem("a", d(PAST, 3)),), {1: (DIV, "a")}),
    Case("date -3 days is near", (loc(1, PAST),), (rem("a", d(PAST, -3)),), {1: (DIV, "a")}),
    Case("+4 days, same month: another due day, to review", (loc(1, PAST),), (rem("a", d(PAST, 4)),),
         {1: (DIV, "a")}),
    Case("-4 days, same month, not due yet: another due day, to review", (loc(1, FUTURE),),
         (rem("a", d(FUTURE, -4)),), {1: (DIV, "a")}),
    Case("+25 days, next month: not this one, so this one is not open (due reached)", (loc(1, PAST),),
         (rem("a", d(PAST, 25)),), {1: (NOP, None)}),
    Case("two open invoices in its month on other days: no match, and it says so",
         (loc(1, PAST),), (rem("a", d(PAST, 5)), rem("b", d(PAST, 8))), {1: (NOM, None)}),
    Case("-25 days, last month: not yet available", (loc(1, FUTURE),), (rem("a", d(FUTURE, -25)),),
         {1: (NYA, None)}),
    Case("two open invoices on the customer's own day: both matched",
         (loc(1, PAST), loc(2, date(2026, 6, 10))), (rem("a", date(2026, 5, 20)), rem("b", date(2026, 6, 20))),
         {1: (M, "a"), 2: (M, "b")}),
    Case("open invoices on days far apart are no due day of the customer's",
         (loc(1, PAST), loc(2, date(2026, 6, 10))), (rem("a", date(2026, 5, 20)), rem("b", date(2026, 6, 27))),
         {1: (NOM, None), 2: (NOM, None)}),
    Case("open invoices a day or two apart: the customer's day, the odd one to review",
         (loc(1, PAST), loc(2, date(2026, 6, 10)), loc(3, date(2026, 7, 10))),
         (rem("a", date(2026, 5, 20)), rem("b", date(2026, 6, 21)), rem("c", date(2026, 7, 20))),
         {1: (M, "a"), 2: (DIV, "b"), 3: (M, "c")}),
    Case("the 31st is the last day of a short month", (loc(1, date(2026, 1, 10)), loc(2, date(2026, 2, 10))),
         (rem("a", date(2026, 1, 31)), rem("b", date(2026, 2, 28))), {1: (M, "a"), 2: (M, "b")}),
    Case("due today counts as reached", (loc(1, TODAY),), (rem("a", d(TODAY, 30)),), {1: (NOP, None)}),
    Case("due tomorrow is not yet available", (loc(1, d(TODAY, 1)),), (rem("a", d(TODAY, 30)),),
         {1: (NYA, None)}),
    Case("near and off in amount", (loc(1, PAST, "50.00"),), (rem("a", d(PAST, 1)),), {1: (DIV, "a")}),
    Case("amount picks one of two same-date remotes", (loc(1, PAST, "149.90"),),
         (rem("a", PAST, "99.90"), rem("b", PAST, "149.90")), {1: (M, "b")}),
    Case("two same-date remotes both within tolerance", (loc(1, PAST, "99.90"),),
         (rem("a", PAST, "99.90"), rem("b", PAST, "99.93")), {1: (AMB, None)}),
    Case("two same-date remotes, amount unknown", (loc(1, PAST),),
         (rem("a", PAST, "99.90"), rem("b", PAST, "149.90")), {1: (AMB, None)}),
    Case("two same-date remotes, neither amount fits", (loc(1, PAST, "10.00"),),
         (rem("a", PAST, "99.90"), rem("b", PAST, "149.90")), {1: (AMB, None)}),
    Case("the same remote listed twice counts once", (loc(1, PAST, "99.90"),),
         (rem("a", PAST), rem("a", PAST)), {1: (M, "a")}),
    Case("duplicates with different ids are ambiguous", (loc(1, PAST, "99.90"),),
         (rem("a", PAST), rem("b", PAST)), {1: (AMB, None)}),
    Case("two contracts, same day, one remote, amounts unknown", (loc(1, PAST), loc(2, PAST)),
         (rem("a", PAST),), {1: (AMB, None), 2: (AMB, None)}),
    Case("two contracts, same day, amounts tell them apart",
         (loc(1, PAST, "99.90"), loc(2, PAST, "149.90")),
         (rem("a", PAST, "149.90"), rem("b", PAST, "99.90")), {1: (M, "b"), 2: (M, "a")}),
    Case("two contracts, same day, one paid: the other takes its own",
         (loc(1, PAST, "99.90"), loc(2, PAST, "149.90")), (rem("a", PAST, "99.90"),),
         {1: (M, "a"), 2: (NOP, None)}),
    Case("a confirmed amount beats an unknown one", (loc(1, PAST, "99.90"), loc(2, PAST, "149.90")),
         (rem("a", PAST, "99.90"), rem("b", PAST, "300.00")), {1: (M, "a"), 2: (DIV, "b")}),
    Case("identical contracts on one day are ambiguous", (loc(1, PAST, "99.90"), loc(2, PAST, "99.90")),
         (rem("a", PAST), rem("b", PAST)), {1: (AMB, None), 2: (AMB, None)}),
    Case("exact beats near", (loc(1, PAST),), (rem("a", PAST), rem("b", d(PAST, 1))), {1: (M, "a")}),
    Case("a remote used exactly is not offered to a near local", (loc(1, PAST), loc(2, d(PAST, 2))),
         (rem("a", PAST),), {1: (M, "a"), 2: (NOP, None)}),
    Case("the near remote left by the exact pass goes to the near local",
         (loc(1, PAST), loc(2, d(PAST, 2))), (rem("a", PAST), rem("b", d(PAST, 1))),
         {1: (M, "a"), 2: (DIV, "b")}),
    Case("a near remote between two locals is not given to either", (loc(1, PAST), loc(2, d(PAST, 2))),
         (rem("a", d(PAST, 1)),), {1: (AMB, None), 2: (AMB, None)}),
    Case("the amount decides a near remote between two locals",
         (loc(1, PAST, "100.00"), loc(2, d(PAST, 2), "200.00")), (rem("a", d(PAST, 1), "200.00"),),
         {1: (NOP, None), 2: (DIV, "a")}),
    Case("two near remotes around one local", (loc(1, PAST),), (rem("a", d(PAST, -1)), rem("b", d(PAST, 1))),
         {1: (AMB, None)}),
    Case("a remote contested on its exact date is not handed to a near local",
         (loc(1, PAST), loc(2, PAST), loc(3, d(PAST, 2))), (rem("a", PAST),),
         {1: (AMB, None), 2: (AMB, None), 3: (NOP, None)}),
    Case("leftover after a better local settles",
         (loc(1, PAST, "100.00"), loc(2, PAST, "200.00")),
         (rem("a", PAST, "100.00"), rem("b", PAST, "300.00")), {1: (M, "a"), 2: (DIV, "b")}),
    Case("far-away remotes are noise", (loc(1, PAST), loc(2, FUTURE)),
         (rem("x", date(2025, 1, 5)), rem("y", date(2027, 3, 1))), {1: (NOP, None), 2: (NYA, None)}),
    Case("day tolerance 0: a day off is matched only as the customer's own day, to review", (loc(1, PAST),),
         (rem("a", d(PAST, 1)),), {1: (DIV, "a")}, MatchParams(day_tolerance=0)),
    Case("day tolerance 5 reaches 5 days", (loc(1, PAST),), (rem("a", d(PAST, -5)),),
         {1: (DIV, "a")}, MatchParams(day_tolerance=5)),
    Case("amount tolerance 0 is strict", (loc(1, PAST, "99.89"),), (rem("a", PAST),),
         {1: (DIV, "a")}, MatchParams(amount_tolerance=Decimal("0"))),
]


def _check(case: Case, results: dict[int, MatchResult]) -> None:
    assert set(results) == set(case.expected)
    for invoice_id, (outcome, remote_id) in case.expected.items():
        got = results[invoice_id]
        assert got.invoice_id == invoice_id
        assert got.outcome is outcome, f"{case.name}: invoice {invoice_id}: {got}"
        assert (got.remote.remote_id if got.remote else None) == remote_id, f"{case.name}: {got}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_table(case: Case) -> None:
    _check(case, match_invoices(case.local, case.remote, TODAY, case.params))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_table_reversed_inputs(case: Case) -> None:
    _check(case, match_invoices(case.local[::-1], case.remote[::-1], TODAY, case.params))


def test_a_whole_contract_with_two_paid_and_five_unissued() -> None:
    first = date(2026, 2, 4)
    locals_ = [loc(n, date(2026, 1 + n, 4), "99.90") for n in range(1, 11)]
    assert locals_[0].due_date == first
    remotes = [rem(f"r{n}", date(2026, 1 + n, 4)) for n in (3, 4, 5)]
    results = match_invoices(locals_, remotes, TODAY)
    assert [results[n].outcome for n in range(1, 11)] == [NOP, NOP, M, M, M] + [NYA] * 5


def test_two_contracts_of_one_customer_two_days_apart() -> None:
    # Contract A is due on the 4th, B on the 6th; A's March invoice was paid, B's was not.
    a = [loc(10 + n, date(2026, n, 4), "99.90") for n in (3, 4)]
    b = [loc(20 + n, date(2026, n, 6), "149.90") for n in (3, 4)]
    remotes = [rem("b3", date(2026, 3, 6), "149.90"), rem("a4", date(2026, 4, 4), "99.90"),
               rem("b4", date(2026, 4, 6), "149.90")]
    results = match_invoices(a + b, remotes, TODAY)
    assert results[13].outcome is NOP  # b3 is B's exact match, never A's near one: A's March was paid
    assert (results[23].outcome, results[23].remote) == (M, remotes[0])
    assert (results[14].outcome, results[14].remote) == (M, remotes[1])
    assert (results[24].outcome, results[24].remote) == (M, remotes[2])


def test_result_fields_of_an_exact_match() -> None:
    r = rem("a", PAST, "100.03")
    got = match_invoices([loc(7, PAST, "100.00")], [r], TODAY)[7]
    assert got == MatchResult(7, M, r, 0, Decimal("0.03"), got.detail)
    assert "within tolerance" in render_text(got.detail)


def test_result_fields_of_a_divergent_match() -> None:
    r = rem("a", d(PAST, -2), "110.00")
    got = match_invoices([loc(7, PAST, "100.00")], [r], TODAY)[7]
    assert (got.outcome, got.remote, got.date_diff_days, got.amount_diff) == (DIV, r, -2, Decimal("10.00"))
    text = render_text(got.detail)
    assert "2 day(s) earlier" in text and "by R$ 10.00" in text


def test_unmatched_results_carry_no_remote() -> None:
    for got in match_invoices([loc(1, PAST), loc(2, FUTURE)], [rem("x", date(2020, 1, 1))], TODAY).values():
        assert (got.remote, got.date_diff_days, got.amount_diff) == (None, None, None)
        assert got.detail


def test_duplicate_local_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="distinct"):
        match_invoices([loc(1, PAST), loc(1, FUTURE)], [], TODAY)


@pytest.mark.parametrize("kwargs", [{"day_tolerance": -1}, {"amount_tolerance": Decimal("-0.01")}])
def test_negative_tolerances_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        MatchParams(**kwargs)  # type: ignore[arg-type]


def test_no_locals_gives_no_results() -> None:
    assert match_invoices([], [rem("a", PAST)], TODAY) == {}


# --- properties -------------------------------------------------------------------------------

BASE = date(2026, 3, 1)
AMOUNTS = [Decimal(a) for a in ("99.90", "99.95", "99.96", "100.00", "149.90")]
due_dates = st.integers(min_value=0, max_value=20).map(lambda n: BASE + timedelta(days=n))
local_lists = st.lists(
    st.tuples(due_dates, st.none() | st.sampled_from(AMOUNTS)), max_size=8
).map(lambda rows: [LocalInvoice(i + 1, due, amount) for i, (due, amount) in enumerate(rows)])
remote_lists = st.lists(
    st.builds(rem, st.sampled_from("abcdefghij"), due_dates, st.sampled_from([str(a) for a in AMOUNTS])),
    max_size=8,
)
params_st = st.builds(MatchParams, st.integers(0, 4), st.sampled_from([Decimal("0"), Decimal("0.05")]))
todays = st.integers(-5, 25).map(lambda n: BASE + timedelta(days=n))


@settings(max_examples=400)
@given(local_lists, remote_lists, todays, params_st)
def test_every_local_gets_exactly_one_consistent_result(
    local: list[LocalInvoice], remote: list[RemoteInvoice], today: date, params: MatchParams
) -> None:
    results = match_invoices(local, remote, today, params)
    assert sorted(results) == [inv.invoice_id for inv in local]
    by_id = {inv.invoice_id: inv for inv in local}
    for invoice_id, got in results.items():
        inv = by_id[invoice_id]
        assert got.invoice_id == invoice_id
        assert (got.outcome is NOD) == (not remote)
        assert got.detail and not re.search(r"\d{11}", got.detail)
        if got.outcome.is_match:
            assert got.remote in remote
            assert got.date_diff_days == (got.remote.due_date - inv.due_date).days
            if got.due_day is None:
                assert abs(got.date_diff_days) <= params.day_tolerance
            else:  # the customer's own due day, in the same month
                assert (got.remote.due_date.year, got.remote.due_date.month) == (inv.due_date.year, inv.due_date.month)
                assert abs(got.remote.due_date.day - got.due_day) <= params.day_tolerance or (
                    got.remote.due_date.day < got.due_day)  # the last day of a short month
            within = inv.expected_amount is None or abs(got.remote.amount - inv.expected_amount) <= (
                params.amount_tolerance
            )
            if got.outcome is M:
                assert (got.date_diff_days == 0 or got.due_day is not None) and within
            else:
                assert got.date_diff_days != 0 or not within
        else:
            assert got.remote is None
        if got.outcome is NYA:
            assert today < inv.due_date
        if got.outcome in (NOM, NOP):
            assert today >= inv.due_date
        if got.outcome is AMB:
            assert any(abs((r.due_date - inv.due_date).days) <= params.day_tolerance for r in remote)


@settings(max_examples=400)
@given(local_lists, remote_lists, params_st)
def test_a_remote_never_matches_two_locals(
    local: list[LocalInvoice], remote: list[RemoteInvoice], params: MatchParams
) -> None:
    used = Counter(got.remote for got in match_invoices(local, remote, BASE, params).values() if got.remote)
    assert all(count == 1 for count in used.values())


@settings(max_examples=400)
@given(local_lists, remote_lists, params_st)
def test_an_exact_unique_candidate_always_wins(
    local: list[LocalInvoice], remote: list[RemoteInvoice], params: MatchParams
) -> None:
    results = match_invoices(local, remote, BASE, params)
    distinct = set(remote)
    for inv in local:
        same_day = [r for r in distinct if r.due_date == inv.due_date]
        rivals = [other for other in local if other.due_date == inv.due_date and other is not inv]
        if len(same_day) == 1 and not rivals:
            got = results[inv.invoice_id]
            assert got.outcome.is_match and got.remote == same_day[0] and got.date_diff_days == 0


@settings(max_examples=300)
@given(local_lists, remote_lists, todays, params_st, st.data())
def test_the_order_of_the_inputs_does_not_matter(
    local: list[LocalInvoice],
    remote: list[RemoteInvoice],
    today: date,
    params: MatchParams,
    data: st.DataObject,
) -> None:
    expected = match_invoices(local, remote, today, params)
    shuffled_local = data.draw(st.permutations(local))
    shuffled_remote = data.draw(st.permutations(remote))
    assert match_invoices(shuffled_local, shuffled_remote, today, params) == expected


@settings(max_examples=200)
@given(remote_lists.filter(bool), todays)
def test_a_local_with_nothing_near_is_never_matched_nor_ambiguous(
    remote: list[RemoteInvoice], today: date
) -> None:
    far = LocalInvoice(99, BASE + timedelta(days=60), None)
    got = match_invoices([far], remote, today)[99]
    assert got.outcome in (NOM, NYA)
