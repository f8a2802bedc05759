"""`posture config`: every setting, its value and where it came from."""

from __future__ import annotations

import argparse

from posture.cli import options
from posture.cli.command import Command
from posture.core import settings


def _cmd_config(args: argparse.Namespace) -> int:
    rows = settings.describe(options.load_settings(args))
    width = max(len(r[0]) for r in rows)
    for key, value, origin, why in rows:
        print(f"{key:{width}}  {value:>8}  {origin:10}  {why}")
    return 0


COMMAND = Command(
    "config",
    "every setting, its value and where it came from",
    options.add_settings,
    _cmd_config,
)
