"""Matching a document's open invoices at the provider to our local invoices (DESIGN §2).

A pure function: the same inputs always give the same result, whatever their order.

1. No open invoice at all: every local invoice is `NO_DEBTS`.
2. Exact pass: a local invoice and a remote one are candidates when their due dates are equal.
3. Near pass: locals left with no exact candidate, against the remotes nobody claimed exactly,
   are candidates when the due dates are at most `day_tolerance` days apart.
4. Offset pass: when every open invoice nobody claimed falls on the same day of the month, and
   that day is not ours, the customer pays on another due day (chosen at the operator): locals
   left are paired with such a remote of the same calendar month. The pair is a match whose
   `due_day` says the customer's real day, so the store can move the contract's later invoices;
   a match to review (`MATCHED_DIVERGENT`) when only one open invoice shows that day.
5. Whatever is still unsettled is `AMBIGUOUS` (it had candidates that could not be told apart),
   `NOT_YET_AVAILABLE` (no candidate, not due yet), `NOT_OPEN` (no candidate, due date reached,
   and no open invoice left in its month: most likely paid) or `NO_MATCH` (no candidate, due date
   reached, and the customer has open invoices in that month that match none of ours: to look at).

Within a pass every candidate pair gets a grade from the amount: confirmed (the expected amount
is known and within `amount_tolerance`), unknown (no expected amount) or divergent (known and
farther off). Each local keeps its best-graded candidates, each remote its best-graded locals,
and a pair is settled only when each is the other's single best choice. Settled pairs leave the
pool and the pass repeats until nothing more settles. Because every step looks at whole sets,
no pair is ever chosen by the order of the inputs, and one remote settles at most one local.
Remote invoices that are exactly equal (the same invoice listed twice) count once.
"""

from __future__ import annotations

import calendar
import enum
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.domain import Outcome, RemoteInvoice
from core.messages import Msg, encode, msg

DEFAULT_DAY_TOLERANCE = 3  # days a remote due date may differ from the local one
DEFAULT_AMOUNT_TOLERANCE = Decimal("0.05")  # R$ a remote amount may differ from the expected one


@dataclass(frozen=True, slots=True)
class LocalInvoice:
    """A local invoice waiting to be matched; `expected_amount` None = unknown, not checked."""

    invoice_id: int
    due_date: date
    expected_amount: Decimal | None


@dataclass(frozen=True, slots=True)
class MatchParams:
    day_tolerance: int = DEFAULT_DAY_TOLERANCE
    amount_tolerance: Decimal = DEFAULT_AMOUNT_TOLERANCE

    def __post_init__(self) -> None:
        if self.day_tolerance < 0:
            raise ValueError(f"day_tolerance must be >= 0, got {self.day_tolerance}")
        if self.amount_tolerance < 0:
            raise ValueError(f"amount_tolerance must be >= 0, got {self.amount_tolerance}")


@dataclass(frozen=True, slots=True)
class MatchResult:
    """What matching decided for one local invoice.

    `date_diff_days` is remote due date minus local due date; `amount_diff` is remote amount
    minus expected amount (None when either is unknown or there is no remote).
    """

    invoice_id: int
    outcome: Outcome
    remote: RemoteInvoice | None
    date_diff_days: int | None
    amount_diff: Decimal | None
    detail: str
    due_day: int | None = None  # matched in the offset pass: the customer's real due day


class _Grade(enum.IntEnum):
    """How well the amount supports a candidate pair; lower is better."""

    CONFIRMED = 0
    UNKNOWN = 1
    DIVERGENT = 2


