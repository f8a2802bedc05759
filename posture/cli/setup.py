"""`posture setup`: the first-run guide in a window (camera, calibration, warnings, login)."""

from __future__ import annotations

import argparse

from posture.adapters.system import control, paths
from posture.app.config import load_settings
from posture.cli import options
from posture.cli.command import Command
from posture.core.errors import UsageError
from posture.desktop.display import why_no_display


def _arguments(parser: argparse.ArgumentParser) -> None:
    options.add_source(parser)
    options.add_profile(parser)
    options.add_model(parser)


def _cmd(args: argparse.Namespace) -> int:
    reason = why_no_display()
    if reason is not None:
        no_session = reason.startswith("no graphical session")
        text = "no display for the guide" if no_session else reason
        raise UsageError(f"{text}: `posture calibrate` works here")
    from posture.desktop.guide_session import run_guide  # Qt only now

    if control.running_pid(paths.state_dir()) is not None:
        raise UsageError("the monitor is running: open the guide from its tray (Set up...)")
    camera = options.camera(args, load_settings(None, []).settings)
    done = run_guide(camera, args.source, args.profile, args.model)
    print("set up: done" if done else "set up: not finished (the usual figures are used)")
    return 0


COMMAND = Command(
    "setup",
    "the first-run guide: camera, calibration, what to warn about, start at login",
    _arguments,
    _cmd,
)
