"""`posture demo`: a simulated workday through the real monitor, stored and reported."""

from __future__ import annotations

import argparse
from datetime import datetime

from posture.app import report as app_report
from posture.cli import options
from posture.cli.command import Command
from posture.cli.report_output import show
from posture.core.errors import UsageError


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_db(parser, new=True)
    options.add_report_files(parser)


def _cmd_demo(args: argparse.Namespace) -> int:
    zone = app_report.local_zone(args.tz)
    db = args.db or app_report.default_demo_db()
    if db.exists():
        raise UsageError(f"{db} exists; the demo writes a new database (give a new --db path)")
    day = datetime.now(zone).date()
    print(
        f"SIMULATED: playing a made-up workday into {db} (the simulator drives the real "
        "monitor, one reading a second, accelerated)...",
        flush=True,
    )
    app_report.write_demo(db, day, zone)
    show(args, db, day, day, simulated=True)
    print(f"(simulated data; the history is {db}: try `posture report --db {db} --html r.html`)")
    return 0


COMMAND = Command(
    "demo",
    "a simulated workday, monitored and reported: the product without a camera",
    _arguments,
    _cmd_demo,
)