def match_invoices(
    local: Sequence[LocalInvoice],
    remote: Sequence[RemoteInvoice],
    today: date,
    params: MatchParams = MatchParams(),  # noqa: B008 - frozen, so a shared default is safe
) -> dict[int, MatchResult]:
    """One MatchResult per local invoice, keyed by invoice_id (see the module docstring)."""
    ids = [inv.invoice_id for inv in local]
    if len(set(ids)) != len(ids):
        raise ValueError("local invoices must have distinct invoice ids")
    if not remote:
        return {inv.invoice_id: _no_debts(inv) for inv in local}
    remotes = list(dict.fromkeys(remote))  # drop exact duplicates, keep a stable order

    def grade(li: int, ri: int) -> _Grade:
        return _grade(local[li], remotes[ri], params.amount_tolerance)

    # Exact pass.
    exact_edges = _edges(local, remotes, lambda diff: diff == 0)
    exact_settled, exact_contested = _settle(exact_edges, grade)
    # A remote still contested by exact-date locals stays with that date: handing it to a near
    # local would decide the ambiguity by the back door.
    reserved = set(exact_settled.values()).union(*exact_contested.values())

    # Near pass: locals with no exact candidate left, remotes nobody claimed exactly.
    near_local = [li for li in range(len(local)) if li not in exact_settled and li not in exact_contested]
    free = [ri for ri in range(len(remotes)) if ri not in reserved]
    near_edges = _edges(
        local,
        remotes,
        lambda diff: 0 < abs(diff) <= params.day_tolerance,
        local_subset=near_local,
        remote_subset=free,
    )
    near_settled, near_contested = _settle(near_edges, grade)

    # Offset pass: the customer's own due day, when the remotes left all agree on one.
    left_local = [li for li in near_local if li not in near_settled and li not in near_contested]
    left_remote = [ri for ri in free if ri not in set(near_settled.values()).union(*near_contested.values())]
    offset_settled: dict[int, int] = {}
    day = _common_day([remotes[ri].due_date for ri in left_remote], params.day_tolerance)
    if day is not None and left_local:
        offset_edges = _edges(local, remotes, lambda diff: diff != 0, local_subset=left_local,
                              remote_subset=left_remote)
        offset_edges = {
            li: {ri for ri in cands if _same_month(local[li].due_date, remotes[ri].due_date)}
            for li, cands in offset_edges.items()
        }
        offset_edges = {li: cands for li, cands in offset_edges.items() if cands}
        offset_settled, _ = _settle(offset_edges, grade)
    unclaimed = [remotes[ri] for ri in left_remote if ri not in set(offset_settled.values())]

    results: dict[int, MatchResult] = {}
    for li, inv in enumerate(local):
        ri = exact_settled.get(li, near_settled.get(li))
        if ri is not None:
            results[inv.invoice_id] = _matched(inv, remotes[ri], params)
        elif li in offset_settled:
            results[inv.invoice_id] = _matched(inv, remotes[offset_settled[li]], params, due_day=day,
                                               confirmed=len(left_remote) >= 2)
        elif li in exact_contested:
            results[inv.invoice_id] = _ambiguous(inv, [remotes[r] for r in exact_contested[li]], exact=True)
        elif li in near_contested:
            results[inv.invoice_id] = _ambiguous(inv, [remotes[r] for r in near_contested[li]], exact=False)
        else:
            results[inv.invoice_id] = _unmatched(inv, today, params, unclaimed)
    return results


