"""`posture report`: a day, a week or a range of days of your history."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from posture.adapters.system.localzone import local_zone
from posture.cli import options
from posture.cli.command import Command
from posture.cli.report_output import show
from posture.core.errors import UsageError

MONTH_DAYS = 30
"""--month: the 30 days ending with --date (compared with the 30 before), like --week's 7."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    parser.add_argument("--week", action="store_true", help="the 7 days ending with --date")
    parser.add_argument("--month", action="store_true", help="the 30 days ending with --date")
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day of a range")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day of a range")
    options.add_history_choice(parser)
    options.add_report_files(parser)
    parser.add_argument("--open", action="store_true", help="open the --html file in a browser")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--csv", type=Path, metavar="FILE", help="per-day and per-hour figures")


def _days(args: argparse.Namespace, zone: tzinfo) -> tuple[date, date]:
    if (args.start is None) != (args.end is None):
        raise UsageError("--from and --to go together")
    if args.start is not None:
        if args.date or args.week or args.month:
            raise UsageError("use either --from/--to or --date with --week or --month")
        first, last = options.parse_day(args.start, "--from"), options.parse_day(args.end, "--to")
        if last < first or (last - first).days > 366:
            raise UsageError("--to must be on or after --from, at most a year later")
        return first, last
    last = options.parse_day(args.date, "--date") if args.date else datetime.now(zone).date()
    if args.week and args.month:
        raise UsageError("use either --week or --month")
    length = 7 if args.week else MONTH_DAYS if args.month else 1
    return last - timedelta(days=length - 1), last


def _cmd_report(args: argparse.Namespace) -> int:
    zone = local_zone(args.tz)
    first, last = _days(args, zone)
    show(args, options.chosen_history(args), first, last, simulated=False)
    return 0


COMMAND = Command("report", "daily and weekly summaries of your history", _arguments, _cmd_report)
