"""The monitor's state at a glance (what the tray icon and `posture status` show). Pure.

A `Snapshot` is everything a surface needs at one moment: the monitor's Status, the camera's
condition and when a pause ends (a locked screen is a pause); `state_of` boils it down to one
`State`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from posture.core.monitor.events import Posture, Status
from posture.core.monitor.kinds import EventKind

STILL_SOON_S = 120.0
"""The still-neck reminder counts as 'due soon' this long before it comes."""


class Camera(enum.Enum):
    """The camera's condition, from the loop's camera events and the camera-sharing check."""

    OK = "ok"
    LOST = "lost"
    COVERED = "covered"
    IN_USE = "in_use"
    """Another application (a video call) has the camera: monitoring waits for it."""


class State(enum.Enum):
    """One word for the icon; in order of precedence, first that applies wins."""

    STARTING = "starting"
    CAMERA_IN_USE = "camera_in_use"
    PAUSED = "paused"
    CAMERA_PROBLEM = "camera_problem"
    AWAY = "away"
    SNOOZED = "snoozed"
    FORWARD = "forward"
    BREAK_DUE = "break_due"
    SHOULDERS_UP = "shoulders_up"
    STILL_SOON = "still_soon"
    UNSURE = "unsure"
    GOOD = "good"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The monitor at one moment, as a surface sees it (`status` None: no reading yet)."""

    status: Status | None
    camera: Camera = Camera.OK
    paused_until_utc: float | None = None


def state_of(snapshot: Snapshot) -> State:
    """The one state a glance should show (see `State` for the precedence)."""
    s = snapshot.status
    if snapshot.camera is Camera.IN_USE:
        return State.CAMERA_IN_USE
    if s is not None and s.paused:
        return State.PAUSED
    if snapshot.camera is not Camera.OK:
        return State.CAMERA_PROBLEM
    if s is None:
        return State.STARTING
    if s.away:
        return State.AWAY
    if s.snoozed_s > 0:
        return State.SNOOZED
    if s.posture is Posture.FORWARD or EventKind.FORWARD_ALERT in s.alerting:
        return State.FORWARD
    if EventKind.SITTING_ALERT in s.alerting:
        return State.BREAK_DUE
    if EventKind.SHOULDERS_ALERT in s.alerting:
        return State.SHOULDERS_UP
    if EventKind.STILL_ALERT in s.alerting or _still_due_soon(s):
        return State.STILL_SOON
    if s.posture is Posture.UNKNOWN:
        return State.UNSURE
    return State.GOOD


def _still_due_soon(s: Status) -> bool:
    if s.next_alert is None:
        return False
    kind, in_s = s.next_alert
    return kind is EventKind.STILL_ALERT and in_s <= STILL_SOON_S
