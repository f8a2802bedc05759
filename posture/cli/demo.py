"""`posture demo`: a simulated workday through the real monitor, stored and reported."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from posture.adapters.system import paths
from posture.adapters.system.localzone import local_zone
from posture.app import history as app_history
from posture.app import report as app_report
from posture.cli import options
from posture.cli.command import Command
from posture.cli.report_output import show
from posture.core.errors import UsageError


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help=f"a new history database to keep it in (default: {paths.demo_db()}, replaced by "
        "the next demo; `posture report --demo` shows it)",
    )
    options.add_report_files(parser)


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.db is not None:
        _play(args, args.db)
        print(
            f"(simulated data; the history is {args.db}: "
            f"try `posture report --db {args.db} --html r.html`)"
        )
        return 0
    db = paths.demo_db()
    app_history.clear_own(db)  # the last demo's day: replaced
    _play(args, db)
    print(
        "(simulated data, kept until the next demo: `posture report --demo` shows it again, "
        "`posture report --demo --html report.html` as a page)"
    )
    return 0


def _play(args: argparse.Namespace, db: Path) -> None:
    """Play the simulated day into the new database `db` and show its report."""
    zone = local_zone(args.tz)
    if db.exists():
        raise UsageError(f"{db} exists; the demo writes a new database (give a new --db path)")
    day = datetime.now(zone).date()
    print(
        f"SIMULATED: playing a made-up workday into {db} (the simulator drives the real "
        "monitor, one reading a second, accelerated)...",
        flush=True,
    )
    app_report.write_demo(db, day, zone, _hour)
    print(flush=True)
    show(args, db, day, day, simulated=True)


def _hour(hour: int) -> None:
    """The simulated hour now playing, on the line under the first (a day takes 30-60 s)."""
    print(f"  {hour % 24:02d}:00", end="", flush=True)


COMMAND = Command(
    "demo",
    "a simulated workday, monitored and reported: the product without a camera",
    _arguments,
    _cmd_demo,
)
