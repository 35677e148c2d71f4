"""The built-in demo: a generated world served by the simulator in-process on loopback.

`demo_environment()` writes a demo world (contracts.csv + world.json + payments.csv) to a
temporary folder, imports the contracts through the real importer (skipping the few rows with
mistyped CPFs, as an analyst would), then the operator's payment spreadsheet through the real
payment import (skipping the rows of those skipped contracts), so the paid invoices are PAID
before anything is fetched; and serves the world on a free loopback port for as long as the
context lasts. `build_history()` fills the database with about a month of daily runs made by the real
engine against that simulator, with the clock set back to each day, so every screen has
something to show on first start. Shared by `fetch --demo` and the desktop app's `--demo`.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol

from core.contracts_import import read_contracts_file
from core.domain import FetchOrigin
from core.payments_import import read_payments_file
from core.simulator.model import World
from core.simulator.profiles import ProfileError, get_profile
from core.simulator.server import SimulatorServer
from core.simulator.world import generate_world
from core.simulator.world_files import PAYMENTS_FILE, write_world
from runner import build
from storage.contracts import contract_numbers, import_contracts
from storage.payments import PaymentChanges, import_payments
from storage.run_export import has_runs

log = logging.getLogger(__name__)

DEMO_SEED = 20261128
DEMO_READ_TIMEOUT = 3.0  # the demo's hangs last 5 s: the client gives up first, as in production
DEMO_HANG_SECONDS = 5.0


# The history's pace: quicker than a user's settings, since nobody waits on these runs.
HISTORY_PACE: Mapping[str, Any] = {"concurrency": 16, "rate_limit": None}  # None: no rate limit
HISTORY_READ_TIMEOUT = 0.5


class Console(Protocol):
    """Where the demo says what it is doing (a rich Console in both front ends)."""

    def print(self, text: str, /) -> None: ...


class DemoError(Exception):
    """The demo cannot start here; the message says why and what to do."""


@dataclass(frozen=True)
class DemoEnvironment:
    world: World
    server: SimulatorServer
    folder: Path
    imported: int
    skipped: int
    payments: PaymentChanges = PaymentChanges()
    read_timeout: float = DEMO_READ_TIMEOUT
    rate_limit: float = 40.0
    concurrency: int = 8

    @property
    def provider_url(self) -> str:
        return self.server.url

    @property
    def key_string(self) -> str:
        return self.server.key_string

    @property
    def provider(self) -> build.ProviderConfig:
        return build.ProviderConfig(self.provider_url, self.key_string, self.read_timeout)

    @property
    def pace(self) -> dict[str, Any]:
        """The settings a run against the demo simulator uses instead of the stored ones."""
        return {"rate_limit": self.rate_limit, "concurrency": self.concurrency}


def _check_database_is_demo(world: World) -> None:
    """Refuse to mix demo contracts into a database that holds real ones."""
    numbers = {c.number for c in world.contracts}
    for number in contract_numbers():
        if number not in numbers:
            raise DemoError(
                "this database already holds contracts that are not demo data; run the demo on "
                "its own database with --db demo.sqlite"
            )


@contextlib.contextmanager
def demo_environment(*, contracts: int = 300, profile: str = "flaky", console: Console | None = None,
                     seed: int = DEMO_SEED, today: date | None = None) -> Iterator[DemoEnvironment]:
    """Generate, import and serve a demo world; the simulator stops when the context ends."""
    if not 1 <= contracts <= 100_000:
        raise DemoError(f"--demo-contracts must be between 1 and 100000, got {contracts}")
    try:
        fault_profile = get_profile(profile, hang_seconds=DEMO_HANG_SECONDS)
    except ProfileError as exc:
        raise DemoError(str(exc)) from exc
    day = today or date.today()
    world = generate_world(contracts, seed=seed, today=day)
    _check_database_is_demo(world)
    with tempfile.TemporaryDirectory(prefix="faturas-demo-") as tmp:
        folder = Path(tmp)
        csv_path, _ = write_world(world, folder)
        result = read_contracts_file(csv_path, day)
        if result.file_error:
            raise DemoError(f"the generated demo file could not be read: {result.file_error}")
        summary = import_contracts(result.records, datetime.now(UTC))
        _say(console, f"demo world: {len(world.contracts)} contracts in {folder} — imported "
                      f"{summary.total} ({summary.created} new), skipped {len(result.errors)} row(s) with "
                      f"invalid documents")
        payments = _import_payments(folder / PAYMENTS_FILE, day)
        _say(console, f"demo payments: {payments.rows} spreadsheet row(s), {payments.paid} invoice(s) newly "
                      f"marked paid")
        server = SimulatorServer(world, fault_profile)
        server.start()
        _say(console, f"simulator ({fault_profile.name}) listening on {server.url}")
        try:
            yield DemoEnvironment(world, server, folder, summary.total, len(result.errors), payments)
        finally:
            server.stop()


def _import_payments(path: Path, today: date) -> PaymentChanges:
    """The demo's payment spreadsheet, as `import-payments --skip-invalid` would store it."""
    parsed = read_payments_file(path, today)
    if parsed.file_error or parsed.errors:
        raise DemoError(f"the generated payment spreadsheet could not be read: {parsed.file_error or parsed.errors[0]}")
    return import_payments(parsed.records, datetime.now(UTC), skip_invalid=True, columns=parsed.columns).changes


