"""The tables of `python main.py stats`, in one language and fitted to the console's width.

Each table is a list of columns (header, alignment, rank) and rows of finished strings; the
columns ranked highest are left out first when the table cannot fit (cli.fit_table), and a note
under the table names them. The overview has two columns and never leaves one out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from cli.fit_table import Column, fit_table
from cli.stats_texts import Speaker
from core.domain import FetchStatus
from storage.alerts import AlertRecord
from storage.analytics import DailyPerformance, ErrorGroups, OriginsPerformance, Overview, SlowestInvoices

Rows = list[list[str]]
Section = tuple[str, list[Column], Rows]


def print_tables(
    out: Console,
    say: Speaker,
    tz: tzinfo,
    over: Overview,
    daily: DailyPerformance,
    origins: OriginsPerformance,
    slow: SlowestInvoices,
    groups: ErrorGroups,
    alerts: tuple[AlertRecord, ...],
) -> None:
    for title, columns, rows in sections(say, tz, over, daily, origins, slow, groups, alerts):
        print_table(out, say, title, columns, rows)


def print_table(out: Console, say: Speaker, title: str, columns: Sequence[Column], rows: Rows) -> None:
    fitted = fit_table(out, title, columns, rows)
    out.print(fitted.table)
    if fitted.dropped:
        names = ", ".join(fitted.dropped)
        out.print(Text(say.text("dropped", width=out.width, names=names), style="dim"))


def sections(
    say: Speaker,
    tz: tzinfo,
    over: Overview,
    daily: DailyPerformance,
    origins: OriginsPerformance,
    slow: SlowestInvoices,
    groups: ErrorGroups,
    alerts: tuple[AlertRecord, ...],
) -> list[Section]:
    return [
        overview_section(say, over),
        daily_section(say, daily),
        origins_section(say, origins),
        slowest_section(say, slow, tz),
        errors_section(say, groups, tz),
        alerts_section(say, alerts, tz),
    ]


def overview_section(say: Speaker, o: Overview) -> Section:
    scope = say.text("one_cohort", cohort=o.cohort) if o.cohort else say.text("all_cohorts")
    title = say.text("overview", scope=scope, first=say.day(o.window.first_day), last=say.day(o.window.last_day))
    s = o.by_status
    h = o.attempts_histogram
    act = o.activity
    approx = "" if o.percentiles_exact else f" ({say.text('approx')})"
    n = say.number
    rows = [
        [say.text("invoices"), n(o.invoices)],
        [say.label(FetchStatus.SUCCESS), n(s.success)],
        [say.label(FetchStatus.PARTIAL), n(s.partial)],
        [say.label(FetchStatus.NOT_AVAILABLE), n(s.not_available)],
        [say.label(FetchStatus.ERROR), n(s.error)],
        [say.label(FetchStatus.GAVE_UP), n(s.gave_up)],
        [say.label(FetchStatus.CLOSED), n(s.closed)],
        [say.label(FetchStatus.PAID), n(s.paid)],
        [say.label(FetchStatus.PENDING), n(s.pending)],
        [say.text("success_rate"), say.pct(o.success_rate)],
        [say.text("with_data"), n(o.with_data)],
        [say.text("amount_found"), say.money(o.amount_found)],
        [say.text("attempts_histogram"), "/".join(n(v) for v in (h.zero, h.one, h.two, h.three, h.four_plus))],
        [say.text("runs_in_window"), n(o.runs)],
        [say.text("attempts_in_window"), n(act.attempts)],
        [say.text("avg_lookup"), say.secs(act.avg_seconds)],
        [say.text("p50_lookup") + approx, say.secs(act.p50_seconds)],
        [say.text("p95_lookup") + approx, say.secs(act.p95_seconds)],
    ]
    return title, [Column(say.text("figure")), Column(say.text("value"), "right")], rows


def daily_section(say: Speaker, d: DailyPerformance) -> Section:
    columns = [
        Column(say.text("day")),
        Column(say.text("runs"), "right", 4),
        Column(say.text("invoices"), "right", 1),
        Column(say.text("successes"), "right", 2),
        Column(say.text("partial"), "right", 6),
        Column(say.text("errors"), "right", 3),
        Column(say.text("not_available"), "right", 5),
        Column(say.text("avg_s"), "right", 7),
        Column(say.text("p50_s"), "right", 9),
        Column(say.text("p95_s"), "right", 8),
    ]
    n = say.number
    rows = [
        [
            say.day(day.day),
            n(day.runs),
            n(day.invoices),
            n(day.successes),
            n(day.partial),
            n(day.errors),
            n(day.not_available),
            say.secs(day.avg_seconds),
            say.secs(day.p50_seconds),
            say.secs(day.p95_seconds),
        ]
        for day in d.days
    ]
    return say.text("daily", days=n(d.window.days)), columns, rows


def origins_section(say: Speaker, o: OriginsPerformance) -> Section:
    columns = [
        Column(say.text("origin")),
        Column(say.text("runs"), "right", 5),
        Column(say.text("invoices"), "right", 2),
        Column(say.text("successes"), "right", 4),
        Column(say.text("errors"), "right", 3),
        Column(say.text("success_rate"), "right", 1),
        Column(say.text("avg_s"), "right", 6),
    ]
    n = say.number
    rows = [
        [
            say.label(row.origin),
            n(row.runs),
            n(row.invoices),
            n(row.successes + row.partial),
            n(row.errors),
            say.pct(row.success_rate),
            say.secs(row.avg_seconds),
        ]
        for row in o.origins
    ]
    return say.text("by_origin"), columns, rows


def slowest_section(say: Speaker, s: SlowestInvoices, tz: tzinfo) -> Section:
    columns = [
        Column(say.text("seconds"), "right"),
        Column(say.text("contract"), "left", 1),
        Column(say.text("invoice"), "right", 2),
        Column(say.text("cohort"), "left", 4),
        Column(say.text("when"), "left", 3),
        Column(say.text("run"), "right", 5),
    ]
    rows = [
        [
            say.secs(item.seconds),
            escape(item.contract_number),
            say.number(item.invoice_number),
            item.cohort,
            say.when(item.started_at, tz),
            say.number(item.run_id),
        ]
        for item in s.items
    ]
    return say.text("slowest"), columns, rows


def errors_section(say: Speaker, g: ErrorGroups, tz: tzinfo) -> Section:
    columns = [
        Column(say.text("outcome")),
        Column(say.text("http"), "left", 4),
        Column(say.text("message"), "left", 1),
        Column(say.text("invoices"), "right", 2),
        Column(say.text("attempts"), "right", 3),
        Column(say.text("first_seen"), "left", 6),
        Column(say.text("last_seen"), "left", 5),
    ]
    rows = [
        [
            say.label(grp.outcome),
            str(grp.http_status or "-"),
            escape(say.message(grp.sample) if grp.sample else grp.key),
            say.number(grp.invoices),
            say.number(grp.attempts),
            say.when(grp.first_seen, tz),
            say.when(grp.last_seen, tz),
        ]
        for grp in g.groups
    ]
    title = say.text("error_groups", shown=say.number(len(g.groups)), total=say.number(g.total_groups))
    return title, columns, rows


def alerts_section(say: Speaker, alerts: tuple[AlertRecord, ...], tz: tzinfo) -> Section:
    columns = [
        Column(say.text("kind")),
        Column(say.text("severity"), "left", 2),
        Column(say.text("message"), "left", 1),
        Column(say.text("times"), "right", 4),
        Column(say.text("last_seen"), "left", 3),
    ]
    rows = [
        [
            say.label(a.kind),
            say.label(a.severity),
            escape(say.message(a.message)),
            say.number(a.occurrences),
            say.when(a.last_seen_at, tz),
        ]
        for a in alerts
    ]
    return say.text("open_alerts", count=say.number(len(alerts))), columns, rows
