""""Test the connection": the provider's three-step handshake and one lookup, classified.

The steps are the ones a run makes: (1) GET the portal's encrypted params and decrypt them with
the key string, (2) open a session on the API server the params name, (3) look one document's
debts up. The verdict is an enum a front end turns into plain words in its own language; the
technical detail (the client's message, never holding the key or a full document) rides along
for a "technical details" box.

Verdicts: OK (with the time of the handshake and of the lookup), WRONG_KEY (the params do not
decrypt with this key, or the server refused the credentials), UNREACHABLE (no connection: wrong
host or port, DNS, refused), TIMEOUT (connected but no answer in time), UNEXPECTED (an answer
that is not what the API gives: HTTP 5xx, 429, an HTML page, another status), BAD_URL (not an
http(s) URL, or no key at all).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.domain import Outcome
from core.provider.base import Provider, ProviderError

# A valid CPF that belongs to nobody (000.000.001-91): the lookup answers "no debts" for it, so
# the check sends no customer's document when the database has none to offer.
PROBE_DOCUMENT = "00000000191"
DEFAULT_CHECK_TIMEOUT = 10.0  # seconds each request may wait for an answer


class Verdict(enum.StrEnum):
    OK = "ok"
    WRONG_KEY = "wrong_key"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    UNEXPECTED = "unexpected"
    BAD_URL = "bad_url"


class Step(enum.StrEnum):
    """Where the check stopped (or DONE)."""

    SETUP = "setup"
    HANDSHAKE = "handshake"
    LOOKUP = "lookup"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    verdict: Verdict
    step: Step
    handshake_seconds: float | None = None
    lookup_seconds: float | None = None
    invoices: int | None = None  # open invoices the lookup found (OK only)
    http_status: int | None = None
    detail: str = ""  # technical: the client's message, for "technical details"

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    @property
    def total_seconds(self) -> float | None:
        if self.handshake_seconds is None:
            return None
        return self.handshake_seconds + (self.lookup_seconds or 0.0)


_VERDICT_OF = {
    Outcome.AUTH: Verdict.WRONG_KEY,
    Outcome.CONNECTION: Verdict.UNREACHABLE,
    Outcome.TIMEOUT: Verdict.TIMEOUT,
}


def _client(url: str, key: str, timeout: float) -> Provider:
    from core.provider.negocia import NegociaClient

    return NegociaClient(url, key, pool_size=1, read_timeout=timeout, connect_timeout=min(timeout, 5.0),
                         deadline=max(timeout * 2, 5.0))


def check_connection(url: str, key: str, *, document: str = PROBE_DOCUMENT,
                     timeout: float = DEFAULT_CHECK_TIMEOUT,
                     make_client: Callable[[str, str, float], Provider] = _client,
                     clock: Callable[[], float] = time.perf_counter) -> ConnectionCheck:
    """Run the handshake and one lookup of `document` against the portal at `url`; never raises
    for what the provider does (a blocking call: run it off a GUI thread)."""
    url, key = url.strip(), key.strip()
    if not url.startswith(("http://", "https://")):
        return ConnectionCheck(Verdict.BAD_URL, Step.SETUP, detail=f"not an http(s) URL: {url!r}")
    if not key:
        return ConnectionCheck(Verdict.BAD_URL, Step.SETUP, detail="no key string")
    try:
        client = make_client(url, key, timeout)
    except ValueError as exc:
        return ConnectionCheck(Verdict.BAD_URL, Step.SETUP, detail=str(exc))
    step, handshake = Step.HANDSHAKE, None
    try:
        started = clock()
        connect = getattr(client, "connect", None)
        if connect is not None:
            connect()
        handshake = clock() - started
        step = Step.LOOKUP
        started = clock()
        found = client.lookup(document)
        return ConnectionCheck(Verdict.OK, Step.DONE, handshake, clock() - started, invoices=len(found))
    except ProviderError as exc:
        verdict = _VERDICT_OF.get(exc.outcome, Verdict.UNEXPECTED)
        return ConnectionCheck(verdict, step, handshake, http_status=exc.http_status, detail=exc.message)
    finally:
        client.close()
