"""The raised-shoulders timer: how long the shoulders have been held up, and when they dropped.

Pure. Fed every reading the monitor judges; `judged` is False while the view no longer matches
the calibration (a moved camera). Any reading that is not 'raised' for `LET_GO_S` ends a run
(a glance away, a hand at the face); seen down in two readings a second apart ends it at once
(the drop of a coached shrug, a relaxation's letting go). Seen down for `CLEAR_S` after the
alert, the shoulders dropped: the alert's cause went away.
"""

from __future__ import annotations

from posture.core.data import Reading
from posture.core.measure.baseline import Upright
from posture.core.measure.shoulders import relaxed_of, shoulders_raised
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.settings import Settings

LET_GO_S = 3.0
"""Not judged (or not seen raised) this long ends a run of raised shoulders."""
DOWN_S = 1.0
"""Seen down in two readings this far apart ends a run: a shrug's drop (the catalogue's shrugs
rest 2 s), not one reading's flicker under the threshold."""
CLEAR_S = 10.0
"""Seen down this long after the alert: they dropped."""


class ShoulderWatch:
    """Raised shoulders against the person's relaxed ones (uncalibrated: never judged)."""

    def __init__(self, settings: Settings, upright: Upright | None) -> None:
        self.drop, self.relaxed = settings.shoulders_drop, relaxed_of(upright)
        self.raised_since: float | None = None
        self.raised_last: float | None = None
        self.down_since: float | None = None
        self.alerted = False
        self.last: bool | None = None

    def update(self, reading: Reading, judged: bool) -> list[Event]:
        """One reading; the `shoulders dropped` event when an alerted run has ended."""
        t = reading.t
        raised = shoulders_raised(reading, self.relaxed, self.drop) if judged else None
        self.last = raised
        if raised:
            if self.raised_since is None or t - (self.raised_last or t) > LET_GO_S:
                self.raised_since = t
            self.raised_last, self.down_since = t, None
            return []
        if raised is False and self.down_since is None:
            self.down_since = t
        down = self.down_since is not None and t - self.down_since >= DOWN_S
        if self.raised_last is not None and (down or t - self.raised_last > LET_GO_S):
            self.raised_since = self.raised_last = None
        if self.alerted and self.down_since is not None and t - self.down_since >= CLEAR_S:
            self.alerted = False
            return [Event(EventKind.SHOULDERS_DROPPED, t)]
        return []

    def lasted(self, t: float) -> float | None:
        """How long the shoulders have been up, if they are up now."""
        if self.raised_since is None or self.raised_last is None or self.last is not True:
            return None
        return t - self.raised_since

    def reset(self) -> None:
        """A stretch was done, or nobody was watched: the run starts again."""
        self.raised_since = self.raised_last = self.down_since = None
        self.last = None
