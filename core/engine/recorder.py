"""Turns lookup results into writes: attempt rows, invoice updates, the tally and the log.

Runs on the engine's coordinator thread only. Holds the per-invoice state of the run and
the pending batch that the engine commits through the store.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from datetime import date, datetime

from core.documents import mask_document
from core.domain import FAILED_STATUSES, MATCHED_STATUSES, FetchOrigin, FetchStatus, Outcome, RemoteInvoice
from core.engine.policy import SETTLED_STATUSES, decide
from core.engine.ports import AttemptWrite, Candidate, DocumentJob, InvoiceWrite, RemoteData
from core.engine.tally import RunTally
from core.matching import MatchParams, match_invoices
from core.messages import decode, encode
from core.redact import redact

LOG_TAIL = 200
MAX_ERROR_TEXT = 500


@dataclass(slots=True)
class InvoiceState:
    """An invoice's fetch state as this run has left it so far."""

    candidate: Candidate
    status: FetchStatus
    attempts: int
    tries: int = 0


@dataclass(frozen=True, slots=True)
class LookupResult:
    """What a worker brings back from one provider lookup."""

    remote: tuple[RemoteInvoice, ...] | None
    outcome: Outcome | None  # set when the lookup failed
    message: str | None
    http_status: int | None
    retry_after: float | None
    started_at: datetime
    seconds: float
    sent_at: float = 0.0  # monotonic time the request went out
    skipped: int = 0  # invoices the answer held in a form that could not be read
    key_mismatch: bool = False  # AUTH: the portal's parameters do not decrypt with our key string

    @property
    def answered_at(self) -> float:
        return self.sent_at + self.seconds


@dataclass(slots=True)
class Work:
    """One lookup to make: a document and the candidates it still has to settle."""

    job: DocumentJob
    invoice_ids: tuple[int, ...]
    retry_pass: bool
    failures: int = 0  # consecutive transient failures of this document in this run
    dispatched: bool = False  # its first try went out (a deferral puts it back in the queue)


@dataclass(slots=True)
class PendingBatch:
    attempts: list[AttemptWrite] = field(default_factory=list)
    invoices: list[InvoiceWrite] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.attempts)

    def take(self) -> tuple[tuple[AttemptWrite, ...], tuple[InvoiceWrite, ...]]:
        out = tuple(self.attempts), tuple(self.invoices)
        self.attempts.clear()
        self.invoices.clear()
        return out


