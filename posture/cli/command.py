"""What a command is (a name, its help, its arguments, its handler) and the output it shares.

Every command module defines its `Command`s; `program.COMMANDS` has one row per command (its
name, its help and its module, imported only when the command is used) and is the only place that
turns them into the parser's subcommands. A new command: a module here, and a row there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """One `posture` subcommand: what `posture --help` says, its arguments and its handler."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]
    """Runs the command; returns the exit code. Project errors propagate to `program.main`."""
    description: str | None = None
    """Text shown under the usage in `posture NAME --help`."""


def printable(text: str) -> str:
    """Text safe for the terminal: control characters (a newline, a terminal escape in a file
    name) are shown escaped, so they can neither spill onto another line nor act."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
