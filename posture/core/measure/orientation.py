"""Which way a person faces: the body's turn from the camera (front or side view), the side
that faces it, and the head's yaw, pitch and roll. Pure (numpy and the standard library).

Head orientation from the face landmarks with a simple head model: the nose tip sits
HEAD_DEPTH_RATIO half ear-widths in front of the ear axis and NOSE_DROP_RATIO half ear-widths
below it. Yaw > 0: the person turns to their left; pitch > 0: chin down; roll > 0: head tilted
toward the left shoulder.
"""

from __future__ import annotations

import math

import numpy as np

from posture.core.data import LM, PoseSample, View

SIDE_VIEW_MIN_DEG = 45.0
"""Body turn (angle of the shoulder line out of the image plane) from which the view is 'side'."""

HEAD_DEPTH_RATIO = 1.5
"""Nose tip in front of the ear axis, in half ear-widths (about 11 cm over about 7.3 cm)."""

NOSE_DROP_RATIO = 0.3
"""Nose tip below the ear axis with the head level, in half ear-widths (about 2 cm)."""

LEVEL_NOSE_ANGLE_RAD = math.atan2(NOSE_DROP_RATIO, HEAD_DEPTH_RATIO)
"""Angle of the ear->nose line below the head's forward axis when the head is level."""


def body_turn_deg(sample: PoseSample) -> float:
    """How far the shoulder line turns out of the image plane: 0 facing the camera, 90 side-on."""
    d = sample.world[LM.LEFT_SHOULDER] - sample.world[LM.RIGHT_SHOULDER]
    return math.degrees(math.atan2(abs(float(d[2])), abs(float(d[0]))))


def classify_view(sample: PoseSample) -> View:
    """Front or side, from how far the shoulders are turned away from the camera."""
    return View.SIDE if body_turn_deg(sample) >= SIDE_VIEW_MIN_DEG else View.FRONT


def near_side(sample: PoseSample) -> tuple[LM, LM]:
    """The (ear, shoulder) pair on the side that faces the camera."""
    left = sample.image[[LM.LEFT_EAR, LM.LEFT_SHOULDER], 2].mean()
    right = sample.image[[LM.RIGHT_EAR, LM.RIGHT_SHOULDER], 2].mean()
    if left <= right:
        return LM.LEFT_EAR, LM.LEFT_SHOULDER
    return LM.RIGHT_EAR, LM.RIGHT_SHOULDER


def facing_sign(p: np.ndarray, ear: LM) -> float:
    """+1 if the person faces image-right (nose right of the ear in pixels `p`), else -1."""
    return 1.0 if p[LM.NOSE, 0] >= p[ear, 0] else -1.0


def front_orientation(sample: PoseSample) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees for a person facing the camera."""
    p = sample.pixels()
    axis = p[LM.LEFT_EAR] - p[LM.RIGHT_EAR]
    half = float(np.linalg.norm(axis)) / 2.0
    if half < 1e-6:
        return float("nan"), float("nan"), float("nan")
    u = axis / (2.0 * half)
    offset = p[LM.NOSE] - (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) / 2.0
    across = float(offset @ u) / half
    drop = float(offset @ np.array([-u[1], u[0]])) / half
    reach = math.hypot(HEAD_DEPTH_RATIO, NOSE_DROP_RATIO)
    pitch = 0.0
    # Two passes: a nod shortens the nose's depth, which the second yaw estimate accounts for.
    for _ in range(2):
        depth = HEAD_DEPTH_RATIO * math.cos(pitch) - NOSE_DROP_RATIO * math.sin(pitch)
        yaw = math.atan2(across, max(depth, 1e-3))
        # The ear axis shortens with yaw; undo that before reading the nose drop.
        rho = drop * max(math.cos(yaw), 0.2)
        pitch = math.asin(float(np.clip(rho / reach, -1.0, 1.0))) - LEVEL_NOSE_ANGLE_RAD
    roll = math.degrees(math.atan2(float(axis[1]), float(axis[0])))
    return math.degrees(yaw), math.degrees(pitch), roll


def side_pitch_deg(sample: PoseSample) -> float:
    """Pitch for a side view: the ear->nose line below horizontal, less its level-head value."""
    ear, _ = near_side(sample)
    p = sample.pixels()
    forward = facing_sign(p, ear) * (p[LM.NOSE, 0] - p[ear, 0])
    drop = p[LM.NOSE, 1] - p[ear, 1]
    return math.degrees(math.atan2(drop, forward) - LEVEL_NOSE_ANGLE_RAD)
