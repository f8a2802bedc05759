"""`posture desktop-entry on|off`: posture in the applications menu, with its icon."""

from __future__ import annotations

import argparse

from posture.adapters.system import desktop_entry
from posture.cli import options
from posture.cli.command import Command, printable


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_on_off(
        parser, "on: add the menu entry and icon; off: remove them; status (default)"
    )


def _cmd(args: argparse.Namespace) -> int:
    if args.action == "on":
        path = desktop_entry.enable()
        print(f"menu entry: on ({printable(str(path))}, icon in the hicolor theme)")
    elif args.action == "off":
        removed = desktop_entry.disable()
        print(f"menu entry: off ({'removed' if removed else 'there was none'})")
    else:
        path = desktop_entry.entry_path()
        word = "on" if path.exists() and desktop_entry.is_ours(path) else "off"
        print(f"menu entry: {word} ({printable(str(path))})")
    return 0


COMMAND = Command(
    "desktop-entry",
    "posture in the applications menu, with its icon (on, off, status)",
    _arguments,
    _cmd,
    description="A freedesktop .desktop file in XDG_DATA_HOME/applications (Linux).",
)
