"""`posture autostart on|off|status`: start the monitor when you log in, or stop doing so."""

from __future__ import annotations

import argparse
import shlex

from posture.adapters.system import autostart
from posture.cli import options
from posture.cli.command import Command


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_on_off(
        parser, "on: start at login; off: no longer; status (default): which file, and whether on"
    )


def _cmd_autostart(args: argparse.Namespace) -> int:
    where = autostart.place()
    if args.action == "on":
        autostart.enable(where)
        started = shlex.join(autostart.command())
        print(f"autostart: on ({where.kind}: {where.path}), starts `{started}` at login")
    elif args.action == "off":
        removed = autostart.disable(where)
        print(f"autostart: off ({'removed' if removed else 'there was no'} {where.path})")
    else:
        found = autostart.status(where)
        word = "on" if found.enabled else "off"
        there = f"{where.kind}: {where.path}"
        if not where.path.exists():
            there = f"no {where.kind} at {where.path}"
        note = f": {found.note}" if found.note else ""
        print(f"autostart: {word} ({there}){note}")
    return 0


COMMAND = Command(
    "autostart",
    "start the monitor when you log in (on, off, status)",
    _arguments,
    _cmd_autostart,
    description="Linux: an XDG autostart entry; macOS: a LaunchAgent; Windows: a Startup script.",
)
