"""The vocabulary of the application: enums and immutable records shared by every layer.

Nothing here does I/O. `storage` stores these values as their `.value` strings; the engine,
the CLI and the GUI exchange these records instead of dicts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class Outcome(enum.StrEnum):
    """What one attempt to fetch one invoice ended with."""

    MATCHED = "MATCHED"
    MATCHED_DIVERGENT = "MATCHED_DIVERGENT"
    NOT_YET_AVAILABLE = "NOT_YET_AVAILABLE"
    NO_DEBTS = "NO_DEBTS"
    NO_MATCH = "NO_MATCH"  # the customer has open invoices, none of them this one by date
    NOT_OPEN = "NOT_OPEN"  # the customer's open invoices are all other invoices of ours
    AMBIGUOUS = "AMBIGUOUS"
    INVALID_DOCUMENT = "INVALID_DOCUMENT"
    TIMEOUT = "TIMEOUT"
    CONNECTION = "CONNECTION"
    HTTP_5XX = "HTTP_5XX"
    RATE_LIMITED = "RATE_LIMITED"
    AUTH = "AUTH"
    BAD_RESPONSE = "BAD_RESPONSE"
    DEFERRED = "DEFERRED"

    @property
    def is_transient(self) -> bool:
        """Transport or provider failures: retried inside the run with backoff."""
        return self in _TRANSIENT

    @property
    def is_match(self) -> bool:
        return self in (Outcome.MATCHED, Outcome.MATCHED_DIVERGENT)

    @property
    def is_business_failure(self) -> bool:
        """The provider answered, but the invoice could not be settled: counted, not retried in-run."""
        return self in (Outcome.NO_MATCH, Outcome.AMBIGUOUS, Outcome.INVALID_DOCUMENT)

    @property
    def is_not_available(self) -> bool:
        """The lookup worked and the invoice is not open at the operator (yet, or any more)."""
        return self in (Outcome.NOT_YET_AVAILABLE, Outcome.NO_DEBTS, Outcome.NOT_OPEN)


_TRANSIENT = frozenset(
    {
        Outcome.TIMEOUT,
        Outcome.CONNECTION,
        Outcome.HTTP_5XX,
        Outcome.RATE_LIMITED,
        Outcome.AUTH,
        Outcome.BAD_RESPONSE,
    }
)


class FetchStatus(enum.StrEnum):
    """Where fetching one invoice stands (the original's status_busca)."""

    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    PARTIAL = "PARTIAL"
    NOT_AVAILABLE = "NOT_AVAILABLE"
    ERROR = "ERROR"
    GAVE_UP = "GAVE_UP"
    # The lookup worked and the operator no longer lists this invoice (due date passed) as open:
    # most likely paid. Not an error, not a problem; automatic runs leave it alone.
    CLOSED = "CLOSED"
    # The operator's payment spreadsheet (FPD) says it was paid: never fetched, never a problem.
    PAID = "PAID"

    @property
    def is_problem(self) -> bool:
        return self in PROBLEM_STATUSES


# The status sets every layer shares. Tuples, in this order: storage writes them into SQL text
# (`IN ('ERROR', 'GAVE_UP', 'PARTIAL')`), and a partial index is only used by a query whose
# term is written exactly as the index's.

# The Problems screen: failed (ERROR, GAVE_UP) or matched with a divergence to review (PARTIAL).
PROBLEM_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.ERROR, FetchStatus.GAVE_UP, FetchStatus.PARTIAL)
# Outcomes that make an "error group" on the Problems screen: failures (transport, provider,
# business) and matches with a divergence to review.
PROBLEM_OUTCOMES: tuple[Outcome, ...] = tuple(
    o for o in Outcome if o.is_transient or o.is_business_failure or o is Outcome.MATCHED_DIVERGENT
)
# What failed: the last fetch ended in an error, or the attempt limit was reached.
FAILED_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.ERROR, FetchStatus.GAVE_UP)
# Matched to a remote invoice: its data (amount, bar code, PIX) was found.
MATCHED_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.SUCCESS, FetchStatus.PARTIAL)
# What an automatic run takes again (GAVE_UP only when asked for by contract or invoice; see
# core.eligibility).
RETRYABLE_STATUSES: tuple[FetchStatus, ...] = (FetchStatus.PENDING, FetchStatus.NOT_AVAILABLE, FetchStatus.ERROR)

