"""`posture pause` and `posture resume`: commands to the running monitor."""

from __future__ import annotations

import argparse
import re
import time
from datetime import datetime

from posture.adapters.system import control, paths
from posture.cli.command import Command
from posture.core import settings
from posture.core.errors import UsageError
from posture.core.words import until_text

_BARE_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def pause_seconds(text: str) -> float:
    """How long `posture pause TEXT` pauses: a bare number is minutes (`pause 5`, as people say
    it); a unit is taken as written (`90s`, `30m`, `1h`)."""
    return settings.parse_duration(f"{text.strip()}m" if _BARE_NUMBER.match(text) else text)


def _pause_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "duration",
        nargs="?",
        default="30m",
        help="how long: a bare number is minutes (5 = 5 minutes); or with a unit: 90s, 30m, 1h",
    )


def _cmd_pause(args: argparse.Namespace) -> int:
    seconds = pause_seconds(args.duration)
    if not control.MIN_PAUSE_S <= seconds <= control.MAX_PAUSE_S:
        raise UsageError(f"pause for between 1 s and 24 h, not {args.duration}")
    now = time.time()
    until = now + seconds
    control.send(paths.state_dir(), "pause", until)
    running = control.running_pid(paths.state_dir())
    note = "the running monitor picks it up" if running else "no monitor is running now"
    when = until_text(
        datetime.fromtimestamp(now).astimezone(), datetime.fromtimestamp(until).astimezone()
    )
    print(f"paused {when} ({note})")
    return 0


def _cmd_resume(args: argparse.Namespace) -> int:
    control.send(paths.state_dir(), "resume")
    running = control.running_pid(paths.state_dir())
    print("resumed" if running else "resumed (no monitor is running now)")
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
