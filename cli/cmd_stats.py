"""`python main.py stats`: the Performance screen in a terminal (rich tables) or as JSON.

Shows the overview, the daily performance of the last N days (14 by default), performance by
origin, the slowest lookups, the error groups and the open alerts. `--cohort` narrows the
overview to one cohort (its activity figures then come straight from its attempt rows); the
other sections always cover every cohort. Times are in the local zone, seconds to 3 decimals.

One language per run (cli.stats_texts): English (1,234.5; R$ 1,234.56; ISO dates 2026-03-01) by
default, pt-BR (1.234,5; R$ 1.234,56; dd/mm/aaaa) with `--lang pt_BR` or a locale starting with
"pt". The tables fit the terminal (80 characters when not a terminal): cells wrap, and the least
important columns are left out, named in a note under the table. `--json` prints codes and plain
numbers whatever the language.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rich.console import Console

from cli import exit_codes
from cli.common import new_command, open_store
from cli.stats_tables import print_tables
from cli.stats_texts import Lang, Speaker, lang_from_env
from storage.alerts import open_alerts
from storage.analytics import (
    AnalyticsParamError,
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
    parser.add_argument(
        "--lang",
        choices=[lang.value for lang in Lang],
        default=None,
        help="language of the tables: en (1,234.5; ISO dates, 2026-03-01) or pt_BR (1.234,5; 01/03/2026); "
        "default from LC_ALL / LC_MESSAGES / LANG (pt* gives pt_BR, else en)",
    )


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
    say = Speaker(Lang(args.lang) if args.lang else lang_from_env())
    if not 1 <= args.days <= 3650:
        err.print(say.text("bad_days", days=args.days), markup=False)
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
        err.print(say.text("error", message=exc), markup=False)
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
    print_tables(out, say, tz, over, daily, origins, slow, groups, alerts)
    return exit_codes.OK
