"""Claims on a real store: two runs asking for the same documents, a lease that passes, a
release with the batch of results, and a claimed document planned again on current data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.engine.ports import Batch, RunCounters
from core.engine.request import RunRequest
from storage.engine_store import SqlEngineStore, lease_seconds
from storage.errors import StoreWriteError
from storage.models import FetchClaim, FetchRun, Invoice
from tests.engine_support import seed_from_world

NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)


class ClockedStore(SqlEngineStore):
    """The real store on a wall clock the test moves (leases are measured on it)."""

    def __init__(self, clock: list[datetime], lease: float = 10.0) -> None:
        super().__init__(lease=lease)
        self.clock = clock

    def _wall(self) -> datetime:  # type: ignore[override]
        return self.clock[0]


@pytest.fixture
def planned(db, small_world):
    seed_from_world(small_world)
    store = SqlEngineStore()
    request = RunRequest(rate_limit=None)
    plan = store.plan(request, NOW, small_world.today)
    assert plan.documents > 4
    return store, request, plan, small_world.today


def _run(store: SqlEngineStore, request: RunRequest, plan) -> int:
    return store.start_run(request, plan, NOW)


def _batch(released: tuple[str, ...] = ()) -> Batch:
    return Batch(attempts=(), invoices=(), counters=RunCounters(), heartbeat_at=NOW, log_lines=None,
                 released=released)


def test_a_document_is_claimed_by_one_run_until_its_lease_passes(planned) -> None:
    _, request, plan, today = planned
    clock = [datetime.now(UTC)]
    first, second = ClockedStore(clock), ClockedStore(clock)
    a, b = _run(first, request, plan), _run(second, request, plan)
    wanted = plan.jobs[:4]
    got = first.claim(a, request, today, wanted)
    assert [j.document for j in got.jobs] == [j.document for j in wanted] and not got.held
    other = second.claim(b, request, today, plan.jobs[:6])
    assert set(other.held) == {j.document for j in wanted}  # never both
    assert [j.document for j in other.jobs] == [j.document for j in plan.jobs[4:6]]
    # the owner's commits renew the lease: still held after most of it has passed
    clock[0] += timedelta(seconds=8)
    first.commit(a, _batch())
    clock[0] += timedelta(seconds=8)
    assert set(second.claim(b, request, today, wanted).held) == {j.document for j in wanted}
    # no heartbeat for longer than the lease: the documents are free for the next taker
    clock[0] += timedelta(seconds=11)
    taken = second.claim(b, request, today, wanted)
    assert not taken.held and len(taken.jobs) == len(wanted)
    assert FetchClaim.select().where(FetchClaim.run_id == b).count() == 6


def test_results_release_their_documents_and_the_end_of_a_run_releases_all(planned) -> None:
    store, request, plan, today = planned
    run = _run(store, request, plan)
    got = store.claim(run, request, today, plan.jobs[:3])
    store.commit(run, _batch(released=(got.jobs[0].document,)))
    assert {c.document for c in FetchClaim.select()} == {j.document for j in got.jobs[1:]}
    from core.domain import RunStatus
    from core.engine.ports import RunFinal

    store.finish(run, RunFinal(RunStatus.COMPLETED, "done", NOW, 1.0, RunCounters(), (), planned=(1, 2, 3)))
    assert FetchClaim.select().count() == 0
    row = FetchRun.get_by_id(run)
    assert (row.contracts, row.invoices, row.documents) == (1, 2, 3)


def test_a_claimed_document_leaves_out_what_another_run_looked_up_since_the_plan(planned) -> None:
    store, request, plan, today = planned
    run = _run(store, request, plan)
    job, other_job = plan.jobs[0], plan.jobs[1]
    looked_up = job.candidates[0].invoice_id
    Invoice.update(last_fetch_at=NOW + timedelta(minutes=1)).where(Invoice.id == looked_up).execute()
    for c in other_job.candidates:  # every invoice of the other document was looked up meanwhile
        Invoice.update(last_fetch_at=NOW + timedelta(minutes=1)).where(Invoice.id == c.invoice_id).execute()
    got = store.claim(run, request, today, [job, other_job])
    assert got.gone == (other_job.document,)
    assert [j.document for j in got.jobs] == [job.document]
    ids = [c.invoice_id for c in got.jobs[0].candidates]
    assert looked_up not in ids and ids == [c.invoice_id for c in job.candidates[1:]]
    assert looked_up in {li.invoice_id for li in got.jobs[0].context}  # still matched against, as a sibling
    assert {c.document for c in FetchClaim.select()} == {job.document}  # nothing left: released at once


def test_the_lease_comes_from_the_environment_and_is_checked(monkeypatch) -> None:
    monkeypatch.setenv("FATURAS_CLAIM_LEASE", "2.5")
    assert lease_seconds() == 2.5 and lease_seconds(7) == 7
    for bad in ("soon", "0", "-3"):
        monkeypatch.setenv("FATURAS_CLAIM_LEASE", bad)
        with pytest.raises(StoreWriteError, match="FATURAS_CLAIM_LEASE"):
            lease_seconds()


def test_a_claim_plans_its_documents_on_the_stored_rows(planned) -> None:
    """What a claim hands back, against the documents' rows read in full here: a candidate
    paid or deleted since the plan is left out; the context is every other open, unpaid invoice
    of the document due within the horizon; the settled remote ids are those of its matched
    invoices (the store reads back only the rows that can change the answer)."""
    from core.domain import MATCHED_STATUSES, PaymentStatus
    from storage.engine_store import CONTEXT_HORIZON
    from storage.models import Contract

    store, request, plan, today = planned
    run = _run(store, request, plan)
    jobs = [j for j in plan.jobs if len(j.candidates) >= 2][:3]
    assert len(jobs) == 3
    paid, deleted = jobs[0].candidates[0].invoice_id, jobs[1].candidates[0].invoice_id
    Invoice.update(payment_status=PaymentStatus.PAID.value).where(Invoice.id == paid).execute()
    Invoice.delete().where(Invoice.id == deleted).execute()
    matched = jobs[2].candidates[0].invoice_id  # settled by another run meanwhile
    Invoice.update(fetch_status=MATCHED_STATUSES[0].value, remote_id="R-1", last_fetch_at=NOW).where(
        Invoice.id == matched).execute()
    got = {j.document: j for j in store.claim(run, request, today, jobs).jobs}

    horizon = today + CONTEXT_HORIZON
    settled_values = {s.value for s in MATCHED_STATUSES}
    for job in jobs:
        kept = [c.invoice_id for c in job.candidates if c.invoice_id not in (paid, deleted, matched)]
        assert [c.invoice_id for c in got[job.document].candidates] == kept
        rows = list(Invoice.select().join(Contract).where(Contract.document == job.document))
        unpaid = [r for r in rows if r.payment_status != PaymentStatus.PAID.value]
        context = {r.id for r in unpaid if r.fetch_status not in settled_values and r.due_date <= horizon
                   and r.id not in kept}
        settled = {r.remote_id for r in unpaid if r.fetch_status in settled_values and r.remote_id}
        assert {li.invoice_id for li in got[job.document].context} == context
        assert set(got[job.document].settled_remote_ids) == settled
    assert paid not in {li.invoice_id for j in got.values() for li in j.context}
    assert got[jobs[2].document].settled_remote_ids == frozenset({"R-1"})
