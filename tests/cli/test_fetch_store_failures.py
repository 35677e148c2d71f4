"""`python main.py fetch` when the database refuses a write mid-run, under real conditions: another
program holding the write lock past the busy timeout, and a full database (SQLite's
max_page_count, and a full filesystem where one can be mounted). The command exits 4 with the
cause in one line and no traceback, `--json` still prints the run, and what was stored before
is intact."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli.message_text import with_detail
from core.simulator.profiles import get_profile
from storage.db import BUSY_TIMEOUT_ENV, close_database, open_database
from storage.models import FetchAttempt, FetchRun
from tests.engine_support import assert_run_consistent, run_engine, seed_from_world

# SQLite's own failures (its write lock, its page limit, a full filesystem under its file);
# PostgreSQL's lock timeout: tests/cli/test_fetch_postgres_failures.py.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]
# The command line with one SQLite limit added to the app's own connection pragmas: SQLite then
# answers SQLITE_FULL ("database or disk is full") as it does on a full disk.
LIMITED_MAIN = (
    "import sys\n"
    "from storage import db\n"
    "db.SQLITE_PRAGMAS['max_page_count'] = int(sys.argv[1])\n"
    "from cli.app import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
LEFT_RUNNING = "stays RUNNING until the next start marks it INTERRUPTED"


@pytest.fixture
def earlier(db, small_world, simulator) -> dict[str, Any]:
    """A seeded database with one finished run; the file is closed for the command to use."""
    seed_from_world(small_world)
    result = run_engine(simulator, small_world)
    attempts = FetchAttempt.select().where(FetchAttempt.run == result.run_id).count()
    assert attempts > 0
    close_database()
    return {"run_id": result.run_id, "attempts": attempts}


def _env(key_string: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["FATURAS_PROVIDER_KEY"] = key_string
    env.update(extra)
    return env


def _scalar(db_file: Path, sql: str) -> Any:
    con = sqlite3.connect(str(db_file), timeout=10)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def _assert_store_failure_reported(code: int, out: str, err: str, cause: str) -> dict[str, Any]:
    """Exit 4, the cause in one plain line on stderr, no traceback, the run as JSON on stdout."""
    assert code == 4, err
    assert "Traceback" not in err and "cannot rollback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and cause in errors[0], err
    assert out.strip(), err
    record = json.loads(out)
    assert record["status"] == "FAILED" and cause in record["message"]
    return record


def _assert_store_intact(db_path: Path, earlier: dict[str, Any], record: dict[str, Any], cause: str) -> None:
    """The file is sound, the earlier run's rows are all there, and the failed run is FAILED with
    the cause, or was left RUNNING (as the message said) and is INTERRUPTED at the next start."""
    assert _scalar(db_path, "PRAGMA integrity_check") == "ok"
    open_database(str(db_path))
    try:
        assert FetchAttempt.select().where(FetchAttempt.run == earlier["run_id"]).count() == earlier["attempts"]
        run = FetchRun.get_by_id(record["id"])
        if LEFT_RUNNING in record["message"]:
            assert run.status == "INTERRUPTED"
        else:
            assert run.status == "FAILED" and cause.lower() in with_detail(run.message).lower()
        assert_run_consistent(run.id)  # no batch half-written: invoices equal their last attempt
    finally:
        close_database()


def test_a_full_database_exits_4_with_the_cause_and_keeps_what_was_stored(earlier, db_path, simulator) -> None:
    pages = int(_scalar(db_path, "PRAGMA page_count"))
    proc = subprocess.run(
        [sys.executable, "-c", LIMITED_MAIN, str(pages + 2), "fetch", "--db", str(db_path),
         "--provider-url", simulator.url, "--force", "--rate", "500", "--json"],
        env=_env(simulator.key_string), capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    record = _assert_store_failure_reported(proc.returncode, proc.stdout, proc.stderr, "the disk is full")
    assert record["id"] is not None and record["id"] != earlier["run_id"]
    _assert_store_intact(db_path, earlier, record, "the disk is full")


@contextlib.contextmanager
def _mounted_tmpfs(folder: Path, size_kb: int) -> Iterator[None]:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root): the full disk is covered by max_page_count")
    folder.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {proc.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _copy_database(source: Path, target: Path) -> None:
    """A whole copy (what is still in the source's WAL included), through SQLite's backup."""
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _fill(disk: Path) -> None:
    """Write a file until the filesystem has no room left."""
    chunk = b"\0" * 4096
    with (disk / "filler").open("wb", buffering=0) as f:
        with contextlib.suppress(OSError):  # ENOSPC: full
            while True:
                f.write(chunk)


def _start_slow_fetch(db_file: Path, server: Any, **env: str) -> subprocess.Popen[str]:
    """A fetch that takes a few seconds and commits along the way (40 ms lookups, 20 a second)."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "fetch", "--db", str(db_file), "--provider-url", server.url,
         "--force", "--concurrency", "2", "--rate", "20", "--no-retry", "--json"],
        env=_env(server.key_string, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def _wait_for_committed_work(proc: subprocess.Popen[str], db_file: Path, after_run: int) -> int:
    """Wait until the run has committed a few attempts; return how many."""
    deadline = time.monotonic() + 60
    sql = f"SELECT COUNT(*) FROM fetch_attempt WHERE run_id > {after_run}"
    while (stored := int(_scalar(db_file, sql))) < 5:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)
    return stored


