"""Connecting to PostgreSQL: the password from the system keyring or ~/.pgpass, never in the
database or a log, with clear messages when it is missing or wrong; a session the server ended is
replaced. The cluster's role PASSWORD_ROLE must give its password
(scram-sha-256); the keyring is a real keyring backend kept in memory."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from storage.db import close_database, open_database
from storage.errors import StoreError
from storage.models import Setting, database_proxy
from storage.postgres import KEYRING_SERVICE, keyring_users, password_from_keyring, store_password
from tests.pg_cluster import PASSWORD_ROLE, Cluster

SECRET = "not-a-real-secret"  # the role's password in tests/pg_cluster.py


class MemoryKeyring(KeyringBackend):
    """A keyring backend holding its entries in memory (this machine has no desktop keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def password_location(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    name = pg_cluster.create_database()
    yield pg_cluster.url(name, user=PASSWORD_ROLE)
    close_database()
    pg_cluster.drop_database(name)


def test_without_a_password_anywhere_the_message_says_where_to_put_it(password_location, memory_keyring) -> None:
    with pytest.raises(StoreError, match="asks for a password and none was found") as info:
        open_database(password_location)
    assert "store password" in str(info.value) and "~/.pgpass" in str(info.value)


def test_the_password_comes_from_the_keyring_and_is_stored_nowhere_else(password_location, memory_keyring,
                                                                         caplog) -> None:
    caplog.set_level(logging.DEBUG)
    name = store_password(password_location, SECRET)
    assert name == keyring_users(password_location)[0] and password_from_keyring(password_location) == SECRET
    assert memory_keyring.entries == {(KEYRING_SERVICE, name): SECRET}
    open_database(password_location)
    Setting.insert(key="probe", value="{}", updated_at=Setting.updated_at.python_value("2026-01-01 00:00:00")
                   ).execute()
    dump = " ".join(str(v) for table in database_proxy.get_tables()
                    for row in database_proxy.execute_sql(f"SELECT * FROM {table}").fetchall() for v in row)
    assert SECRET not in dump and SECRET not in caplog.text
    close_database()


def test_a_wrong_password_is_refused_with_a_plain_message(password_location, memory_keyring) -> None:
    store_password(password_location, "wrong-one")
    with pytest.raises(StoreError, match="refused the password") as info:
        open_database(password_location)
    assert "wrong-one" not in str(info.value)


def test_the_password_comes_from_pgpass_without_the_keyring(password_location, memory_keyring, tmp_path,
                                                             monkeypatch) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:*:*:{PASSWORD_ROLE}:{SECRET}\n")
    pgpass.chmod(0o600)  # libpq ignores a file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_database(password_location)
    assert database_proxy.execute_sql("SELECT current_user").fetchone()[0] == PASSWORD_ROLE
    close_database()


def test_a_session_the_server_ended_is_replaced_at_the_next_statement(pg_cluster, pg_location, caplog) -> None:
    from storage.errors import StoreWriteError, translated
    from storage.models import Contract

    db = open_database(pg_location)
    pid = db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with pg_cluster.admin() as admin:  # as a server restart or a failover would
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StoreWriteError, match="connection to the database server was lost"), translated(db):
        Contract.select().count()
    assert Contract.select().count() == 0  # connected again
    assert db.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
    assert "connecting again" in caplog.text
    close_database()
