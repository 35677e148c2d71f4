"""The engine's store: plans a run from the database and writes its results in batches.

Implements core.engine.ports.EngineStore. A batch is one transaction: attempt rows (multi-row
INSERTs), invoice updates (UPDATE ... FROM a VALUES list), what they add to the rollups, the run's
counters and heartbeat. On SQLite both go in statements of a few fixed sizes (`_padded`), so they
are compiled once per connection, and multi-row reads come back as one JSON array
(storage.dialect.select_rows); on PostgreSQL each is one statement over array parameters. A crash
loses at most the batch being written, never half of one.

Every method raises SQLite's errors as storage.errors.StoreWriteError (the engine's
StoreFailure): "the disk is full", "the database is locked by another program (waited 15 s)",
else SQLite's message.

Claims (several runners on one store): `claim` takes documents in one short write transaction.
On SQLite the transaction is BEGIN IMMEDIATE (one writer at a time) and the take is one
conditional upsert: a row is written only where there is none or its lease has passed, so two
processes can never both win a document. On PostgreSQL new rows go in with ON CONFLICT DO
NOTHING and expired ones are picked with SELECT ... FOR UPDATE SKIP LOCKED before they are
taken over, so runners never wait on each other's rows. Leases are measured on this machine's
UTC clock (not the engine's clock, which a demo or a test may set back); several machines on
one PostgreSQL need clocks within a fraction of the lease (NTP gives milliseconds). The lease
($FATURAS_CLAIM_LEASE seconds, default 60) is renewed with every commit; a runner that dies
keeps its documents until it passes, and whoever takes them over also marks its run
INTERRUPTED (storage.recovery).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import operator
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

import peewee as pw

from core.domain import MATCHED_STATUSES, FetchStatus, RunStatus
from core.due_dates import available_from, moved_schedule
from core.eligibility import (
    NEVER_FETCHED_PAYMENT,
    allowed_statuses,
    availability_applies,
    job_order,
    leaves_running_work,
)
from core.engine.ports import (
    AttemptWrite,
    Batch,
    Candidate,
    Claim,
    DocumentJob,
    InvoiceWrite,
    Plan,
    RunCounters,
    RunFinal,
    SelectionSummary,
)
from core.engine.request import RunRequest
from core.matching import LocalInvoice
from core.process import this_host
from storage import rollups_write as rollups
from storage.dialect import as_arrays, int_list_sql, postgres_type, select_rows, unnest_sql
from storage.errors import StoreWriteError, busy_timeout_of, translate, translated
from storage.models import Contract, FetchAttempt, FetchClaim, FetchRun, Invoice, RunProgress, database_proxy
from storage.run_figures import figures_from_attempts

log = logging.getLogger(__name__)

CHUNK_IDS = 900  # ids per IN (...) list
CHUNK_LISTED = 50_000  # ids per JSON list parameter
CONTEXT_HORIZON = timedelta(days=30)  # sibling invoices due later than this play no part in matching
_SETTLED = tuple(s.value for s in MATCHED_STATUSES)  # remote ids already taken by a local invoice
# Invoices still to fetch, whose due date may move to the customer's own due day
_MOVABLE = (FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE, FetchStatus.ERROR, FetchStatus.GAVE_UP)
_MOVABLE_VALUES = frozenset(s.value for s in _MOVABLE)
_UNPAID = Invoice.payment_status.is_null() | (Invoice.payment_status != NEVER_FETCHED_PAYMENT.value)
_ATTEMPT_COLUMNS = (
    "run_id", "invoice_id", "lookup_no", "try_no", "attempt_no", "counted", "retry_pass", "started_at",
    "seconds", "outcome", "status_after", "http_status", "error", "origin", "cohort",
)


_ATTEMPT_TYPES = tuple(postgres_type(FetchAttempt._meta.columns[c]) for c in _ATTEMPT_COLUMNS)
_TRACKING_COLUMNS = (
    "fetch_status", "fetch_origin", "last_fetch_at", "fetch_seconds", "fetch_attempts",
    "fetch_error", "last_outcome", "last_run_id", "updated_at",
)
_REMOTE_COLUMNS = ("amount", "remote_due_date", "remote_id", "reference_month", "bar_code", "pix_code")
PADDED_ROWS = 256  # rows per attempt insert or invoice update statement on SQLite (see _padded)
LEASE_ENV = "FATURAS_CLAIM_LEASE"  # seconds
DEFAULT_LEASE = 60.0  # seconds a claim lasts without a heartbeat
RENEWALS_PER_LEASE = 4  # a run renews its leases this often per lease period (a missed one or two do no harm)
PROGRESS_KEPT = timedelta(days=7)  # progress rows of finished runs are dropped after this


def lease_seconds(explicit: float | None = None) -> float:
    """The explicit value, else $FATURAS_CLAIM_LEASE, else DEFAULT_LEASE."""
    if explicit is not None:
        return explicit
    env = os.environ.get(LEASE_ENV, "").strip()
    if not env:
        return DEFAULT_LEASE
    try:
        value = float(env)
    except ValueError:
        raise StoreWriteError(f"${LEASE_ENV} must be a number of seconds, not {env!r}") from None
    if not 0.5 <= value <= 86_400:
        raise StoreWriteError(f"${LEASE_ENV} must be between 0.5 and 86400 seconds, not {value:g}")
    return value


@functools.cache
def _values_clause(rows: int, width: int) -> str:
    """'(?, ?), (?, ?)' for `rows` rows of `width` values (cached: batches repeat their sizes)."""
    one = "(" + ", ".join(["?"] * width) + ")"
    return ", ".join([one] * rows)


def _padded(rows: Sequence[Sequence[Any]], width: int) -> Iterator[tuple[int, str, list[Any]]]:
    """The rows as statements of a few fixed sizes: chunks of PADDED_ROWS rows, the last one
    padded with rows of NULLs up to a power of two. Yields (real rows, VALUES clause, parameters).
    Statements of a size seen before come prepared from the connection's statement cache: a batch
    of a thousand rows is a statement of ten thousand parameters, and compiling one of a new size
    for every batch cost SQLite about as much as the writes (the NULL rows match no invoice id
    and are filtered out of an insert)."""
    for start in range(0, len(rows), PADDED_ROWS):
        chunk = rows[start : start + PADDED_ROWS]
        size = 1 << (len(chunk) - 1).bit_length()
        params = list(itertools.chain.from_iterable(chunk))
        params.extend([None] * (width * (size - len(chunk))))
        yield len(chunk), _values_clause(size, width), params


def _chunks(seq: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _tuples(query: pw.Select) -> Iterable[tuple[Any, ...]]:
    """The rows of a select as plain tuples (the peewee stubs type them as models)."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


