"""`python main.py stats`: the Performance screen in a terminal (rich tables) or as JSON.

Shows the overview, the daily performance of the last N days (14 by default), performance by
origin, the slowest lookups, the error groups and the open alerts. `--cohort` narrows the
overview to one cohort (its activity figures then come straight from its attempt rows); the
other sections always cover every cohort. Times are in the local zone, dates dd/mm/aaaa,
money R$ 1.234,56, seconds to 3 decimals.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli import exit_codes
from cli.common import new_command, open_store
from storage.alerts import AlertRecord, open_alerts
from storage.analytics import (
    AnalyticsParamError,
    DailyPerformance,
    ErrorGroups,
    OriginsPerformance,
    Overview,
    SlowestInvoices,
    daily_performance,
    error_groups,
    local_zone,
    overview,
    performance_by_origin,
    slowest_invoices,
)

DEFAULT_DAYS = 14


def register(sub: Any) -> None:
    parser = new_command(
        sub,
        "stats",
        "show fetch statistics (overview, daily, origins, slowest, errors, alerts)",
        run_stats,
        description=__doc__,
    )
    parser.add_argument(
        "--days",
        type=int,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"local days to cover, today included (1-3650, default {DEFAULT_DAYS})",
    )
    parser.add_argument("--cohort", metavar="YYYY-MM", help="narrow the overview to one cohort (safra)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")


def money(value: Decimal) -> str:
    """R$ 1.234,56"""
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"R$ {text}"


def day_text(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def when_text(value: datetime, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")


def secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def num(value: int) -> str:
    """1.234.567 (pt-BR thousands)"""
    return f"{value:,}".replace(",", ".")


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def to_json(value: Any) -> Any:
    """Dataclasses, enums, dates and decimals as plain JSON values (times in UTC ISO 8601)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "tz"}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    return value


def run_stats(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    if not 1 <= args.days <= 3650:
        err.print(f"error: --days must be between 1 and 3650, got {args.days}", markup=False)
        return exit_codes.USAGE
    open_store(args)
    tz = local_zone()
    now = datetime.now(UTC)
    try:
        over = overview(now, tz, args.days, cohort=args.cohort)
        daily = daily_performance(now, tz, args.days)
        origins = performance_by_origin(now, tz, args.days)
        slow = slowest_invoices(now, tz, args.days, limit=10)
        groups = error_groups(now, tz, args.days, limit=20)
    except AnalyticsParamError as exc:
        err.print(f"error: {exc}", markup=False)
        return exit_codes.USAGE
    alerts = open_alerts()
    if args.json:
        payload = {
            "generated_at": now.isoformat(),
            "time_zone": str(tz),
            "overview": to_json(over),
            "daily": to_json(daily.days),
            "origins": to_json(origins.origins),
            "slowest": to_json(slow.items),
            "error_groups": to_json(groups.groups),
            "open_alerts": to_json(alerts),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return exit_codes.OK
    out = Console(highlight=False)
    for table in (
        overview_table(over),
        daily_table(daily),
        origins_table(origins),
        slowest_table(slow, tz),
        errors_table(groups, tz),
        alerts_table(alerts, tz),
    ):
        out.print(table)
    return exit_codes.OK


def overview_table(o: Overview) -> Table:
    scope = f"cohort {o.cohort}" if o.cohort else "all cohorts"
    t = Table(
        title=f"Overview ({scope}; activity: {day_text(o.window.first_day)} - {day_text(o.window.last_day)})"
    )
    t.add_column("figure")
    t.add_column("value", justify="right")
    s = o.by_status
    h = o.attempts_histogram
    act = o.activity
    approx = "" if o.percentiles_exact else " (approx.)"
    for label, value in (
        ("invoices", num(o.invoices)),
        ("success", num(s.success)),
        ("partial", num(s.partial)),
        ("not available", num(s.not_available)),
        ("error", num(s.error)),
        ("gave up", num(s.gave_up)),
        ("no open debt", num(s.closed)),
        ("paid", num(s.paid)),
        ("pending", num(s.pending)),
        ("success rate", pct(o.success_rate)),
        ("with data", num(o.with_data)),
        ("amount found", money(o.amount_found)),
        ("attempts 0/1/2/3/4+", f"{h.zero}/{h.one}/{h.two}/{h.three}/{h.four_plus}"),
        ("runs in window", num(o.runs)),
        ("attempt rows in window", num(act.attempts)),
        ("avg lookup s", secs(act.avg_seconds)),
        (f"p50 lookup s{approx}", secs(act.p50_seconds)),
        (f"p95 lookup s{approx}", secs(act.p95_seconds)),
    ):
        t.add_row(label, value)
    return t


def daily_table(d: DailyPerformance) -> Table:
    t = Table(title=f"Daily performance ({d.window.days} days, all cohorts; p50/p95 approx.)")
    for name in (
        "day",
        "runs",
        "invoices",
        "success",
        "partial",
        "errors",
        "not avail.",
        "avg s",
        "p50 s",
        "p95 s",
    ):
        t.add_column(name, justify="left" if name == "day" else "right")
    for day in d.days:
        t.add_row(
            day_text(day.day),
            str(day.runs),
            str(day.invoices),
            str(day.successes),
            str(day.partial),
            str(day.errors),
            str(day.not_available),
            secs(day.avg_seconds),
            secs(day.p50_seconds),
            secs(day.p95_seconds),
        )
    return t


def origins_table(o: OriginsPerformance) -> Table:
    t = Table(title="By origin")
    for name in ("origin", "runs", "invoices", "success", "errors", "success rate", "avg s"):
        t.add_column(name, justify="left" if name == "origin" else "right")
    for row in o.origins:
        t.add_row(
            row.origin.value,
            str(row.runs),
            str(row.invoices),
            str(row.successes + row.partial),
            str(row.errors),
            pct(row.success_rate),
            secs(row.avg_seconds),
        )
    return t


def slowest_table(s: SlowestInvoices, tz: tzinfo) -> Table:
    t = Table(title="Slowest lookups")
    for name in ("seconds", "contract", "invoice", "cohort", "when", "run"):
        t.add_column(name, justify="right" if name in ("seconds", "invoice", "run") else "left")
    for item in s.items:
        t.add_row(
            secs(item.seconds),
            escape(item.contract_number),
            str(item.invoice_number),
            item.cohort,
            when_text(item.started_at, tz),
            str(item.run_id),
        )
    return t


def errors_table(g: ErrorGroups, tz: tzinfo) -> Table:
    t = Table(title=f"Error groups ({len(g.groups)} of {g.total_groups})")
    for name in ("outcome", "HTTP", "message", "invoices", "attempts", "first seen", "last seen"):
        t.add_column(name, justify="right" if name in ("invoices", "attempts") else "left")
    for grp in g.groups:
        t.add_row(
            grp.outcome.value,
            str(grp.http_status or "-"),
            escape(grp.sample or grp.key),
            str(grp.invoices),
            str(grp.attempts),
            when_text(grp.first_seen, tz),
            when_text(grp.last_seen, tz),
        )
    return t


def alerts_table(alerts: tuple[AlertRecord, ...], tz: tzinfo) -> Table:
    t = Table(title=f"Open alerts ({len(alerts)})")
    for name in ("kind", "severity", "message", "times", "last seen"):
        t.add_column(name)
    for a in alerts:
        t.add_row(
            a.kind.value,
            a.severity.value,
            escape(a.message),
            str(a.occurrences),
            when_text(a.last_seen_at, tz),
        )
    return t
