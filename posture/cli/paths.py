"""`posture paths`: every file and folder posture keeps, whether it exists and its size."""

from __future__ import annotations

import argparse

from posture.cli.command import Command, print_places


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """`paths` takes none."""


def _cmd_paths(args: argparse.Namespace) -> int:
    print_places()
    return 0


COMMAND = Command(
    "paths",
    "every file and folder posture keeps, whether it exists and its size",
    _no_arguments,
    _cmd_paths,
    description="Removing every folder listed here removes all of posture's data.",
)
