"""The fetch engine: one run from plan to final state.

The calling thread is the coordinator; one writer thread commits its batches in order
(core.engine.writer). The main pass looks every document
up once; transient failures come back after a backoff (full jitter, honouring Retry-After)
while the invoice has attempts left, behind the first tries: the retry pass. Business outcomes
(no match, ambiguous) count but are not retried inside the run. It dispatches lookups to a pool
of worker threads through the rate limiter and the circuit breaker, takes their results off
a queue, records them (core.engine.recorder) and commits them in batches through the
injected store. Workers only do HTTP. A run always ends in a final state, whatever is raised.
When the store refuses a write (StoreFailure: the disk is full, the database is locked), the run
ends FAILED with that cause if the store still takes the final update (else it stays RUNNING
until the next start marks it INTERRUPTED) and the failure is raised to the caller.

Provider-wide failures count nothing against an invoice:
- Failures that say nothing about one invoice until an answer proves the provider works, in a
  row, are held back without counting: the transport failing (timeout, connection, 5xx), our
  credentials refused (AUTH) and answers that are not the API (BAD_RESPONSE, e.g. a captcha or
  login page). If the breaker opens, the held lookups are deferred (put back in the queue, no
  invoice touched); if an answer to a later request comes first, they were the invoice's own
  and count as ordinary failures. A provider that stays unavailable past `outage_limit` ends
  the run FAILED with every untouched invoice exactly as it was, and the message says why
  (no answer, or answers that are not the API).
- Answers that are not the API on most lookups (half or more of the last WALL_WINDOW, a captcha
  wall between a few good answers) are not the invoices' failures either: they go back to the
  queue uncounted, and a wall that lasts `outage_limit` ends the run FAILED.
- Credentials refused `breaker_threshold` times in a row end the run at once, FAILED: a wrong
  key string does not get better by waiting.
- A 429 is the provider's pace, not the invoice's failure: the lookup goes back to the queue
  after a backoff (honouring Retry-After), the rate limiter slows down, and nothing is
  recorded. Only 429s for `outage_limit` seconds end the run FAILED.

Several runners on one store (desktops, the tray, cron on a server) share the work through
claims: the plan is only the order of the documents; the run claims the next few (about
`claim_seconds` of lookups at its recent pace) whenever its queue runs low, and looks up only
what it claimed, planned again on the data as it is then, so nothing another run settled
meanwhile is looked up twice. A document another run holds is asked for again later (its
lease passes if that run died). Each commit releases the documents the run is done with and
renews its lease; the run's planned total shrinks by what others took, so progress and ETA stay
honest. With each commit (at most twice a second) the run publishes its progress snapshot to
the store, and it polls the store for a cancel asked from another window.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import logging
import queue
import random
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, tzinfo

from core.domain import Outcome, RunStatus
from core.eligibility import explain_empty
from core.engine.claims import ClaimQueue
from core.engine.pacing import BreakerState, CircuitBreaker, RateLimiter
from core.engine.ports import Batch, EngineStore, Plan, RunCounters, RunFinal, StoreFailure
from core.engine.progress import (
    EMIT_INTERVAL,
    PUBLISH_INTERVAL,
    ProgressSink,
    ProgressSnapshot,
    RateWindow,
    eta_seconds,
    outcome_map,
    snapshot_to_json,
)
from core.engine.recorder import LookupResult, Recorder, Work
from core.engine.request import RunRequest
from core.engine.run_types import (
    CancelToken,
    Clock,
    EngineConfig,
    RunResult,
    SystemClock,
)
from core.engine.writer import BatchWriter
from core.messages import encode
from core.provider.base import Invoices, Provider, ProviderError
from core.redact import redact

log = logging.getLogger(__name__)

_BREAKER_FAILURES = frozenset({Outcome.TIMEOUT, Outcome.CONNECTION, Outcome.HTTP_5XX, Outcome.AUTH,
                               Outcome.BAD_RESPONSE})
LOG_WRITE_INTERVAL = 2.0  # seconds between writes of the run's log tail
WALL_WINDOW = 20  # recent answers looked at to tell a wall of non-API pages from one bad answer
WALL_MIN_ANSWERS = 10


class _PhaseEnd:
    DONE = "done"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"
    AUTH_REFUSED = "auth refused"
    THROTTLED = "throttled"


class FetchEngine:
    def __init__(
        self,
        store: EngineStore,
        provider: Provider,
        *,
        config: EngineConfig | None = None,
        clock: Clock | None = None,
        tz: tzinfo | None = None,
        sink: ProgressSink | None = None,
    ) -> None:
        self.store = store
        self.provider = provider
        self.config = config or EngineConfig()
        self.clock = clock or SystemClock()
        self.tz = tz
        self.sink = sink

    def run(self, request: RunRequest, cancel: CancelToken | None = None) -> RunResult:
        run = _Run(self, request, cancel or CancelToken())
        result = run.execute()
        # the pace the provider accepted, for the caller to remember for the next run
        return dataclasses.replace(result, learned_rate=run.limiter.learned_rate, origin=request.origin)


class _Run:
    """The state of one run; lives on the coordinator thread."""

    def __init__(self, engine: FetchEngine, request: RunRequest, cancel: CancelToken) -> None:
        self.e = engine
        self.request = request
        self.cancel = cancel
        self.clock = engine.clock
        self.cfg = engine.config
        self.rng = random.Random(self.cfg.seed)
        self.limiter = RateLimiter(request.rate_limit, start_rate=self.cfg.start_rate)
        self.breaker = CircuitBreaker(
            self.cfg.breaker_threshold, self.cfg.breaker_cooldown, self.cfg.breaker_max_cooldown
        )
        # queue.Queue, not SimpleQueue: on CPython 3.11 a signal handler (Ctrl+C in the CLI, where
        # this thread is the main one) that outlasts what is left of SimpleQueue.get's timeout
        # turns the wait into one without a timeout, and the run would not notice its cancel until
        # a lookup answered (30 s with a hanging provider). Queue's wait recomputes it correctly.
        self.results: queue.Queue[tuple[Work, int, Future[LookupResult]]] = queue.Queue()
        self.lookup_seq = itertools.count(1)
        self.delay_seq = itertools.count()
        self.ready: deque[Work] = deque()
        self.delayed: list[tuple[float, int, Work]] = []
        self.in_flight = 0
        self.sent_times: dict[int, float] = {}  # lookup number -> when it went out, while in flight
        self.result_at = float("-inf")  # monotonic time of the latest result of any kind
        self.held: list[tuple[Work, int, LookupResult]] = []
        self.last_failure_at = float("-inf")
        self.failure_cause: Outcome | None = None  # the outcome of the latest provider-wide failure
        # When the first request of the current run of failures went out: the provider has been
        # unavailable since then, not only since the breaker opened (which takes `threshold`
        # failures, each as long as a timeout).
        self.failing_since: float | None = None
        self.failure_message = ""
        self.key_mismatch = False  # the last AUTH failure was our key string not decrypting the portal's answer
        self.auth_streak = 0  # credentials refused in a row
        self.throttle_streak = 0  # 429s in a row
        self.throttled = 0  # 429s in the run
        self.answered_at = 0.0  # monotonic time of the latest answer that was not a 429 (0: the start)
        self.recent_answers: deque[bool] = deque(maxlen=WALL_WINDOW)  # True: not the API (BAD_RESPONSE)
        self.wall_since: float | None = None  # since when most answers are not the API
        self.log_written_at = float("-inf")
        self.log_written_version = -1
        self.lookup_rate = RateWindow()
        self.settle_rate = RateWindow()
        self.recent_seconds: deque[float] = deque(maxlen=200)
        self.phase = "planning"
        self.first_tries_left = 0
        self.run_id = 0
        self.plan: Plan | None = None
        self.recorder: Recorder | None = None
        self.writer: BatchWriter | None = None
        self.started_at = self.clock.now()
        self.t0 = self.clock.monotonic()
        self.answered_at = self.t0
        self.last_flush = self.t0
        self.last_emit = float("-inf")
        self.expected_retry_lookups = 0
        self.claims: ClaimQueue | None = None  # the plan's documents, claimed a chunk at a time
        self.released: list[str] = []  # documents done with since the last batch
        self.last_publish = float("-inf")
        self.remote_cancel: str | None = None  # who asked from another window
        self.retry_wait: deque[Work] = deque()  # retries due before the main pass ended

    # -- the run ---------------------------------------------------------------------------------
    def execute(self) -> RunResult:
        now = self.clock.now()
        today = now.astimezone(self.e.tz).date() if self.e.tz else now.astimezone().date()
        plan = self.e.store.plan(self.request, now, today)
        self.plan = plan
        if not plan.invoices:  # no run row, no alert: say why instead
            nothing = explain_empty(self.e.store.summarize(self.request, today))
            log.info("%s", nothing.describe())
            return RunResult(0, RunStatus.COMPLETED, nothing.describe(), RunCounters(), 0.0, 0, 0, nothing=nothing)
        self.run_id = self.e.store.start_run(self.request, plan, now)
        self.writer = BatchWriter(self.e.store, self.run_id)
        self.recorder = rec = Recorder(
            run_id=self.run_id,
            origin=self.request.origin,
            max_attempts=self.request.max_attempts,
            force=self.request.force,
            match_params=self.cfg.match,
            today=today,
        )
        rec.note("run.started", now, run=self.run_id, origin=self.request.origin, invoices=plan.invoices,
                 documents=plan.documents, contracts=plan.contracts)
        log.info("run %d: %d invoices in %d documents", self.run_id, plan.invoices, plan.documents)
        pool = ThreadPoolExecutor(max_workers=self.request.concurrency, thread_name_prefix="lookup")
        self.writer.poll_cancel(lambda: self.e.store.cancel_requested(self.run_id), self._cancel_from_store)
        try:
            self.claims = ClaimQueue(self.e.store, self.run_id, self.request, today, self.cfg, self.t0, plan.jobs,
                                     plan.invoices)
            end = self._dispatch_all(pool)
            status, message = self._conclusion(end)
        except StoreFailure as failure:  # the store refused a write: the run ends on that cause
            self._finish(RunStatus.FAILED, failure.message, failure=failure)  # raises it, with the run's fate
            raise
        except BaseException as exc:  # a run always ends in a final state
            cancelled = isinstance(exc, KeyboardInterrupt)
            if not cancelled:
                log.exception("run %d failed", self.run_id)
            try:
                self._finish(
                    RunStatus.CANCELLED if cancelled else RunStatus.FAILED,
                    encode("run.interrupted_key") if cancelled
                    else encode("run.internal_error", detail=redact(f"{type(exc).__name__}: {exc}")),
                )
            except StoreFailure as failure:
                log.error("run %d could not be closed: %s", self.run_id, failure)
            except Exception:
                log.exception("run %d could not be closed; it will be marked INTERRUPTED", self.run_id)
            raise
        finally:
            # Do not wait for lookups still in flight: their results are discarded.
            pool.shutdown(wait=False, cancel_futures=True)
        return self._finish(status, message)

    def _conclusion(self, end: str) -> tuple[RunStatus, str]:
        """The run's final status and its closing message (encoded: core.messages)."""
        assert self.recorder is not None
        if end == _PhaseEnd.CANCELLED:
            if self.remote_cancel:
                return RunStatus.CANCELLED, encode("run.cancelled_by", who=self.remote_cancel)
            return RunStatus.CANCELLED, encode("run.cancelled")
        detail = redact(self.failure_message) or None
        limit = round(self.cfg.outage_limit, 3)
        if end == _PhaseEnd.AUTH_REFUSED:
            return RunStatus.FAILED, encode("run.key_mismatch" if self.key_mismatch else "run.auth_refused",
                                            detail=detail)
        if end == _PhaseEnd.THROTTLED:
            return RunStatus.FAILED, encode("run.throttled_out", seconds=limit)
        if end == _PhaseEnd.UNAVAILABLE:
            if self.failure_cause is Outcome.BAD_RESPONSE:
                return RunStatus.FAILED, encode("run.not_api", seconds=limit, detail=detail)
            return RunStatus.FAILED, encode("run.no_answer", seconds=limit)
        c = self.recorder.tally.counters(with_percentiles=False)
        return RunStatus.COMPLETED, encode(
            "run.completed", successes=c.successes, partial=c.partial, not_available=c.not_available,
            closed=c.closed, errors=c.errors, gave_up=c.gave_up)

    def _finish(self, status: RunStatus, message: str, failure: StoreFailure | None = None) -> RunResult:
        """Commit what is pending and close the run. When the store refused a write (`failure`, or
        a batch the writer could not commit) the run is closed FAILED with that cause and the
        failure is raised, saying whether the run could be closed; the first failure is the one
        raised, a later one (the final update refused too) only leaves the run RUNNING."""
        if self.claims is not None:
            self.claims.stop()
        rec = self.recorder
        plan = self.plan
        now = self.clock.now()
        duration = round(self.clock.monotonic() - self.t0, 3)
        if rec is None or plan is None or not self.run_id:
            raise RuntimeError("the run failed before it was created")
        try:
            self._flush(now)  # what is pending is kept, whatever the ending
        except StoreFailure as exc:  # the writer failed meanwhile; close() says so again below
            failure = failure or exc
        written = failure is None
        if self.writer is not None:
            try:
                self.writer.close()  # every batch is committed before the run is closed
            except StoreFailure as exc:
                written, failure = False, failure or exc
            except RuntimeError as exc:
                written = False
                status, message = RunStatus.FAILED, encode("run.internal_error", detail=redact(str(exc)))
        if failure is not None:
            status, message = RunStatus.FAILED, failure.message
            failure.run_id = self.run_id
        rec.note_encoded(message, now)
        counters = rec.tally.counters(with_percentiles=True)
        try:
            self.e.store.finish(
                self.run_id,
                # after a failed write the store recounts from the rows that did reach it
                RunFinal(status, message, now, duration, counters if written else None, tuple(rec.log),
                         progress=self._published(status, message), planned=self._planned()),
            )
        except StoreFailure as exc:
            if failure is None:
                failure = exc
                failure.run_id = self.run_id
            failure.run_closed = False
            log.error("run %d could not be closed: %s", self.run_id, exc.cause)
        else:
            if failure is not None:
                failure.run_closed = True
        self.phase = "finished"
        if failure is not None:
            self._emit(force=True, status=RunStatus.FAILED, message=failure.message)
            log.info("run %d FAILED in %.3fs: %s", self.run_id, duration, failure)
            raise failure
        self._emit(force=True, status=status, message=message)
        log.info("run %d %s in %.3fs", self.run_id, status.value, duration)
        _, invoices, documents = self._planned()
        return RunResult(self.run_id, status, message, counters, duration, invoices, documents)

    # -- dispatching ------------------------------------------------------------------------------
    def _dispatch_all(self, pool: ThreadPoolExecutor) -> str:
        """Dispatch every document once (the main pass), claiming them a chunk at a time, then
        the retries that come back after their backoff (the retry pass) until none is left."""
        self.phase = "main"
        self._claim_more(self.clock.monotonic())  # the first claim goes out while the provider warms up
        if self._claims_left and not self._warm_up(pool):
            return _PhaseEnd.CANCELLED
        while True:
            now_m = self.clock.monotonic()
            if self.cancel.cancelled:
                return _PhaseEnd.CANCELLED
            while self.delayed and self.delayed[0][0] <= now_m:
                work = heapq.heappop(self.delayed)[2]
                # a retry waits behind every first try, claimed or still to claim: the retry pass
                (self.retry_wait if work.failures and self._main_pass_left else self.ready).append(work)
            self._claim_more(now_m)
            if self.retry_wait and not self._main_pass_left:
                self.ready.extend(self.retry_wait)
                self.retry_wait.clear()
            wait = self._dispatch(pool, now_m)
            if not self.ready and not self.delayed and not self.in_flight and not self._claims_left \
                    and not self.retry_wait:
                self._settle_held()
                if not self.ready and not self.delayed and not self.in_flight:
                    return _PhaseEnd.DONE
            if self.auth_streak >= self.cfg.breaker_threshold:
                return _PhaseEnd.AUTH_REFUSED
            if self.breaker.state is not BreakerState.CLOSED and self.failing_since is not None \
                    and now_m - self.failing_since > self.cfg.outage_limit:
                return _PhaseEnd.UNAVAILABLE
            if self._silent_past_limit(now_m):
                return _PhaseEnd.UNAVAILABLE
            if self.throttle_streak and now_m - self.answered_at > self.cfg.outage_limit:
                return _PhaseEnd.THROTTLED
            if self.wall_since is not None and now_m - self.wall_since > self.cfg.outage_limit:
                self.failure_cause = Outcome.BAD_RESPONSE
                return _PhaseEnd.UNAVAILABLE
            timeout = min(wait, EMIT_INTERVAL, self.cfg.batch_interval)
            if self.delayed:
                timeout = min(timeout, max(0.0, self.delayed[0][0] - now_m))
            if not self.ready and not self.in_flight and not self.delayed:
                recheck = self.claims.next_recheck() if self.claims is not None else None
                if self.claims is not None and self.claims.asking:
                    timeout = min(timeout, 0.005)  # nothing else to do: pick the claim up as it lands
                elif recheck is not None:
                    timeout = min(timeout, max(0.0, recheck - now_m))
            self._collect(max(timeout, 0.0005))
            if self.writer is not None:
                self.writer.raise_if_failed()
            now_m = self.clock.monotonic()
            if len(self.recorder.pending if self.recorder else ()) >= self.cfg.batch_size or (
                now_m - self.last_flush >= self.cfg.batch_interval
                and (self.recorder and len(self.recorder.pending))
            ) or now_m - self.last_flush >= self.cfg.heartbeat_interval \
                    or now_m - self.last_publish >= PUBLISH_INTERVAL:
                self._flush(self.clock.now())
            self._emit()

    @property
    def _claims_left(self) -> bool:
        return self.claims is not None and self.claims.left

    @property
    def _main_pass_left(self) -> bool:
        """Documents still to have their first lookup (claimed or not)."""
        return self.first_tries_left > 0 or self._claims_left

    def _claim_more(self, now_m: float) -> None:
        """Queue what the claims brought in; let them ask for more when the queue runs low."""
        if self.claims is None:
            return
        assert self.recorder is not None
        for job in self.claims.pump(now_m, len(self.ready), self.lookup_rate.per_second(now_m)):
            self.recorder.register(job)
            self.ready.append(Work(job, tuple(c.invoice_id for c in job.candidates), False))
            self.first_tries_left += 1

    def _totals(self) -> tuple[int, int]:
        return self.claims.totals() if self.claims is not None else (0, 0)

    def _planned(self) -> tuple[int, int, int]:
        return self.claims.planned() if self.claims is not None else (0, 0, 0)

    def _cancel_from_store(self, who: str) -> None:
        """A cancel asked in the store (another window, another machine): as if ours."""
        if not self.cancel.cancelled:
            self.remote_cancel = who
            log.info("run %d: cancel asked by %s", self.run_id, who)
            self.cancel.cancel()

    def _warm_up(self, pool: ThreadPoolExecutor) -> bool:
        """Let the provider authenticate before the first lookup (if it can), so that lookups do
        not pile up behind one authentication and then leave together. False if cancelled."""
        connect = getattr(self.e.provider, "connect", None)
        if connect is None:
            return True
        future = pool.submit(connect)
        while True:
            if self.cancel.cancelled:
                return False
            try:
                future.result(timeout=0.1)
            except TimeoutError:
                continue
            except ProviderError as exc:  # the lookups will meet and classify it
                log.info("provider not ready before the run: %s", exc.message)
            except Exception:
                log.exception("provider warm-up failed")
            return True

    def _dispatch(self, pool: ThreadPoolExecutor, now_m: float) -> float:
        """Send what the limiter and breaker allow; return how long until more may go."""
        wait = EMIT_INTERVAL
        while self.ready and self.in_flight < self.request.concurrency:
            if not self.breaker.allow(now_m):
                return max(self.breaker.wait(now_m), 0.001)
            delay = self.limiter.delay(now_m)
            if delay > 0:
                return delay
            self.limiter.take(now_m)
            self.breaker.on_sent()
            work = self.ready.popleft()
            if work.failures == 0 and not work.dispatched:
                work.dispatched = True  # a deferred lookup comes back here without counting twice
                self.first_tries_left -= 1
                if self.first_tries_left == 0 and not self._claims_left:
                    self.phase = "retry"  # every document had its first lookup
            work.retry_pass = work.failures > 0 and self.first_tries_left == 0 and not self._claims_left
            lookup_no = next(self.lookup_seq)
            self.sent_times[lookup_no] = now_m
            future = pool.submit(self._lookup, work.job.document)
            future.add_done_callback(self._on_done(work, lookup_no))
            self.in_flight += 1
        return wait

    def _on_done(self, work: Work, lookup_no: int) -> Callable[[Future[LookupResult]], None]:
        def done(future: Future[LookupResult]) -> None:
            self.results.put((work, lookup_no, future))

        return done

    def _lookup(self, document: str) -> LookupResult:
        """Worker thread: one provider lookup, timed, never raising."""
        started_at = self.clock.now()
        sent_at = self.clock.monotonic()
        t = time.perf_counter()
        try:
            remote = self.e.provider.lookup(document)
            skipped = remote.skipped if isinstance(remote, Invoices) else 0
            return LookupResult(tuple(remote), None, None, None, None, started_at, time.perf_counter() - t, sent_at,
                                skipped)
        except ProviderError as exc:
            return LookupResult(None, exc.outcome, exc.message, exc.http_status, exc.retry_after,
                                started_at, time.perf_counter() - t, sent_at, key_mismatch=exc.key_mismatch)
        except Exception as exc:  # a provider bug must not kill the run
            log.exception("unexpected error in a lookup")
            return LookupResult(None, Outcome.BAD_RESPONSE, f"unexpected error: {type(exc).__name__}",
                                None, None, started_at, time.perf_counter() - t, sent_at)

    def _collect(self, timeout: float) -> None:
        try:
            item = self.results.get(timeout=timeout)
        except queue.Empty:
            return
        while True:
            self._handle(*item)
            try:
                item = self.results.get_nowait()
            except queue.Empty:
                return

    def _silent_past_limit(self, now_m: float) -> bool:
        """Nothing at all (no answer, no failure) has come back since the oldest lookup in flight
        went out, `outage_limit` ago: with a limit under the read timeout the first failures
        would only come back at the timeout, well past the limit the user set."""
        if not self.sent_times:
            return False
        oldest = min(self.sent_times.values())
        return self.result_at < oldest and now_m - oldest > self.cfg.outage_limit

    def _handle(self, work: Work, lookup_no: int, future: Future[LookupResult]) -> None:
        self.in_flight -= 1
        self.sent_times.pop(lookup_no, None)
        self.result_at = self.clock.monotonic()
        if future.cancelled():
            return
        result = future.result()
        now_m = self.clock.monotonic()
        self.lookup_rate.add(now_m)
        self.recent_seconds.append(result.seconds)
        outcome = result.outcome
        self.auth_streak = self.auth_streak + 1 if outcome is Outcome.AUTH else 0
        if outcome is Outcome.AUTH:
            self.key_mismatch = result.key_mismatch
        if outcome is Outcome.BAD_RESPONSE or not (outcome in _BREAKER_FAILURES or outcome is Outcome.RATE_LIMITED):
            self._note_answer(outcome is Outcome.BAD_RESPONSE, now_m)  # an answer: the API's or not
        if outcome in _BREAKER_FAILURES:
            self.failure_cause, self.failure_message = outcome, result.message or ""
            if self.failing_since is None or result.sent_at < self.failing_since:
                self.failing_since = result.sent_at
            self.last_failure_at = max(self.last_failure_at, result.answered_at)
            if self.breaker.state is BreakerState.CLOSED:
                self.held.append((work, lookup_no, result))
                if self.breaker.on_failure(now_m):
                    self._defer_held()
            else:
                self.breaker.on_failure(now_m)
                self._defer(work)
            if outcome is Outcome.HTTP_5XX and result.http_status == 503:
                self.limiter.on_throttled(now_m, result.retry_after, soft=True, sent_at=result.sent_at)
            return
        # Only an answer to a request sent after the last failure came back says the provider
        # is up: one sent earlier may have been answered just before it went down.
        if result.sent_at >= self.last_failure_at:
            self.breaker.on_success()
            self.failing_since = None
        self._settle_held(before=result.sent_at)
        if outcome is Outcome.RATE_LIMITED:
            self.limiter.on_throttled(now_m, result.retry_after, sent_at=result.sent_at)
            self.throttled += 1
            self.throttle_streak += 1
            if self.throttled == 1 and self.recorder is not None:
                self.recorder.note("run.slowing_down")
            self._pause(work, result.retry_after)
            return
        self.throttle_streak = 0
        self.answered_at = now_m
        self.limiter.on_success(now_m, result.sent_at)  # any answer but a 429: the provider took it
        self._record(work, lookup_no, result)

    def _record(self, work: Work, lookup_no: int, result: LookupResult) -> None:
        assert self.recorder is not None
        now = self.clock.now()
        before = len(self.recorder.tally.last_status)
        retry = self.recorder.record(work, lookup_no, result, now)
        self.settle_rate.add(self.clock.monotonic(), len(self.recorder.tally.last_status) - before)
        if not (retry and self.request.retry_pass):
            self.released.append(work.job.document)  # its claim ends with the batch of these results
        if retry and self.request.retry_pass:
            failures = work.failures + 1
            delay = self.cfg.backoff.delay(failures, result.retry_after, self.rng)
            again = Work(work.job, retry, work.retry_pass, failures)
            heapq.heappush(self.delayed, (self.clock.monotonic() + delay, next(self.delay_seq), again))

    def _settle_held(self, before: float | None = None) -> None:
        """Transport failures followed by an answer to a request sent after they came back were
        not an outage: count them as ordinary failures (all of them when `before` is None)."""
        keep: list[tuple[Work, int, LookupResult]] = []
        settle: list[tuple[Work, int, LookupResult]] = []
        for item in self.held:
            (settle if before is None or item[2].answered_at <= before else keep).append(item)
        self.held = keep
        # Until enough answers came to tell a wall from one bad page, a page that is not the API
        # waits (but not past the end of the run).
        undecided = before is not None and len(self.recent_answers) < WALL_MIN_ANSWERS
        for work, lookup_no, result in settle:
            if result.outcome is not Outcome.BAD_RESPONSE:
                self._record(work, lookup_no, result)
            elif self.wall_since is not None:
                self._pause(work, streak=5)  # a page of the wall, not this invoice's failure
            elif undecided:
                self.held.append((work, lookup_no, result))
            else:
                self._record(work, lookup_no, result)

    def _note_answer(self, not_the_api: bool, now_m: float) -> None:
        """Keep the share of recent answers that were not the API; a wall starts at half."""
        self.recent_answers.append(not_the_api)
        answers = len(self.recent_answers)
        wall = answers >= WALL_MIN_ANSWERS and 2 * sum(self.recent_answers) >= answers
        if wall and self.wall_since is None:
            self.wall_since = now_m
            if self.recorder is not None:
                self.recorder.note("run.wall")
        elif not wall:
            self.wall_since = None

    def _pause(self, work: Work, retry_after: float | None = None, *, streak: int | None = None) -> None:
        """Back to the queue after the provider's Retry-After, else a short jittered pause that
        grows to 1 s while the trouble goes on: the limiter sets the pace, this only keeps the
        lookup off a hot loop."""
        streak = max(self.throttle_streak if streak is None else streak, 1)
        delay = retry_after or self.rng.uniform(0, min(1.0, 0.05 * 2 ** min(streak, 5)))
        heapq.heappush(self.delayed, (self.clock.monotonic() + delay, next(self.delay_seq), work))

    def _defer_held(self) -> None:
        assert self.recorder is not None
        held, self.held = self.held, []
        for work, _, _ in held:
            self._defer(work)
        self.recorder.note("run.outage_pause", failures=self.breaker.failures)

    def _defer(self, work: Work) -> None:
        self.ready.appendleft(work)

    # -- writes and progress --------------------------------------------------------------------
    def _flush(self, now: datetime) -> None:
        assert self.recorder is not None
        attempts, invoices = self.recorder.pending.take()
        released, self.released = tuple(self.released), []
        now_m = self.clock.monotonic()
        progress = None
        if now_m - self.last_publish >= PUBLISH_INTERVAL:
            progress = self._published(RunStatus.RUNNING, "")
            self.last_publish = now_m
        batch = Batch(
            attempts=attempts,
            invoices=invoices,
            counters=self.recorder.tally.counters(with_percentiles=False),
            heartbeat_at=now,
            log_lines=self._log_for_batch(),
            released=released,
            progress=progress,
            planned_invoices=self._totals()[0],
        )
        if self.writer is not None and not self.writer.failed:
            self.writer.put(batch)
        elif self.writer is None:
            self.e.store.commit(self.run_id, batch)
        self.last_flush = self.clock.monotonic()

    def _log_for_batch(self) -> tuple[str, ...] | None:
        """The log tail, written with a batch at most every LOG_WRITE_INTERVAL seconds (it is the
        same few hundred lines again and again; a crash loses at most that much of it)."""
        assert self.recorder is not None
        now_m = self.clock.monotonic()
        if self.recorder.log_version == self.log_written_version or now_m - self.log_written_at < LOG_WRITE_INTERVAL:
            return None
        self.log_written_at, self.log_written_version = now_m, self.recorder.log_version
        return tuple(self.recorder.log)

    def _published(self, status: RunStatus, message: str) -> str | None:
        """The snapshot as the store keeps it for other windows (None before the run exists)."""
        snapshot = self._snapshot(self.clock.monotonic(), status, message)
        return None if snapshot is None else snapshot_to_json(snapshot)

    def _emit(self, *, force: bool = False, status: RunStatus = RunStatus.RUNNING, message: str = "") -> None:
        sink = self.e.sink
        if sink is None or self.recorder is None or self.plan is None:
            return
        now_m = self.clock.monotonic()
        if not force and now_m - self.last_emit < EMIT_INTERVAL:
            return
        self.last_emit = now_m
        snapshot = self._snapshot(now_m, status, message)
        if snapshot is None:
            return
        try:
            sink(snapshot)
        except Exception:  # a broken display must not break the run
            log.exception("progress sink failed")

    def _snapshot(self, now_m: float, status: RunStatus, message: str) -> ProgressSnapshot | None:
        if self.recorder is None or self.plan is None:
            return None
        c = self.recorder.tally.counters(with_percentiles=False)
        lookups_ps = self.lookup_rate.per_second(now_m)
        total, documents = self._totals()
        unclaimed = documents - (self.claims.claimed_documents if self.claims is not None else 0)
        remaining = len(self.ready) + len(self.delayed) + self.in_flight + len(self.held) + unclaimed \
            + len(self.retry_wait)
        recent = sorted(self.recent_seconds)
        return ProgressSnapshot(
            run_id=self.run_id,
            status=status,
            phase=self.phase,
            started_at=self.started_at,
            elapsed=now_m - self.t0,
            total=total,
            done=c.processed,
            documents_total=documents,
            documents_done=len(self.recorder.documents_done),
            successes=c.successes,
            partial=c.partial,
            errors=c.errors,
            not_available=c.not_available,
            gave_up=c.gave_up,
            closed=c.closed,
            retries=c.retries,
            lookups=c.lookups,
            in_flight=self.in_flight,
            pending_retries=len(self.delayed),
            rate=self.settle_rate.per_second(now_m),
            lookups_per_second=lookups_ps,
            eta_seconds=0.0 if status is not RunStatus.RUNNING else eta_seconds(remaining, lookups_ps),
            p50_recent=recent[len(recent) // 2] if recent else None,
            rate_limit=self.limiter.rate,
            breaker=self.breaker.state.value,
            outcomes=outcome_map(self.recorder.tally.outcomes),
            log_tail=tuple(list(self.recorder.log)[-20:]),
            message=message,
        )

