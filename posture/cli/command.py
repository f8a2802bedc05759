"""What a command is (a name, its help, its arguments, its handler) and the output it shares.

Every command module defines its `Command`s; `program.COMMANDS` has one row per command (its
name, its help and its module, imported only when the command is used) and is the only place that
turns them into the parser's subcommands. A new command: a module here, and a row there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from posture.core import escape


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


printable = escape.terminal
"""Text safe for the terminal (the one rule, in posture/core/escape.py)."""


def size_text(size: int) -> str:
    """A byte count for people: 812 B, 4.1 kB, 1.6 MB."""
    for unit, step in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= step:
            return f"{size / step:.1f} {unit}"
    return f"{size} B"


def print_places() -> None:
    """Each place posture keeps files, whether it exists and its size, and what moves them
    (`posture paths`, `posture history where`)."""
    from posture.adapters.system.paths import (  # only for the commands that list
        OVERRIDES,
        places,
        usage,
    )
    from posture.core.words import plural

    rows = []
    for place in places():
        found = usage(place)
        if not found.exists:
            state = "absent"
        elif place.pattern is not None or found.files != 1 or place.path.is_dir():
            state = f"{plural(found.files, 'file')}, {size_text(found.size)}"
        else:
            state = size_text(found.size)
        rows.append((place.what, state, printable(place.shown)))
    columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for line in place_lines(rows, columns):
        print(line)
    moved = [f"{name}={printable(os.environ[name])}" for name in OVERRIDES if os.environ.get(name)]
    said = (
        "moved by " + ", ".join(moved)
        if moved
        else f"the folders are the platform's; {', '.join(OVERRIDES)} move them"
    )
    print(said if columns is None else textwrap.fill(said, columns, break_on_hyphens=False))


def place_lines(rows: list[tuple[str, str, str]], columns: int | None) -> list[str]:
    """(what, state, path) rows in three columns; on a terminal `columns` wide where a row would
    not fit, each path on a line of its own under its row (a file or a pipe: one row a line)."""
    width = max(len(what) for what, _, _ in rows)
    state_width = max(len(state) for _, state, _ in rows)
    lines = [f"{what:{width}}  {state:{state_width}}  {shown}" for what, state, shown in rows]
    if columns is None or max(len(line) for line in lines) <= columns:
        return lines
    return [part for w, st, sh in rows for part in (f"{w:{width}}  {st}", f"    {sh}")]
