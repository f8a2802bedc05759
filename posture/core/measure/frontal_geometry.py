"""The frontal estimate's projection model: what a front camera shows of a neck at a given angle.

Pure numpy. All lengths are in shoulder widths. The neck runs from the shoulder-joint midpoint to
the ear midpoint (length `neck_ratio`), tilted forward by theta from vertical; the camera sits
`camera_height` above the shoulder line at a straight-line distance from it that the shoulders'
pixel width gives. `predict` says, for candidate angles, how tall the neck looks and how large the
head looks next to the shoulders; docs/frontal-estimator.md has the derivation.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

import numpy as np

from posture.core.data import LM, PoseSample
from posture.core.measure import orientation

NOD_PIVOT_BELOW = 0.09
"""The head pitches about the top of the neck, about 3 cm below the ears (in shoulder widths)..."""

NOD_PIVOT_BEHIND = 0.03
"""...and about 1 cm behind them, so a nod carries the ears forward and a little down."""


def shoulders_in_frame(sample: PoseSample) -> bool:
    """Whether both shoulder points lie inside the frame (outside it the model guesses them)."""
    points = sample.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], :2]
    return bool(np.all((points >= 0.0) & (points <= 1.0)))


def neck_length(p: np.ndarray) -> float:
    """Shoulder midpoint to ear midpoint over the shoulder width, in pixels `p` (33 x 2).

    Measured along the neck, not as the ears' height above the shoulder line: a head tilted or
    shifted to one side, or a body leaning sideways, turns the neck without shortening it. A head
    rolled against the shoulders turns about the top of the neck, below the ears, which lowers
    them a little: that is put back, as `predict` does for a nod.
    """
    line = p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]
    axis = p[LM.LEFT_EAR] - p[LM.RIGHT_EAR]
    neck = (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR] - p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]) / 2.0
    roll = math.atan2(float(axis[1]), float(axis[0])) - math.atan2(float(line[1]), float(line[0]))
    length = float(np.linalg.norm(neck)) / float(np.linalg.norm(line))
    return length + NOD_PIVOT_BELOW * (1.0 - math.cos(roll))


class Proportions(Protocol):
    """The person's neck and head and the camera's height, in shoulder widths."""

    @property
    def neck_ratio(self) -> float: ...

    @property
    def head_ratio(self) -> float: ...

    @property
    def camera_height(self) -> float: ...


def focal_px(frame_width: int, hfov_deg: float) -> float:
    """Focal length in pixels for a frame width and horizontal field of view."""
    return (frame_width / 2.0) / math.tan(math.radians(hfov_deg) / 2.0)


def level_distance(m: Proportions, distance: float) -> float:
    """Horizontal distance to the shoulder line, from the straight-line one and camera height."""
    return math.sqrt(max(distance**2 - m.camera_height**2, (0.2 * distance) ** 2))


def ears(theta: np.ndarray, m: Proportions, distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Ears' horizontal distance from the camera and drop below it, for each candidate theta."""
    ears_z = np.maximum(level_distance(m, distance) - m.neck_ratio * np.sin(theta), 0.05)
    return ears_z, m.camera_height - m.neck_ratio * np.cos(theta)


def true_pitch(
    apparent_rad: np.ndarray | float, ears_z: np.ndarray | float, head_ratio: float
) -> Any:
    """Undo perspective on the apparent pitch: the nose is nearer the camera than the ears, so
    its offset from them (what the pitch is read from) is magnified by ears_z / (ears_z - nose).
    """
    nose = (
        orientation.HEAD_DEPTH_RATIO * head_ratio / 2.0
    )  # nose ahead of the ears, shoulder widths
    shrink = np.maximum(ears_z - nose, 0.05) / ears_z
    level = orientation.LEVEL_NOSE_ANGLE_RAD
    return np.arcsin(np.clip(np.sin(np.asarray(apparent_rad) + level) * shrink, -1.0, 1.0)) - level


def predict(
    theta: np.ndarray, m: Proportions, distance: float, pitch_deg: float
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted (neck height, head scale) for candidate angles `theta` (radians).

    `distance` is the straight-line distance to the shoulder line (what their width shows).
    """
    ears_z, drop = ears(theta, m, distance)
    # The apparent pitch is the true nod plus the camera's elevation seen from the ears
    # (calibration fits the camera height so that a level head reads exactly that).
    apparent = math.radians(pitch_deg)
    nod = true_pitch(apparent, np.hypot(ears_z, drop), m.head_ratio) - np.arctan2(drop, ears_z)
    # The ears swing about the pivot: forward by the first term, down by the second.
    ahead = NOD_PIVOT_BELOW * np.sin(nod) + NOD_PIVOT_BEHIND * (np.cos(nod) - 1.0)
    lower = NOD_PIVOT_BELOW * (1.0 - np.cos(nod)) + NOD_PIVOT_BEHIND * np.sin(nod)
    ears_z = np.maximum(ears_z - ahead, 0.05)
    drop = drop + lower
    rays = math.atan2(m.camera_height, level_distance(m, distance)) - np.arctan2(drop, ears_z)
    # Image size goes with the distance along the line of sight, not the horizontal one.
    return rays * distance, m.head_ratio * distance / np.hypot(ears_z, drop)


def far_height(theta: np.ndarray, neck_ratio: float, pitch_deg: float) -> np.ndarray:
    """Neck height for candidate angles as a distant camera at ear height sees it: the neck's
    vertical extent, less the ears' drop when the head nods about its pivot."""
    nod = math.radians(pitch_deg)
    lower = NOD_PIVOT_BELOW * (1.0 - math.cos(nod)) + NOD_PIVOT_BEHIND * math.sin(nod)
    return np.asarray(neck_ratio * np.cos(theta) - lower, dtype=float)
