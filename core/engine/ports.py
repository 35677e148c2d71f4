"""What the engine needs from the store (a Protocol) and the records it hands over.

`core` never imports `storage`: the store implements `EngineStore` and is injected. The
engine reads a plan once, claims its documents a chunk at a time (`claim`: several runners may
share one store, and a document is looked up by one of them at a time), then writes only through
`commit` (one transaction per batch: results, claims released, lease renewed, progress
published) and `finish`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from core.domain import FetchOrigin, FetchStatus, Outcome, RunStatus
from core.engine.request import RunRequest
from core.matching import LocalInvoice


@dataclass(frozen=True, slots=True)
class Candidate:
    """An invoice the run will fetch, with the state the policy needs."""

    invoice_id: int
    contract_id: int
    contract_number: str
    cohort: str
    number: int
    due_date: date
    expected_amount: Decimal | None
    fetch_status: FetchStatus
    fetch_attempts: int
    last_fetch_at: datetime | None = None  # aware; None: never looked up

    def as_local(self) -> LocalInvoice:
        return LocalInvoice(self.invoice_id, self.due_date, self.expected_amount)


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """One document to look up, the candidates it serves and the context matching needs."""

    document: str
    candidates: tuple[Candidate, ...]
    # Other open invoices of the same document (not fetched by this run): they take part in
    # matching so that a sibling contract's invoice is not taken for a candidate's.
    context: tuple[LocalInvoice, ...] = ()
    # Remote ids already settled on other invoices: never given to a second invoice.
    settled_remote_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Plan:
    jobs: tuple[DocumentJob, ...]
    contracts: int
    invoices: int

    @property
    def documents(self) -> int:
        return len(self.jobs)


@dataclass(frozen=True, slots=True)
class Claim:
    """What a claim for some documents of the plan got.

    `jobs`: documents now this run's, planned again on the data as it is now (an invoice another
    run looked up since the plan is left out); look them up. `held`: documents another live run
    is working on; ask again later (its lease may pass). `gone`: documents left with nothing to
    look up (another run settled them since the plan); dropped."""

    jobs: tuple[DocumentJob, ...]
    held: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SelectionSummary:
    """The invoices a request's selector covers, by what a run would do with them (the store
    counts them; core.eligibility.explain_empty turns them into the reason a run is empty)."""

    eligible: int = 0  # a run would fetch them now
    waiting: int = 0  # would be fetched, but not available at the provider yet
    next_available: date | None = None  # the earliest day one of `waiting` becomes available
    gave_up: int = 0  # gave up, left out unless named (by contract or invoice) or forced
    fetched: int = 0  # SUCCESS or PARTIAL: data found
    closed: int = 0  # no open debt at the operator
    paid: int = 0  # paid, by the payment spreadsheet

    @property
    def total(self) -> int:
        return self.eligible + self.waiting + self.gave_up + self.fetched + self.closed + self.paid


@dataclass(frozen=True, slots=True)
class RemoteData:
    amount: Decimal
    remote_due_date: date
    remote_id: str
    reference_month: str | None
    bar_code: str | None
    pix_code: str | None


@dataclass(frozen=True, slots=True)
class AttemptWrite:
    invoice_id: int
    lookup_no: int
    try_no: int
    attempt_no: int | None
    counted: bool
    retry_pass: bool
    started_at: datetime
    seconds: float | None
    outcome: Outcome
    status_after: FetchStatus
    http_status: int | None
    error: str | None
    origin: FetchOrigin
    cohort: str


@dataclass(frozen=True, slots=True)
class InvoiceWrite:
    invoice_id: int
    fetch_status: FetchStatus
    fetch_origin: FetchOrigin
    last_fetch_at: datetime
    fetch_seconds: float | None
    fetch_attempts: int
    fetch_error: str | None
    last_outcome: Outcome
    run_id: int
    remote: RemoteData | None  # set when matched
    # matched on the customer's own due day (core.matching's offset pass): the store moves this
    # invoice's due date to the remote one and the contract's later invoices to that day
    due_day: int | None = None


@dataclass(frozen=True, slots=True)
class RunCounters:
    processed: int = 0
    successes: int = 0
    partial: int = 0
    errors: int = 0
    not_available: int = 0
    gave_up: int = 0
    closed: int = 0
    retries: int = 0
    lookups: int = 0
    avg_seconds: float | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None
    p50_seconds: float | None = None
    p95_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    attempts: tuple[AttemptWrite, ...]
    invoices: tuple[InvoiceWrite, ...]
    counters: RunCounters
    heartbeat_at: datetime
    log_lines: tuple[str, ...] | None  # the run's log tail (bounded); None: unchanged since the last batch
    released: tuple[str, ...] = ()  # documents this run is done with: their claims end with this batch
    progress: str | None = None  # the run's progress snapshot (JSON) to publish; None: unchanged
    planned_invoices: int | None = None  # the run's planned total as it stands now (others take a share)


@dataclass(frozen=True, slots=True)
class RunFinal:
    status: RunStatus
    message: str
    finished_at: datetime
    duration_seconds: float
    counters: RunCounters | None  # None: the store recounts from the attempt rows it holds
    log_lines: tuple[str, ...]
    progress: str | None = None  # the final progress snapshot (JSON)
    planned: tuple[int, int, int] | None = None  # contracts, invoices, documents this run took on


class StoreFailure(Exception):
    """The store cannot take a write (or serve a read): the disk is full, another program holds
    the lock past the busy timeout, ... `cause` is what went wrong, in one plain line.

    EngineStore methods raise it (the store's own errors subclass it). When it ends a run, the
    engine closes the run FAILED with the cause if the store still takes that update, and raises
    it again with `run_id` set and `run_closed` saying whether it did: a run that could not be
    closed stays RUNNING until the next start marks it INTERRUPTED.
    """

    def __init__(self, cause: str, *, code: str = "store.refused", **params: object) -> None:
        super().__init__(cause)
        self.cause = cause
        self.code = code
        self.params = params
        self.run_id: int | None = None
        self.run_closed = False

    @property
    def message(self) -> str:
        """The cause as a run stores it: a code with parameters (core.messages); the English cause
        is the technical detail when the code has room for one."""
        from core.messages import CATALOG, Kind, encode

        spec = CATALOG.get(self.code)
        params = dict(self.params)
        if spec is not None and spec.params.get("detail") is Kind.DETAIL:
            params.setdefault("detail", self.cause)
        return encode(self.code, **params)

    def __str__(self) -> str:
        if self.run_id is None:
            return self.cause
        if self.run_closed:
            return f"{self.cause}; run {self.run_id} ended FAILED, what it had written is kept"
        return (f"{self.cause}; run {self.run_id} could not be closed: it stays RUNNING until the next start "
                f"marks it INTERRUPTED; what it had written is kept")


class EngineStore(Protocol):
    def plan(self, request: RunRequest, now: datetime, today: date) -> Plan:
        """Candidate invoices grouped by document, as DESIGN §4 and the run request say, in the
        order the run claims them (a job's matching context may come only with its claim)."""
        ...

    def summarize(self, request: RunRequest, today: date) -> SelectionSummary:
        """What the request's selector covers (asked when its plan is empty, and before a start)."""
        ...

    def start_run(self, request: RunRequest, plan: Plan, now: datetime) -> int:
        """Create the fetch_run row (RUNNING, with the planned totals); return its id."""
        ...

    def claim(self, run_id: int, request: RunRequest, today: date, wanted: Sequence[DocumentJob]) -> Claim:
        """Take the documents of `wanted` that no other live run holds, for a lease the store
        renews with each commit; plan them again on the current data (see Claim)."""
        ...

    def commit(self, run_id: int, batch: Batch) -> None:
        """Write a batch atomically: attempt rows, invoice updates, run counters, heartbeat,
        the claims it releases and renews, the progress it publishes.
        StoreFailure (nothing of the batch written) when the store cannot take it."""
        ...

    def cancel_requested(self, run_id: int) -> str | None:
        """Who asked (from any window or machine) to cancel the run; None if nobody did."""
        ...

    def finish(self, run_id: int, final: RunFinal) -> None:
        """Close the run in its final state and release every claim it still holds."""
        ...
