"""The provider protocol: look a document up, get its open invoices, or a classified error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from core.domain import Outcome, RemoteInvoice


class ProviderError(Exception):
    """A lookup failed; `outcome` classifies it (TIMEOUT, CONNECTION, HTTP_5XX, RATE_LIMITED,
    AUTH, BAD_RESPONSE or INVALID_DOCUMENT). The message never holds a token, key or full document.
    """

    def __init__(
        self,
        outcome: Outcome,
        message: str,
        *,
        http_status: int | None = None,
        retry_after: float | None = None,
        key_mismatch: bool = False,
    ) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.http_status = http_status
        self.retry_after = retry_after  # seconds the provider asked us to wait, if it said
        self.key_mismatch = key_mismatch  # AUTH because the portal's parameters do not decrypt with our key

    def __repr__(self) -> str:
        return f"ProviderError({self.outcome.value}, {self.message!r}, http_status={self.http_status})"


class Invoices(list[RemoteInvoice]):
    """What a lookup returns: the open invoices, a plain list, and how many invoices the answer
    held in a form that could not be read (skipped). A local invoice missing from a list with
    skipped entries may be one of them, so its absence proves nothing."""

    __slots__ = ("skipped",)

    def __init__(self, invoices: Iterable[RemoteInvoice] = (), *, skipped: int = 0) -> None:
        super().__init__(invoices)
        self.skipped = skipped


class Provider(Protocol):
    """What the engine needs from a provider. Implementations are safe to call from many threads."""

    def lookup(self, document: str) -> list[RemoteInvoice]:
        """All open invoices of the document; [] when it has none (HTTP 400 included). It may be
        an `Invoices`, to say that some invoices of the answer were skipped as malformed.

        Raises ProviderError for every failure.
        """
        ...

    def close(self) -> None: ...


# A provider may also offer `connect() -> None` (authenticate ahead of the first lookup); the
# engine calls it when present so that the run's first requests leave evenly paced.