def _same_time(planned: datetime | None, stored: Any) -> bool:
    """Is the stored time (text on SQLite, a naive UTC datetime on PostgreSQL) the planned one?"""
    if planned is None or stored is None:
        return planned is None and stored is None
    value = stored if isinstance(stored, datetime) else datetime.fromisoformat(str(stored))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value == planned


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else _date_of(str(value)[:10])


@functools.lru_cache(maxsize=4096)
def _date_of(text: str) -> date:
    # cached: a claim reads thousands of invoices that fall on a few hundred days
    return date.fromisoformat(text)


@functools.lru_cache(maxsize=1024)
def _amount(value: Any) -> Decimal | None:
    # cached: contracts share a handful of plan values
    return None if value is None else Decimal(str(value))


_Q = TypeVar("_Q", bound=pw.Select)


def _in_selector(q: _Q, request: RunRequest) -> _Q:
    """The request's cohort and contract (its invoice ids are applied in chunks by the caller)."""
    if request.cohort is not None:
        q = q.where(Contract.cohort == request.cohort)
    if request.contract_number is not None:
        q = q.where(Contract.number == request.contract_number)
    return q


@functools.lru_cache(maxsize=4096)
def _utc_text(value: datetime | None) -> str | None:
    # cached: every invoice served by one lookup shares its start time
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


