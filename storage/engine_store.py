"""The engine's store: plans a run from the database and writes its results in batches.

Implements core.engine.ports.EngineStore. A batch is one transaction: attempt rows
(`insert_many` in chunks under SQLite's parameter limit), invoice updates (`executemany`
of one prepared UPDATE), the run's counters and heartbeat. A crash loses at most the
batch being written, never half of one.

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
import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import peewee as pw

from core.domain import MATCHED_STATUSES, FetchStatus, RunStatus
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
)
from core.engine.request import RunRequest
from core.matching import LocalInvoice
from core.process import this_host
from storage import rollups_write as rollups
from storage.errors import StoreWriteError, busy_timeout_of, translate, translated
from storage.models import Contract, FetchClaim, FetchRun, Invoice, RunProgress, database_proxy
from storage.run_figures import figures_from_attempts

log = logging.getLogger(__name__)

CHUNK_IDS = 900  # ids per IN (...) list
CONTEXT_HORIZON = timedelta(days=30)  # sibling invoices due later than this play no part in matching
_SETTLED = tuple(s.value for s in MATCHED_STATUSES)  # remote ids already taken by a local invoice
_UNPAID = Invoice.payment_status.is_null() | (Invoice.payment_status != NEVER_FETCHED_PAYMENT.value)
_ATTEMPT_COLUMNS = (
    "run_id", "invoice_id", "lookup_no", "try_no", "attempt_no", "counted", "retry_pass", "started_at",
    "seconds", "outcome", "status_after", "http_status", "error", "origin", "cohort",
)


_TRACKING_COLUMNS = (
    "fetch_status", "fetch_origin", "last_fetch_at", "fetch_seconds", "fetch_attempts",
    "fetch_error", "last_outcome", "last_run_id", "updated_at",
)
_REMOTE_COLUMNS = ("amount", "remote_due_date", "remote_id", "reference_month", "bar_code", "pix_code")
_SQLITE_PARAMS = 32_000  # under SQLite's 32,766 parameters per statement
LEASE_ENV = "FATURAS_CLAIM_LEASE"  # seconds
DEFAULT_LEASE = 60.0  # seconds a claim lasts without a heartbeat
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


def _rows_per_statement(width: int) -> int:
    return max(1, _SQLITE_PARAMS // width)


@functools.cache
def _values_clause(rows: int, width: int) -> str:
    """'(?, ?), (?, ?)' for `rows` rows of `width` values (cached: batches repeat their sizes)."""
    one = "(" + ", ".join(["?"] * width) + ")"
    return ", ".join([one] * rows)


def _chunks(seq: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _tuples(query: pw.Select) -> Iterable[tuple[Any, ...]]:
    """The rows of a select as plain tuples (the peewee stubs type them as models)."""
    return cast(Iterable[tuple[Any, ...]], query.tuples())


@functools.lru_cache(maxsize=4096)
def _utc_text(value: datetime | None) -> str | None:
    # cached: every invoice served by one lookup shares its start time
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


class SqlEngineStore:
    """EngineStore over the bound peewee database."""

    def __init__(self, database: pw.Database | None = None, *, lease: float | None = None) -> None:
        self.db = database or database_proxy.obj
        self.alerts_enabled = True
        self.lease = timedelta(seconds=lease_seconds(lease))

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
            return self._plan(request, today, with_context=False)

    def _plan(self, request: RunRequest, today: date, documents: Sequence[str] | None = None,
              run_id: int | None = None, *, with_context: bool = True) -> Plan:
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
        if request.cohort is not None:
            q = q.where(Contract.cohort == request.cohort)
        if request.contract_number is not None:
            q = q.where(Contract.number == request.contract_number)
        if documents is not None:
            q = q.where(Contract.document.in_(list(documents)))
        if leaves_running_work(request):
            others = FetchRun.select(FetchRun.id).where(FetchRun.status == RunStatus.RUNNING.value)
            if run_id is not None:
                others = others.where(FetchRun.id != run_id)
            q = q.where(Invoice.last_run.is_null() | Invoice.last_run.not_in(others))
        if availability_applies(request):
            q = q.where(Invoice.available_from <= today)
        statuses = allowed_statuses(request)
        if statuses is not None:
            q = q.where(Invoice.fetch_status.in_([s.value for s in statuses]))
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
        context, settled = self._context(by_doc, today) if with_context else ({}, {})
        jobs = []
        for doc in sorted(by_doc, key=lambda d: job_order(by_doc[d])):
            cands = tuple(sorted(by_doc[doc], key=lambda c: c.invoice_id))
            planned = {c.invoice_id for c in cands}
            ctx = tuple(li for li in context.get(doc, ()) if li.invoice_id not in planned)
            jobs.append(DocumentJob(doc, cands, ctx, frozenset(settled.get(doc, ()))))
        contracts = len({c.contract_id for cands in by_doc.values() for c in cands})
        return Plan(tuple(jobs), contracts=contracts, invoices=len(rows))

    def _context(
        self, by_doc: dict[str, list[Candidate]], today: date
    ) -> tuple[dict[str, list[LocalInvoice]], dict[str, set[str]]]:
        """Sibling invoices of the planned documents, and remote ids already settled on them."""
        context: dict[str, list[LocalInvoice]] = defaultdict(list)
        settled: dict[str, set[str]] = defaultdict(set)
        horizon = today + CONTEXT_HORIZON
        for docs in _chunks(list(by_doc), CHUNK_IDS):
            q = (
                Invoice.select(Contract.document, Invoice.id, Invoice.due_date, Contract.plan_value,
                               Invoice.fetch_status, Invoice.remote_id)
                .join(Contract)
                .where(
                    Contract.document.in_(list(docs)),
                    _UNPAID,
                    (Invoice.due_date <= horizon) | Invoice.fetch_status.in_(_SETTLED),
                )
            )
            for doc, inv_id, due, plan_value, status, remote_id in _tuples(q):
                if status in _SETTLED:
                    if remote_id:
                        settled[doc].add(remote_id)
                    continue
                amount = Decimal(plan_value) if plan_value is not None else None
                context[doc].append(LocalInvoice(inv_id, due, amount))
        return context, settled

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
        runs whose expired claims were taken over. One short write transaction."""
        now = self._wall()
        until = now + self.lease
        rows = [{"document": d, "run_id": run_id, "claimed_at": now, "lease_until": until} for d in docs]
        expired = (FetchClaim.document.in_(docs)) & (FetchClaim.lease_until < now) & (FetchClaim.run_id != run_id)
        with self.db.atomic():  # SQLite: BEGIN IMMEDIATE, the only writer until it ends
            if isinstance(self.db, pw.PostgresqlDatabase):
                inserted = FetchClaim.insert_many(rows).on_conflict_ignore().returning(FetchClaim.document)
                won = {r[0] for r in cast(Iterable[tuple[Any, ...]], inserted.tuples().execute())}
                stale = list(_tuples(FetchClaim.select(FetchClaim.document, FetchClaim.run_id).where(expired)
                                     .for_update(skip_locked=True)))
                if stale:
                    FetchClaim.update(run_id=run_id, claimed_at=now, lease_until=until).where(
                        FetchClaim.document.in_([d for d, _ in stale])).execute()
                    won.update(d for d, _ in stale)
            else:
                stale = list(_tuples(FetchClaim.select(FetchClaim.document, FetchClaim.run_id).where(expired)))
                (FetchClaim.insert_many(rows)
                 .on_conflict(conflict_target=[FetchClaim.document],
                              preserve=[FetchClaim.run_id, FetchClaim.claimed_at, FetchClaim.lease_until],
                              where=(FetchClaim.lease_until < now) | (FetchClaim.run_id == run_id))
                 .execute())
                won = {d for (d,) in _tuples(FetchClaim.select(FetchClaim.document).where(
                    FetchClaim.document.in_(docs), FetchClaim.run_id == run_id))}
        return won, {owner for _, owner in stale}

    def _replan(self, run_id: int, request: RunRequest, today: date, claimed: list[DocumentJob]
                ) -> tuple[list[DocumentJob], list[str]]:
        """The claimed documents planned again on the data as it is now. A candidate another run
        looked up since the plan (its last lookup time moved) is left out: it takes part in
        matching as a sibling, but this run does not look it up again."""
        if not claimed:
            return [], []
        fresh = {j.document: j for j in self._plan(request, today, [j.document for j in claimed], run_id).jobs}
        jobs: list[DocumentJob] = []
        gone: list[str] = []
        for old in claimed:
            job = fresh.get(old.document)
            planned = {c.invoice_id: c.last_fetch_at for c in old.candidates}
            keep = tuple(c for c in job.candidates if c.invoice_id in planned
                         and planned[c.invoice_id] == c.last_fetch_at) if job else ()
            if job is None or not keep:
                gone.append(old.document)
                continue
            kept = {c.invoice_id for c in keep}
            siblings = tuple(c.as_local() for c in job.candidates if c.invoice_id not in kept)
            jobs.append(DocumentJob(job.document, keep, job.context + siblings, job.settled_remote_ids))
        return jobs, gone

    def _recover(self, run_ids: set[int]) -> None:
        """Runs whose claims passed their lease and were taken over: INTERRUPTED if their process
        is gone (storage.recovery's evidence, with the lease as the staleness limit)."""
        from storage.recovery import recover_interrupted_runs

        try:
            with translated(self.db):
                recover_interrupted_runs(only=run_ids, stale_after=self.lease)
        except StoreWriteError as exc:  # the next start or the next take-over tries again
            log.warning("runs %s not recovered yet: %s", sorted(run_ids), exc)

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
                kinds = rollups.AttemptKinds.of((a.try_no, a.seconds, a.outcome.value) for a in batch.attempts)
                rollups.attempts_added(self.db, run_id, after_id, kinds)
            if batch.invoices:
                self._update_invoices(batch.invoices)
            rollups.invoices_in(self.db, invoice_ids)
            extra = {} if batch.planned_invoices is None else {"invoices": batch.planned_invoices}
            self._update_run(run_id, batch.counters, heartbeat=batch.heartbeat_at, log_lines=batch.log_lines,
                             **extra)
            if batch.released:
                FetchClaim.delete().where(FetchClaim.run_id == run_id,
                                          FetchClaim.document.in_(list(batch.released))).execute()
            FetchClaim.update(lease_until=self._wall() + self.lease).where(FetchClaim.run_id == run_id).execute()
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
            old = FetchRun.select(FetchRun.id).where(FetchRun.status != RunStatus.RUNNING.value,
                                                     FetchRun.finished_at < self._wall() - PROGRESS_KEPT)
            RunProgress.delete().where(RunProgress.run_id.in_(old)).execute()
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
        SQLite numbers each new row max(id) + 1, and this transaction holds the write lock)."""
        conv = self._value
        rows = [
            (run_id, a.invoice_id, a.lookup_no, a.try_no, a.attempt_no, a.counted, a.retry_pass,
             conv(a.started_at), a.seconds, a.outcome.value, a.status_after.value, a.http_status, a.error,
             a.origin.value, a.cohort)
            for a in attempts
        ]
        head = f"INSERT INTO fetch_attempt ({', '.join(_ATTEMPT_COLUMNS)}) VALUES "
        first_id: int | None = None
        for chunk in _chunks(rows, _rows_per_statement(len(_ATTEMPT_COLUMNS))):
            cursor = self.db.execute_sql(head + _values_clause(len(chunk), len(_ATTEMPT_COLUMNS)),
                                         [v for row in chunk for v in row])
            if first_id is None:
                first_id = int(cursor.lastrowid) - len(chunk) + 1
        assert first_id is not None
        return first_id - 1

    def _update_invoices(self, writes: Iterable[InvoiceWrite]) -> None:
        latest: dict[int, InvoiceWrite] = {}
        for w in writes:  # each write sets every tracking field: the last one per invoice wins
            latest.pop(w.invoice_id, None)
            latest[w.invoice_id] = w
        plain: list[tuple[Any, ...]] = []
        full: list[tuple[Any, ...]] = []
        conv = self._value
        for w in latest.values():
            head = (
                w.invoice_id, w.fetch_status.value, w.fetch_origin.value, conv(w.last_fetch_at), w.fetch_seconds,
                w.fetch_attempts, w.fetch_error, w.last_outcome.value,
                w.run_id, conv(w.last_fetch_at),
            )
            if w.remote is None:
                plain.append(head)
            else:
                r = w.remote
                full.append((*head, conv(r.amount), conv(r.remote_due_date), r.remote_id, r.reference_month,
                             r.bar_code, r.pix_code))
        self._update_rows(_TRACKING_COLUMNS, plain)
        self._update_rows(_TRACKING_COLUMNS + _REMOTE_COLUMNS, full)

    def _update_rows(self, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """UPDATE invoice rows (id first in each row): one UPDATE ... FROM (VALUES ...) per chunk,
        so the whole chunk is one statement."""
        if not rows:
            return
        width = len(columns) + 1
        sets = ", ".join(f"{c} = v.column{i + 2}" for i, c in enumerate(columns))
        for chunk in _chunks(rows, _rows_per_statement(width)):
            sql = (f"UPDATE invoice SET {sets} FROM (VALUES {_values_clause(len(chunk), width)}) AS v "
                   f"WHERE invoice.id = v.column1")
            self.db.execute_sql(sql, [v for row in chunk for v in row])

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
        FetchRun.update(
            processed=c.processed, successes=c.successes, partial=c.partial, errors=c.errors,
            not_available=c.not_available, gave_up=c.gave_up, retries=c.retries, lookups=c.lookups,
            avg_seconds=c.avg_seconds, min_seconds=c.min_seconds, max_seconds=c.max_seconds,
            p50_seconds=c.p50_seconds, p95_seconds=c.p95_seconds, heartbeat_at=heartbeat,
            **extra,
        ).where(FetchRun.id == run_id).execute()
