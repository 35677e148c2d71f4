"""What a run is asked to do: the selector of invoices and the run's options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.domain import (
    CONCURRENCY_BOUNDS,
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RATE_LIMIT,
    MAX_ATTEMPTS_BOUNDS,
    FetchOrigin,
)

COHORT_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class RequestError(ValueError):
    """A run request is not valid; the message names the option and the problem."""


@dataclass(frozen=True, slots=True)
class RunRequest:
    origin: FetchOrigin = FetchOrigin.MANUAL
    cohort: str | None = None
    contract_number: str | None = None
    invoice_ids: tuple[int, ...] = ()
    force: bool = False  # ignore GAVE_UP, the attempt limit's exclusion and availability
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    retry_pass: bool = True
    concurrency: int = DEFAULT_CONCURRENCY
    rate_limit: float | None = DEFAULT_RATE_LIMIT  # lookups per second; None = unlimited
    started_by: str = "cli"
    extra: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.cohort is not None and not COHORT_RE.match(self.cohort):
            raise RequestError(f"cohort must be YYYY-MM (e.g. 2026-01), got {self.cohort!r}")
        if self.contract_number is not None and not self.contract_number.strip():
            raise RequestError("contract number must not be empty")
        if any(i <= 0 for i in self.invoice_ids):
            raise RequestError(f"invoice ids must be positive integers, got {list(self.invoice_ids)}")
        low, high = MAX_ATTEMPTS_BOUNDS
        if not low <= self.max_attempts <= high:
            raise RequestError(f"max attempts must be between {low} and {high}, got {self.max_attempts}")
        low, high = CONCURRENCY_BOUNDS
        if not low <= self.concurrency <= high:
            raise RequestError(f"concurrency must be between {low} and {high}, got {self.concurrency}")
        if self.rate_limit is not None and not 0.1 <= self.rate_limit <= 10_000:
            raise RequestError(f"rate must be between 0.1 and 10000 lookups/s, got {self.rate_limit}")

    def describe(self) -> str:
        parts = [self.origin.value.lower()]
        if self.cohort:
            parts.append(f"cohort {self.cohort}")
        if self.contract_number:
            parts.append(f"contract {self.contract_number}")
        if self.invoice_ids:
            parts.append(f"{len(self.invoice_ids)} invoice(s)")
        if self.force:
            parts.append("forced")
        return ", ".join(parts)
