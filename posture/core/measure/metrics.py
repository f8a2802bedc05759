"""Pure geometry on pose landmarks: presence, head-forward angle, neck and shoulder height, size.

Imports numpy and the standard library only (no cv2, no mediapipe), so it can be tested on
hand-built landmark sets and reused by the monitor and the simulator.

The geometric model, in one place:

* Side view. The head-forward angle is the angle of the shoulder->ear vector from vertical,
  measured in the image on the side that faces the camera, positive when the ear is ahead of the
  shoulder in the direction the person faces (nose side). A person facing left or right reads the
  same.
* Front view: `posture.frontal` rebuilds the neck from its height above the shoulder line and
  the head's scale, anchored on a calibration profile or on population figures. `read` takes it
  as a `FrontEstimator`, so this module knows nothing of profiles.
* Which way the body and head face (the view, the near side, yaw, pitch and roll): see
  `posture.core.measure.orientation`.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from posture.core.data import LM, Limit, PoseSample, Reading, View
from posture.core.measure.orientation import (
    body_turn_deg,
    classify_view,
    facing_sign,
    front_orientation,
    near_side,
    side_pitch_deg,
)

VISIBLE = 0.5
"""Landmark visibility at or above which a point counts as seen."""

UNCALIBRATED_FRONT_CONFIDENCE = 0.6
"""Cap on the confidence of a frontal estimate made from population defaults."""

DEFAULT_FORWARD_THRESHOLD_DEG = 25.0
"""One threshold for both views: `is_forward`'s default and the older benchmarks' tables. The
monitor and `analyze` judge each view at its own (settings `forward_threshold_deg`, 22 from the
front, and `side_threshold_deg`, 20 from the side; see measure/verdict.py)."""

SMALL_FRONT_PX = 60.0
"""A front view whose shoulders are narrower than this (pixels) is too small to judge: the neck
is then about 35 px tall, and 2 px of landmark jitter moves it 6% (the shared frames: 67 px and
up, cut at the shoulders; 118 px and up otherwise)."""

SMALL_SIDE_PX = 40.0
"""A side view whose ear-to-shoulder length is shorter than this (pixels) is too small to judge:
2 px of jitter is 3-4 deg (the shared side photos: 91 px and up)."""

THREE_QUARTER_DEG = 35.0
"""A body turned this far (or more) but read as a front view (under SIDE_VIEW_MIN_DEG) is seen
three-quarter: the shoulder width is mostly depth, and the side angle is foreshortened. The
shared frontal frames turn up to 31 deg leaning sideways."""

LIMITED_CONFIDENCE = 0.15
"""The confidence of a reading whose view cannot be judged well: under any judging confidence
(the monitor's is 0.3)."""


class FrontEstimator(Protocol):
    """Turns a frontal sample into (head_forward_deg, confidence)."""

    @property
    def calibrated(self) -> bool:
        """Whether the estimate is anchored on this user's calibration."""

    def __call__(self, sample: PoseSample, /) -> tuple[float, float]: ...


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-9 else v


def is_present(sample: PoseSample | None) -> bool:
    """A person whose head and shoulders are seen well enough to measure."""
    if sample is None:
        return False
    ear = max(sample.image[LM.LEFT_EAR, 3], sample.image[LM.RIGHT_EAR, 3])
    shoulder = max(sample.image[LM.LEFT_SHOULDER, 3], sample.image[LM.RIGHT_SHOULDER, 3])
    return bool(ear >= VISIBLE and shoulder >= VISIBLE)


def side_head_forward(sample: PoseSample) -> tuple[float, float]:
    """(head_forward_deg, confidence) for a side view, on the side facing the camera."""
    ear, shoulder = near_side(sample)
    p = sample.pixels()
    dx = facing_sign(p, ear) * (p[ear, 0] - p[shoulder, 0])
    dy = p[shoulder, 1] - p[ear, 1]
    angle = math.degrees(math.atan2(dx, dy))
    turn = math.radians(body_turn_deg(sample))
    confidence = sample.visibility(ear, shoulder, LM.NOSE) * math.sin(turn)
    return angle, float(np.clip(confidence, 0.0, 1.0))


def side_trunk_deg(sample: PoseSample) -> float:
    """Side view: the hip->shoulder line from vertical, on the side facing the camera, positive
    when the shoulder is ahead of the hip (a slump or a lean in), negative behind it (a lean
    back); nan when that hip is not seen (a desk hides it)."""
    ear, shoulder = near_side(sample)
    hip = LM.LEFT_HIP if shoulder is LM.LEFT_SHOULDER else LM.RIGHT_HIP
    if sample.image[hip, 3] < VISIBLE:
        return float("nan")
    p = sample.pixels()
    dx = facing_sign(p, ear) * (p[shoulder, 0] - p[hip, 0])
    return math.degrees(math.atan2(dx, p[hip, 1] - p[shoulder, 1]))


def neck_ratio(sample: PoseSample) -> float:
    """Ear-midpoint height above the shoulder line over the (turn-corrected) shoulder width."""
    p = sample.pixels()
    ls, rs = p[LM.LEFT_SHOULDER], p[LM.RIGHT_SHOULDER]
    ears = (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) / 2.0
    line = ls - rs
    width = float(np.linalg.norm(line))
    if width < 1e-6:
        return float("nan")
    # Perpendicular distance of the ear midpoint from the shoulder line (robust to camera roll).
    cross = float(line[0] * (ears[1] - rs[1]) - line[1] * (ears[0] - rs[0]))
    height = abs(cross) / width
    width /= max(math.cos(math.radians(body_turn_deg(sample))), 0.2)
    return height / width


HAND_NEAR_FACE = 0.7
"""A seen wrist this near the ear midpoint, in shoulder widths, is a hand at the face: it may
hide or push an ear (the shared clips' gesturing wrists stay 0.78 or more away)."""

HAND_NEAR_SHOULDER = 0.5
"""A seen wrist this near a shoulder, in shoulder widths, is a hand on it (self-massage)."""

TURN_LIMIT_DEG = 30.0
"""A body turned further than this from the camera gives no shoulder height (the shoulder line
foreshortens and the far shoulder hides)."""


def ear_shoulder_ratio(sample: PoseSample) -> tuple[float | None, float]:
    """(ratio, confidence) of the shoulders' height in a front view: the ear midpoint's height
    above the shoulder line over the shoulder width (`neck_ratio`; raised shoulders shrink it).
    None where it cannot be measured: a side or turned view, ears or shoulders unseen or off the
    frame. Confidence 0 while a hand is at the face or on a shoulder."""
    points = (LM.LEFT_EAR, LM.RIGHT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER)
    seen = sample.visibility(*points)
    xy = sample.image[list(points), :2]
    turn = body_turn_deg(sample)
    if seen < VISIBLE or turn > TURN_LIMIT_DEG or xy.min() < 0.0 or xy.max() > 1.0:
        return None, 0.0
    ratio = neck_ratio(sample)
    if not math.isfinite(ratio):
        return None, 0.0
    if _hand_near(sample):
        return ratio, 0.0
    return ratio, float(np.clip(seen * math.cos(math.radians(turn)), 0.0, 1.0))


def _hand_near(sample: PoseSample) -> bool:
    """A seen wrist at the face or on a shoulder."""
    p = sample.pixels()
    width = float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))
    ears = (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) / 2.0
    for wrist in (LM.LEFT_WRIST, LM.RIGHT_WRIST):
        if sample.image[wrist, 3] < VISIBLE:
            continue
        if float(np.linalg.norm(p[wrist] - ears)) < HAND_NEAR_FACE * width:
            return True
        for shoulder in (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER):
            if float(np.linalg.norm(p[wrist] - p[shoulder])) < HAND_NEAR_SHOULDER * width:
                return True
    return False


