"""The live status line of `posture run`: its fields, and fitting them to the terminal's width.

Each field has a long and a short form and an importance. To fit a width, the least important
fields take their short form first, then the least important are dropped (and the most important
of those left get their long form back if there is room again); what is left is cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from posture.core.alerts import SHORT_NAMES
from posture.core.monitor.events import Status, Unknown
from posture.core.words import duration_text

SEPARATOR = " | "

UNKNOWN_WORDS = {
    Unknown.NO_ONE: ("no one in view", "no one in view"),
    Unknown.NOT_MEASURED: ("face not seen well enough", "face unclear"),
    Unknown.SIDE_UNCLEAR: ("side view unclear", "side unclear"),
    Unknown.UNCALIBRATED: ("low confidence: calibrate", "unsure: calibrate"),
    Unknown.LOW_CONFIDENCE: ("low confidence", "unsure"),
    Unknown.VIEW_CHANGED: ("camera view changed: recalibrate?", "view changed"),
}
"""Why there is no angle: (long, short)."""


@dataclass(frozen=True, slots=True)
class Field:
    """One part of the line: its long and short forms; a lower rank is more important."""

    long: str
    short: str
    rank: int


def _head(s: Status) -> Field:
    if s.head_forward_deg is None:
        long, short = UNKNOWN_WORDS[s.unknown or Unknown.NOT_MEASURED]
        return Field(f"head ? ({long})", f"? ({short})", 0)
    angle = f"{s.head_forward_deg:.0f} deg"
    return Field(f"head {angle} {s.posture.value}", f"{angle} {s.posture.value}", 0)


def fields(s: Status) -> list[Field]:
    """The line's fields in the order shown."""
    if s.paused:
        return _paused(s)
    if s.away:
        sitting = duration_text(s.sitting_s)
        return [Field("away", "away", 0), Field(f"sitting {sitting}", f"sitting {sitting}", 5)]
    found = [_head(s)]
    raised = [SHORT_NAMES[k] for k in SHORT_NAMES if k in s.alerting]
    if raised:
        words = [name.split()[0] for name in raised]
        found.append(Field(f"ALERT: {', '.join(raised)}", f"ALERT {','.join(words)}", 1))
    if s.snoozed_s > 0:
        left = duration_text(s.snoozed_s)
        found.append(Field(f"alerts snoozed for {left}", f"snoozed {left}", 2))
    still, sitting = duration_text(s.still_s), duration_text(s.sitting_s)
    found.append(Field(f"neck still {still}", f"still {still}", 4))
    found.append(Field(f"sitting {sitting}", f"sitting {sitting}", 3))
    if s.next_alert is not None and s.snoozed_s <= 0:
        kind, seconds = s.next_alert
        name, left = SHORT_NAMES[kind], duration_text(seconds)
        found.append(Field(f"next: {name} in {left}", f"next: {name.split()[0]} in {left}", 5))
    found.append(Field("[p]ause [s]nooze [g]o stretch [x] skip [q]uit", "p s g x q", 6))
    return found


def _paused(s: Status) -> list[Field]:
    """Paused: how long is left (when known) and the keys that resume."""
    left = "" if s.paused_s is None else f", {_minutes_left(s.paused_s)} left"
    return [
        Field(f"paused{left}", f"paused{left}", 0),
        Field("p or r resumes (or `posture resume`)", "p/r resumes", 1),
    ]


def _minutes_left(seconds: float) -> str:
    """Time left of a pause as a person counts it down: whole minutes, rounded up; the last
    minute in seconds."""
    if seconds < 60:
        return f"{max(math.ceil(seconds), 0)} s"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def fit(parts: list[Field], width: int) -> str:
    """The fields joined in at most `width` characters: short forms, then fewer fields."""
    width = max(width, 1)
    shown = [(f, f.long) for f in parts]

    def text() -> str:
        return SEPARATOR.join(words for _, words in shown)

    for least in sorted(parts, key=lambda f: -f.rank):  # the least important is shortened first
        if len(text()) <= width:
            return text()
        shown = [(f, f.short if f is least else words) for f, words in shown]
    while len(shown) > 1 and len(text()) > width:
        drop = max(range(len(shown)), key=lambda i: (shown[i][0].rank, i))
        del shown[drop]
    for i in sorted(range(len(shown)), key=lambda i: shown[i][0].rank):  # room freed: lengthen
        before = shown[i]
        shown[i] = (before[0], before[0].long)
        if len(text()) > width:
            shown[i] = before
    return text()[:width]


def status_text(s: Status, width: int = 10_000) -> str:
    """The one-line status in at most `width` characters."""
    return fit(fields(s), width)
