"""The claim SQL on PostgreSQL: two runners taking documents at the same moment never win the
same one, an expired claim is taken over through SELECT ... FOR UPDATE SKIP LOCKED (a row
another transaction holds is skipped, not waited for), and version 8's DDL runs there as it is.

Runs against the server named by $FATURAS_TEST_POSTGRES (a postgresql:// location of a
throwaway database: its tables are dropped); skipped, saying so, without one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import peewee as pw
import pytest

from storage.engine_store import SqlEngineStore
from storage.migrations import v8
from storage.models import FetchClaim, RunProgress, database_proxy
from storage.schedule_slots import take_slot

DSN = os.environ.get("FATURAS_TEST_POSTGRES", "")
pytestmark = pytest.mark.skipif(not DSN, reason="no PostgreSQL server: set $FATURAS_TEST_POSTGRES to a throwaway "
                                                "database's postgresql:// location")


@pytest.fixture
def pg() -> Iterator[pw.Database]:
    pytest.importorskip("psycopg2")
    from urllib.parse import urlsplit

    url = urlsplit(DSN)
    db = pw.PostgresqlDatabase(url.path.lstrip("/"), user=url.username, password=url.password,
                               host=url.hostname, port=url.port or 5432)
    database_proxy.initialize(db)
    db.connect()
    for table in ("fetch_claim", "run_progress", "schedule_slot", "fetch_run"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    db.execute_sql('CREATE TABLE "fetch_run" ("id" SERIAL PRIMARY KEY, "status" VARCHAR(16))')
    for sql in v8.STATEMENTS:  # the frozen DDL, unchanged
        db.execute_sql(sql)
    yield db
    db.close()


def test_claims_on_postgresql(pg: pw.Database) -> None:
    docs = [f"{i:011d}" for i in range(1200)]
    won: dict[int, set[str]] = {1: set(), 2: set()}
    start = threading.Barrier(2)

    def runner(run_id: int) -> None:
        store = SqlEngineStore(pg, lease=30)
        start.wait()
        for i in range(0, len(docs), 100):
            won[run_id] |= store._take(run_id, docs[i:i + 100])[0]
        pg.close()  # this thread's connection

    threads = [threading.Thread(target=runner, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not won[1] & won[2] and won[1] | won[2] == set(docs)
    store = SqlEngineStore(pg, lease=30)
    FetchClaim.update(lease_until=datetime.now(UTC) - timedelta(seconds=1)).where(FetchClaim.run_id == 1).execute()
    taken, owners = store._take(2, docs)
    assert taken == set(docs) and owners == ({1} if won[1] else set())
    # an expired row another transaction holds is skipped, not waited for
    expired = datetime.now(UTC) - timedelta(seconds=1)
    FetchClaim.update(lease_until=expired).where(FetchClaim.document == docs[0]).execute()
    import psycopg2

    other = psycopg2.connect(DSN)
    try:
        other.cursor().execute("SELECT document FROM fetch_claim WHERE document = %s FOR UPDATE", (docs[0],))
        assert store._take(3, [docs[0]])[0] == set()
    finally:
        other.rollback()
        other.close()
    store._publish(5, '{"a": 1}')
    store._publish(5, '{"a": 2}')
    assert RunProgress.get_by_id(5).snapshot == '{"a": 2}'
    now = datetime.now(UTC)
    assert take_slot("2026-12-06T03:05Z", "app:ana", now) is None
    taker = take_slot("2026-12-06T03:05Z", "cli:bia", now)
    assert taker is not None and taker.taken_by == "app:ana"
