"""Raised shoulders: one reading's shoulder height against the person's relaxed one. Pure.

The shoulders drawn up toward the ears shrink the ear-to-shoulder height (`ear_shoulder_ratio`,
in shoulder widths, so distance cancels). So does a head held forward, and from the front the two
look alike (the frontal estimator reads a 3 cm shrug as 30 deg forward): what tells them apart is
which end moved. Raised means the height fell `shoulders_drop` (15%) below the person's relaxed
one AND the shoulder line itself rose in the frame by at least RISE_SHARE of the height lost,
measured from where the calibration saw it; a forward head or a slump lowers the ears or the
shoulders, never lifts the shoulders. Where something else can shrink the height the reading is
not judged (None): a head tilted or turned, the chin far down or up, a hand at the face or on a
shoulder (low confidence), no calibrated relaxed height.
"""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.data import Reading, View
from posture.core.measure.baseline import Upright

MIN_CONFIDENCE = 0.5
MAX_ROLL_DEG = 10.0
"""A head tilted (or a trunk leaning) further than this lowers one ear: not judged. The shared
lean and tilt frames read 11-28 deg; people sitting straight there, 1-3 deg."""
MAX_YAW_DEG = 25.0
"""A head turned further than this foreshortens the ear axis: not judged (the head-turn clip's
ratio falls 10% at its widest turns)."""
MAX_PITCH_DEG = 20.0
"""A chin far down or up moves the ears about the top of the neck: not judged."""
RISE_SHARE = 0.5
"""The shoulder line must have risen in the frame by at least this share of the height lost."""


@dataclass(frozen=True, slots=True)
class Relaxed:
    """The shoulders as a calibration saw them, sitting relaxed."""

    ratio: float
    """`ear_shoulder_ratio`."""
    shoulder_y: float
    """The shoulder-line midpoint, as a fraction of the frame height."""
    aspect: float
    """The frame's height over its width (readings measure size in frame widths)."""


def relaxed_of(upright: Upright | None) -> Relaxed | None:
    """What a calibration recorded of the shoulders (None: nothing, or an older profile)."""
    if upright is None or upright.ear_shoulder_ratio is None or upright.aspect is None:
        return None
    return Relaxed(upright.ear_shoulder_ratio, upright.shoulder_y, upright.aspect)


def _judgeable(reading: Reading) -> bool:
    if reading.view is not View.FRONT or reading.shoulder_confidence < MIN_CONFIDENCE:
        return False
    limits = ((reading.roll_deg, MAX_ROLL_DEG), (reading.yaw_deg, MAX_YAW_DEG))
    return all(
        angle is not None and abs(angle) <= limit
        for angle, limit in (*limits, (reading.pitch_deg, MAX_PITCH_DEG))
    )


def shoulders_raised(reading: Reading, relaxed: Relaxed | None, drop: float) -> bool | None:
    """Whether the shoulders are raised in this reading (None: cannot be judged here)."""
    ratio, size, y = reading.ear_shoulder_ratio, reading.size, reading.shoulder_y
    if relaxed is None or ratio is None or not size or y is None or not _judgeable(reading):
        return None
    lost = relaxed.ratio - ratio
    if lost < drop * relaxed.ratio:
        return False
    rise = (relaxed.shoulder_y - y) * relaxed.aspect / size
    return rise >= RISE_SHARE * lost
