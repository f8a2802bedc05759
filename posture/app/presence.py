"""The run's state at a glance for the surfaces that show it: the status file that `posture
status` reads, and the tray icon.

`Presence` is a listener: after each reading, event batch or command it builds a `Snapshot`
(core/monitor/state.py) and hands it to each surface when the state changes, and otherwise at
most every `every_s` seconds. It runs in the monitor's thread; a surface in another thread must
take the snapshot across itself (it is immutable).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from posture.core.alerts import SHORT_NAMES
from posture.core.monitor.commands import Command
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import Camera, Snapshot, State, state_of
from posture.core.ports import Listener, Seen, Submit, WallOf

Show = Callable[[Snapshot], None]
"""Told of each new snapshot."""


class Surface(Protocol):
    """Something a person sees beside the run (a tray icon): shown its state, given its commands."""

    def attach(self, submit: Submit) -> None:
        """The run's command queue (safe to call from any thread), once the run has started."""
        ...

    def show(self, snapshot: Snapshot) -> None:
        """The run's state now (called in the monitor's thread)."""
        ...


CAMERA_EVENTS = {
    EventKind.CAMERA_LOST: Camera.LOST,
    EventKind.CAMERA_COVERED: Camera.COVERED,
    EventKind.CAMERA_BACK: Camera.OK,
}


class Presence(Listener):
    """Turns the run into snapshots for the surfaces (see the module's docstring)."""

    def __init__(
        self, status: Callable[[], Status], wall_of: WallOf, shows: Sequence[Show], every_s: float
    ) -> None:
        self._status_now, self.wall_of, self.shows = status, wall_of, list(shows)
        self.every_s = every_s
        self.snapshot = Snapshot(None)
        self._seen = False
        self._shown_state: State | None = None
        self._shown_t = -float("inf")

    def reading(self, seen: Seen) -> None:
        self._seen = True
        self._update(seen.reading.t, status=seen.status)

    def events(self, events: Sequence[Event]) -> None:
        snap = self.snapshot
        camera, until = snap.camera, snap.paused_until_utc
        for e in events:
            if snap.camera is not Camera.IN_USE:
                camera = CAMERA_EVENTS.get(e.kind, camera)
            if e.kind is EventKind.PAUSED:
                until = self.wall_of(e.t + (e.duration_s or 0.0))
            elif e.kind is EventKind.RESUMED:
                until = None
        self.snapshot = Snapshot(snap.status, camera, until)
        self._update(events[-1].t, force=True)

    def command(self, command: Command, t: float) -> None:
        self._update(t, force=True)

    def camera(self, t: float, camera: Camera) -> None:
        """The camera-sharing check says who has the camera now."""
        snap = self.snapshot
        self.snapshot = Snapshot(snap.status, camera, snap.paused_until_utc)
        self._update(t, force=True)

    def _update(self, t: float, status: Status | None = None, force: bool = False) -> None:
        if status is None and (self._seen or force):  # a pause before the first reading shows
            status = self._status_now()
        snap = self.snapshot
        snap = Snapshot(status or snap.status, snap.camera, snap.paused_until_utc)
        self.snapshot = snap
        state = state_of(snap)
        if not force and state is self._shown_state and t - self._shown_t < self.every_s:
            return
        self._shown_state, self._shown_t = state, t
        for show in self.shows:
            show(snap)


def snapshot_doc(snap: Snapshot) -> dict[str, Any]:
    """A snapshot as the JSON `posture status --json` prints (numbers rounded)."""
    doc: dict[str, Any] = {
        "state": state_of(snap).value,
        "camera": snap.camera.value,
        "paused_until_utc": snap.paused_until_utc,
    }
    s = snap.status
    if s is None:
        return doc
    angle = None if s.head_forward_deg is None else round(s.head_forward_deg, 1)
    doc |= {
        "paused": s.paused,
        "present": s.present,
        "away": s.away,
        "posture": s.posture.value,
        "head_forward_deg": angle,
        "still_s": round(s.still_s),
        "sitting_s": round(s.sitting_s),
        "alerting": [SHORT_NAMES[k] for k in SHORT_NAMES if k in s.alerting],
        "snoozed_s": round(s.snoozed_s),
        "next_alert": None
        if s.next_alert is None
        else {"alert": SHORT_NAMES[s.next_alert[0]], "in_s": round(s.next_alert[1])},
    }
    return doc
