"""The claim SQL on PostgreSQL's own terms: two runners taking documents at the same moment never
win the same one, and an expired claim is taken over through SELECT ... FOR UPDATE SKIP LOCKED
(a row another transaction holds is skipped, not waited for)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import peewee as pw
import pytest

from storage.engine_store import SqlEngineStore
from storage.models import FetchClaim


def test_claims_on_postgresql(db: pw.Database, db_location: str, store_kind: str) -> None:
    if store_kind != "postgresql":
        pytest.skip("PostgreSQL's own claim statements (SQLite's are tested in test_claims.py)")
    import psycopg

    docs = [f"{i:011d}" for i in range(1200)]
    won: dict[int, set[str]] = {1: set(), 2: set()}
    start = threading.Barrier(2)

    def runner(run_id: int) -> None:
        store = SqlEngineStore(db, lease=30)
        start.wait()
        for i in range(0, len(docs), 100):
            won[run_id] |= store._take(run_id, docs[i:i + 100])[0]

    threads = [threading.Thread(target=runner, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not won[1] & won[2] and won[1] | won[2] == set(docs)
    store = SqlEngineStore(db, lease=30)
    FetchClaim.update(lease_until=datetime.now(UTC) - timedelta(seconds=1)).where(FetchClaim.run_id == 1).execute()
    taken, owners = store._take(2, docs)
    assert taken == set(docs) and owners == ({1} if won[1] else set())
    # an expired row another transaction holds is skipped, not waited for
    expired = datetime.now(UTC) - timedelta(seconds=1)
    FetchClaim.update(lease_until=expired).where(FetchClaim.document == docs[0]).execute()
    with psycopg.connect(db_location) as other:
        other.execute("SELECT document FROM fetch_claim WHERE document = %s FOR UPDATE", (docs[0],))
        assert store._take(3, [docs[0]])[0] == set()
        other.rollback()
