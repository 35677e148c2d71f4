"""Rollups for the engine's batches, set-based: a handful of statements per batch instead of a
trigger body per row.

The row triggers (storage.schema_extras) keep the rollups right for every writer, but a
trigger per attempt row costs more than the row itself. The engine's writer therefore turns
the triggers off inside its own transaction (a row in `rollup_guard`, which other connections
never see: they only see committed data, and the guard row is gone at commit) and applies the
same arithmetic to the whole batch:

- `rollup_invoice`: the batch's invoices are taken out before their update and put back after
  it (what the update trigger does for each changed row);
- the attempt rollups from the batch's new rows (ids above the largest before the insert), with
  the same definitions as the rebuild in storage.schema_extras — including "a try_no > 1 row
  takes its previous try out of the run results" and "keep the K slowest per hour".

Tests compare the result with a full rebuild on real engine runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import peewee as pw

from core.domain import FetchStatus
from storage.rollups import ATTEMPTS_CAP, PROBLEM_OUTCOMES_SQL, SLOW_KEEP_PER_HOUR, bucket_sql, error_key_sql

GUARD_TABLE = "CREATE TABLE IF NOT EXISTS rollup_guard (id INTEGER PRIMARY KEY)"
GUARD_OFF = "NOT EXISTS (SELECT 1 FROM rollup_guard)"

_STATUSES = [s.value for s in FetchStatus]
_RES = [f"res_{s.lower()}" for s in _STATUSES]
_INV_KEY = "cohort, status, origin, attempts, has_data, outcome"


def _invoice_delta(sign: int) -> str:
    return f"""INSERT INTO rollup_invoice ({_INV_KEY}, n, timed, sum_seconds, sum_amount)
        SELECT c.cohort, i.fetch_status, coalesce(i.fetch_origin, ''),
               max(0, min(i.fetch_attempts, {ATTEMPTS_CAP})),
               (i.amount IS NOT NULL AND (coalesce(i.bar_code, '') <> '' OR coalesce(i.pix_code, '') <> '')),
               coalesce(i.last_outcome, ''), {sign} * count(*), {sign} * count(i.fetch_seconds),
               {sign} * coalesce(sum(i.fetch_seconds), 0), {sign} * coalesce(sum(i.amount), 0)
        FROM invoice i JOIN contract c ON c.id = i.contract_id
        WHERE i.id IN (SELECT value FROM json_each(?))
        GROUP BY 1, 2, 3, 4, 5, 6
        ON CONFLICT ({_INV_KEY}) DO UPDATE SET n = n + excluded.n, timed = timed + excluded.timed,
            sum_seconds = sum_seconds + excluded.sum_seconds, sum_amount = sum_amount + excluded.sum_amount"""


_INVOICES_OUT = _invoice_delta(-1)
_INVOICES_IN = _invoice_delta(1)
_RES_SET = ", ".join(f"{c} = {c} + excluded.{c}" for c in _RES)
_HOUR = "substr(started_at, 1, 13)"

_ATTEMPT_HOURS = f"""INSERT INTO rollup_attempt_hour (hour, origin, attempts, timed, sum_seconds, min_seconds,
                                     max_seconds, {", ".join(_RES)})
    SELECT {_HOUR}, origin, count(*), count(seconds), coalesce(sum(seconds), 0), min(seconds), max(seconds),
           {", ".join(f"sum(status_after = '{s}')" for s in _STATUSES)}
    FROM fetch_attempt WHERE id > ? GROUP BY 1, 2
    ON CONFLICT (hour, origin) DO UPDATE SET attempts = attempts + excluded.attempts,
        timed = timed + excluded.timed, sum_seconds = sum_seconds + excluded.sum_seconds,
        min_seconds = coalesce(min(min_seconds, excluded.min_seconds), min_seconds, excluded.min_seconds),
        max_seconds = coalesce(max(max_seconds, excluded.max_seconds), max_seconds, excluded.max_seconds),
        {_RES_SET}"""

_PREVIOUS_TRIES_OUT = f"""INSERT INTO rollup_attempt_hour (hour, origin, {", ".join(_RES)})
    SELECT substr(p.started_at, 1, 13), p.origin, {", ".join(f"-sum(p.status_after = '{s}')" for s in _STATUSES)}
    FROM fetch_attempt a JOIN fetch_attempt p
      ON p.run_id = a.run_id AND p.invoice_id = a.invoice_id AND p.try_no = a.try_no - 1
    WHERE a.id > ? AND a.try_no > 1 GROUP BY 1, 2
    ON CONFLICT (hour, origin) DO UPDATE SET {_RES_SET}"""

_LATENCY = f"""INSERT INTO rollup_latency_hour (hour, origin, bucket, n)
    SELECT {_HOUR}, origin, {bucket_sql("seconds")}, count(*) FROM fetch_attempt
    WHERE id > ? AND seconds IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT (hour, origin, bucket) DO UPDATE SET n = n + excluded.n"""

_ERROR_HOURS = f"""INSERT INTO rollup_error_hour (hour, outcome, http_status, msg_key, attempts, first_seen,
                                   last_seen, sample)
    SELECT hour, outcome, http, msg_key, count(*), min(started_at), max(started_at),
           nullif(substr(max(started_at || char(31) || coalesce(error, '')),
                         instr(max(started_at || char(31) || coalesce(error, '')), char(31)) + 1), '')
    FROM (SELECT {_HOUR} AS hour, outcome, coalesce(http_status, 0) AS http, {error_key_sql("error")} AS msg_key,
                 started_at, error
          FROM fetch_attempt WHERE id > ? AND outcome IN {PROBLEM_OUTCOMES_SQL})
    WHERE 1 GROUP BY hour, outcome, http, msg_key
    ON CONFLICT (hour, outcome, http_status, msg_key) DO UPDATE SET attempts = attempts + excluded.attempts,
        first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
        sample = CASE WHEN excluded.last_seen >= last_seen THEN excluded.sample ELSE sample END"""

# rollup_error_invoice keeps its own (unguarded) triggers for `invoices_last`.
_ERROR_INVOICES = f"""INSERT INTO rollup_error_invoice (outcome, http_status, msg_key, invoice_id, last_seen)
    SELECT outcome, coalesce(http_status, 0), {error_key_sql("error")}, invoice_id, max(started_at)
    FROM fetch_attempt WHERE id > ? AND outcome IN {PROBLEM_OUTCOMES_SQL} GROUP BY 1, 2, 3, 4
    ON CONFLICT (outcome, http_status, msg_key, invoice_id) DO UPDATE SET
        last_seen = max(last_seen, excluded.last_seen)"""

# Only the batch's own K slowest per hour can enter the hour's K slowest: insert those alone.
_SLOW_IN = f"""INSERT OR IGNORE INTO rollup_slow_hour (hour, seconds, attempt_id)
    SELECT hour, seconds, id FROM (
        SELECT {_HOUR} AS hour, seconds, id,
               row_number() OVER (PARTITION BY {_HOUR} ORDER BY seconds DESC, id ASC) AS rn
        FROM fetch_attempt WHERE id > ? AND seconds IS NOT NULL)
    WHERE rn <= {SLOW_KEEP_PER_HOUR}"""

_SLOW_PRUNE = f"""DELETE FROM rollup_slow_hour
    WHERE hour IN (SELECT DISTINCT {_HOUR} FROM fetch_attempt WHERE id > ? AND seconds IS NOT NULL)
      AND (hour, seconds, attempt_id) NOT IN (
          SELECT hour, seconds, attempt_id FROM (
              SELECT hour, seconds, attempt_id,
                     row_number() OVER (PARTITION BY hour ORDER BY seconds DESC, attempt_id ASC) AS rn
              FROM rollup_slow_hour
              WHERE hour IN (SELECT DISTINCT {_HOUR} FROM fetch_attempt WHERE id > ? AND seconds IS NOT NULL))
          WHERE rn <= {SLOW_KEEP_PER_HOUR})"""


class BatchRollups:
    """Used inside the writer's transaction: `begin(ids)`, write the batch, `end(ids, after_id)`."""

    def __init__(self, db: pw.Database) -> None:
        self.db = db

    def last_attempt_id(self) -> int:
        row = self.db.execute_sql("SELECT coalesce(max(id), 0) FROM fetch_attempt").fetchone()
        return int(row[0])

    def begin(self, invoice_ids: Iterable[int]) -> str:
        """Turn the row triggers off for this transaction and take the invoices out."""
        ids = json.dumps(sorted(set(invoice_ids)))
        self.db.execute_sql("INSERT OR IGNORE INTO rollup_guard (id) VALUES (1)")
        self.db.execute_sql(_INVOICES_OUT, (ids,))
        return ids

    def end(self, ids: str, after_attempt_id: int) -> None:
        """Put the invoices back, add the new attempt rows, and turn the triggers back on."""
        execute = self.db.execute_sql
        execute(_INVOICES_IN, (ids,))
        for sql in (_ATTEMPT_HOURS, _PREVIOUS_TRIES_OUT, _LATENCY, _ERROR_HOURS, _ERROR_INVOICES, _SLOW_IN):
            execute(sql, (after_attempt_id,))
        execute(_SLOW_PRUNE, (after_attempt_id, after_attempt_id))
        execute("DELETE FROM rollup_guard")
