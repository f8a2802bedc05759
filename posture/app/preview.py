"""What the preview window shows and hears: the frame at the motion-check rate with the last
pose and the monitor's numbers over it, coloured by verdict, labelled when paused, away or
coaching; its keys are the terminal's (s, p, g, x, r; q or closing it stops the run)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from posture.core.data import PoseSample
from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.monitor.commands import from_key
from posture.core.monitor.events import Event, Posture, Status
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Line, Listener, Seen, Shot, Submit, Tone, Window, rgb_of
from posture.core.stretches.cues import Cue, CueKind, Phase
from posture.core.words import duration_text

KEYS_LINE = "s snooze  p pause  g stretch  x skip  q quit"
_TONES = {Posture.FORWARD: Tone.ALERT, Posture.GOOD: Tone.GOOD, Posture.UNKNOWN: Tone.PLAIN}
_SHORT = {spec.kind: spec.short for spec in ALERT_TABLE}


class PreviewListener(Listener):
    """Shows every frame the loop looks at with the latest reading's numbers; passes the
    window's keys to the run as commands (q, Esc or closing the window stops it)."""

    def __init__(self, window: Window, submit: Submit) -> None:
        self.window, self.submit = window, submit
        self.sample: PoseSample | None = None
        self.status: Status | None = None
        self.coaching: Cue | None = None
        self._shown_t: float | None = None
        self.paused = False
        self._size: tuple[int, ...] = (480, 640, 3)

    def reading(self, seen: Seen) -> None:
        self.sample, self.status = seen.sample, seen.status
        self.paused = seen.status.paused
        self._show(seen.image, seen.reading.t)

    def glance(self, shot: Shot, t: float) -> None:
        """Every frame looked at; none while paused (the camera is off): a dark one, so the
        window still says so and still hears its keys."""
        if self._shown_t == t:
            return
        rgb = rgb_of(shot)
        self._show(rgb if rgb.size else np.full(self._size, 24, np.uint8), t)

    def events(self, events: Sequence[Event]) -> None:
        for event in events:
            if event.kind in (EventKind.PAUSED, EventKind.RESUMED):
                self.paused = event.kind is EventKind.PAUSED

    def cue(self, cue: Cue) -> None:
        self.coaching = None if cue.kind is CueKind.DONE or cue.stretch is None else cue

    def _show(self, rgb: np.ndarray, t: float) -> None:
        if self._shown_t == t:  # a reading's frame was shown as a glance a moment ago
            return
        self._shown_t, self._size = t, rgb.shape
        status = self.status
        if status is not None and status.paused != self.paused:
            status = replace(status, paused=self.paused)
        sample = None if self.paused else self.sample
        key = self.window.show(rgb, sample, overlay(status, self.coaching))
        command = from_key(key)  # q (also Esc or a closed window) stops the run
        if command is not None:
            self.submit(command)


def overlay(status: Status | None, cue: Cue | None = None) -> list[Line]:
    """The lines over the preview: a label when paused, away or coaching, the numbers coloured
    by verdict (forward head, and any alert's cause, in the alert colour), then the keys."""
    if status is None:
        return [Line("looking...", Tone.MUTED), Line(KEYS_LINE, Tone.MUTED)]
    lines = _coaching(cue)
    if status.paused:
        return [*lines, Line("PAUSED (p resumes)", Tone.MUTED), Line(KEYS_LINE, Tone.MUTED)]
    if status.away:
        lines.append(Line("AWAY", Tone.MUTED))
    else:
        angle = "-" if status.head_forward_deg is None else f"{status.head_forward_deg:.0f} deg"
        verdict = status.posture.value
        lines.append(Line(f"head forward {angle} ({verdict})", _TONES[status.posture]))
        lines.append(_timer(status, EventKind.STILL_ALERT, "neck still", status.still_s))
    sitting = EventKind.SITTING_ALERT
    lines.append(_timer(status, sitting, _SHORT[sitting], status.sitting_s))
    return [*lines, Line(KEYS_LINE, Tone.MUTED)]


def _timer(status: Status, kind: EventKind, words: str, seconds: float) -> Line:
    alerting = kind in status.alerting
    tone = Tone.ALERT if alerting else Tone.PLAIN
    return Line(f"{words} {duration_text(seconds)}" + (" - ALERT" if alerting else ""), tone)


def _coaching(cue: Cue | None) -> list[Line]:
    """The stretch under way: name, repetition, phase and seconds left, and the guidance."""
    if cue is None or cue.stretch is None:
        return []
    parts = [f"COACHING: {cue.stretch.name}"]
    if cue.tasks > 1:
        parts.append(f"{cue.task}/{cue.tasks}")
    if cue.phase in (Phase.HOLD, Phase.REST) and cue.left_s is not None:
        parts.append(f"{cue.phase.value} {cue.left_s:.0f}")
    lines = [Line("  ".join(parts), Tone.COACH)]
    if cue.guidance:
        lines.append(Line(cue.guidance, Tone.COACH))
    return lines
