"""Opening the store: where it lives, migrations with a backup first, a newer database refused,
bad files named clearly, and runs left RUNNING by a dead process recovered."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peewee as pw
import pytest

from cli.app import main
from core.process import this_host
from storage import migrations
from storage.db import DB_ENV, close_database, open_database, resolve_db_location
from storage.errors import DatabaseTooNewError, StoreError
from storage.models import FetchRun, SchemaVersion, database_proxy
from storage.rollups_write import rebuild_rollups
from tests.storage.test_analytics_rollups import snapshot


def test_location_comes_from_the_option_then_the_environment_then_the_user_data_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(DB_ENV, raising=False)
    assert resolve_db_location(None) == str(tmp_path / "xdg" / "faturas-monitor" / "faturas.sqlite")
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.sqlite"))
    assert resolve_db_location(None) == str(tmp_path / "env.sqlite")
    assert resolve_db_location(str(tmp_path / "opt.sqlite")) == str(tmp_path / "opt.sqlite")


def test_a_new_database_is_created_at_the_current_version_in_wal_mode(db, store_kind) -> None:
    versions = [v for (v,) in SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version).tuples()]
    if store_kind == "postgresql":  # its own baseline, then the later steps
        assert versions == list(range(migrations.POSTGRES_BASELINE_VERSION, migrations.SCHEMA_VERSION + 1))
        assert database_proxy.execute_sql("SHOW TimeZone").fetchone()[0] == "UTC"
        return
    assert versions == list(range(migrations.BASELINE_VERSION, migrations.SCHEMA_VERSION + 1))
    assert database_proxy.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database_proxy.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


def _make_version_1(path: Path) -> None:
    """A database as version 1 left it: the base tables only, version 1 recorded."""
    open_database(str(path))
    for table in [t for t in database_proxy.get_tables() if t.startswith(("rollup_", "alert_run_state"))]:
        database_proxy.execute_sql(f"DROP TABLE {table}")
    for (index,) in database_proxy.execute_sql("SELECT name FROM sqlite_master WHERE name LIKE 'ix_%'").fetchall():
        database_proxy.execute_sql(f"DROP INDEX {index}")
    database_proxy.execute_sql('ALTER TABLE "fetch_run" DROP COLUMN "closed"')  # added by version 6
    database_proxy.execute_sql('ALTER TABLE "invoice" DROP COLUMN "paid_at"')
    for table in ("fetch_claim", "run_progress", "schedule_slot"):  # added by version 8
        database_proxy.execute_sql(f'DROP TABLE "{table}"')
    for column in ("cancel_requested_at", "cancel_requested_by"):
        database_proxy.execute_sql(f'ALTER TABLE "fetch_run" DROP COLUMN "{column}"')
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=1, applied_at=datetime.now(UTC), app_version="0.0.1")
    close_database()


def test_an_older_database_is_backed_up_then_migrated_keeping_its_data(tmp_path, small_world) -> None:
    from tests.engine_support import seed_from_world

    path = tmp_path / "old.sqlite"
    open_database(str(path))
    seeded = seed_from_world(small_world)
    close_database()
    _make_version_1(path)
    open_database(str(path))
    try:
        versions = [v for (v,) in SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version).tuples()]
        assert versions == [1, *range(migrations.BASELINE_VERSION, migrations.SCHEMA_VERSION + 1)]
        from storage.models import Contract

        assert Contract.select().count() == seeded
        migrated = snapshot()
        rebuild_rollups(database_proxy.obj)
        assert snapshot() == migrated  # the rollups were filled from the existing rows
    finally:
        close_database()
    backups = list(tmp_path.glob("old.sqlite.v1-*.bak"))
    assert len(backups) == 1
    import sqlite3

    con = sqlite3.connect(str(backups[0]))
    try:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM contract").fetchone()[0] == seeded
    finally:
        con.close()


def test_a_database_from_a_newer_app_is_refused(db_location, capsys) -> None:
    path = db_location
    open_database(str(path))
    SchemaVersion.create(version=migrations.SCHEMA_VERSION + 5, applied_at=datetime.now(UTC), app_version="9.0")
    close_database()
    with pytest.raises(DatabaseTooNewError, match=f"schema version {migrations.SCHEMA_VERSION + 5}"):
        open_database(str(path))
    assert main(["stats", "--db", str(path)]) == 4
    assert "newer version of the app" in capsys.readouterr().err


def test_bad_files_get_a_message_that_names_them(tmp_path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a directory"):
        open_database(str(folder))
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(StoreError, match="notes.sqlite"):
        open_database(str(junk))
    close_database()


def _run_row(pid: int, heartbeat: datetime, host: str | None = None) -> int:
    run = FetchRun.create(origin="MANUAL", started_by="test", hostname=host or this_host(), pid=pid,
                          started_at=heartbeat - timedelta(minutes=1), heartbeat_at=heartbeat, status="RUNNING",
                          log=json.dumps(["started"]))
    return int(run.id)


def test_runs_of_dead_processes_become_interrupted_at_the_next_start(db_location) -> None:
    db_path = db_location
    open_database(str(db_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    now = datetime.now(UTC)
    gone = _run_row(dead.pid, now)
    alive = _run_row(os.getpid(), now)
    stale = _run_row(os.getpid(), now - timedelta(minutes=30))  # a recycled pid
    elsewhere_fresh = _run_row(12345, now, host="another-host")
    elsewhere_stale = _run_row(12345, now - timedelta(minutes=30), host="another-host")
    close_database()
    open_database(str(db_path))
    try:
        status = {r.id: r.status for r in FetchRun.select()}
        assert status[gone] == status[stale] == status[elsewhere_stale] == "INTERRUPTED"
        assert status[alive] == status[elsewhere_fresh] == "RUNNING"
        run = FetchRun.get_by_id(gone)
        assert run.finished_at == run.heartbeat_at and "interrupted" in run.message
        assert json.loads(run.log)[-1] == run.message
    finally:
        close_database()


def test_an_unreachable_postgresql_gets_a_clear_message_without_its_password(caplog) -> None:
    with socket.socket() as s:  # a loopback port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    location = f"postgresql://user:s3cret@127.0.0.1:{port}/faturas"
    with pytest.raises(StoreError, match="no PostgreSQL server answers there") as info:
        open_database(location)
    assert f"postgresql://user:***@127.0.0.1:{port}/faturas" in str(info.value)
    assert "s3cret" not in str(info.value) and "s3cret" not in caplog.text
    assert "holds a password" in caplog.text  # the warning about a password on the command line


def _schema(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's columns and every index's columns, as SQLite reports them."""
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        out: dict[str, list[tuple[object, ...]]] = {}
        for kind, name, table in con.execute("SELECT type, name, tbl_name FROM sqlite_master "
                                             "WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
            if kind == "table":
                out[f"table {name}"] = [r[1:] for r in con.execute(f"PRAGMA table_info({name})")]
            elif kind == "index":
                out[f"index {name} on {table}"] = [r[1:] for r in con.execute(f"PRAGMA index_xinfo({name})")]
            else:
                out[f"{kind} {name}"] = []
        return out
    finally:
        con.close()


def test_an_upgraded_database_has_exactly_the_schema_of_a_new_one(tmp_path) -> None:
    import shutil

    new, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    open_database(str(new))
    close_database()
    shutil.copy(Path(__file__).parent.parent / "data" / "store_v4.sqlite", old)
    open_database(str(old))
    close_database()
    assert _schema(old) == _schema(new)
    assert not [k for k in _schema(new) if k.startswith("trigger")]


def test_the_models_match_the_tables_the_migrations_create(db) -> None:
    from storage.models import ALL_MODELS

    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = [c.name for c in database_proxy.get_columns(table)]
        assert columns == [f.column_name for f in model._meta.sorted_fields], table


def test_postgresql_has_the_tables_columns_and_indexes_of_sqlite(tmp_path, pg_location) -> None:
    def shape() -> dict[str, object]:
        db = database_proxy.obj
        return {table: ([c.name for c in db.get_columns(table)],
                        sorted((i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)
                               if not i.name.endswith("_pkey") and not i.name.startswith("sqlite_autoindex")),
                        sorted(c.name for c in db.get_columns(table) if c.primary_key))
                for table in db.get_tables()}

    open_database(str(tmp_path / "new.sqlite"))
    sqlite_shape = shape()
    close_database()
    open_database(pg_location)
    postgres_shape = shape()
    close_database()
    assert postgres_shape == sqlite_shape


def test_programs_opening_a_new_shared_database_at_once_create_it_once(pg_cluster) -> None:
    name = pg_cluster.create_database(template=None)  # empty: the first to open it creates the schema
    location = pg_cluster.url(name)
    try:
        root = Path(__file__).resolve().parents[2]
        procs = [subprocess.Popen([sys.executable, str(root / "main.py"), "stats", "--db", location, "--json"],
                                  cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], errors
        open_database(location)
        versions = [v for (v,) in SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version).tuples()]
        assert versions == list(range(migrations.POSTGRES_BASELINE_VERSION, migrations.SCHEMA_VERSION + 1))
    finally:
        close_database()
        pg_cluster.drop_database(name)


def test_a_later_step_written_for_sqlite_runs_on_postgresql_too(db_location, store_kind, monkeypatch, caplog) -> None:
    """A step after the baseline (say v7) is written once, in SQLite's DDL: the runner maps its
    types for PostgreSQL, so a new self-numbering table, a timestamp and a flag just work."""
    from storage.migrations import Step

    statements = (
        'CREATE TABLE "probe_lease" ("id" INTEGER NOT NULL PRIMARY KEY, "run_id" INTEGER NOT NULL, '
        '"until" DATETIME NOT NULL, "share" REAL, "held" BOOLEAN NOT NULL DEFAULT FALSE)',
        'ALTER TABLE "fetch_run" ADD COLUMN "probe_at" DATETIME',
        'CREATE INDEX "probe_lease_until" ON "probe_lease" ("until") WHERE "held"',
    )

    def upgrade(db) -> None:
        for sql in statements:
            db.execute_sql(sql)

    caplog.set_level(logging.INFO, logger="storage.migrations")
    later = migrations.SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, Step(later, range(later - 1, later), upgrade,
                                                                      False)))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", later)
    open_database(db_location)
    try:
        db = database_proxy.obj
        db.execute_sql("INSERT INTO probe_lease (run_id, until, share) VALUES (?, ?, ?)",
                       (1, "2026-01-01 10:00:00", 0.5))  # held: its default
        db.execute_sql("INSERT INTO probe_lease (run_id, until, share, held) VALUES (?, ?, ?, ?)",
                       (2, "2026-01-01 11:00:00", None, True))
        rows = db.execute_sql("SELECT id, until, share, held FROM probe_lease ORDER BY id").fetchall()
        assert rows == [(1, "2026-01-01 10:00:00", 0.5, False), (2, "2026-01-01 11:00:00", None, True)]
        assert "probe_at" in [c.name for c in db.get_columns("fetch_run")]
        assert SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar() == later
        if store_kind == "postgresql":  # the test's database exists at the current version: it migrates
            assert "no backup before migrating a PostgreSQL database" in caplog.text
    finally:
        close_database()