def body_size_px(sample: PoseSample, view: View) -> float:
    """How big the person looks, in pixels: the shoulder width corrected for body turn (front),
    or the near ear-to-shoulder length (side, where the shoulders overlap)."""
    p = sample.pixels()
    if view is View.SIDE:
        ear, shoulder = near_side(sample)
        return float(np.linalg.norm(p[ear] - p[shoulder]))
    width = float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))
    return width / max(math.cos(math.radians(body_turn_deg(sample))), 0.2)


def shoulder_centre(sample: PoseSample) -> tuple[float, float]:
    """The shoulder-line midpoint, as fractions of the frame's width and height."""
    mid = sample.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], :2].mean(axis=0)
    return float(mid[0]), float(mid[1])


def view_limit(sample: PoseSample, view: View) -> Limit | None:
    """Why this view cannot be judged well, if it cannot: too small, or seen three-quarter."""
    small = SMALL_SIDE_PX if view is View.SIDE else SMALL_FRONT_PX
    if body_size_px(sample, view) < small:
        return Limit.SMALL
    if view is View.FRONT and body_turn_deg(sample) >= THREE_QUARTER_DEG:
        return Limit.THREE_QUARTER
    return None


def _finite(x: float, digits: int = 2) -> float | None:
    return round(x, digits) if math.isfinite(x) else None


def read(sample: PoseSample | None, t: float, front: FrontEstimator) -> Reading:
    """Everything the monitor needs from one frame; `front` measures frontal views."""
    if sample is None or not is_present(sample):
        return Reading(t=t, present=False)
    view = classify_view(sample)
    if view is View.SIDE:
        angle, confidence = side_head_forward(sample)
        yaw, pitch, roll = float("nan"), side_pitch_deg(sample), float("nan")
    else:
        angle, confidence = front(sample)
        yaw, pitch, roll = front_orientation(sample)
    centre = shoulder_centre(sample)
    limit = view_limit(sample, view)
    if limit is not None:
        confidence = min(confidence, LIMITED_CONFIDENCE)
    ratio, shoulder_confidence = ear_shoulder_ratio(sample)
    return Reading(
        t=t,
        present=True,
        view=view,
        head_forward_deg=_finite(angle),
        confidence=round(confidence, 3),
        yaw_deg=_finite(yaw),
        pitch_deg=_finite(pitch),
        roll_deg=_finite(roll),
        calibrated=view is View.FRONT and front.calibrated,
        neck_ratio=_finite(neck_ratio(sample), 4) if view is View.FRONT else None,
        ear_shoulder_ratio=_finite(ratio, 4) if ratio is not None else None,
        shoulder_confidence=round(shoulder_confidence, 3),
        size=_finite(body_size_px(sample, view) / sample.width, 4),
        shoulder_x=_finite(centre[0], 4),
        shoulder_y=_finite(centre[1], 4),
        limit=limit,
        trunk_deg=_finite(side_trunk_deg(sample), 1) if view is View.SIDE else None,
    )


def is_forward(
    reading: Reading, threshold_deg: float = DEFAULT_FORWARD_THRESHOLD_DEG
) -> bool | None:
    """The verdict at a threshold; None where there is no angle to judge."""
    if reading.head_forward_deg is None:
        return None
    return reading.head_forward_deg > threshold_deg