class SqlEngineStore:
    """EngineStore over the bound peewee database."""

    def __init__(self, database: pw.Database | None = None, *, lease: float | None = None) -> None:
        self.db = database or database_proxy.obj
        self.postgres = isinstance(self.db, pw.PostgresqlDatabase)
        self.alerts_enabled = True
        self.lease = timedelta(seconds=lease_seconds(lease))
        self._renewed: dict[int, datetime] = {}  # run -> when its leases were last pushed forward

    @staticmethod
    def _wall() -> datetime:
        """This machine's UTC time: leases and published progress are real time, whatever
        clock the engine runs on."""
        return datetime.now(UTC)

    # -- plan --------------------------------------------------------------------------------------
    def plan(self, request: RunRequest, now: datetime, today: date) -> Plan:
        """The candidates in the order they are to be claimed; the matching context of each
        document comes with its claim (planned again then), so it is not read here."""
        with translated(self.db):
            return self._plan(request, today)

    def _plan(self, request: RunRequest, today: date) -> Plan:
        q = (
            Invoice.select(
                Invoice.id, Invoice.contract, Contract.number, Contract.cohort, Invoice.number,
                Invoice.due_date, Contract.plan_value, Invoice.fetch_status, Invoice.fetch_attempts,
                Contract.document, Invoice.last_fetch_at,
            )
            .join(Contract)
            .where(_UNPAID)
        )
        # The rule is core.eligibility's; this is its query (a test holds the two together).
        q = _in_selector(q, request)
        if leaves_running_work(request):
            others = FetchRun.select(FetchRun.id).where(FetchRun.status == RunStatus.RUNNING.value)
            q = q.where(Invoice.last_run.is_null() | Invoice.last_run.not_in(others))
        if availability_applies(request):
            q = q.where(Invoice.available_from <= today)
        q = q.where(Invoice.fetch_status.in_([s.value for s in allowed_statuses(request)]))
        rows: list[tuple[Any, ...]] = []
        if request.invoice_ids:
            for ids in _chunks(sorted(set(request.invoice_ids)), CHUNK_IDS):
                rows.extend(_tuples(q.where(Invoice.id.in_(list(ids)))))
        else:
            rows.extend(_tuples(q))
        by_doc: dict[str, list[Candidate]] = defaultdict(list)
        for inv_id, contract_id, number, cohort, inv_no, due, plan_value, status, attempts, doc, last in rows:
            by_doc[doc].append(
                Candidate(
                    invoice_id=inv_id,
                    contract_id=contract_id,
                    contract_number=number,
                    cohort=cohort,
                    number=inv_no,
                    due_date=due,
                    expected_amount=Decimal(plan_value) if plan_value is not None else None,
                    fetch_status=FetchStatus(status),
                    fetch_attempts=attempts,
                    last_fetch_at=last,
                )
            )
        jobs = [DocumentJob(doc, tuple(sorted(by_doc[doc], key=lambda c: c.invoice_id)))
                for doc in sorted(by_doc, key=lambda d: job_order(by_doc[d]))]
        contracts = len({c.contract_id for cands in by_doc.values() for c in cands})
        return Plan(tuple(jobs), contracts=contracts, invoices=len(rows))

    # -- claims ------------------------------------------------------------------------------------
    def claim(self, run_id: int, request: RunRequest, today: date, wanted: Sequence[DocumentJob]) -> Claim:
        if not wanted:
            return Claim(())
        docs = [j.document for j in wanted]
        with translated(self.db):
            won, taken_from = self._take(run_id, docs)
            jobs, gone = self._replan(run_id, request, today, [j for j in wanted if j.document in won])
            if gone:
                FetchClaim.delete().where(FetchClaim.run_id == run_id, FetchClaim.document.in_(gone)).execute()
        if taken_from:
            self._recover(taken_from)
        held = tuple(d for d in docs if d not in won)
        return Claim(tuple(jobs), held, tuple(gone))

    def _take(self, run_id: int, docs: list[str]) -> tuple[set[str], set[int]]:
        """Claim what nobody holds (or whose lease passed); return the documents won and the
        runs whose expired claims were taken over. One short write transaction; plain SQL with
        generated placeholders (a claim may name two thousand documents)."""
        now = self._wall()
        until = now + self.lease
        p = self.db.param
        marks = ", ".join([p] * len(docs))
        with self.db.atomic():  # SQLite: BEGIN IMMEDIATE, the only writer until it ends
            if isinstance(self.db, pw.PostgresqlDatabase):
                rows = [{"document": d, "run_id": run_id, "claimed_at": now, "lease_until": until} for d in docs]
                FetchClaim.insert_many(rows).on_conflict_ignore().execute()
                stale = list(_tuples(
                    FetchClaim.select(FetchClaim.document, FetchClaim.run_id)
                    .where(FetchClaim.document.in_(docs), FetchClaim.lease_until < now, FetchClaim.run_id != run_id)
                    .for_update(skip_locked=True)))
                if stale:
                    FetchClaim.update(run_id=run_id, claimed_at=now, lease_until=until).where(
                        FetchClaim.document.in_([d for d, _ in stale])).execute()
                won = {d for (d,) in self.db.execute_sql(  # new, taken over, or already ours
                    f"SELECT document FROM fetch_claim WHERE document IN ({marks}) AND run_id = {p}", [*docs, run_id])}
                return won, {owner for _, owner in stale}
            # the documents as one JSON parameter: statements of a fixed text, compiled once
            at, ends, listed = self._value(now), self._value(until), json.dumps(docs)
            expired = select_rows(self.db, ("document", "run_id"),
                                  f"FROM fetch_claim WHERE document IN (SELECT value FROM json_each({p})) "
                                  f"AND lease_until < {p} AND run_id != {p}", [listed, at, run_id])
            self.db.execute_sql(
                f"INSERT INTO fetch_claim (document, run_id, claimed_at, lease_until) "
                f"SELECT value, {p}, {p}, {p} FROM json_each({p}) WHERE 1 = 1 "
                f"ON CONFLICT (document) DO UPDATE SET run_id = excluded.run_id, "
                f"claimed_at = excluded.claimed_at, lease_until = excluded.lease_until "
                f"WHERE fetch_claim.lease_until < {p} OR fetch_claim.run_id = {p}",
                [run_id, at, ends, listed, at, run_id])
            won = {d for (d,) in select_rows(self.db, ("document",),
                                             f"FROM fetch_claim WHERE document IN (SELECT value FROM json_each({p})) "
                                             f"AND run_id = {p}", [listed, run_id])}
        return won, {owner for _, owner in expired}

    def _replan(self, run_id: int, request: RunRequest, today: date, claimed: list[DocumentJob]
                ) -> tuple[list[DocumentJob], list[str]]:
        """The claimed documents as they are now. A candidate looked up since the plan (by
        another run: its last lookup time moved) or paid since is left out: it still takes part
        in matching as a sibling, but this run does not look it up again. The matching context
        (the documents' other open invoices, remote ids already settled) is read now."""
        if not claimed:
            return [], []
        ids = [c.invoice_id for job in claimed for c in job.candidates]
        current = self._lookup_state(ids)
        paid = NEVER_FETCHED_PAYMENT.value
        kept: list[tuple[DocumentJob, tuple[Candidate, ...]]] = []
        gone: list[str] = []
        for job in claimed:
            keep = tuple(c for c in job.candidates if c.invoice_id in current
                         and current[c.invoice_id][1] != paid and _same_time(c.last_fetch_at, current[c.invoice_id][0]))
            if keep:
                kept.append((job, keep))
            else:
                gone.append(job.document)
        looked_up = {c.invoice_id for _, keep in kept for c in keep}  # not their own context
        context, settled = self._context([job.document for job, _ in kept], today, looked_up)
        jobs = [DocumentJob(job.document, keep, tuple(context.get(job.document, ())),
                            frozenset(settled.get(job.document, ()))) for job, keep in kept]
        return jobs, gone

    def _lookup_state(self, ids: list[int]) -> dict[int, tuple[Any, Any]]:
        """invoice id -> (last_fetch_at, payment_status) of those of `ids` that exist. Only the
        invoices looked up before or paid come back as rows: when every id exists (the count
        says so) the others are known, never looked up and not paid, without reading them (a
        first run's claims read no rows at all)."""
        paid = NEVER_FETCHED_PAYMENT.value
        p = self.db.param
        current: dict[int, tuple[Any, Any]] = {}
        listed = f"id IN ({int_list_sql(self.db)})"  # one JSON parameter: a statement of a fixed text
        for chunk in _chunks(ids, CHUNK_LISTED):
            ids_json = json.dumps(list(chunk))
            (count,) = self.db.execute_sql(f"SELECT count(*) FROM invoice WHERE {listed}", [ids_json]).fetchone()
            if count == len(set(chunk)):
                current.update(dict.fromkeys(chunk, (None, None)))
                tail = f"FROM invoice WHERE {listed} AND (last_fetch_at IS NOT NULL OR payment_status = {p})"
                params = [ids_json, paid]
            else:
                tail, params = f"FROM invoice WHERE {listed}", [ids_json]
            for inv_id, last, payment in select_rows(self.db, ("id", "last_fetch_at", "payment_status"), tail, params):
                current[inv_id] = (last, payment)
        return current

    def _context(self, docs: list[str], today: date, looked_up: set[int]
                 ) -> tuple[dict[str, list[LocalInvoice]], dict[str, set[str]]]:
        """The documents' open invoices due within CONTEXT_HORIZON (they take part in matching),
        leaving out those `looked_up` (the run's own candidates), and the remote ids already
        settled on them (never given to a second invoice)."""
        context: dict[str, list[LocalInvoice]] = defaultdict(list)
        settled: dict[str, set[str]] = defaultdict(set)
        p = self.db.param
        horizon = (today + CONTEXT_HORIZON).isoformat()
        settled_marks = ", ".join([p] * len(_SETTLED))
        columns = ("c.document", "i.id", "i.due_date", "c.plan_value", "i.fetch_status", "i.remote_id")
        for chunk in _chunks(docs, CHUNK_IDS):
            # the SQL leaves out the rows that would be skipped below (most are the run's own
            # candidates): fewer rows to read back
            tail = (f"FROM invoice i JOIN contract c ON c.id = i.contract_id "
                    f"WHERE c.document IN ({', '.join([p] * len(chunk))}) "
                    f"AND (i.payment_status IS NULL OR i.payment_status != {p}) "
                    f"AND ((i.fetch_status IN ({settled_marks}) AND coalesce(i.remote_id, '') <> '') "
                    f"OR (i.fetch_status NOT IN ({settled_marks}) AND i.due_date <= {p} "
                    f"AND i.id NOT IN ({int_list_sql(self.db)})))")
            params = [*chunk, NEVER_FETCHED_PAYMENT.value, *_SETTLED, *_SETTLED, horizon,
                      json.dumps(sorted(looked_up))]
            for doc, inv_id, due, plan_value, status, remote_id in select_rows(self.db, columns, tail, params):
                if status in _SETTLED:
                    if remote_id:
                        settled[doc].add(remote_id)
                    continue
                if inv_id not in looked_up:
                    context[doc].append(LocalInvoice(inv_id, _as_date(due), _amount(plan_value)))
        return context, settled

    def _recover(self, run_ids: set[int]) -> None:
        """Runs whose claims passed their lease and were taken over: INTERRUPTED if their process
        is gone (storage.recovery's evidence, with the lease as the staleness limit)."""
        from storage.recovery import recover_interrupted_runs

        try:
            with translated(self.db):
                recover_interrupted_runs(only=run_ids, stale_after=self.lease)
        except StoreWriteError as exc:  # the next start or the next take-over tries again
            log.warning("runs %s not recovered yet: %s", sorted(run_ids), exc)

    def _release(self, run_id: int, documents: list[str]) -> None:
        p = self.db.param
        if not self.postgres:  # one JSON parameter: one statement, compiled once per connection
            self.db.execute_sql(f"DELETE FROM fetch_claim WHERE document IN (SELECT value FROM json_each({p})) "
                                f"AND +run_id = {p}", [json.dumps(documents), run_id])
            return
        for chunk in _chunks(documents, CHUNK_IDS):
            self.db.execute_sql(f"DELETE FROM fetch_claim WHERE run_id = {p} AND document IN "
                                f"({', '.join([p] * len(chunk))})", [run_id, *chunk])

    def _renew(self, run_id: int) -> None:
        """Push the run's leases forward, a few times per lease (not with every batch: a run
        may hold a thousand documents)."""
        now = self._wall()
        if now - self._renewed.get(run_id, datetime.min.replace(tzinfo=UTC)) < self.lease / RENEWALS_PER_LEASE:
            return
        FetchClaim.update(lease_until=now + self.lease).where(FetchClaim.run_id == run_id).execute()
        self._renewed[run_id] = now

    def cancel_requested(self, run_id: int) -> str | None:
        with translated(self.db):
            row = (FetchRun.select(FetchRun.cancel_requested_by, FetchRun.cancel_requested_at)
                   .where(FetchRun.id == run_id).tuples().first())
        if row is None or row[1] is None:
            return None
        return str(row[0] or "another window")

    def _publish(self, run_id: int, progress: str) -> None:
        (RunProgress.insert(run_id=run_id, updated_at=self._wall(), snapshot=progress)
         .on_conflict(conflict_target=[RunProgress.run_id], preserve=[RunProgress.updated_at, RunProgress.snapshot])
         .execute())
    def summarize(self, request: RunRequest, today: date) -> SelectionSummary:
        """The selector's invoices by what a run would do with them (core.eligibility's rule)."""
        with translated(self.db):
            return self._summarize(request, today)

    def _summarize(self, request: RunRequest, today: date) -> SelectionSummary:
        paid = (Invoice.fetch_status == FetchStatus.PAID.value) | (
            Invoice.payment_status == NEVER_FETCHED_PAYMENT.value)
        q = (Invoice.select(Invoice.fetch_status, paid.alias("paid"),
                            (Invoice.available_from <= today).alias("available"),
                            pw.fn.COUNT(Invoice.id), pw.fn.MIN(Invoice.available_from))
             .join(Contract).group_by(Invoice.fetch_status, pw.SQL("2"), pw.SQL("3")))
        q = _in_selector(q, request)
        rows: list[tuple[Any, ...]] = []
        if request.invoice_ids:
            for ids in _chunks(sorted(set(request.invoice_ids)), CHUNK_IDS):
                rows.extend(_tuples(q.where(Invoice.id.in_(list(ids)))))
        else:
            rows.extend(_tuples(q))
        taken = set(allowed_statuses(request))
        counts: dict[str, int] = defaultdict(int)
        next_available: date | None = None
        for status_value, is_paid, available, n, first in rows:
            status = FetchStatus(status_value)
            if is_paid:
                counts["paid"] += n
            elif status in taken:
                if available or not availability_applies(request):
                    counts["eligible"] += n
                else:
                    counts["waiting"] += n
                    first = date.fromisoformat(first) if isinstance(first, str) else first
                    next_available = first if next_available is None else min(next_available, first)
            elif status is FetchStatus.GAVE_UP:
                counts["gave_up"] += n
            elif status is FetchStatus.CLOSED:
                counts["closed"] += n
            else:
                counts["fetched"] += n
        return SelectionSummary(next_available=next_available, **counts)

    # -- run lifecycle -----------------------------------------------------------------------------
    def start_run(self, request: RunRequest, plan: Plan, now: datetime) -> int:
        selector: dict[str, Any] = {"force": request.force}
        if request.contract_number:
            selector["contract"] = request.contract_number
        if request.invoice_ids:
            selector["invoice_count"] = len(request.invoice_ids)
            selector["invoice_ids"] = list(request.invoice_ids[:1000])
        with translated(self.db), self.db.atomic():
            run = FetchRun.create(
                origin=request.origin.value,
                cohort=request.cohort,
                selector=json.dumps(selector),
                started_by=request.started_by[:120],
                hostname=this_host()[:120],
                pid=os.getpid(),
                started_at=now,
                heartbeat_at=now,
                status=RunStatus.RUNNING.value,
                max_attempts=request.max_attempts,
                retry_pass=request.retry_pass,
                concurrency=request.concurrency,
                rate_limit=request.rate_limit,
                contracts=plan.contracts,
                invoices=plan.invoices,
                documents=plan.documents,
            )
        return int(run.id)

    def commit(self, run_id: int, batch: Batch) -> None:
        """One transaction: attempt rows, invoice updates and what they add to the rollups, run row."""
        invoice_ids = {w.invoice_id for w in batch.invoices}
        with translated(self.db), self.db.atomic():
            rollups.invoices_out(self.db, invoice_ids)
            if batch.attempts:
                after_id = self._insert_attempts(run_id, batch.attempts)
                kinds = rollups.AttemptKinds.of((a.try_no, a.seconds, a.outcome._value_) for a in batch.attempts)
                rollups.attempts_added(self.db, run_id, after_id, kinds)
            if batch.invoices:
                self._update_invoices(batch.invoices)
            rollups.invoices_in(self.db, invoice_ids)
            extra = {} if batch.planned_invoices is None else {"invoices": batch.planned_invoices}
            self._update_run(run_id, batch.counters, heartbeat=batch.heartbeat_at, log_lines=batch.log_lines,
                             **extra)
            if batch.released:
                self._release(run_id, list(batch.released))
            self._renew(run_id)
            if batch.progress is not None:
                self._publish(run_id, batch.progress)

    def finish(self, run_id: int, final: RunFinal) -> None:
        with translated(self.db), self.db.atomic():
            counters = final.counters
            if counters is None:
                counters = RunCounters(**asdict(figures_from_attempts(run_id)))
            planned = {}
            if final.planned is not None:
                planned = dict(zip(("contracts", "invoices", "documents"), final.planned, strict=True))
            self._update_run(
                run_id,
                counters,
                heartbeat=final.finished_at,
                log_lines=final.log_lines,
                status=final.status.value,
                message=final.message,
                finished_at=final.finished_at,
                duration_seconds=final.duration_seconds,
                **planned,
            )
            FetchClaim.delete().where(FetchClaim.run_id == run_id).execute()
            if final.progress is not None:
                self._publish(run_id, final.progress)
            # progress of runs that ended long ago (measured on the wall clock the rows were written on)
            going = FetchRun.select(FetchRun.id).where(FetchRun.status == RunStatus.RUNNING.value)
            RunProgress.delete().where(RunProgress.updated_at < self._wall() - PROGRESS_KEPT,
                                       RunProgress.run_id.not_in(going)).execute()
        if self.alerts_enabled:
            self._evaluate_alerts(run_id, final.finished_at)

    def _evaluate_alerts(self, run_id: int, now: datetime) -> None:
        try:
            from storage.alerts import evaluate_run_alerts
        except ImportError:  # the alert rules are optional for a bare store
            return
        try:
            evaluate_run_alerts(run_id, now)
        except (pw.OperationalError, StoreWriteError) as exc:  # the run is closed; its alerts wait for the next
            log.error("alerts for run %d not evaluated: %s", run_id, translate(exc, busy_timeout_of(self.db)))
        except Exception:  # an alert rule must never lose a finished run
            log.exception("alert evaluation failed for run %d", run_id)

    # -- writes ------------------------------------------------------------------------------------
    def _insert_attempts(self, run_id: int, attempts: Sequence[AttemptWrite]) -> int:
        """Insert the rows; return the id just below the first one (the rows get consecutive ids:
        SQLite numbers each new row max(id) + 1, and this transaction holds the write lock;
        PostgreSQL returns them)."""
        when = _utc_text  # the cached conversion itself: called for every row
        rows = [
            (run_id, a.invoice_id, a.lookup_no, a.try_no, a.attempt_no, a.counted, a.retry_pass,
             when(a.started_at), a.seconds, a.outcome._value_, a.status_after._value_, a.http_status, a.error,
             a.origin._value_, a.cohort)
            for a in attempts
        ]
        head = f"INSERT INTO fetch_attempt ({', '.join(_ATTEMPT_COLUMNS)}) "
        if self.postgres:
            # A sequence that other runners draw from too numbers the rows: they say their ids
            # (all above any earlier batch's of this run, which is what the rollups need).
            types = _ATTEMPT_TYPES
            cursor = self.db.execute_sql(f"{head}SELECT * FROM {unnest_sql(types)} RETURNING id",
                                         as_arrays(rows, types))
            return min(int(r[0]) for r in cursor.fetchall()) - 1
        first_id: int | None = None
        for count, values, params in _padded(rows, len(_ATTEMPT_COLUMNS)):
            cursor = self.db.execute_sql(f"{head}SELECT * FROM (VALUES {values}) WHERE column1 IS NOT NULL", params)
            if first_id is None:
                first_id = int(cursor.lastrowid) - count + 1
        assert first_id is not None
        return first_id - 1

    def _update_invoices(self, writes: Iterable[InvoiceWrite]) -> None:
        # each write sets every tracking field: the last one per invoice wins
        latest: dict[int, InvoiceWrite] = {w.invoice_id: w for w in writes}
        plain: list[tuple[Any, ...]] = []
        full: list[tuple[Any, ...]] = []
        when = _utc_text  # the cached conversion itself: called for every row
        for w in latest.values():
            at = when(w.last_fetch_at)
            head = (
                w.invoice_id, w.fetch_status._value_, w.fetch_origin._value_, at, w.fetch_seconds,
                w.fetch_attempts, w.fetch_error, w.last_outcome._value_, w.run_id, at,
            )
            if w.remote is None:
                plain.append(head)
            else:
                r = w.remote
                full.append((*head, None if r.amount is None else str(r.amount),
                             None if r.remote_due_date is None else r.remote_due_date.isoformat(),
                             r.remote_id, r.reference_month, r.bar_code, r.pix_code))
        self._update_rows(_TRACKING_COLUMNS, plain)
        self._update_rows(_TRACKING_COLUMNS + _REMOTE_COLUMNS, full)
        moves = {w.invoice_id: (w.remote.remote_due_date, w.due_day) for w in latest.values()
                 if w.due_day is not None and w.remote is not None}
        if moves:
            self._move_due_days(moves)

    def _move_due_days(self, moves: dict[int, tuple[date, int]]) -> None:
        """The customers pay on their own day of the month: each matched invoice (`moves`: invoice id
        -> its real due date and the customer's day) takes its real due date, and its contract's
        later invoices that are still to fetch (not imported, not settled) move to that day, so later
        months match exactly and become available on time. Two queries and one UPDATE statement for
        the whole batch. Rollups do not key on due dates: nothing to adjust there."""
        p = self.db.param
        matched: list[tuple[int, int, int, date]] = []
        for chunk in _chunks(list(moves), CHUNK_IDS):
            matched.extend((int(i), int(c), int(n), _as_date(d)) for i, c, n, d in select_rows(
                self.db, ("i.id", "i.contract_id", "i.number", "c.install_date"),
                f"FROM invoice i JOIN contract c ON c.id = i.contract_id WHERE i.id IN ({', '.join([p] * len(chunk))})",
                list(chunk)))
        first: dict[int, tuple[int, date, date, int]] = {}  # contract -> its earliest move
        for invoice_id, contract_id, number, install in matched:
            real_due, day = moves[invoice_id]
            if contract_id not in first or number < first[contract_id][0]:
                first[contract_id] = (number, install, real_due, day)
        rows: dict[int, tuple[date, date]] = {}  # invoice id -> (due date, available from)
        later: list[tuple[int, int, int]] = []
        for chunk in _chunks(list(first), CHUNK_IDS):
            for invoice_id, contract_id, number, imported, status in select_rows(
                    self.db, ("id", "contract_id", "number", "due_date_imported", "fetch_status"),
                    f"FROM invoice WHERE contract_id IN ({', '.join([p] * len(chunk))})", list(chunk)):
                if invoice_id not in moves and not imported and status in _MOVABLE_VALUES \
                        and number > first[contract_id][0]:
                    later.append((invoice_id, contract_id, number))
        schedules = {cid: {n: (due, avail) for n, due, avail in moved_schedule(install, number, real_due, day)}
                     for cid, (number, install, real_due, day) in first.items()}
        for invoice_id, contract_id, number in later:
            rows[invoice_id] = schedules[contract_id][number]
        for invoice_id, _contract, number, install in matched:  # each matched one: its own real date
            real_due = moves[invoice_id][0]
            rows[invoice_id] = (real_due, available_from(install, number, real_due))
        conv = self._value
        self._update_rows(("due_date", "available_from"),
                          [(i, conv(due), conv(avail)) for i, (due, avail) in rows.items()])

    def _update_rows(self, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """UPDATE invoice rows (id first in each row): one UPDATE ... FROM (VALUES ...) per chunk,
        so the whole chunk is one statement."""
        if not rows:
            return
        width = len(columns) + 1
        if self.postgres:
            types = ["integer", *(postgres_type(Invoice._meta.columns[c]) for c in columns)]
            sets = ", ".join(f"{c} = v.{c}" for c in columns)
            self.db.execute_sql(f"UPDATE invoice SET {sets} FROM {unnest_sql(types)} AS v(id, {', '.join(columns)}) "
                                "WHERE invoice.id = v.id", as_arrays(rows, types))
            return
        sets = ", ".join(f"{c} = v.column{i + 2}" for i, c in enumerate(columns))
        for _count, values, params in _padded(sorted(rows, key=operator.itemgetter(0)), width):  # in the table's order
            self.db.execute_sql(f"UPDATE invoice SET {sets} FROM (VALUES {values}) AS v WHERE invoice.id = v.column1",
                                params)

    @staticmethod
    def _when(value: datetime | None) -> str | None:
        """A time as the store takes it: naive UTC text (what _value makes of a datetime)."""
        return _utc_text(value)

    def _value(self, value: Any) -> Any:
        """A value as the SQLite adapter stores it (naive UTC text, decimal text, ISO date)."""
        if isinstance(value, datetime):
            return _utc_text(value)
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    def _update_run(self, run_id: int, c: RunCounters, *, heartbeat: datetime, log_lines: Sequence[str] | None,
                    **extra: Any) -> None:
        if log_lines is not None:
            extra["log"] = json.dumps(list(log_lines), ensure_ascii=False)
        values = dict(
            processed=c.processed, successes=c.successes, partial=c.partial, errors=c.errors,
            not_available=c.not_available, gave_up=c.gave_up, closed=c.closed, retries=c.retries, lookups=c.lookups,
            avg_seconds=c.avg_seconds, min_seconds=c.min_seconds, max_seconds=c.max_seconds,
            p50_seconds=c.p50_seconds, p95_seconds=c.p95_seconds, heartbeat_at=heartbeat,
            **extra,
        )
        # plain SQL with the fields' own conversions: a batch commits this every time
        fields = FetchRun._meta.fields
        p = self.db.param
        self.db.execute_sql(
            f"UPDATE fetch_run SET {', '.join(f'{fields[k].column_name} = {p}' for k in values)} WHERE id = {p}",
            [*(fields[k].db_value(v) for k, v in values.items()), run_id])
