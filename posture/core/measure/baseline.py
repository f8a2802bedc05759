"""A person's own upright, as a calibration recorded it, and whether the view still matches. Pure.

Verdicts of a calibrated user are relative: forward means `past_upright_deg` beyond what their
readings showed while they sat tall. That only holds while the camera sees them as it did then,
so every reading is compared with the calibration's view, as `posture calibrate --check` does:
the view itself (front or side), how big the person looks, and where their shoulders are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from posture.core.data import Reading, View

UPRIGHT_TRUNK_DEG = -10.0
"""Side view: the hip->shoulder line sitting tall, degrees from vertical (negative: the shoulder
behind the hip). The shared photos labelled straight or kneeling read -20 to -1 (median -11);
reclining -30 to -44, hunched +26 to +60."""

LEAN_BACK_TRUNK_DEG = -25.0
"""A trunk further back than this is a lean back, not sitting tall: no calibration (halfway
between sitting tall's -10 and the reclining photos' -30 to -44)."""

SLUMP_TRUNK_DEG = 15.0
"""A trunk further forward than this is a slump or a lean in: no calibration (kneeling upright
reads up to -1, hunched +26 and more)."""


def trunk_posture(trunk_deg: float | None) -> str | None:
    """The trunk in a word: 'reclined', 'slumped' or 'upright' (None where it is not seen)."""
    if trunk_deg is None or not math.isfinite(trunk_deg):
        return None
    if trunk_deg < LEAN_BACK_TRUNK_DEG:
        return "reclined"
    return "slumped" if trunk_deg > SLUMP_TRUNK_DEG else "upright"


def own_upright(head_deg: float, trunk_deg: float | None) -> float:
    """The upright to judge from: the head's reading sitting tall, raised by how far the trunk
    leaned back past sitting tall's (`UPRIGHT_TRUNK_DEG`). Leaning back turns the whole upper
    body about the hips, the neck with it, so it lowers the reading by as much. A low reading
    with an upright trunk is the person's own upright and stands (judged from there: there is
    no population floor); without the trunk (hips out of view) the reading stands too."""
    if trunk_deg is None or not math.isfinite(trunk_deg):
        return head_deg
    return head_deg + max(0.0, UPRIGHT_TRUNK_DEG - trunk_deg)


def forward_from(upright_deg: float, past_upright_deg: float) -> float:
    """The angle from which a calibrated person's head counts as forward."""
    return upright_deg + past_upright_deg


MOVED_SIZE_CHANGE = 0.2
"""The person looks this much bigger or smaller than at calibration: they or the camera moved.

Sitting a hand nearer or further (50 to 60 cm) changes the apparent size by about 20%."""

MOVED_SHIFT = 0.15
"""Shoulders this far (a fraction of the frame) from where they were: the camera probably moved."""


@dataclass(frozen=True, slots=True)
class Upright:
    """What a calibration saw while the person sat tall: the monitor judges against it."""

    view: View
    """How the readings saw the person (a three-quarter view reads as front or side)."""
    head_forward_deg: float
    """The median reading while sitting tall: this person's upright, in the readings' degrees."""
    size: float
    """How big the person looked, as a fraction of the frame width (see `Reading.size`)."""
    shoulder_x: float
    shoulder_y: float
    """Where the shoulder-line midpoint was, as fractions of the frame's width and height."""
    ear_shoulder_ratio: float | None = None
    """The shoulders' height sitting relaxed (front view; None: not recorded, not judged)."""
    aspect: float | None = None
    """The calibration frame's height over its width (to compare heights in frame widths)."""


@dataclass(frozen=True, slots=True)
class Drift:
    """How one reading's view differs from the calibration's."""

    view_changed: bool
    """Front now where the calibration saw a side view, or the other way round."""
    size_change: float
    """Size now over size at calibration, minus one (0 when unknown)."""
    shift: float
    """How far the shoulders moved in the frame, as a fraction of its size (0 when unknown)."""

    @property
    def off(self) -> bool:
        """The view no longer matches the calibration."""
        return (
            self.view_changed
            or abs(self.size_change) > MOVED_SIZE_CHANGE
            or (self.shift > MOVED_SHIFT)
        )


def drift(upright: Upright, reading: Reading) -> Drift | None:
    """How a reading's view differs from the calibration's; None without someone in it."""
    if not reading.present or reading.view is None:
        return None
    size = 0.0
    if reading.size is not None and upright.size > 0:
        size = reading.size / upright.size - 1.0
    shift = 0.0
    if reading.shoulder_x is not None and reading.shoulder_y is not None:
        shift = math.hypot(
            reading.shoulder_x - upright.shoulder_x, reading.shoulder_y - upright.shoulder_y
        )
    return Drift(reading.view is not upright.view, size, shift)


def describe(d: Drift) -> str:
    """What changed, in words ('you are seen from the front, not the side'; 'shoulders 25%
    wider')."""
    parts = []
    if d.view_changed:
        parts.append("the camera sees you from another side than at calibration")
    if abs(d.size_change) > MOVED_SIZE_CHANGE:
        bigger = "bigger (nearer)" if d.size_change > 0 else "smaller (further)"
        parts.append(f"you look {abs(d.size_change):.0%} {bigger} than at calibration")
    if d.shift > MOVED_SHIFT:
        parts.append(f"your shoulders moved {d.shift:.0%} of the frame since calibration")
    return "; ".join(parts) or "the view matches the calibration"


VIEW_OFF_S = 20.0
"""The view must stay off this long before it is said: reaching or leaning in lasts seconds, a
moved camera stays moved."""

VIEW_MATCH_S = 10.0
"""...and match again this long before judging resumes."""


class ViewWatch:
    """Follows readings against a calibration's view: says once when it stopped matching (after
    VIEW_OFF_S of readings that are off) and once when it matches again (after VIEW_MATCH_S)."""

    def __init__(self, upright: Upright) -> None:
        self.upright = upright
        self.off = False
        self.last: Drift | None = None
        self._since: float | None = None
        """When the readings began to disagree with `off` (None: they agree)."""

    def update(self, reading: Reading) -> bool | None:
        """True when the view has just gone off, False when it has just matched again."""
        d = drift(self.upright, reading)
        if d is None:
            return None
        self.last = d
        if d.off == self.off:
            self._since = None
            return None
        if self._since is None:
            self._since = reading.t
        if reading.t - self._since < (VIEW_MATCH_S if self.off else VIEW_OFF_S):
            return None
        self.off, self._since = not self.off, None
        return self.off


VIEW_CHANGED_TITLE = "Camera view changed"
VIEW_CHANGED_TEXT = (
    "The camera's view differs from your calibration, so forward head is not judged. "
    "New place? Run posture calibrate."
)
VIEW_MATCHED_TEXT = "the view matches the calibration again: forward head is judged again"
