"""`posture stretch`: the catalogue, and a guided stretch in words (or JSON lines)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

from posture.adapters.system import paths
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app import stretch as app_stretch
from posture.cli import options
from posture.cli.coach_text import checked_by, cue_lines, cue_row
from posture.cli.command import Command, printable
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.stretches import catalogue as stretches
from posture.core.stretches.catalogue import Stretch
from posture.core.stretches.cues import Cue, Result


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="which stretch (see --list)")
    parser.add_argument(
        "--for",
        dest="cause",
        choices=sorted(app_stretch.CAUSES),
        help="what it should help when no ID is given (default: still); with --list, only "
        "the stretches for it",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="one stretch a line, id first, with what it helps",
    )
    options.add_source(parser)
    parser.add_argument("--json", action="store_true", help="JSON lines; the last is the result")
    options.add_db(parser)
    options.add_profile(parser)
    options.add_model(parser)
    options.add_settings(parser)


def _helps(s: Stretch) -> str:
    """What a stretch helps, in the words `--for` takes (`for forward, still`), then the rest."""
    words = [spec.word for spec in ALERT_TABLE if spec.cause in s.helps]
    causes = {spec.cause for spec in ALERT_TABLE}
    others = sorted(h.value for h in s.helps - causes)
    parts = ([f"for {', '.join(words)}"] if words else []) + (
        [f"also {', '.join(others)}"] if others else []
    )
    return "; ".join(parts)


def _list(catalogue: stretches.Catalogue, cause: str | None) -> None:
    """One line a stretch (only those for `cause`, when given)."""
    wanted = {spec.cause for spec in ALERT_TABLE if spec.word == cause}
    shown = [s for s in catalogue.stretches.values() if not wanted or wanted & s.helps]
    width = max(len(printable(s)) for s in catalogue.stretches)
    rows = []
    for s in shown:
        helps = _helps(s)
        what = f"[{helps + '; ' if helps else ''}{checked_by(s)}]"
        rows.append((printable(f"{printable(s.id):{width}}  {s.name}"), printable(what)))
    columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    for line in list_lines(rows, columns):
        print(line)


def list_lines(rows: list[tuple[str, str]], columns: int | None) -> list[str]:
    """(id and name, [what it helps; what the camera sees]) one line a stretch; on a terminal
    `columns` wide where one would not fit, each stretch's brackets on an indented line under
    it (a file or a pipe: one line a stretch)."""
    lines = [f"{named}  {what}" for named, what in rows]
    if columns is None or max(len(line) for line in lines) <= columns:
        return lines
    return [part for named, what in rows for part in (named, f"    {what}")]


def _say(as_json: bool) -> Any:
    def say(cue: Cue) -> None:
        if as_json:
            print(json.dumps(cue_row(cue)), flush=True)
        else:
            for line in cue_lines(cue):
                print(line, flush=True)

    return say


def _result(result: Result, as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(
                {
                    "type": "result",
                    "id": result.stretch_id,
                    "status": result.status.value,
                    "done": result.done,
                    "total": result.total,
                    "checked": result.checked,
                    "seconds": result.seconds,
                    "stopped": result.stopped or None,
                }
            )
        )
        return
    how = "checked by the camera" if result.checked else "on the timer"
    print(printable(f"{result.stretch_id}: {result.how}, {result.done} of {result.total} ({how})"))


def _cmd_stretch(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(paths.user_catalogue())
    if args.list:
        _list(catalogue, args.cause)
        return 0
    loaded = options.load_settings(args)
    plan = app_stretch.StretchPlan(
        stretch_id=args.id,
        cause=args.cause or "still",
        camera=options.camera(args, loaded.settings),
        source=args.source,
        db=args.db,
        profile=args.profile,
        model=args.model,
        disabled=loaded.disabled_stretches,
        network=loaded.settings.network_camera,
    )
    result = app_stretch.run_session(plan, catalogue, _say(args.json))
    _result(result, args.json)
    return 0


COMMAND = Command(
    "stretch",
    "a guided stretch from the texts, checked by the camera where it can see it",
    _arguments,
    _cmd_stretch,
    description="Without an ID, one is chosen for --for (rotating, skipping disabled ones).",
)
