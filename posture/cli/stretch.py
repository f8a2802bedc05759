"""`posture stretch`: the catalogue, and a guided stretch in words (or JSON lines)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from posture.adapters import paths
from posture.adapters.catalogue import load as load_catalogue
from posture.app import stretch as app_stretch
from posture.cli import options
from posture.cli.command import Command
from posture.core import stretches
from posture.core.alert_table import ALERT_TABLE
from posture.core.coach import Cue, Result
from posture.core.stretches import Stretch


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="which stretch (see --list)")
    parser.add_argument(
        "--for",
        dest="cause",
        choices=sorted(app_stretch.CAUSES),
        default="still",
        help="what it should help when no ID is given (default: still)",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="one stretch a line, id first, with the --for words it helps",
    )
    options.add_source(parser)
    parser.add_argument("--json", action="store_true", help="JSON lines; the last is the result")
    options.add_db(parser)
    options.add_profile(parser)
    options.add_model(parser)
    options.add_settings(parser)


def _checked_by(s: Stretch) -> str:
    if s.check is None:
        return "timer only"
    return f"camera checks {s.check.measure.value} ({'/'.join(s.check.sides)})"


def _helps(s: Stretch) -> str:
    """What a stretch helps, in the words `--for` takes (`for forward, still`), then the rest."""
    words = [spec.word for spec in ALERT_TABLE if spec.cause in s.helps]
    causes = {spec.cause for spec in ALERT_TABLE}
    others = sorted(h.value for h in s.helps - causes)
    parts = ([f"for {', '.join(words)}"] if words else []) + (
        [f"also {', '.join(others)}"] if others else []
    )
    return "; ".join(parts)


def _list(catalogue: stretches.Catalogue) -> None:
    width = max(len(s) for s in catalogue.stretches)
    for s in catalogue.stretches.values():
        helps = _helps(s)
        print(f"{s.id:{width}}  {s.name}  [{helps + '; ' if helps else ''}{_checked_by(s)}]")


def _timing(s: Stretch) -> str:
    if not s.hold_s:
        return "a checklist"
    times = f", {s.reps} times" if s.reps > 1 else ""
    rest = f", {s.rest_s:g} s rest between" if s.rest_s and s.reps > 1 else ""
    return f"hold {s.hold_s:g} s{times}{rest}"


def _introduce(catalogue: stretches.Catalogue, as_json: bool) -> Any:
    def show(s: Stretch) -> None:
        if as_json:
            print(
                json.dumps(
                    {
                        "type": "stretch",
                        "id": s.id,
                        "name": s.name,
                        "steps": list(s.steps),
                        "safety": list(catalogue.safety),
                    }
                )
            )
            return
        print("\n".join(f"! {line}" for line in catalogue.safety))
        print(f"\n{s.name} ({_timing(s)}; {_checked_by(s)})")
        for number, step in enumerate(s.steps, start=1):
            print(f"  {number}. {step}")
        for caution in s.cautions:
            print(f"  Careful: {caution}")
        print(flush=True)

    return show


def _say(as_json: bool) -> Any:
    def say(cue: Cue) -> None:
        if as_json:
            row = {"type": "cue", "kind": cue.kind.value, "t": round(cue.t, 2), "text": cue.text}
            print(json.dumps(row), flush=True)
        else:
            print(cue.text, flush=True)

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
                }
            )
        )
        return
    how = "checked by the camera" if result.checked else "on the timer"
    print(f"{result.stretch_id}: {result.status.value}, {result.done} of {result.total} ({how})")


def _cmd_stretch(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(paths.user_catalogue())
    if args.list:
        _list(catalogue)
        return 0
    loaded = options.load_settings(args)
    plan = app_stretch.StretchPlan(
        stretch_id=args.id,
        cause=args.cause,
        camera=args.camera,
        source=args.source,
        db=args.db,
        profile=args.profile,
        model=args.model,
        disabled=loaded.disabled_stretches,
    )
    result = app_stretch.run_session(
        plan, catalogue, _introduce(catalogue, args.json), _say(args.json)
    )
    _result(result, args.json)
    return 0


COMMAND = Command(
    "stretch",
    "a guided stretch from the texts, checked by the camera where it can see it",
    _arguments,
    _cmd_stretch,
    description="Without an ID, one is chosen for --for (rotating, skipping disabled ones).",
)
