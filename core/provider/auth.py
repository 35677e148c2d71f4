"""The shared credentials (token + session id) of one provider client, with single-flight refresh.

All worker threads share one `Credentials`. When none is valid, exactly one thread (the leader)
authenticates while the others wait for that same flight and reuse its result, or its failure.
A thread that got a 401 passes the credentials it used as `stale`: if another thread already
replaced them, it simply gets the new ones, with no second authentication. While a refresh is
in flight, every thread waits for it, so no request goes out with credentials being replaced.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from core.domain import Outcome
from core.provider.base import ProviderError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Credentials:
    """One authenticated session. Secrets are kept out of the repr."""

    token: str = field(repr=False)
    session_id: str = field(repr=False)
    api_server_url: str
    obtained_at: float
    generation: int


@dataclass(slots=True)
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    credentials: Credentials | None = None
    error: ProviderError | None = None


class CredentialCache:
    """Holds the current credentials; `get` authenticates at most once per flight."""

    def __init__(
        self,
        authenticate: Callable[[int], Credentials],
        *,
        max_age: float,
        clock: Callable[[], float],
        wait_timeout: float,
    ) -> None:
        self._authenticate = authenticate  # called with the new generation number
        self._max_age = max_age
        self._clock = clock
        self._wait_timeout = wait_timeout
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified when a follower starts waiting
        self._followers = 0
        self._current: Credentials | None = None
        self._flight: _Flight | None = None
        self._generation = 0

    def get(self, stale: Credentials | None = None) -> Credentials:
        """Valid credentials: the cached ones unless missing, too old or equal to `stale`."""
        with self._lock:
            current = self._current
            flight = self._flight
            # While a refresh is in flight the current credentials are on their way out (a 401 or
            # their age said so): wait for the new ones instead of sending a request bound to fail.
            if flight is None and current is not None and current is not stale and not self._too_old(current):
                return current
            leader = flight is None
            if flight is None:
                flight = self._flight = _Flight()
                self._generation += 1
                generation = self._generation
            else:
                self._followers += 1
                self._changed.notify_all()
        if not leader:
            try:
                return self._follow(flight)
            finally:
                with self._lock:
                    self._followers -= 1
        try:
            credentials = flight.credentials = self._authenticate(generation)
        except ProviderError as exc:
            flight.error = exc
            raise
        except Exception as exc:  # a bug; still, followers must never wait on a leader that crashed
            log.exception("authentication crashed")
            error = flight.error = ProviderError(Outcome.AUTH, f"authentication failed: {type(exc).__name__}")
            raise error from None
        finally:
            with self._lock:
                if flight.credentials is not None:
                    self._current = flight.credentials
                self._flight = None
            flight.done.set()
        return credentials

    def wait_for_followers(self, count: int, timeout: float) -> bool:
        """Block until `count` threads wait on an authentication in flight (for tests and tools)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._followers >= count, timeout)

    def invalidate(self) -> None:
        """Forget the credentials (the next `get` authenticates)."""
        with self._lock:
            self._current = None

    def _follow(self, flight: _Flight) -> Credentials:
        if not flight.done.wait(self._wait_timeout):
            raise ProviderError(Outcome.TIMEOUT, "timed out waiting for another thread's authentication")
        if flight.credentials is not None:
            return flight.credentials
        error = flight.error
        assert error is not None
        # A fresh exception per thread: one object raised in many threads would share a traceback.
        raise ProviderError(error.outcome, error.message, http_status=error.http_status,
                            retry_after=error.retry_after, key_mismatch=error.key_mismatch)

    def _too_old(self, credentials: Credentials) -> bool:
        return self._clock() - credentials.obtained_at >= self._max_age
