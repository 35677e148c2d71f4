"""The engine's store: plans a run from the database and writes its results in batches.

Implements core.engine.ports.EngineStore. A batch is one transaction: attempt rows
(`insert_many` in chunks under SQLite's parameter limit), invoice updates (`executemany`
of one prepared UPDATE), the run's counters and heartbeat. A crash loses at most the
batch being written, never half of one.

Every method raises SQLite's errors as storage.errors.StoreWriteError (the engine's
StoreFailure): "the disk is full", "the database is locked by another program (waited 15 s)",
else SQLite's message.
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
from typing import Any, TypeVar, cast

import peewee as pw

from core.domain import MATCHED_STATUSES, FetchStatus, RunStatus
from core.due_dates import moved_schedule
from core.eligibility import NEVER_FETCHED_PAYMENT, allowed_statuses, availability_applies, job_order
from core.engine.ports import (
    AttemptWrite,
    Batch,
    Candidate,
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
from storage.dialect import as_arrays, postgres_type, unnest_sql
from storage.errors import StoreWriteError, busy_timeout_of, translate, translated
from storage.models import Contract, FetchAttempt, FetchRun, Invoice, database_proxy
from storage.run_figures import figures_from_attempts

log = logging.getLogger(__name__)

CHUNK_IDS = 900  # ids per IN (...) list
CONTEXT_HORIZON = timedelta(days=30)  # sibling invoices due later than this play no part in matching
_SETTLED = tuple(s.value for s in MATCHED_STATUSES)  # remote ids already taken by a local invoice
# Invoices still to fetch, whose due date may move to the customer's own due day
_MOVABLE = (FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE, FetchStatus.ERROR, FetchStatus.GAVE_UP)
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
_SQLITE_PARAMS = 32_000  # under SQLite's 32,766 parameters per statement


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

    def __init__(self, database: pw.Database | None = None) -> None:
        self.db = database or database_proxy.obj
        self.postgres = isinstance(self.db, pw.PostgresqlDatabase)
        self.alerts_enabled = True

    # -- plan --------------------------------------------------------------------------------------
    def plan(self, request: RunRequest, now: datetime, today: date) -> Plan:
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
        context, settled = self._context(by_doc, today)
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
                kinds = rollups.AttemptKinds.of((a.try_no, a.seconds, a.outcome.value) for a in batch.attempts)
                rollups.attempts_added(self.db, run_id, after_id, kinds)
            if batch.invoices:
                self._update_invoices(batch.invoices)
            rollups.invoices_in(self.db, invoice_ids)
            self._update_run(run_id, batch.counters, heartbeat=batch.heartbeat_at, log_lines=batch.log_lines)

    def finish(self, run_id: int, final: RunFinal) -> None:
        with translated(self.db), self.db.atomic():
            counters = final.counters
            if counters is None:
                counters = RunCounters(**asdict(figures_from_attempts(run_id)))
            self._update_run(
                run_id,
                counters,
                heartbeat=final.finished_at,
                log_lines=final.log_lines,
                status=final.status.value,
                message=final.message,
                finished_at=final.finished_at,
                duration_seconds=final.duration_seconds,
            )
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
        conv = self._value
        rows = [
            (run_id, a.invoice_id, a.lookup_no, a.try_no, a.attempt_no, a.counted, a.retry_pass,
             conv(a.started_at), a.seconds, a.outcome.value, a.status_after.value, a.http_status, a.error,
             a.origin.value, a.cohort)
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
        for chunk in _chunks(rows, _rows_per_statement(len(_ATTEMPT_COLUMNS))):
            cursor = self.db.execute_sql(head + "VALUES " + _values_clause(len(chunk), len(_ATTEMPT_COLUMNS)),
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
        for w in latest.values():
            if w.due_day is not None and w.remote is not None:
                self._move_due_day(w.invoice_id, w.remote.remote_due_date, w.due_day)

    def _move_due_day(self, invoice_id: int, real_due: date, due_day: int) -> None:
        """The customer pays on day `due_day`: the matched invoice takes its real due date, and the
        contract's later invoices that are still to fetch (not imported, not settled) move to that
        day, so later months match exactly and become available on time. Rollups do not key on
        due dates: nothing to adjust there."""
        row = (Invoice.select(Invoice.contract, Invoice.number, Contract.install_date)
               .join(Contract).where(Invoice.id == invoice_id).tuples().first())
        if row is None:
            return
        contract_id, number, install = row
        schedule = {n: (due, available) for n, due, available in moved_schedule(install, number, real_due, due_day)}
        movable = (Invoice.select(Invoice.id, Invoice.number)
                   .where(Invoice.contract == contract_id, Invoice.number > number,
                          Invoice.due_date_imported == False,  # noqa: E712 - SQL, not Python
                          Invoice.fetch_status.in_([s.value for s in _MOVABLE]))
                   .tuples())
        targets = [(invoice_id, number), *movable]
        for target_id, n in targets:
            due, available = schedule[n]
            Invoice.update(due_date=due, available_from=available).where(Invoice.id == target_id).execute()

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
            not_available=c.not_available, gave_up=c.gave_up, closed=c.closed, retries=c.retries, lookups=c.lookups,
            avg_seconds=c.avg_seconds, min_seconds=c.min_seconds, max_seconds=c.max_seconds,
            p50_seconds=c.p50_seconds, p95_seconds=c.p95_seconds, heartbeat_at=heartbeat,
            **extra,
        ).where(FetchRun.id == run_id).execute()
