"""The stretch coach in a terminal: a cue as the lines to print, and a cue as a JSON row."""

from __future__ import annotations

from typing import Any

from posture.core.escape import terminal
from posture.core.stretches.catalogue import Measure, Stretch
from posture.core.stretches.cues import Cue, CueKind, Phase

SPOKEN_COUNT_S = 3
"""A terminal counts the last seconds of a hold aloud ('3... 2... 1...'), not every second."""


def timing(s: Stretch) -> str:
    """How long and how often: 'hold 5 s, 5 times, 3 s rest between', or 'a checklist'."""
    if not s.hold_s:
        return "a checklist"
    times = f", {s.reps} times" if s.reps > 1 else ""
    rest = f", {s.rest_s:g} s rest between" if s.rest_s and s.reps > 1 else ""
    return f"hold {s.hold_s:g} s{times}{rest}"


_SEEN = {
    Measure.YAW: "the head turn",
    Measure.ROLL: "the head tilt",
    Measure.PITCH: "the head tip",
    Measure.CHIN_TUCK: "the chin tuck",
    Measure.SHRUG: "the shrug",
    Measure.AWAY: "you walk away",
}
"""What the camera watches for, in a person's words (the measure's name is the code's)."""


def checked_by(s: Stretch) -> str:
    """What the camera watches for ('the camera sees the head turn (left and right)'), or
    that the stretch runs on a timer."""
    if s.check is None:
        return "on a timer"
    sides = [side for side in s.check.sides if side != "away"]
    shown = f" ({' and '.join(sides)})" if sides else ""
    return f"the camera sees {_SEEN[s.check.measure]}{shown}"


def intro_lines(s: Stretch, safety: tuple[str, ...]) -> list[str]:
    """The stretch as a person reads it first: safety, name, numbered steps, cautions."""
    lines = [f"! {line}" for line in safety] + ([""] if safety else [])
    lines.append(f"{s.name} ({timing(s)}; {checked_by(s)})")
    lines += [f"  {number}. {step}" for number, step in enumerate(s.steps, start=1)]
    lines += [f"  Careful: {caution}" for caution in s.cautions]
    return [*lines, ""]


def cue_lines(cue: Cue) -> list[str]:
    """What a terminal prints for a cue (nothing for the silent seconds of a countdown); the
    catalogue's words with any control character escaped."""
    if cue.kind is CueKind.INTRO and cue.stretch is not None:
        lines = intro_lines(cue.stretch, cue.safety)
    elif cue.kind is CueKind.COUNT:
        spoken = cue.phase is Phase.HOLD and (cue.left_s or 0) <= SPOKEN_COUNT_S
        lines = [cue.text] if spoken else []
    else:
        lines = [cue.text]
    return [terminal(line) for line in lines]


def cue_row(cue: Cue) -> dict[str, Any]:
    """A cue as a JSON object: its words and the session's state (for a window or a script)."""
    row: dict[str, Any] = {"type": "cue", "kind": cue.kind.value, "t": round(cue.t, 2)}
    row["text"] = cue.text
    if cue.stretch is None:
        return row
    row |= {"stretch": cue.stretch.id, "phase": cue.phase.value if cue.phase else None}
    row |= {"task": cue.task, "tasks": cue.tasks, "rep": cue.rep, "reps": cue.reps}
    row |= {"side": cue.side, "left_s": cue.left_s, "guidance": cue.guidance}
    if cue.kind is CueKind.INTRO:
        row |= {"name": cue.stretch.name, "steps": list(cue.stretch.steps)}
        row |= {"cautions": list(cue.stretch.cautions), "safety": list(cue.safety)}
    return row
