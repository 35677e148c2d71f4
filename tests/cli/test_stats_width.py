"""`stats` fits its width: no line longer than the console, nothing ellipsized, every value of
the kept columns there in full, the least important columns left out and named in a note."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from cli.fit_table import WORD_CAP, fit_table
from cli.stats_tables import Section, print_table, sections
from cli.stats_texts import Lang, Speaker
from core.domain import AlertKind, AlertSeverity
from storage.alerts import AlertRecord
from storage.analytics import daily_performance, error_groups, overview, performance_by_origin, slowest_invoices
from storage.db import close_database, open_database
from tests.storage.analytics_fixtures import Scenario

TZ = ZoneInfo("America/Sao_Paulo")
LONG_TOKEN = "ReadTimeout(HTTPConnectionPool(host='provider.example.com',port=443):read_timeout=30.0)x" * 2


def alert(kind: AlertKind, message: str, occurrences: int) -> AlertRecord:
    moment = datetime(2026, 3, 9, 14, 5, tzinfo=UTC)
    return AlertRecord(
        id=occurrences, kind=kind, severity=AlertSeverity.CRITICAL, dedupe_key=kind.value, message=message,
        details_json="{}", run_id=None, created_at=moment, last_seen_at=moment, occurrences=occurrences,
        acknowledged_at=None, acknowledged_by=None,
    )


ALERTS = (
    alert(AlertKind.PROVIDER_UNAVAILABLE, "the provider answered 503 to 12 lookups in a row during run 3; "
          "the remaining invoices were left untouched", 1234),
    alert(AlertKind.PERSISTENT_ERRORS_GROWING, LONG_TOKEN, 2),
)


def all_sections(say: Speaker) -> list[Section]:
    now, days = Scenario.NOW, 14
    return sections(
        say, TZ,
        overview(now, TZ, days), daily_performance(now, TZ, days), performance_by_origin(now, TZ, days),
        slowest_invoices(now, TZ, days, limit=10), error_groups(now, TZ, days, limit=20), ALERTS,
    )


@pytest.fixture(scope="module")
def rendered_sections(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Lang, list[Section]]]:
    path: Path = tmp_path_factory.mktemp("width") / "stats.sqlite"
    open_database(str(path))
    try:
        Scenario()
        yield {lang: all_sections(Speaker(lang)) for lang in Lang}
    finally:
        close_database()


def column_text(lines: list[str], index: int) -> str:
    """Everything one column shows in the table's body, wrapped pieces joined, spaces dropped."""
    body = [line for line in lines if line.startswith("│")]
    return "".join(line.split("│")[index + 1].strip() for line in body).replace(" ", "")


@pytest.mark.parametrize("width", [80, 60, 40])
@pytest.mark.parametrize("lang", list(Lang))
def test_every_table_fits_without_cutting(
    rendered_sections: dict[Lang, list[Section]], width: int, lang: Lang
) -> None:
    say = Speaker(lang)
    secs = rendered_sections[lang]
    assert sum(len(rows) for _, _, rows in secs) > 40  # the history fills every table
    for title, columns, rows in secs:
        console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
        print_table(console, say, title, columns, rows)
        text = console.export_text()
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= width, title
        assert "…" not in text and "..." not in text, title
        dropped = fit_table(console, title, columns, rows).dropped
        kept = [i for i, c in enumerate(columns) if c.header not in dropped]
        assert kept[0] == 0, title  # the first column always stays
        for position, i in enumerate(kept):
            shown = column_text(lines, position)
            for row in rows:
                assert row[i].replace(" ", "") in shown, (title, columns[i].header, row[i])
                for word in row[i].split():  # words wrap whole; only an over-long token folds
                    assert len(word) > WORD_CAP or word in text, (title, word)
        flat = " ".join(text.split())
        if dropped:
            assert ", ".join(dropped) in flat and str(width) in flat, title
            assert all(c.rank > 0 for c in columns if c.header in dropped)
        else:
            assert "left out" not in flat and "omitidas" not in flat


def test_the_least_important_columns_go_first(rendered_sections: dict[Lang, list[Section]]) -> None:
    say = Speaker(Lang.EN)
    by_title = {title.split(" (")[0]: (title, columns, rows) for title, columns, rows in rendered_sections[Lang.EN]}
    title, columns, rows = by_title["Daily performance"]
    wide = fit_table(Console(width=200, file=io.StringIO()), title, columns, rows)
    assert wide.dropped == ()
    narrow = fit_table(Console(width=60, file=io.StringIO()), title, columns, rows)
    assert narrow.dropped and narrow.dropped[-1] == say.text("p50_s")
    assert say.text("invoices") not in narrow.dropped and say.text("day") not in narrow.dropped
    # Each narrower width leaves out the same columns and more.
    previous: set[str] = set()
    for width in (120, 100, 80, 60, 40):
        dropped = set(fit_table(Console(width=width, file=io.StringIO()), title, columns, rows).dropped)
        assert dropped >= previous
        previous = dropped


def test_a_token_wider_than_the_console_folds(rendered_sections: dict[Lang, list[Section]]) -> None:
    say = Speaker(Lang.PT_BR)
    title, columns, rows = rendered_sections[Lang.PT_BR][-1]
    console = Console(width=60, record=True, file=io.StringIO(), highlight=False)
    print_table(console, say, title, columns, rows)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 60
    assert LONG_TOKEN in column_text(lines, 2)
    assert any(LONG_TOKEN[:20] in line for line in lines)
