"""View drift: whether the camera's view still matches the calibration, said once each way. Pure."""

from __future__ import annotations

from posture.core.data import Reading
from posture.core.measure.baseline import Upright, ViewWatch
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind


class ViewDrift:
    """Follows the view against a calibration (none: the view never drifts)."""

    def __init__(self, upright: Upright | None) -> None:
        self._watch = ViewWatch(upright) if upright is not None else None

    def update(self, reading: Reading, t: float) -> Event | None:
        """VIEW_CHANGED when the view has just stopped matching, VIEW_MATCHED when it has just
        matched again, else None."""
        if self._watch is None:
            return None
        changed = self._watch.update(reading)
        if changed is None:
            return None
        return Event(EventKind.VIEW_CHANGED if changed else EventKind.VIEW_MATCHED, t)

    @property
    def off(self) -> bool:
        """The change has been said: no forward head is judged until the view matches again."""
        return self._watch is not None and self._watch.off

    @property
    def off_now(self) -> bool:
        """The last reading's view does not match (said or not yet): no forward alert now, since
        the angle may be the camera's doing (the timer runs on; once the change is said, it
        restarts)."""
        last = self._watch.last if self._watch is not None else None
        return last is not None and last.off
