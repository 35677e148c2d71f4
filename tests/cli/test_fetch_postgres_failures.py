"""`python main.py fetch` on PostgreSQL when the server refuses a write mid-run: another program
holding a lock past the busy timeout (lock_timeout), and a full disk under the table the run
writes (a tablespace on a small tmpfs). As on SQLite: exit 4 with the cause in one line, the run
closed FAILED with it, and what was stored before intact."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from cli.app import main
from cli.message_text import with_detail
from storage.db import BUSY_TIMEOUT_ENV, close_database, open_database
from storage.models import FetchAttempt, FetchRun
from tests.engine_support import assert_run_consistent, run_engine, seed_from_world
from tests.pg_cluster import Cluster


@pytest.fixture
def earlier(pg_location: str, small_world, simulator, monkeypatch) -> dict[str, Any]:
    """A seeded PostgreSQL store with one finished run; closed for the command to use."""
    monkeypatch.setenv("FATURAS_PROVIDER_KEY", simulator.key_string)
    open_database(pg_location)
    seed_from_world(small_world)
    result = run_engine(simulator, small_world)
    attempts = FetchAttempt.select().where(FetchAttempt.run == result.run_id).count()
    close_database()
    assert attempts > 0
    return {"run_id": result.run_id, "attempts": attempts}


def _fetch(location: str, server: Any, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["fetch", "--db", location, "--provider-url", server.url, "--force", "--rate", "500", "--json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_failed_with(code: int, out: str, err: str, cause: str) -> dict[str, Any]:
    assert code == 4, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and cause in errors[0], err
    record = json.loads(out)
    assert record["status"] == "FAILED" and cause in record["message"]
    return record


def _assert_intact(location: str, earlier: dict[str, Any], record: dict[str, Any], cause: str) -> None:
    open_database(location)
    try:
        assert FetchAttempt.select().where(FetchAttempt.run == earlier["run_id"]).count() == earlier["attempts"]
        run = FetchRun.get_by_id(record["id"])
        assert run.status == "FAILED" and cause.lower() in with_detail(run.message).lower()
        assert_run_consistent(run.id)
    finally:
        close_database()


def test_a_lock_held_past_the_busy_timeout_exits_4_with_the_cause(earlier, pg_location, simulator, capsys,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "1")
    with psycopg.connect(pg_location) as other:  # another program: reads go on, inserts wait
        other.execute("LOCK TABLE fetch_attempt IN SHARE ROW EXCLUSIVE MODE")
        code, out, err = _fetch(pg_location, simulator, capsys)
        other.rollback()
    cause = "the database is locked by another program (waited 1 s)"
    record = _assert_failed_with(code, out, err, cause)
    _assert_intact(pg_location, earlier, record, cause)


@contextlib.contextmanager
def _small_tablespace(cluster: Cluster, folder: Path, size_kb: int) -> Iterator[str]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    folder.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {proc.stderr.strip()}")
    name = f"small_{folder.name.replace('-', '_')}"
    try:
        if cluster.run_as:
            entry = pwd.getpwnam(cluster.run_as)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        with cluster.admin() as conn:
            conn.execute(f"CREATE TABLESPACE {name} LOCATION '{folder}'")
        yield name
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_under_the_attempt_table_exits_4_with_the_cause(earlier, pg_location, pg_cluster, simulator,
                                                                    capsys) -> None:
    folder = pg_cluster.root / f"disk_{pg_location.rsplit('/', 1)[1]}"  # where the server's user can go
    with _small_tablespace(pg_cluster, folder, 512) as tablespace:
        with psycopg.connect(pg_location, autocommit=True) as conn:
            conn.execute(f"ALTER TABLE fetch_attempt SET TABLESPACE {tablespace}")
            # what is left of the disk is less than one run's attempt rows
            used = conn.execute("SELECT pg_relation_size('fetch_attempt')").fetchone()
            assert used is not None and used[0] < 512 * 1024
            conn.execute("CREATE TABLE ballast (b TEXT) TABLESPACE " + tablespace)
            with contextlib.suppress(psycopg.errors.DiskFull):
                for _ in range(64):
                    conn.execute("INSERT INTO ballast SELECT repeat('x', 1000) FROM generate_series(1, 100)")
            conn.execute("DELETE FROM ballast WHERE ctid IN (SELECT ctid FROM ballast LIMIT 8)")
        code, out, err = _fetch(pg_location, simulator, capsys)
        cause = "the database server's disk is full"
        record = _assert_failed_with(code, out, err, cause)
        _assert_intact(pg_location, earlier, record, cause)
        close_database()
        pg_cluster.drop_database(pg_location.rsplit("/", 1)[1])  # before its tablespace goes
