"""The terminal view of a run: a rich progress bar with %, rate and ETA, counters in colour,
and the closing summary with the performance figures."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

from core.domain import RunStatus
from core.engine.progress import ProgressSnapshot

STATUS_STYLE = {
    RunStatus.COMPLETED: "bold green",
    RunStatus.FAILED: "bold red",
    RunStatus.CANCELLED: "bold yellow",
    RunStatus.INTERRUPTED: "bold yellow",
    RunStatus.RUNNING: "bold cyan",
}


def format_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    value = max(0.0, value)
    if value < 60:
        return f"{value:.0f}s"
    minutes, seconds = divmod(int(value), 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def counters_text(s: ProgressSnapshot) -> Text:
    text = Text()
    parts = [
        ("success", s.successes, "green"),
        ("partial", s.partial, "yellow"),
        ("not available", s.not_available, "blue"),
        ("error", s.errors, "red"),
        ("gave up", s.gave_up, "magenta"),
        ("no open debt", s.closed, "bright_black"),
        ("retries", s.retries, "cyan"),
    ]
    for i, (label, value, style) in enumerate(parts):
        if i:
            text.append("  ")
        text.append(f"{label} ", style="dim")
        text.append(str(value), style=style)
    if s.breaker != "CLOSED":
        text.append("  provider failing, paused", style="bold red")
    return text


class RichProgressSink:
    """A ProgressSink drawing on the terminal; use as a context manager around the run."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>5.1f}%"),
            TextColumn("{task.completed}/{task.total} invoices"),
            TextColumn("[cyan]{task.fields[rate]}"),
            TextColumn("ETA [bold]{task.fields[eta]}"),
            console=console,
            transient=False,
            auto_refresh=False,
        )
        self.task: TaskID = self.progress.add_task("planning", total=1, rate="", eta="—")
        self.counters = Text("")
        self.live = Live(Group(self.progress, self.counters), console=console, auto_refresh=False,
                         transient=False)

    def __enter__(self) -> RichProgressSink:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.live.__exit__(*exc)

    def __call__(self, snapshot: ProgressSnapshot) -> None:
        s = snapshot
        label = {"main": f"run {s.run_id}", "retry": f"run {s.run_id} retry pass"}.get(s.phase, f"run {s.run_id}")
        self.progress.update(
            self.task,
            description=label,
            total=max(s.total, 1),
            completed=s.done,
            rate=f"{s.rate:.1f}/s",
            eta=format_seconds(s.eta_seconds),
        )
        self.counters = counters_text(s)
        self.live.update(Group(self.progress, self.counters), refresh=True)


def summary_table(run: dict[str, Any]) -> Table:
    """The closing summary from the final fetch_run row (as a dict of its fields)."""
    status = RunStatus(run["status"])
    table = Table(title=f"Run {run['id']} — {status.value}", title_style=STATUS_STYLE[status],
                  show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim")
    table.add_column(justify="right")
    duration = run.get("duration_seconds") or 0.0
    processed = run.get("processed") or 0
    rows = [
        ("origin", str(run["origin"])),
        ("planned", f"{run['invoices']} invoices, {run['documents']} documents, {run['contracts']} contracts"),
        ("processed", str(processed)),
        ("success", f"[green]{run['successes']}"),
        ("partial (review)", f"[yellow]{run['partial']}"),
        ("not available", f"[blue]{run['not_available']}"),
        ("error", f"[red]{run['errors']}"),
        ("gave up", f"[magenta]{run['gave_up']}"),
        ("no open debt (probably paid)", str(run.get("closed", 0))),
        ("retries", str(run["retries"])),
        ("lookups", str(run["lookups"])),
        ("duration", f"{duration:.3f}s"),
        ("throughput", f"{processed / duration:.1f} invoices/s" if duration > 0 else "—"),
        ("lookup time avg / p50 / p95", " / ".join(_secs(run.get(k)) for k in
                                                   ("avg_seconds", "p50_seconds", "p95_seconds"))),
        ("lookup time min / max", " / ".join(_secs(run.get(k)) for k in ("min_seconds", "max_seconds"))),
        ("message", str(run.get("message") or "")),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}s"