def test_a_disk_that_fills_up_mid_run_exits_4_with_the_cause_and_keeps_what_was_stored(
        earlier, db_path, make_simulator, tmp_path) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=40, latency_p95_ms=60))
    disk = tmp_path / "small-disk"
    with _mounted_tmpfs(disk, (db_path.stat().st_size // 1024) + 4096):
        target = disk / db_path.name
        _copy_database(db_path, target)
        proc = _start_slow_fetch(target, server)
        try:
            stored_before = _wait_for_committed_work(proc, target, earlier["run_id"])
            _fill(disk)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        record = _assert_store_failure_reported(proc.returncode, out, err, "the disk is full")
        assert _scalar(target, f"SELECT COUNT(*) FROM fetch_attempt WHERE run_id = {record['id']}") >= stored_before
        (disk / "filler").unlink()  # room again, as after the user frees some: the next start recovers
        _assert_store_intact(target, earlier, record, "the disk is full")


@pytest.mark.parametrize("release", [False, True], ids=["held-to-the-end", "released-after-the-failed-batch"])
def test_a_database_locked_by_another_program_exits_4_with_the_cause(earlier, db_path, make_simulator,
                                                                     release: bool) -> None:
    server = make_simulator(profile=get_profile("healthy", latency_median_ms=40, latency_p95_ms=60))
    busy = 2
    proc = _start_slow_fetch(db_path, server, **{BUSY_TIMEOUT_ENV: str(busy)})
    other = sqlite3.connect(str(db_path), timeout=30, isolation_level=None)  # another program
    err_lines: list[str] = []
    try:
        _wait_for_committed_work(proc, db_path, earlier["run_id"])
        other.execute("BEGIN IMMEDIATE")
        stored_before = _scalar(db_path, f"SELECT COUNT(*) FROM fetch_attempt WHERE run_id > {earlier['run_id']}")
        if release:
            assert proc.stderr is not None
            for line in proc.stderr:  # the writer gave up on a batch: let the run close itself
                err_lines.append(line)
                if "a batch could not be written" in line:
                    break
            other.execute("ROLLBACK")
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    err = "".join(err_lines) + err
    cause = f"the database is locked by another program (waited {busy} s)"
    record = _assert_store_failure_reported(proc.returncode, out, err, cause)
    assert (LEFT_RUNNING in record["message"]) is not release
    assert _scalar(db_path, f"SELECT COUNT(*) FROM fetch_attempt WHERE run_id = {record['id']}") >= stored_before
    _assert_store_intact(db_path, earlier, record, cause)