def build_history(env: DemoEnvironment, *, days: int = 30, console: Console | None = None) -> int:
    """Daily automatic runs (00:05 local) over the last `days` days, plus a few manual and cohort
    runs, made by the real engine against the demo simulator. Returns the number of runs made."""
    from core.engine import FetchEngine
    from core.engine.pacing import Backoff
    from storage.settings_store import all_settings

    if has_runs():
        return 0  # history is there already
    # Quicker than the interactive profile (short latency, short hangs) but with the same kinds of
    # trouble, so a month of runs takes seconds and still shows retries and problems.
    interactive = env.server.app.profile
    env.server.set_profile(get_profile("flaky", latency_median_ms=25, latency_p95_ms=120, error_rate=0.03,
                                       timeout_rate=0.0, malformed_rate=0.01, token_ttl_s=0))
    tz = datetime.now().astimezone().tzinfo
    world_today = env.world.today
    cohorts = sorted({c.install_date.strftime("%Y-%m") for c in env.world.contracts})
    made = 0
    settings = {**all_settings(), **HISTORY_PACE}
    store = build.engine_store()
    client = build.provider_client(build.ProviderConfig(env.provider_url, env.key_string, HISTORY_READ_TIMEOUT),
                                   int(build.setting(settings, "concurrency")))
    quick = Backoff(base=0.05, cap=0.5)
    try:
        now = datetime.now(UTC)
        for back in range(days, -1, -1):
            day = world_today - timedelta(days=back)
            if datetime.combine(day, time(0, 5), tzinfo=tz) > now:
                break  # today's scheduled run has not come yet
            plan: list[tuple[time, FetchOrigin, str | None]] = [(time(0, 5), FetchOrigin.AUTOMATIC, None)]
            if back % 7 == 3:
                plan.append((time(10, 30), FetchOrigin.COHORT, cohorts[-(back % len(cohorts)) - 1]))
            if back % 5 == 1:
                plan.append((time(15, 10), FetchOrigin.MANUAL, None))
            for at, origin, cohort in plan:
                start = datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
                if start > now:
                    continue
                engine = FetchEngine(store, client, config=build.engine_config(settings, seed=back, backoff=quick),
                                     clock=_ShiftedClock(start), tz=tz)
                # No in-run retries: a retry honours the provider's Retry-After (a whole second),
                # which would make a month of history slow to build; failures wait for the next day.
                request = build.run_request(settings, origin, cohort=cohort, retry_pass=origin is FetchOrigin.MANUAL,
                                            started_by="demo-history")
                result = engine.run(request)
                made += 1 if result.run_id else 0  # a run with nothing to fetch writes no row
        _say(console, f"demo history: {made} runs over the last {days} days")
    finally:
        client.close()
        env.server.set_profile(interactive)
    return made


class _ShiftedClock:
    """Wall time starting at `start` and advancing in real time; the real monotonic clock."""

    def __init__(self, start: datetime) -> None:
        import time as _time

        self._time = _time
        self._start = start
        self._t0 = _time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._time.monotonic() - self._t0)

    def monotonic(self) -> float:
        return self._time.monotonic()


def _say(console: Console | None, text: str) -> None:
    log.info("%s", text)
    if console is not None:
        console.print(f"[dim]{text}[/]")
