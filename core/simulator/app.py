"""The simulated operator, independent of the transport: one request in, one `Reply` out.

Endpoints (DESIGN §3): `GET /negociar/params` (encrypted token + API URL), `GET
/api/authentication/sessionId` (Authorization: token), `GET /api/debts/customers/{document}`
(Authorization + Session-Id; 400 when the document has no debts), and `GET /__sim/stats` for
tools. The profile decides latency, capacity, outages and random faults; `inject` queues exact
faults for the next debt lookups. Thread-safe: the transport may call `handle` from any thread.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from core.provider.crypto import PortalParams, encrypt_params
from core.simulator.faults import (
    MALFORMED,
    SERVER_ERRORS,
    FaultKind,
    TokenBucket,
    malformed_body,
    retry_after_header,
)
from core.simulator.model import World
from core.simulator.profiles import FaultProfile
from core.simulator.stats import DROPPED, SimulatorStats, StatsTally

PARAMS_PATH = "/negociar/params"
API_PREFIX = "/api"
SESSION_PATH = API_PREFIX + "/authentication/sessionId"
DEBTS_PREFIX = API_PREFIX + "/debts/customers/"
STATS_PATH = "/__sim/stats"
_JSON = "application/json"
_V = TypeVar("_V")
_MAX_CREDENTIALS = 20_000
_BODY_CACHE_SIZE = 50_000
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable"}


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send back: after `delay` seconds, the answer, or nothing (`drop`: close the socket)."""

    status: int
    body: bytes = b""
    content_type: str = _JSON
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    drop: bool = False

    @property
    def reason(self) -> str:
        return _REASONS.get(self.status, "Unknown")


def _json_reply(status: int, payload: object, *, headers: tuple[tuple[str, str], ...] = (),
                delay: float = 0.0) -> Reply:
    return Reply(status, json.dumps(payload).encode(), headers=headers, delay=delay)


