"""HTTP client for the operator's "Negocia" debt API (params -> session -> debts), see DESIGN §3.

One pooled `requests.Session` serves every worker thread. Every request is bounded (see
`core.provider.bounded`): a total deadline, a cap on the body size, no redirects. The token and
session id are shared by all threads and refreshed on a 401 or when older than `session_max_age`
(single flight, see `core.provider.auth`). Every failure leaves as a ProviderError classified
into an Outcome; secrets never reach a log line, a message or a repr, and documents only appear
masked. An invoice the answer holds in a broken form is skipped, logged and counted, and the
document's valid invoices are still returned.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from core.documents import DocumentError, mask_document, validate_document
from core.domain import Outcome, RemoteInvoice
from core.provider.auth import CredentialCache, Credentials
from core.provider.base import Invoices, ProviderError
from core.provider.bounded import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_READ_TIMEOUT,
    Answer,
    Limits,
    bounded_get,
)
from core.provider.crypto import ParamsError, PortalParams, decrypt_params
from core.provider.payload import PayloadError, parse_debts
from core.provider.retry_after import parse_retry_after
from core.provider.transport import ClosingAdapter
from core.redact import RedactingFilter

log = logging.getLogger(__name__)

PARAMS_PATH = "/negociar/params"
SESSION_PATH = "/authentication/sessionId"
DEBTS_PATH = "/debts/customers/{document}"
DEBTS_QUERY = {"offset": "0", "limit": "50", "origin": "nio"}
_AUTH_REJECTED = (401, 403)
# Failures of the session step after which the portal's token is kept for the next try
_TRANSIENT_SESSION_FAILURES = (Outcome.RATE_LIMITED, Outcome.HTTP_5XX, Outcome.TIMEOUT, Outcome.CONNECTION)


def _guard_urllib3_log() -> None:
    """urllib3 logs each request line at DEBUG, and our URLs hold the document: mask it there too."""
    pool_log = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactingFilter) for f in pool_log.filters):
        pool_log.addFilter(RedactingFilter())


@dataclass(frozen=True, slots=True)
class ClientCounters:
    """What the client did since it was created."""

    lookups: int = 0  # lookup() calls that reached the network (valid documents)
    requests: int = 0  # HTTP requests sent, authentication included
    authentications: int = 0  # successful params + session exchanges
    auth_failures: int = 0  # authentication flights that ended in an error
    reauthentications: int = 0  # lookups that got a 401/403 and asked for fresh credentials
    skipped_invoices: int = 0  # invoices left out of answers because they were malformed


class _Counters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, int] = dict.fromkeys(ClientCounters.__dataclass_fields__, 0)

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._values[name] += amount

    def snapshot(self) -> ClientCounters:
        with self._lock:
            return ClientCounters(**self._values)


class NegociaClient:
    """The Provider for the Negocia API. Thread-safe; call `close()` (or use `with`) when done."""

    def __init__(
        self,
        portal_url: str,
        key_string: str,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        pool_size: int = 16,
        session_max_age: float = 1800.0,
        clock: Callable[[], float] = time.monotonic,
        trust_env: bool = True,
    ) -> None:
        if not portal_url.startswith(("http://", "https://")):
            raise ValueError("portal_url must start with http:// or https://")
        if not key_string:
            raise ValueError("key_string must not be empty")
        self._limits = Limits(connect_timeout=connect_timeout, read_timeout=read_timeout, deadline=deadline,
                              max_body_bytes=max_body_bytes)  # validates them
        self._portal_url = portal_url.rstrip("/")
        self._key = key_string
        self._clock = clock
        self._session_max_age = session_max_age
        # the portal's token and API URL whose session step failed transiently, and when they came
        self._pending_params: tuple[PortalParams, float] | None = None
        self._counters = _Counters()
        self._http = requests.Session()
        self._http.trust_env = trust_env  # False skips per-request proxy/netrc lookups
        # close() also wakes lookups still waiting on a hanging server (core.provider.transport)
        adapter = ClosingAdapter(pool_connections=4, pool_maxsize=max(1, pool_size), max_retries=0)
        self._http.mount("http://", adapter)
        self._http.mount("https://", adapter)
        self._http.headers.update({"Accept": "application/json", "User-Agent": "faturas-monitor"})
        _guard_urllib3_log()
        self._credentials = CredentialCache(
            self._authenticate,
            max_age=session_max_age,
            clock=clock,
            wait_timeout=2 * min(connect_timeout + read_timeout, deadline) + 5.0,
        )

    def __repr__(self) -> str:
        return f"NegociaClient({self._portal_url!r})"

    def __enter__(self) -> NegociaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def counters(self) -> ClientCounters:
        return self._counters.snapshot()

    def close(self) -> None:
        """Close every connection, those of lookups still in flight included (they fail at once)."""
        self._http.close()

    def connect(self) -> None:
        """Authenticate now (params + session), so that the first lookups go out paced instead of
        all at once when a shared authentication completes. Raises ProviderError."""
        self._credentials.get()

    def lookup(self, document: str) -> list[RemoteInvoice]:
        """All open invoices of the document; [] when it has none. Raises ProviderError."""
        try:
            doc = validate_document(document)
        except DocumentError as exc:
            raise ProviderError(Outcome.INVALID_DOCUMENT, f"invalid document: {exc}") from None
        self._counters.add("lookups")
        masked = mask_document(doc)
        started = time.perf_counter()
        credentials = self._credentials.get()
        response = self._get_debts(credentials, doc, masked)
        if response.status_code in _AUTH_REJECTED:
            self._counters.add("reauthentications")
            log.info("debts for %s answered %d; refreshing the session", masked, response.status_code)
            credentials = self._credentials.get(stale=credentials)
            response = self._get_debts(credentials, doc, masked)
            if response.status_code in _AUTH_REJECTED:
                raise ProviderError(Outcome.AUTH, f"debts for {masked} refused the credentials twice",
                                    http_status=response.status_code)
        if response.status_code == 400:
            log.debug("no debts for %s (HTTP 400) in %.3fs", masked, time.perf_counter() - started)
            return []
        self._raise_for_status(response, f"debts for {masked}")
        try:
            parsed = parse_debts(self._json(response, f"debts for {masked}"))
        except PayloadError as exc:
            raise ProviderError(Outcome.BAD_RESPONSE, f"debts for {masked}: {exc}",
                                http_status=response.status_code) from None
        if parsed.skipped:
            self._counters.add("skipped_invoices", len(parsed.skipped))
            log.warning("debts for %s: %d malformed invoice(s) skipped, %d kept: %s", masked,
                        len(parsed.skipped), len(parsed.invoices), "; ".join(map(str, parsed.skipped)))
        invoices = Invoices(parsed.invoices, skipped=len(parsed.skipped))
        log.debug("%d open invoices for %s in %.3fs", len(invoices), masked, time.perf_counter() - started)
        return invoices

    # -- authentication -------------------------------------------------------------------------

    def _authenticate(self, generation: int) -> Credentials:
        log.info("authenticating with the provider (session %d)", generation)
        try:
            credentials = self._do_authenticate(generation)
        except ProviderError as exc:
            self._counters.add("auth_failures")
            log.warning("authentication failed: %s", exc.message)
            raise
        self._counters.add("authentications")
        return credentials

    def _do_authenticate(self, generation: int) -> Credentials:
        params = self._params_for_session()
        headers = {"Authorization": params.token}
        try:
            response = self._send(params.api_server_url + SESSION_PATH, headers, "session")
            self._raise_for_status(response, "session")
        except ProviderError as exc:
            # The portal's token stays good when the session step was only told to wait (a 429, a
            # 5xx, no answer): the next flight asks for the session alone. Asking for both again
            # would need two requests in a row, which a provider limiting to a request at a time
            # (nginx's limit_req without a burst) refuses every time.
            if exc.outcome in _TRANSIENT_SESSION_FAILURES:
                self._pending_params = (params, self._clock())
            raise
        body = self._json(response, "session")
        session_id = body.get("sessionId") if isinstance(body, dict) else None
        if isinstance(session_id, int) and not isinstance(session_id, bool):
            session_id = str(session_id)
        if not isinstance(session_id, str) or not session_id.strip():
            raise ProviderError(Outcome.AUTH, "session: the answer has no sessionId",
                                http_status=response.status_code)
        return Credentials(token=params.token, session_id=session_id.strip(),
                           api_server_url=params.api_server_url, obtained_at=self._clock(),
                           generation=generation)

    def _params_for_session(self) -> PortalParams:
        """The token and API URL for a session request: those of a flight whose session step
        failed transiently (if still young), else fresh ones from the portal."""
        pending, self._pending_params = self._pending_params, None  # used once, by the flight's leader
        if pending is not None and self._clock() - pending[1] < self._session_max_age:
            return pending[0]
        response = self._send(self._portal_url + PARAMS_PATH, {}, "params")
        self._raise_for_status(response, "params")
        try:
            return decrypt_params(response.content, self._key)
        except ParamsError as exc:
            raise ProviderError(Outcome.AUTH, f"params: {exc}", http_status=response.status_code,
                                key_mismatch=True) from None

    # -- HTTP -----------------------------------------------------------------------------------

    def _get_debts(self, credentials: Credentials, doc: str, masked: str) -> Answer:
        url = credentials.api_server_url + DEBTS_PATH.format(document=doc)
        headers = {"Authorization": credentials.token, "Session-Id": credentials.session_id}
        return self._send(url, headers, f"debts for {masked}", params=DEBTS_QUERY)

    def _send(self, url: str, headers: dict[str, str], what: str,
              params: dict[str, str] | None = None) -> Answer:
        self._counters.add("requests")
        return bounded_get(self._http, url, what, headers=headers, params=params, limits=self._limits)

    @staticmethod
    def _raise_for_status(response: Answer, what: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429:
            raise ProviderError(Outcome.RATE_LIMITED, f"{what}: rate limited (HTTP 429)",
                                http_status=status, retry_after=retry_after)
        if status >= 500:
            raise ProviderError(Outcome.HTTP_5XX, f"{what}: server error (HTTP {status})",
                                http_status=status, retry_after=retry_after)
        if status in _AUTH_REJECTED:
            raise ProviderError(Outcome.AUTH, f"{what}: credentials refused (HTTP {status})",
                                http_status=status)
        raise ProviderError(Outcome.BAD_RESPONSE, f"{what}: unexpected HTTP {status}", http_status=status)

    @staticmethod
    def _json(response: Answer, what: str) -> object:
        """The JSON body; a captcha/HTML page or a truncated body is BAD_RESPONSE."""
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "no content type"
        try:
            return json.loads(response.content)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; deep nesting recurses
            head = response.content[:512].lower()
            kind = "an HTML page (captcha?)" if b"<html" in head or b"<!doctype" in head else "invalid JSON"
            size = len(response.content)
            message = f"{what}: expected JSON, got {kind} ({content_type}, {size} bytes)"
            raise ProviderError(Outcome.BAD_RESPONSE, message, http_status=response.status_code) from None
