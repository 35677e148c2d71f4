"""peewee models: the fact tables of DESIGN §4 that the code reads and writes through models.

The tables themselves are created by the migrations (storage/migrations), and a test holds
these models to them. `alert` and `alert_run_state` are written with SQL by storage.alerts, and
the rollup tables only by storage.rollups_write.

All timestamps are stored as naive UTC and handed to the application as aware UTC
(`UtcDateTimeField`), so nothing compares an aware time with a naive one. Enum columns hold
the enum's `.value`. Models are bound to `database_proxy`, which `storage.db.open_database`
initialises.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import peewee as pw

from core.domain import DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS

database_proxy = pw.DatabaseProxy()


class UtcDateTimeField(pw.DateTimeField):
    """A DateTimeField that accepts aware datetimes and returns aware UTC ones."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: naive datetime {value!r}; use aware UTC times")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value: Any) -> Any:
        value = super().python_value(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    id = pw.AutoField()
    version = pw.IntegerField()
    applied_at = UtcDateTimeField()
    app_version = pw.CharField(max_length=32)


class Setting(BaseModel):
    key = pw.CharField(max_length=64, primary_key=True)
    value = pw.TextField()  # JSON
    updated_at = UtcDateTimeField()


class Contract(BaseModel):
    id = pw.AutoField()
    number = pw.CharField(max_length=64, unique=True)
    document = pw.CharField(max_length=14, index=True)  # digits only; CPF 11 or CNPJ 14
    customer_name = pw.CharField(max_length=200)
    install_date = pw.DateField()
    cohort = pw.CharField(max_length=7, index=True)  # YYYY-MM
    status = pw.CharField(max_length=16, default="ACTIVE")
    plan = pw.CharField(max_length=120, null=True)
    plan_value = pw.DecimalField(max_digits=12, decimal_places=2, null=True, auto_round=True)
    service_order = pw.CharField(max_length=64, null=True)
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()


class FetchRun(BaseModel):
    """One execution of the engine (the original's HistoricoBuscaFatura)."""

    id = pw.AutoField()
    origin = pw.CharField(max_length=16)
    cohort = pw.CharField(max_length=7, null=True)  # the cohort filter, if any
    selector = pw.TextField(null=True)  # JSON: contract / invoice ids / force
    started_by = pw.CharField(max_length=120)
    hostname = pw.CharField(max_length=120)
    pid = pw.IntegerField()
    started_at = UtcDateTimeField(index=True)
    finished_at = UtcDateTimeField(null=True)
    duration_seconds = pw.FloatField(null=True)
    heartbeat_at = UtcDateTimeField()
    status = pw.CharField(max_length=16, default="RUNNING", index=True)
    message = pw.TextField(null=True)
    # options the run was started with
    max_attempts = pw.IntegerField(default=DEFAULT_MAX_ATTEMPTS)
    retry_pass = pw.BooleanField(default=True)
    concurrency = pw.IntegerField(default=DEFAULT_CONCURRENCY)
    rate_limit = pw.FloatField(null=True)
    # planned totals
    contracts = pw.IntegerField(default=0)
    invoices = pw.IntegerField(default=0)
    documents = pw.IntegerField(default=0)
    # results (each equals what the run's fetch_attempt rows say)
    processed = pw.IntegerField(default=0)  # invoices with at least one attempt row
    successes = pw.IntegerField(default=0)
    partial = pw.IntegerField(default=0)
    errors = pw.IntegerField(default=0)
    not_available = pw.IntegerField(default=0)
    gave_up = pw.IntegerField(default=0)
    retries = pw.IntegerField(default=0)  # attempt rows beyond an invoice's first in this run
    lookups = pw.IntegerField(default=0)  # provider lookups (HTTP exchanges) made
    avg_seconds = pw.FloatField(null=True)
    min_seconds = pw.FloatField(null=True)
    max_seconds = pw.FloatField(null=True)
    p50_seconds = pw.FloatField(null=True)
    p95_seconds = pw.FloatField(null=True)
    log = pw.TextField(default="[]")  # JSON list of the last lines, bounded
    # (version 6)
    closed = pw.IntegerField(default=0)  # no longer open at the operator (CLOSED)
    # (version 8) a cancel asked from another window or machine; the run polls it
    cancel_requested_at = UtcDateTimeField(null=True)
    cancel_requested_by = pw.CharField(max_length=120, null=True)


class Invoice(BaseModel):
    id = pw.AutoField()
    # FK indexes that a composite index below already covers are not created (index=False):
    # every index costs the engine's writer on each of its updates.
    contract = pw.ForeignKeyField(Contract, backref="invoices", on_delete="CASCADE", index=False)
    number = pw.SmallIntegerField()  # 1..10, our sequence
    due_date = pw.DateField()
    due_date_imported = pw.BooleanField(default=False)
    available_from = pw.DateField()
    payment_status = pw.CharField(max_length=16, null=True)  # from the FPD import (PaymentStatus)
    # what the provider said about it
    amount = pw.DecimalField(max_digits=12, decimal_places=2, null=True, auto_round=True)
    remote_due_date = pw.DateField(null=True)
    remote_id = pw.CharField(max_length=64, null=True)
    reference_month = pw.CharField(max_length=16, null=True)
    bar_code = pw.CharField(max_length=80, null=True)
    pix_code = pw.TextField(null=True)
    # fetch tracking (the original's *_busca fields)
    fetch_origin = pw.CharField(max_length=16, null=True)
    fetch_status = pw.CharField(max_length=16, default="PENDING")
    last_fetch_at = UtcDateTimeField(null=True)  # problem pages use ix_invoice_problems
    fetch_seconds = pw.FloatField(null=True)  # rounded to 3 decimals
    fetch_attempts = pw.IntegerField(default=0)
    fetch_error = pw.TextField(null=True)
    last_outcome = pw.CharField(max_length=24, null=True)
    last_run = pw.ForeignKeyField(FetchRun, null=True, on_delete="SET NULL", backref="+", index=False)
    updated_at = UtcDateTimeField()
    # (version 6)
    paid_at = pw.DateField(null=True)  # from the FPD import

    class Meta:
        indexes = (
            (("contract", "number"), True),
        )


class FetchAttempt(BaseModel):
    """One invoice in one attempt: the audit trail behind every figure."""

    id = pw.AutoField()
    run = pw.ForeignKeyField(FetchRun, backref="attempts", on_delete="CASCADE", index=False)
    invoice = pw.ForeignKeyField(Invoice, backref="attempts", on_delete="CASCADE", index=False)
    lookup_no = pw.IntegerField()  # run-local number of the provider lookup that served it
    try_no = pw.SmallIntegerField()  # 1 for the invoice's first attempt in this run
    attempt_no = pw.IntegerField(null=True)  # invoice.fetch_attempts after it; null if not counted
    counted = pw.BooleanField()  # did it count against the attempt limit
    retry_pass = pw.BooleanField(default=False)  # made by the end-of-run retry pass
    started_at = UtcDateTimeField()
    seconds = pw.FloatField(null=True)  # wall time of the lookup (HTTP exchange)
    outcome = pw.CharField(max_length=24)
    status_after = pw.CharField(max_length=16)  # the invoice's fetch_status after this attempt
    http_status = pw.SmallIntegerField(null=True)
    error = pw.TextField(null=True)  # sanitised: no document, no token
    origin = pw.CharField(max_length=16)  # denormalised from the run, for analytics
    cohort = pw.CharField(max_length=7)  # denormalised from the contract, for analytics

    class Meta:
        indexes = (
            (("run", "invoice", "try_no"), True),
            (("invoice", "started_at"), False),
            (("started_at",), False),
        )


class FetchClaim(BaseModel):
    """A customer document a run is working on (version 8): nobody else looks it up until the
    run deletes the row or its lease passes."""

    document = pw.CharField(max_length=14, primary_key=True)
    run_id = pw.IntegerField(index=True)
    claimed_at = UtcDateTimeField()
    lease_until = UtcDateTimeField()


class RunProgress(BaseModel):
    """The newest progress snapshot of a run, as JSON (version 8)."""

    run_id = pw.IntegerField(primary_key=True)
    updated_at = UtcDateTimeField()
    snapshot = pw.TextField()


class ScheduleSlot(BaseModel):
    """A fire time of the schedule that a runner took (version 8): one run per slot."""

    slot = pw.CharField(max_length=40, primary_key=True)
    taken_by = pw.CharField(max_length=120)
    hostname = pw.CharField(max_length=120)
    taken_at = UtcDateTimeField()
    run_id = pw.IntegerField(null=True)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    Contract,
    FetchRun,
    Invoice,
    FetchAttempt,
    FetchClaim,
    RunProgress,
    ScheduleSlot,
)