# Attempts before an invoice is given up (GAVE_UP): the run option's and the setting's default.
DEFAULT_MAX_ATTEMPTS = 3
MAX_ATTEMPTS_BOUNDS = (1, 20)  # inclusive
DEFAULT_CONCURRENCY = 8  # lookups in flight at once
CONCURRENCY_BOUNDS = (1, 64)  # inclusive
DEFAULT_RATE_LIMIT = 10.0  # lookups per second sent to the provider

# A failed invoice with at least this many attempts is a "persistent error" (the Problems
# screen's preset and the PERSISTENT_ERRORS_GROWING alert).
PERSISTENT_MIN_ATTEMPTS = 3


def is_persistent_error(status: FetchStatus, attempts: int) -> bool:
    """Failed (ERROR or GAVE_UP) after PERSISTENT_MIN_ATTEMPTS attempts or more."""
    return status in FAILED_STATUSES and attempts >= PERSISTENT_MIN_ATTEMPTS


class FetchOrigin(enum.StrEnum):
    """What started a fetch (the original's origem_busca)."""

    MANUAL = "MANUAL"
    AUTOMATIC = "AUTOMATIC"
    COHORT = "COHORT"
    INDIVIDUAL = "INDIVIDUAL"
    RETRY = "RETRY"


class RunStatus(enum.StrEnum):
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    INTERRUPTED = "INTERRUPTED"

    @property
    def is_final(self) -> bool:
        return self is not RunStatus.RUNNING


class ContractStatus(enum.StrEnum):
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"
    DOWNGRADE = "DOWNGRADE"


class PaymentStatus(enum.StrEnum):
    """Payment state from the operator's FPD spreadsheet; never from the fetch."""

    PAID = "PAID"
    UNPAID = "UNPAID"
    LATE = "LATE"
    WAITING = "WAITING"
    OTHER = "OTHER"


class AlertKind(enum.StrEnum):
    ERROR_RATE = "ERROR_RATE"
    PERFORMANCE_DEGRADED = "PERFORMANCE_DEGRADED"  # before version 6: either of the next two
    SLOW_LOOKUPS = "SLOW_LOOKUPS"
    LOW_THROUGHPUT = "LOW_THROUGHPUT"
    PERSISTENT_ERRORS_GROWING = "PERSISTENT_ERRORS_GROWING"
    PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    SCHEDULED_RUN_MISSED = "SCHEDULED_RUN_MISSED"


class AlertSeverity(enum.StrEnum):
    INFO = "INFO"
    WARNING = "WARNING"
    CRITICAL = "CRITICAL"


INVOICES_PER_CONTRACT = 10
APP_NAME = "faturas-monitor"  # folder name for the user data and config dirs


@dataclass(frozen=True, slots=True)
class RemoteInvoice:
    """One open invoice as the provider lists it for a document."""

    remote_id: str
    amount: Decimal
    due_date: date
    reference_month: str | None = None
    expiration_date: date | None = None
    status: str | None = None
    bar_code: str | None = None
    pix_code: str | None = None
    debt_id: str | None = None
    product_name: str | None = None


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """One validated contract ready to be stored (the import's output)."""

    number: str
    document: str
    customer_name: str
    install_date: date
    status: ContractStatus = ContractStatus.ACTIVE
    plan: str | None = None
    plan_value: Decimal | None = None
    service_order: str | None = None
    # Imported due dates, (invoice number, due date), overriding the rule (core.due_dates).
    due_dates: tuple[tuple[int, date], ...] = ()