class SimulatorApp:
    """The operator's behaviour over a world, under a fault profile."""

    def __init__(self, world: World, profile: FaultProfile, key_string: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.world = world
        self._key = key_string
        self._clock = clock
        self._lock = threading.Lock()
        self._tally = StatsTally()
        self._tokens: dict[str, float] = {}  # token -> issued at
        self._sessions: dict[str, str] = {}  # session id -> token
        self._injected: deque[FaultKind] = deque()
        self._outage_until: float | None = None
        self._outage_drop = False
        self._bodies: dict[str, bytes] = {}
        self._t0 = clock()
        self._set_profile(profile)

    # -- controls -------------------------------------------------------------------------------

    def _set_profile(self, profile: FaultProfile) -> None:
        self.profile = profile
        self._rng = random.Random(profile.seed)
        self._bucket = TokenBucket(profile.capacity_rps, profile.bucket_size, self._clock)

    def set_profile(self, profile: FaultProfile) -> None:
        with self._lock:
            self._set_profile(profile)

    def start_outage(self, seconds: float | None = None, *, drop_connection: bool = False) -> None:
        """Every endpoint fails from now, for `seconds` (None: until end_outage)."""
        with self._lock:
            self._outage_until = float("inf") if seconds is None else self._clock() + seconds
            self._outage_drop = drop_connection

    def end_outage(self) -> None:
        with self._lock:
            self._outage_until = None

    def inject(self, kind: FaultKind | str, count: int = 1) -> None:
        """The next `count` debt lookups get exactly this fault."""
        if count < 0:
            raise ValueError("count must be >= 0")
        with self._lock:
            self._injected.extend([FaultKind(kind)] * count)

    def clear_injected(self) -> None:
        with self._lock:
            self._injected.clear()

    def expire_tokens(self) -> None:
        """Every token and session issued so far stops working (as after a TTL)."""
        with self._lock:
            self._tokens.clear()
            self._sessions.clear()

    def live_credentials(self) -> frozenset[str]:
        """Every token and session id currently accepted (tests check none of them leaks)."""
        with self._lock:
            return frozenset(self._tokens) | frozenset(self._sessions)

    def stats(self) -> SimulatorStats:
        return self._tally.snapshot()

    def document_lookups(self) -> dict[str, int]:
        """Debt lookups served per document since the last reset (several runners on one store
        must look each document up once)."""
        return self._tally.document_lookups()

    def connection_opened(self) -> None:
        self._tally.add("connections")

    def reset_stats(self) -> None:
        self._tally.reset()

    def request_started(self) -> None:
        self._tally.started()

    def request_finished(self) -> None:
        self._tally.finished()

    # -- requests -------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str]) -> Reply:
        """Answer one request; `headers` has lower-case names."""
        path = urlsplit(target).path
        if path == STATS_PATH:
            return _json_reply(200, self.stats().to_json())
        endpoint = ("params" if path == PARAMS_PATH else "session" if path == SESSION_PATH
                    else "debts" if path.startswith(DEBTS_PREFIX) else "other")
        with self._lock:
            reply = self._answer(method, path, endpoint, headers)
        extra: dict[str, int] = {}
        if reply.status == 429:
            extra["rate_limited"] = 1
        elif reply.status == 401:
            extra["unauthorized"] = 1
        self._tally.answered(endpoint, DROPPED if reply.drop else reply.status, **extra)
        return reply

    def _answer(self, method: str, path: str, endpoint: str, headers: Mapping[str, str]) -> Reply:
        if endpoint == "other":
            return _json_reply(404, {"message": "not found"})
        if method != "GET":
            return _json_reply(405, {"message": "method not allowed"}, headers=(("Allow", "GET"),))
        now = self._clock()
        outage = self._outage(now)
        if outage is not None:
            return outage
        wait = self._bucket.take()
        if wait > 0:
            after = retry_after_header(max(wait, self.profile.retry_after_s))
            return _json_reply(429, {"message": "too many requests"}, headers=(("Retry-After", after),))
        delay = self.profile.sample_latency(self._rng)
        if endpoint == "params":
            return self._params(headers, delay)
        if endpoint == "session":
            return self._session(headers, now, delay)
        return self._debts(unquote(path[len(DEBTS_PREFIX):]), headers, now, delay)

    def _outage(self, now: float) -> Reply | None:
        if self._outage_until is not None:
            if now < self._outage_until:
                return self._outage_reply(self._outage_drop, self._outage_until - now)
            self._outage_until = None
        elapsed = now - self._t0
        for window in self.profile.outages:
            if window.active(elapsed):
                return self._outage_reply(window.drop_connection, window.remaining(elapsed))
        return None

    def _outage_reply(self, drop: bool, remaining: float) -> Reply:
        if drop:
            self._tally.add("dropped")
            return Reply(503, drop=True)
        after = retry_after_header(min(remaining, max(self.profile.retry_after_s, 1.0)))
        return Reply(503, b"<html><body><h1>Sistema em manuten\xc3\xa7\xc3\xa3o</h1></body></html>",
                     content_type="text/html; charset=utf-8", headers=(("Retry-After", after),))

    def _params(self, headers: Mapping[str, str], delay: float) -> Reply:
        token = secrets.token_urlsafe(24)
        self._remember(self._tokens, token, self._clock())
        self._tally.add("tokens_issued")
        host = headers.get("host", "127.0.0.1")
        params = PortalParams(token=token, api_server_url=f"http://{host}{API_PREFIX}")
        body = encrypt_params(params, self._key)
        return Reply(200, body.encode("ascii"), content_type="text/plain; charset=utf-8", delay=delay)

    def _session(self, headers: Mapping[str, str], now: float, delay: float) -> Reply:
        token = headers.get("authorization", "")
        if not self._token_valid(token, now):
            return _json_reply(401, {"message": "invalid or expired token"}, delay=delay)
        session_id = secrets.token_hex(16)
        self._remember(self._sessions, session_id, token)
        self._tally.add("sessions_issued")
        return _json_reply(200, {"sessionId": session_id}, delay=delay)

    def _debts(self, document: str, headers: Mapping[str, str], now: float, delay: float) -> Reply:
        self._tally.looked_up(document)  # past the rate limit and any outage: a lookup was served
        fault: FaultKind | None = None
        injected = self._injected.popleft() if self._injected else None
        if injected is not None:
            self._tally.add("injected")
        if injected is not None and injected is not FaultKind.NONE:
            fault = injected
        elif not self._authorised(headers, now):
            return _json_reply(401, {"message": "invalid session"}, delay=delay)
        elif injected is None:
            fault = self._random_fault()
        if fault is not None:
            return self._fault_reply(fault, document, delay)
        body = self._debts_body(document)
        if body is None:
            return _json_reply(400, {"message": "Nenhum débito encontrado para o documento"}, delay=delay)
        return Reply(200, body, delay=delay)

    def _authorised(self, headers: Mapping[str, str], now: float) -> bool:
        token = headers.get("authorization", "")
        return self._token_valid(token, now) and self._sessions.get(headers.get("session-id", "")) == token

    def _token_valid(self, token: str, now: float) -> bool:
        issued = self._tokens.get(token)
        if issued is None:
            return False
        ttl = self.profile.token_ttl_s
        return ttl <= 0 or now - issued < ttl

    def _random_fault(self) -> FaultKind | None:
        p = self.profile
        if not (p.error_rate or p.timeout_rate or p.malformed_rate):
            return None
        r = self._rng.random()
        if r < p.error_rate:
            return self._rng.choice(SERVER_ERRORS)
        if r < p.error_rate + p.timeout_rate:
            return FaultKind.HANG
        if r < p.error_rate + p.timeout_rate + p.malformed_rate:
            return self._rng.choice(MALFORMED)
        return None

    def _fault_reply(self, fault: FaultKind, document: str, delay: float) -> Reply:
        retry_after = (("Retry-After", retry_after_header(self.profile.retry_after_s)),)
        if fault is FaultKind.HTTP_500 or fault is FaultKind.HTTP_502:
            return _json_reply(500 if fault is FaultKind.HTTP_500 else 502, {"message": "erro interno"},
                               delay=delay)
        if fault is FaultKind.HTTP_503:
            return _json_reply(503, {"message": "serviço indisponível"}, headers=retry_after, delay=delay)
        if fault is FaultKind.RATE_LIMIT:
            return _json_reply(429, {"message": "too many requests"}, headers=retry_after, delay=delay)
        if fault is FaultKind.UNAUTHORIZED:
            return _json_reply(401, {"message": "invalid session"}, delay=delay)
        if fault is FaultKind.DROP:
            self._tally.add("dropped")
            return Reply(200, drop=True, delay=delay)
        if fault is FaultKind.HANG:
            self._tally.add("hangs")
            body = self._debts_body(document)
            status = 400 if body is None else 200
            return Reply(status, body or b'{"message":"Nenhum debito"}', delay=self.profile.hang_seconds)
        self._tally.add("malformed")
        debts = [debt.to_api(self.world.today) for debt in self.world.debts_of(document)]
        body, content_type = malformed_body(fault, debts)
        return Reply(200, body, content_type=content_type, delay=delay)

    def _debts_body(self, document: str) -> bytes | None:
        body = self._bodies.get(document)
        if body is None:
            debts = self.world.debts_of(document)
            if not debts:
                return None
            body = json.dumps({"debts": [debt.to_api(self.world.today) for debt in debts]}).encode()
            if len(self._bodies) >= _BODY_CACHE_SIZE:
                self._bodies.clear()
            self._bodies[document] = body
        return body

    @staticmethod
    def _remember(store: dict[str, _V], key: str, value: _V) -> None:
        if len(store) >= _MAX_CREDENTIALS:  # forget the oldest half (dicts keep insertion order)
            for old in list(store)[: _MAX_CREDENTIALS // 2]:
                del store[old]
        store[key] = value