def _same_month(a: date, b: date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def _common_day(dues: Sequence[date], tolerance: int) -> int | None:
    """The customer's own due day when these dates agree on one: they fall within `tolerance` days
    of each other in the month, and the day most of them fall on is it (a short month's last day
    stands for any later day: the 28th of February for the 31st). None when they disagree."""
    if not dues:
        return None
    days = [d.day for d in dues]
    if max(days) - min(days) > tolerance:
        return None
    unclamped = [d.day for d in dues if d.day < calendar.monthrange(d.year, d.month)[1]]
    if not unclamped:  # every one on its month's last day: the customer's day is the latest of them
        return max(days)
    return max(set(unclamped), key=lambda day: (unclamped.count(day), -day))


def _grade(inv: LocalInvoice, rem: RemoteInvoice, tolerance: Decimal) -> _Grade:
    if inv.expected_amount is None:
        return _Grade.UNKNOWN
    if abs(rem.amount - inv.expected_amount) <= tolerance:
        return _Grade.CONFIRMED
    return _Grade.DIVERGENT


def _edges(
    local: Sequence[LocalInvoice],
    remotes: Sequence[RemoteInvoice],
    accept: Callable[[int], bool],
    local_subset: Sequence[int] | None = None,
    remote_subset: Sequence[int] | None = None,
) -> dict[int, set[int]]:
    """local index -> remote indexes whose due-date difference `accept`s (locals with none left out)."""
    lis = range(len(local)) if local_subset is None else local_subset
    ris = range(len(remotes)) if remote_subset is None else remote_subset
    edges: dict[int, set[int]] = {}
    for li in lis:
        due = local[li].due_date
        cands = {ri for ri in ris if accept((remotes[ri].due_date - due).days)}
        if cands:
            edges[li] = cands
    return edges


def _best(grades: dict[int, _Grade]) -> set[int]:
    """The options with the best grade."""
    top = min(grades.values())
    return {o for o, g in grades.items() if g == top}


def _settle(
    edges: dict[int, set[int]], grade: Callable[[int, int], _Grade]
) -> tuple[dict[int, int], dict[int, set[int]]]:
    """Settle mutually unique best pairs until none is left.

    Returns (local -> remote settled, local -> the candidates it is left unable to tell apart).
    """
    settled: dict[int, int] = {}
    pending = {li: set(cands) for li, cands in edges.items()}
    while pending:
        by_remote: dict[int, set[int]] = defaultdict(set)
        for li, cands in pending.items():
            for ri in cands:
                by_remote[ri].add(li)
        local_best = {li: _best({ri: grade(li, ri) for ri in cands}) for li, cands in pending.items()}
        remote_best = {ri: _best({li: grade(li, ri) for li in lis}) for ri, lis in by_remote.items()}
        round_pairs: list[tuple[int, int]] = []
        for li, best in local_best.items():
            if len(best) == 1:
                (ri,) = best
                if remote_best[ri] == {li}:
                    round_pairs.append((li, ri))
        if not round_pairs:
            break
        taken = {ri for _, ri in round_pairs}
        for li, ri in round_pairs:
            settled[li] = ri
            del pending[li]
        for li in list(pending):
            pending[li] -= taken
            if not pending[li]:
                del pending[li]  # its candidates went to better-suited locals
    return settled, pending


def _no_debts(inv: LocalInvoice) -> MatchResult:
    return MatchResult(inv.invoice_id, Outcome.NO_DEBTS, None, None, None, encode("match.no_debts"))


def _matched(inv: LocalInvoice, rem: RemoteInvoice, params: MatchParams, *, due_day: int | None = None,
             confirmed: bool = False) -> MatchResult:
    """A settled pair. Matched in the offset pass (`due_day`): a match when two or more open
    invoices agree on the customer's day (`confirmed`), else a match to review. The detail is a
    message code with its parameters (core.messages)."""
    date_diff = (rem.due_date - inv.due_date).days
    amount_diff = None if inv.expected_amount is None else rem.amount - inv.expected_amount
    problems: list[Msg] = []
    if date_diff and due_day is None:
        problems.append(msg("match.due_later" if date_diff > 0 else "match.due_earlier",
                            due=rem.due_date, days=abs(date_diff)))
    if amount_diff is not None and abs(amount_diff) > params.amount_tolerance:
        problems.append(msg("match.amount_off", amount=rem.amount, expected=inv.expected_amount, diff=amount_diff))
    moved = due_day is not None
    on_day = due_day is not None and rem.due_date.day == min(due_day, calendar.monthrange(
        rem.due_date.year, rem.due_date.month)[1])
    if due_day is not None and not (confirmed and on_day):
        problems.append(msg("match.due_day_guess", due=rem.due_date, day=due_day))
        moved = False
    if problems:
        detail = encode("match.divergent_day", problems=problems, day=due_day) if moved \
            else encode("match.divergent", problems=problems)
        return MatchResult(inv.invoice_id, Outcome.MATCHED_DIVERGENT, rem, date_diff, amount_diff, detail, due_day)
    code = "match.matched" if amount_diff is None else "match.matched_amount"
    detail = encode(code + "_day", due=rem.due_date, day=due_day) if moved else encode(code, due=rem.due_date)
    return MatchResult(inv.invoice_id, Outcome.MATCHED, rem, date_diff, amount_diff, detail, due_day)


def _ambiguous(inv: LocalInvoice, candidates: Sequence[RemoteInvoice], *, exact: bool) -> MatchResult:
    dues = sorted({c.due_date for c in candidates})
    detail = encode("match.ambiguous", count=len(candidates), due=dues[0]) if exact \
        else encode("match.ambiguous_window", count=len(candidates), dues=dues)
    return MatchResult(inv.invoice_id, Outcome.AMBIGUOUS, None, None, None, detail)


def _unmatched(inv: LocalInvoice, today: date, params: MatchParams,
               unclaimed: Sequence[RemoteInvoice] = ()) -> MatchResult:
    window = params.day_tolerance
    if today < inv.due_date:
        detail = encode("match.not_yet", due=inv.due_date, days=window)
        return MatchResult(inv.invoice_id, Outcome.NOT_YET_AVAILABLE, None, None, None, detail)
    unclaimed = [r for r in unclaimed if _same_month(r.due_date, inv.due_date)]
    if not unclaimed:  # an open invoice of another month (or another product) is not this one
        detail = encode("match.not_open", due=inv.due_date, days=window)
        return MatchResult(inv.invoice_id, Outcome.NOT_OPEN, None, None, None, detail)
    dues = sorted({r.due_date for r in unclaimed})[:5]
    detail = encode("match.no_match", due=inv.due_date, days=window, count=len(unclaimed), dues=dues)
    return MatchResult(inv.invoice_id, Outcome.NO_MATCH, None, None, None, detail)