class Recorder:
    def __init__(
        self,
        *,
        run_id: int,
        origin: FetchOrigin,
        max_attempts: int,
        force: bool,
        match_params: MatchParams,
        today: date,
    ) -> None:
        self.run_id = run_id
        self.origin = origin
        self.max_attempts = max_attempts
        self.force = force
        self.match_params = match_params
        self.today = today
        self.states: dict[int, InvoiceState] = {}
        self.matched_remote: dict[str, set[str]] = collections.defaultdict(set)
        self.tally = RunTally()
        self.pending = PendingBatch()
        self.log: collections.deque[str] = collections.deque(maxlen=LOG_TAIL)
        self.documents_done: set[str] = set()
        self.log_version = 0
        self.due_days: dict[int, int] = {}  # invoice id -> the customer's own due day, found this run

    # -- state ---------------------------------------------------------------------------------
    def register(self, job: DocumentJob) -> None:
        for c in job.candidates:
            self.states[c.invoice_id] = InvoiceState(c, c.fetch_status, c.fetch_attempts)

    def note(self, code: str, now: datetime | None = None, **params: object) -> None:
        """A log line: its time stamp, then the message as a code with parameters."""
        self.note_encoded(encode(code, **params), now)

    def note_encoded(self, message: str, now: datetime | None = None) -> None:
        stamp = (now or datetime.now().astimezone()).astimezone().strftime("%H:%M:%S")
        self.log.append(f"{stamp} {redact(message)}")
        self.log_version += 1

    # -- results -------------------------------------------------------------------------------
    def record(self, work: Work, lookup_no: int, result: LookupResult, now: datetime) -> tuple[int, ...]:
        """Record a lookup's outcome for every invoice it served; return ids to retry in-run."""
        job = work.job
        if result.outcome is None:
            per_invoice = self._match(job, work.invoice_ids, result.remote or ())
            if result.skipped:
                per_invoice = _unproven_absences(per_invoice, result.skipped)
        else:
            text = lookup_error(result.outcome, result.http_status, result.message)
            per_invoice = {i: (result.outcome, None, text) for i in work.invoice_ids}
        self.tally.record_lookup()
        self.documents_done.add(job.document)
        retry: list[int] = []
        seconds = round(result.seconds, 3)
        for invoice_id in work.invoice_ids:
            outcome, remote, detail = per_invoice[invoice_id]
            state = self.states[invoice_id]
            state.tries += 1
            decision = decide(
                outcome,
                status_before=state.status,
                attempts_before=state.attempts,
                tries_in_run=state.tries,
                due_date=state.candidate.due_date,
                today=self.today,
                max_attempts=self.max_attempts,
                force=self.force,
            )
            state.status, previous = decision.status, state.status
            state.attempts = decision.attempts_after
            if decision.retry_in_run:
                retry.append(invoice_id)
            error = None if outcome.is_match or outcome.is_not_available else detail
            if outcome is Outcome.MATCHED_DIVERGENT:
                error = detail  # what diverged, for the review
            # A settled invoice that a failure left alone keeps its status, data and tracking fields
            # (they tell the lookup that settled it); the attempt row holds what went wrong this time.
            kept = decision.status is previous and not decision.counted and previous in SETTLED_STATUSES
            self.pending.attempts.append(
                AttemptWrite(
                    invoice_id=invoice_id,
                    lookup_no=lookup_no,
                    try_no=state.tries,
                    attempt_no=decision.attempts_after if decision.counted else None,
                    counted=decision.counted,
                    retry_pass=work.retry_pass,
                    started_at=result.started_at,
                    seconds=seconds,
                    outcome=outcome,
                    status_after=decision.status,
                    http_status=result.http_status,
                    error=error,
                    origin=self.origin,
                    cohort=state.candidate.cohort,
                )
            )
            if not kept:
                self.pending.invoices.append(self._invoice_write(invoice_id, decision.status, error, outcome, result,
                                                                 seconds, decision.attempts_after, remote))
            self.tally.record_attempt(invoice_id, state.tries, outcome, decision.status, seconds)
            if decision.status in FAILED_STATUSES:
                c = state.candidate
                reason = decode(error) if error else None
                technical = None
                if reason is not None and reason.code in ("lookup.failed", "lookup.failed_http"):
                    # the outcome says it already; the HTTP status and the client's text are detail
                    technical = reason.params.get("detail")
                    if reason.params.get("http") is not None:
                        technical = f"HTTP {reason.params['http']}: {technical or ''}".rstrip(": ")
                    reason = None
                self.note(
                    "run.invoice_gave_up" if decision.status is FetchStatus.GAVE_UP else "run.invoice_failed",
                    now,
                    contract=c.contract_number, invoice=c.number, document=mask_document(job.document),
                    outcome=outcome, reason=[reason] if reason is not None else None, detail=technical,
                )
        return tuple(retry)

    def _invoice_write(self, invoice_id: int, status: FetchStatus, error: str | None, outcome: Outcome,
                       result: LookupResult, seconds: float, attempts: int,
                       remote: RemoteInvoice | None) -> InvoiceWrite:
        return InvoiceWrite(
            invoice_id=invoice_id,
            fetch_status=status,
            fetch_origin=self.origin,
            last_fetch_at=result.started_at,
            fetch_seconds=seconds,
            fetch_attempts=attempts,
            fetch_error=error,
            last_outcome=outcome,
            run_id=self.run_id,
            remote=_remote_data(remote) if remote is not None else None,
            due_day=self.due_days.get(invoice_id) if remote is not None else None,
        )

    def _match(
        self, job: DocumentJob, invoice_ids: tuple[int, ...], remote: tuple[RemoteInvoice, ...]
    ) -> dict[int, tuple[Outcome, RemoteInvoice | None, str]]:
        used = self.matched_remote[job.document] | job.settled_remote_ids
        available = [r for r in remote if r.remote_id not in used]
        locals_ = [
            c.as_local() for c in job.candidates
            if self.states[c.invoice_id].status not in MATCHED_STATUSES
            or c.invoice_id in invoice_ids
        ]
        locals_.extend(job.context)
        out: dict[int, tuple[Outcome, RemoteInvoice | None, str]] = {}
        if remote and not available:
            # The provider has debts, but each is already settled on another invoice.
            for c in job.candidates:
                if c.invoice_id in invoice_ids:
                    early = self.today < c.due_date
                    out[c.invoice_id] = (
                        Outcome.NOT_YET_AVAILABLE if early else Outcome.NOT_OPEN,
                        None,
                        encode("match.taken"),
                    )
            return out
        results = match_invoices(locals_, available, self.today, self.match_params)
        for invoice_id in invoice_ids:
            r = results[invoice_id]
            out[invoice_id] = (r.outcome, r.remote, r.detail)
            if r.due_day is not None and r.remote is not None:
                self.due_days[invoice_id] = r.due_day
            if r.remote is not None and r.outcome.is_match:
                self.matched_remote[job.document].add(r.remote.remote_id)
        return out


def _unproven_absences(
    per_invoice: dict[int, tuple[Outcome, RemoteInvoice | None, str]], skipped: int
) -> dict[int, tuple[Outcome, RemoteInvoice | None, str]]:
    """An invoice not found in an answer that skipped malformed invoices may be one of those: a bad
    answer (retried), not a NO_MATCH."""
    detail = encode("lookup.unreadable", count=skipped)
    absent = (Outcome.NO_MATCH, Outcome.NOT_OPEN, Outcome.NO_DEBTS)
    return {
        invoice_id: (Outcome.BAD_RESPONSE, None, detail) if outcome in absent else (outcome, remote, text)
        for invoice_id, (outcome, remote, text) in per_invoice.items()
    }


def _remote_data(remote: RemoteInvoice) -> RemoteData:
    return RemoteData(
        amount=remote.amount,
        remote_due_date=remote.due_date,
        remote_id=remote.remote_id,
        reference_month=remote.reference_month,
        bar_code=remote.bar_code,
        pix_code=remote.pix_code,
    )


def lookup_error(outcome: Outcome, http_status: int | None, detail: str | None) -> str:
    """A failed lookup as stored: its outcome and HTTP status, the client's text as the technical
    detail (redacted: never a document or a token)."""
    text = _clip(redact(detail or outcome.value))
    if http_status is not None:
        return encode("lookup.failed_http", outcome=outcome, http=http_status, detail=text)
    return encode("lookup.failed", outcome=outcome, detail=text)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"
