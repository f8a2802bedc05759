"""Framing advice at the start of a run: one line on what to change so the camera sees you well."""

from __future__ import annotations

from collections.abc import Callable

from posture.core.measure import framing
from posture.core.ports import Listener, Seen
from posture.core.stretches.cues import Cue, CueKind

WITHIN_S = 30.0
"""Advice is given from the first reading that shows someone (or a dark frame) in this long."""

PREFIX = "framing: "


class FramingAdvice(Listener):
    """Says once, at the start, if the frame is too dark, too close, cut off or steep."""

    def __init__(self, say: Callable[[Cue], None]) -> None:
        self.say = say
        self._start: float | None = None
        self.done = False

    def reading(self, seen: Seen) -> None:
        if self.done:
            return
        t = seen.reading.t
        self._start = t if self._start is None else self._start
        if t - self._start > WITHIN_S:
            self.done = True
            return
        line = framing.advice(seen.sample, framing.brightness(seen.image))
        if seen.sample is None and line is None:
            return  # nobody yet: wait for them
        self.done = True
        if line is not None:
            self.say(Cue(t, CueKind.INSTRUCT, PREFIX + line))
