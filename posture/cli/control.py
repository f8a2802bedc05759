"""`posture pause` and `posture resume`: commands to the running monitor."""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import datetime

from posture.adapters.system import control, paths
from posture.cli.command import Command
from posture.core import settings_text
from posture.core.errors import UsageError
from posture.core.words import until_text

_BARE_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def pause_seconds(text: str) -> float:
    """How long `posture pause TEXT` pauses: a bare number is minutes (`pause 5`, as people say
    it); a unit is taken as written (`90s`, `30m`, `1h`)."""
    return settings_text.parse_duration(f"{text.strip()}m" if _BARE_NUMBER.match(text) else text)


def _pause_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "duration",
        nargs="?",
        default="30m",
        help="how long: a bare number is minutes (5 = 5 minutes); or with units: 90s, 30m, "
        "1h, 2h30m",
    )


NOT_RUNNING = 1
"""The exit code of `pause` and `resume` when no monitor is running: nothing was done."""


def _nobody(what: str) -> int:
    """No monitor to command: say so and change nothing (no command is left for a monitor
    started later: a pause it never showed would be a surprise)."""
    print(
        f"posture: no monitor is running, so nothing was {what} "
        "(start one with `posture run`; its p key pauses and resumes)",
        file=sys.stderr,
    )
    return NOT_RUNNING


def _cmd_pause(args: argparse.Namespace) -> int:
    seconds = pause_seconds(args.duration)
    if not control.MIN_PAUSE_S <= seconds <= control.MAX_PAUSE_S:
        raise UsageError(f"pause for between 1 s and 24 h, not {args.duration}")
    if control.running_pid(paths.state_dir()) is None:
        return _nobody("paused")
    now = time.time()
    until = now + seconds
    control.send(paths.state_dir(), "pause", until)
    when = until_text(
        datetime.fromtimestamp(now).astimezone(), datetime.fromtimestamp(until).astimezone()
    )
    print(f"paused {when} (the running monitor picks it up; `posture resume` ends it)")
    return 0


def _cmd_resume(args: argparse.Namespace) -> int:
    if control.running_pid(paths.state_dir()) is None:
        return _nobody("resumed")
    control.send(paths.state_dir(), "resume")
    print("resumed")
    return 0


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """`resume` takes none."""


PAUSE = Command(
    "pause",
    "pause the running monitor (default: 30m; a bare number is minutes)",
    _pause_arguments,
    _cmd_pause,
    description="Pause the running monitor. `posture pause 5` pauses for 5 minutes.",
)
RESUME = Command("resume", "resume a paused monitor", _no_arguments, _cmd_resume)
