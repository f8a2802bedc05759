"""`posture report`: a day, a week or a range of days of your history."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from posture.adapters import paths
from posture.adapters.localzone import local_zone
from posture.cli import options
from posture.cli.command import Command
from posture.cli.report_output import show
from posture.core import report
from posture.core.errors import UsageError


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    parser.add_argument("--week", action="store_true", help="the 7 days ending with --date")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day of a range")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day of a range")
    options.add_db(parser)
    options.add_report_files(parser)
    parser.add_argument("--open", action="store_true", help="open the --html file in a browser")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="per-day and per-hour figures")


def _date(text: str, flag: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date like 2026-11-21, got '{text}'") from None
    return report.check_day(day, flag)


def _days(args: argparse.Namespace, zone: tzinfo) -> tuple[date, date]:
    if (args.start is None) != (args.end is None):
        raise UsageError("--from and --to go together")
    if args.start is not None:
        if args.date or args.week:
            raise UsageError("use either --from/--to or --date/--week")
        first, last = _date(args.start, "--from"), _date(args.end, "--to")
        if last < first or (last - first).days > 366:
            raise UsageError("--to must be on or after --from, at most a year later")
        return first, last
    last = _date(args.date, "--date") if args.date else datetime.now(zone).date()
    return (last - timedelta(days=6), last) if args.week else (last, last)


def _cmd_report(args: argparse.Namespace) -> int:
    zone = local_zone(args.tz)
    first, last = _days(args, zone)
    show(args, args.db or paths.default_db(), first, last, simulated=False)
    return 0


COMMAND = Command("report", "daily and weekly summaries of your history", _arguments, _cmd_report)
