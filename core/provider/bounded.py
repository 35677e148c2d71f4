"""One HTTP GET with bounds a hostile or broken server cannot stretch (DESIGN §3).

- A total deadline: connect, headers and the whole body. The read timeout alone does not bound a
  body that drips a byte at a time, so the body is read with `read1` (whatever has arrived, never
  waiting to fill a chunk), the elapsed time is checked between reads, and the socket timeout is
  cut to what is left of the deadline before each read, so a stalled read wakes up on time.
- A cap on the body: a declared Content-Length over the cap is refused before reading, and a body
  without one (close-delimited or chunked, possibly endless) is read only until it passes the cap,
  so memory never holds more than the cap plus one chunk. The cap applies to the decoded body.
- No redirects at all. The API never redirects; following one to another host would hand it the
  Authorization and Session-Id headers, and a same-host redirect is not part of the contract
  either, so every 3xx is a BAD_RESPONSE whose message says whether it pointed elsewhere.

Every failure leaves as a ProviderError; messages are redacted (URLs hold the document).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from core.domain import Outcome
from core.provider.base import ProviderError
from core.redact import redact

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_DEADLINE = 60.0  # a debts answer takes well under a second; this only stops a hostile one
DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # a debts answer is a few KB
READ_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How long one request may take and how big its answer may be."""

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT  # the longest silence while waiting for bytes
    deadline: float = DEFAULT_DEADLINE  # connect + headers + whole body
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if min(self.connect_timeout, self.read_timeout, self.deadline) <= 0:
            raise ValueError("timeouts and the deadline must be positive")
        if self.max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive")


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole answer, read within the limits."""

    status_code: int
    headers: Mapping[str, str] = field(repr=False)  # case-insensitive (requests' mapping)
    content: bytes = field(repr=False)


def bounded_get(http: requests.Session, url: str, what: str, *, headers: Mapping[str, str],
                limits: Limits, params: Mapping[str, str] | None = None) -> Answer:
    """GET `url` within `limits`; `what` names the request in messages (documents masked)."""
    started = time.monotonic()
    timeout = (min(limits.connect_timeout, limits.deadline), min(limits.read_timeout, limits.deadline))
    try:
        response = http.get(url, headers=dict(headers), params=params, timeout=timeout, stream=True,
                            allow_redirects=False)
    except requests.Timeout as exc:  # ConnectTimeout and ReadTimeout
        raise transport_error(Outcome.TIMEOUT, what, exc) from None
    except requests.RequestException as exc:  # refused, reset, bad URL...
        raise transport_error(Outcome.CONNECTION, what, exc) from None
    try:
        status = response.status_code
        if response.is_redirect:
            raise _redirect_error(url, response, what)
        body = _read_body(response, what, limits, started)
    except BaseException:
        response.close()  # a half-read connection must not go back to the pool
        raise
    response.raw.release_conn()  # read to the end: the connection is reusable
    return Answer(status, response.headers, body)


def _redirect_error(url: str, response: requests.Response, what: str) -> ProviderError:
    target = urljoin(url, response.headers.get("Location", ""))
    here, there = urlsplit(url), urlsplit(target)
    elsewhere = (here.scheme, here.hostname, here.port) != (there.scheme, there.hostname, there.port)
    where = f"to another host ({there.scheme}://{there.hostname or '?'})" if elsewhere else "on the same host"
    return ProviderError(Outcome.BAD_RESPONSE, f"{what}: redirect {where} refused (HTTP {response.status_code})",
                         http_status=response.status_code)


def _read_body(response: requests.Response, what: str, limits: Limits, started: float) -> bytes:
    cap = limits.max_body_bytes
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > cap:
        raise _too_big(what, response.status_code, cap, f"declares {int(declared)} bytes")
    raw = response.raw
    connection = raw.connection
    body = bytearray()
    try:
        while True:
            left = limits.deadline - (time.monotonic() - started)
            if left <= 0:
                raise _too_slow(what, limits.deadline, len(body))
            if connection is not None and connection.sock is not None:
                connection.sock.settimeout(min(left, limits.read_timeout))
            chunk = raw.read1(READ_CHUNK)
            if not chunk:
                return bytes(body)
            body += chunk
            if len(body) > cap:
                raise _too_big(what, response.status_code, cap, f"passed it after {len(body)} bytes")
    except urllib3.exceptions.ReadTimeoutError:
        raise _too_slow(what, limits.deadline, len(body)) from None
    except urllib3.exceptions.DecodeError as exc:
        raise ProviderError(Outcome.BAD_RESPONSE, f"{what}: body does not decode ({type(exc).__name__})",
                            http_status=response.status_code) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:  # reset or closed mid-body
        raise transport_error(Outcome.CONNECTION, what, exc) from None


def _too_big(what: str, status: int, cap: int, detail: str) -> ProviderError:
    return ProviderError(Outcome.BAD_RESPONSE, f"{what}: answer over the {cap}-byte cap ({detail})",
                         http_status=status)


def _too_slow(what: str, deadline: float, received: int) -> ProviderError:
    # No http_status, as for any other timeout: the answer never arrived whole.
    return ProviderError(Outcome.TIMEOUT, f"{what}: no whole answer within the {deadline:g} s deadline "
                         f"({received} body bytes received)")


def transport_error(outcome: Outcome, what: str, exc: Exception) -> ProviderError:
    """A ProviderError for a failed exchange: the root cause, redacted (requests' text holds the URL,
    hence the document) and short."""
    inner: object = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None)
    detail = redact(str(reason if isinstance(reason, BaseException) else inner))[:200]
    log.debug("%s failed: %s: %s", what, type(exc).__name__, detail)
    return ProviderError(outcome, f"{what}: {type(exc).__name__} ({detail})")
