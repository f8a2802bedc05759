"""What the monitor says: its events, verdicts, status, and what carries over a restart. Pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from posture.core.data import Limit, Reading, View
from posture.core.monitor.kinds import EventKind


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at monotonic time `t`.

    `duration_s`: how long the cause lasted (forward for, still for, sitting for, away for).
    `repeat`: 0 for the first alert of an episode, then 1, 2... while it is ignored.
    `amplitude_deg`: how far the head went in a sharp movement.
    """

    kind: EventKind
    t: float
    duration_s: float | None = None
    value: float | None = None
    repeat: int = 0
    urgent: bool = False
    amplitude_deg: float | None = None


class Posture(enum.Enum):
    GOOD = "good"
    FORWARD = "forward"
    UNKNOWN = "unknown"


class Unknown(enum.Enum):
    """Why someone in view has no head angle now."""

    NO_ONE = "no_one"
    """Nobody in view (not yet long enough to be away)."""
    NOT_MEASURED = "not_measured"
    """Someone in view, but the landmarks gave no angle (ears or nose hidden)."""
    SIDE_UNCLEAR = "side_unclear"
    """A side view too unsure to judge (turned only part way, or landmarks hidden)."""
    UNCALIBRATED = "uncalibrated"
    """A front view too unsure to judge without this person's calibration."""
    LOW_CONFIDENCE = "low_confidence"
    """A calibrated front view too unsure to judge."""
    VIEW_CHANGED = "view_changed"
    """The camera no longer sees the person as at calibration: not judged until it does."""
    TOO_SMALL = "too_small"
    """The person is too small in the frame to judge (far away, or a low resolution)."""
    THREE_QUARTER = "three_quarter"
    """Seen three-quarter: neither a front nor a side view to judge."""


@dataclass(frozen=True, slots=True)
class Status:
    """The monitor's state after a step: what the status line and the history show."""

    t: float
    present: bool
    away: bool
    paused: bool
    posture: Posture
    head_forward_deg: float | None
    forward_s: float
    still_s: float
    sitting_s: float
    alerting: frozenset[EventKind]
    next_alert: tuple[EventKind, float] | None
    """The alert that would come next if nothing changes, and in how many seconds."""
    unknown: Unknown | None = None
    """Why there is no head angle now (None when there is one, or when away or paused)."""
    view: View | None = None
    """The view of the last reading with someone in it."""
    calibrated: bool = False
    """Whether the angle is anchored on this person's calibration (front views)."""
    snoozed_s: float = 0.0
    """How much longer alerts are held by a snooze (0: not snoozed)."""
    paused_s: float | None = None
    """How much longer a pause lasts, where the one showing the status knows it."""


@dataclass(frozen=True, slots=True)
class Carry:
    """Timers carried over from an earlier run the same day (restart without a break): the last
    stored sitting and still-neck times, and how long before this run's start they were stored.

    The monitor treats the gap as it treats a gap between readings within a run (see
    `Monitor.update`): a short one counts for both timers, a longer one restarts the still-neck
    timer and adds nothing.
    """

    sitting_s: float = 0.0
    still_s: float = 0.0
    gap_s: float = 0.0


def why_unknown(reading: Reading) -> Unknown:
    """Why a reading with someone in it gives no angle to judge."""
    if reading.limit is Limit.SMALL:
        return Unknown.TOO_SMALL
    if reading.limit is Limit.THREE_QUARTER:
        return Unknown.THREE_QUARTER
    if reading.head_forward_deg is None:
        return Unknown.NOT_MEASURED
    if reading.view is View.SIDE:
        return Unknown.SIDE_UNCLEAR
    return Unknown.LOW_CONFIDENCE if reading.calibrated else Unknown.UNCALIBRATED
