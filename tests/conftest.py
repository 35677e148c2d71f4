"""Test-wide setup: headless Qt before anything imports it, and a fresh database per test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # without it Qt aborts on a machine with no display
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import peewee as pw  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from core.provider.negocia import NegociaClient  # noqa: E402
from core.simulator.model import World  # noqa: E402
from core.simulator.profiles import PROFILES, FaultProfile  # noqa: E402
from core.simulator.server import SimulatorServer  # noqa: E402
from core.simulator.world import generate_world  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402
from tests.pg_cluster import TEMPLATE, Cluster, start_cluster  # noqa: E402

# In CI the property tests run a fixed set of examples (the same on every run), so main stays
# green or red for a reason; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True, scope="session")
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """HOME and the XDG folders (config, data, cache, state) are temporary ones, for this process
    and the app processes tests start: nothing of the user's (a key file, a default database,
    settings) reaches a test, and no test writes into the user's real folders."""
    names = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    previous = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(tmp_path_factory.mktemp(name.lower()))
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "faturas.sqlite"


# -- the store: SQLite, and PostgreSQL for the store, engine, analytics and CLI tests -------------

STORES = ("sqlite", "postgresql")
# Where `db` / `db_location` run on both stores; elsewhere (the GUI) on SQLite.
BOTH_STORES = ("tests/storage/", "tests/cli/", "tests/core/test_engine_runs.py", "tests/gui/test_run_process.py")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" not in metafunc.fixturenames:
        return
    where = Path(str(metafunc.definition.fspath)).relative_to(Path(__file__).parent.parent).as_posix()
    if where.startswith(BOTH_STORES) and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("store_kind", STORES, indirect=True)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgresql": which store `db_location` / `db` are."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session, with a migrated template database."""
    try:
        cluster = start_cluster()
    except FileNotFoundError as exc:
        if os.environ.get("CI"):
            raise  # CI installs the server: its absence there is a failure, not a skip
        pytest.skip(f"PostgreSQL leg skipped: {exc}")
    try:
        with cluster.admin() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        open_database(cluster.url(TEMPLATE))
        close_database()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_location(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of its own: its URL."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    close_database()
    pg_cluster.drop_database(name)


@pytest.fixture
def db_location(store_kind: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """The store's location: the SQLite file `db_path`, or a fresh PostgreSQL database."""
    if store_kind == "postgresql":
        return str(request.getfixturevalue("pg_location"))
    return str(db_path)


@pytest.fixture
def store_location(db_location: str) -> str:
    """Where the store of a several-runners test lives, as `--db` takes it: `db_location` (a
    SQLite file, or a PostgreSQL database where `store_kind` is parametrised)."""
    return db_location


@pytest.fixture
def db(db_location: str) -> Iterator[pw.Database]:
    """A real store (a SQLite file in a temporary folder, or a PostgreSQL database), migrated and
    bound to the models."""
    database = open_database(db_location)
    yield database
    close_database()


# -- the simulator on a loopback port (provider, simulator and engine tests) ----------------------

SMALL_WORLD_TODAY = date(2026, 3, 15)
SMALL_WORLD_SEED = 20260315


@pytest.fixture(scope="session")
def small_world() -> World:
    """50 contracts, fixed seed and `today`: the same world in every run (it is immutable)."""
    return generate_world(50, seed=SMALL_WORLD_SEED, today=SMALL_WORLD_TODAY)


@pytest.fixture
def make_simulator(small_world: World) -> Iterator[Callable[..., SimulatorServer]]:
    """Factory: make_simulator(world=None, profile=None, **kwargs) -> a started SimulatorServer
    (default: the small world under the `instant` profile, encrypted with the world's key).
    Every server is stopped at teardown.
    """
    servers: list[SimulatorServer] = []

    def factory(world: World | None = None, profile: FaultProfile | None = None, **kwargs: object
                ) -> SimulatorServer:
        chosen = world or small_world
        kwargs.setdefault("key_string", chosen.key_string)
        server = SimulatorServer(chosen, profile or PROFILES["instant"], **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server.start()

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture
def simulator(make_simulator: Callable[..., SimulatorServer]) -> SimulatorServer:
    """The small world served under the `instant` profile."""
    return make_simulator()


class FakeClock:
    """A monotonic clock that moves only when told to (token TTLs, outage windows, session age)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client() -> Iterator[Callable[..., NegociaClient]]:
    """Factory: make_client(server, **kwargs) -> a NegociaClient for that simulator, closed at teardown."""
    clients: list[NegociaClient] = []

    def factory(server: SimulatorServer, **kwargs: object) -> NegociaClient:
        kwargs.setdefault("key_string", server.key_string)
        client = NegociaClient(server.url, **kwargs)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


@pytest.fixture(autouse=True, scope="session")
def no_user_keyring() -> Iterator[None]:
    """No test reads or writes the user's real OS keyring: the keyring is the 'no keyring'
    backend unless a test sets its own (tests/runner/test_provider_key.py), in this process and
    in the app processes tests start."""
    import keyring
    from keyring.backends import fail

    previous_env = os.environ.get("PYTHON_KEYRING_BACKEND")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
    if previous_env is None:
        os.environ.pop("PYTHON_KEYRING_BACKEND", None)
    else:
        os.environ["PYTHON_KEYRING_BACKEND"] = previous_env
