"""A live run's sharp-movement bursts: extra model readings after a head turn, for the detector.

The loop tells the bursts of each model reading of its own (`looked`) and of each look that
read nothing (`look`); it wakes for `next_at` and then calls `between`; it calls `stop` when the
camera gives nothing to read (paused, lost, covered) and `finish` at the end. The rest is theirs:
the trigger and the watching (posture/core/sensing/burst.py, through app/sharp.py's SharpWatch),
the frames a burst takes between the loop's looks, and the thumbnail that tells a watching burst
whether the picture changed. Burst readings never reach the monitor; the sharp movements they
settle come back as events through `publish`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from posture.adapters.camera.motion import changed, thumbnail
from posture.app.sharp import SharpWatch
from posture.core.data import Reading
from posture.core.errors import CameraError
from posture.core.monitor.events import Event
from posture.core.ports import Feed, Glance, Shot
from posture.core.settings import Settings

ModelRead = Callable[[float, Shot], Reading | None]
"""The model's reading of a frame at a time (None: the frame could not be read)."""


class Bursts:
    """The bursts of one run, driven by the loop through the methods below."""

    def __init__(
        self,
        settings: Settings,
        feed: Feed,
        read: ModelRead,
        publish: Callable[[Sequence[Event]], None],
        rate: Callable[[], float],
    ) -> None:
        self.watch = SharpWatch(settings)
        self._feed, self._read, self._publish, self._rate = feed, read, publish, rate
        self._thumb: np.ndarray | None = None
        """The thumbnail of the frame of the burst's last model reading."""

    def looked(self, reading: Reading, glance: Glance) -> None:
        """A model reading of the loop's own, after a glance that saw the picture move or not:
        may start (or prolong) a burst, never at a cut (the whole picture replaced: one reading
        sees the new scene); publishes the sharp movements it settles."""
        moved = glance.moved and not glance.cut
        self._publish(self.watch.looked(reading, moved, self._rate()))

    def look(self, t: float, shot: Shot) -> None:
        """A look of the loop's that read nothing: the burst's reading of its frame, if due."""
        if self.watch.burst.due(t):
            self._burst_read(t, shot)

    def between(self, t: float) -> None:
        """Woken between the loop's looks: a burst's reading of a frame of its own. No glance,
        so the motion checks compare the same frames as without bursts."""
        try:
            shot = self._feed.frame(t) if self.watch.burst.due(t) else None
        except CameraError:
            shot = None  # the loop's next look finds out and says so
        if shot is None or (isinstance(shot, np.ndarray) and shot.size == 0):
            self.stop()
            return
        self._burst_read(t, shot)

    def next_at(self) -> float:
        """When the next burst reading is due (inf: no burst)."""
        return self.watch.burst.next_at()

    def stop(self) -> None:
        """No frame to read now: the burst ends."""
        self.watch.burst.stop()

    def finish(self) -> None:
        """The end of the run: publishes the movements still held."""
        self._publish(self.watch.finish())

    def _burst_read(self, t: float, shot: Shot) -> None:
        """A burst's reading: for the sharp-movement detector only, never the monitor's. Once
        the head has settled, only a changed picture is read again."""
        thumb, seen = thumbnail(shot), self._thumb
        if self.watch.burst.watching and seen is not None and not changed(thumb, seen):
            self._publish(self.watch.unchanged(t, self._rate()))
            return
        reading = self._read(t, shot)
        if reading is None:
            self.stop()
            return
        self._thumb = thumb  # the picture the model last read for the burst
        self._publish(self.watch.burst_look(reading, self._rate()))
