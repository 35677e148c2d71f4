"""The run's share of the plan, claimed a chunk at a time (several runners on one store).

The plan is only the order of the documents. Whenever the run's queue runs low, `pump` asks the
store (on a thread of its own: the store may wait for another runner's write lock, the dispatch
must not) for the next documents: about `claim_seconds` of lookups at the run's recent pace,
doubling from a small chunk until that pace can be told (the first answers come in a burst).
What the store hands back is the run's to look up; documents another run holds are asked for
again after HELD_RECHECK (that run may finish them, or die and let its lease pass); documents
another run settled meanwhile are dropped. The counts say what the run has taken on and what it
may still take, so its planned total, progress and ETA stay honest as others take their share.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date

from core.engine.ports import Claim, DocumentJob, EngineStore
from core.engine.request import RunRequest
from core.engine.run_types import EngineConfig

CLAIM_MAX = 2000  # documents claimed at once at most (one statement's parameters)
HELD_RECHECK = 1.0  # seconds before asking again for a document another run holds
PACE_SETTLES = 2.0  # seconds into a run before its lookup rate sizes the claims


class ClaimQueue:
    def __init__(self, store: EngineStore, run_id: int, request: RunRequest, today: date, cfg: EngineConfig,
                 started: float, jobs: Sequence[DocumentJob], invoices: int) -> None:
        self._store = store
        self._run_id = run_id
        self._request = request
        self._today = today
        self._cfg = cfg
        self._started = started  # monotonic start of the run
        self._unclaimed: deque[DocumentJob] = deque(jobs)
        self._waiting: list[tuple[float, int, DocumentJob]] = []  # (due, seq, job) held by others
        self._seq = itertools.count()
        self._claiming: tuple[Future[Claim], list[DocumentJob]] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claim")
        self._made = 0
        self.unclaimed_invoices = invoices  # invoices of the documents not claimed yet
        self.claimed_invoices = 0
        self.claimed_documents = 0
        self._claimed_contracts: set[int] = set()

    @property
    def left(self) -> bool:
        """Documents of the plan not claimed yet (to ask for, being asked for, or held by others)."""
        return bool(self._unclaimed or self._waiting or self._claiming)

    @property
    def asking(self) -> bool:
        return self._claiming is not None

    def next_recheck(self) -> float | None:
        """When the first document held by another run is asked for again (monotonic)."""
        return self._waiting[0][0] if self._waiting else None

    def pump(self, now_m: float, queued: int, pace: float) -> list[DocumentJob]:
        """Take in a claim that came back (its documents, to look up, are returned) and, when
        fewer than a chunk's worth of lookups are `queued`, send the next one. A StoreFailure of
        the claim is raised here, and ends the run as a failed commit does."""
        got: list[DocumentJob] = []
        if self._claiming is not None:
            future, asked = self._claiming
            if not future.done():
                return got
            self._claiming = None
            got = self._take(asked, future.result(), now_m)
        if not (self._unclaimed or self._waiting):
            return got
        chunk = self._chunk(now_m, pace)
        if queued + len(got) >= max(chunk, self._request.concurrency):
            return got
        wanted: list[DocumentJob] = []
        while self._waiting and self._waiting[0][0] <= now_m and len(wanted) < chunk:
            wanted.append(heapq.heappop(self._waiting)[2])
        while self._unclaimed and len(wanted) < chunk:
            wanted.append(self._unclaimed.popleft())
        if wanted:
            future = self._pool.submit(self._store.claim, self._run_id, self._request, self._today, wanted)
            self._claiming = (future, wanted)
            self._made += 1
        return got

    def _chunk(self, now_m: float, pace: float) -> int:
        base = max(self._cfg.claim_min, 4 * self._request.concurrency)
        limit = self._request.rate_limit
        if now_m - self._started >= PACE_SETTLES:  # the recent pace sizes the claims
            chunk = max(base, int(min(pace, limit or pace) * self._cfg.claim_seconds))
        else:  # the first answers come in a burst that says little of the pace: double from small
            chunk = base << min(self._made, 10)
            if limit is not None:
                chunk = min(chunk, max(base, int(limit * self._cfg.claim_seconds)))
        return min(chunk, CLAIM_MAX)

    def _take(self, wanted: list[DocumentJob], claim: Claim, now_m: float) -> list[DocumentJob]:
        held = set(claim.held)
        for job in wanted:
            if job.document in held:
                heapq.heappush(self._waiting, (now_m + HELD_RECHECK, next(self._seq), job))
            else:
                self.unclaimed_invoices -= len(job.candidates)
        for job in claim.jobs:
            self.claimed_invoices += len(job.candidates)
            self.claimed_documents += 1
            self._claimed_contracts.update(c.contract_id for c in job.candidates)
        return list(claim.jobs)

    def stop(self) -> None:
        """Wait for a claim in flight (its documents are released with the run's end) and count
        what it asked for as not taken on."""
        self._pool.shutdown(wait=True)
        if self._claiming is not None:
            _, asked = self._claiming
            self._claiming = None
            self._unclaimed.extendleft(reversed(asked))

    def totals(self) -> tuple[int, int]:
        """Invoices and documents the run has taken on or may still take: what it claimed plus
        what is still unclaimed (other runners take their share of that). Cheap: kept counts."""
        asking = len(self._claiming[1]) if self._claiming is not None else 0
        return (self.claimed_invoices + self.unclaimed_invoices,
                self.claimed_documents + len(self._unclaimed) + len(self._waiting) + asking)

    def planned(self) -> tuple[int, int, int]:
        """Contracts, invoices and documents, as the run's record keeps them."""
        contracts = set(self._claimed_contracts)
        asked = self._claiming[1] if self._claiming is not None else []
        for job in [*self._unclaimed, *(job for _, _, job in self._waiting), *asked]:
            contracts.update(c.contract_id for c in job.candidates)
        return (len(contracts), *self.totals())
