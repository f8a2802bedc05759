"""`posture demo`: a simulated workday through the real monitor, stored and reported."""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import datetime
from pathlib import Path

from posture.adapters.system import control
from posture.adapters.system.files import remove_orphan_folders
from posture.adapters.system.localzone import local_zone
from posture.app import report as app_report
from posture.cli import options
from posture.cli.command import Command
from posture.cli.report_output import show
from posture.core.errors import UsageError

DEMO_PREFIX = "posture-demo-"
"""A demo's own temporary folder is named so, with its process id (removed when it ends)."""


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_db(parser, new=True)
    options.add_report_files(parser)


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.db is not None:
        _play(args, args.db)
        print(
            f"(simulated data; the history is {args.db}: "
            f"try `posture report --db {args.db} --html r.html`)"
        )
        return 0
    temp = Path(tempfile.gettempdir())
    remove_orphan_folders(temp, DEMO_PREFIX, control.alive)  # of demos that were killed
    with tempfile.TemporaryDirectory(prefix=f"{DEMO_PREFIX}{os.getpid()}-") as folder:
        _play(args, Path(folder) / "demo.sqlite3")
    print("(simulated data, not kept; to keep it: `posture demo --db FILE`)")
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
    app_report.write_demo(db, day, zone)
    show(args, db, day, day, simulated=True)


COMMAND = Command(
    "demo",
    "a simulated workday, monitored and reported: the product without a camera",
    _arguments,
    _cmd_demo,
)
