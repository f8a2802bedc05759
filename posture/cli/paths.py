"""`posture paths`: every file and folder posture keeps, whether it exists and its size."""

from __future__ import annotations

import argparse
import os

from posture.adapters.paths import OVERRIDES, places, usage
from posture.cli.command import Command, printable
from posture.core.words import plural


def size_text(size: int) -> str:
    """A byte count for people: 812 B, 4.1 kB, 1.6 MB."""
    for unit, step in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= step:
            return f"{size / step:.1f} {unit}"
    return f"{size} B"


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """`paths` takes none."""


def _cmd_paths(args: argparse.Namespace) -> int:
    print_places()
    return 0


def print_places() -> None:
    """Each place posture keeps files, whether it exists and its size, and what moves them."""
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
    width = max(len(what) for what, _, _ in rows)
    state_width = max(len(state) for _, state, _ in rows)
    for what, state, shown in rows:
        print(f"{what:{width}}  {state:{state_width}}  {shown}")
    moved = [f"{name}={printable(os.environ[name])}" for name in OVERRIDES if os.environ.get(name)]
    print(
        "moved by " + ", ".join(moved)
        if moved
        else f"the folders are the platform's; {', '.join(OVERRIDES)} move them"
    )


COMMAND = Command(
    "paths",
    "every file and folder posture keeps, whether it exists and its size",
    _no_arguments,
    _cmd_paths,
    description="Removing every folder listed here removes all of posture's data.",
)
