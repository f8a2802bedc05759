"""Framing advice: whether the camera sees the person well enough to judge, what to change. Pure.

Said in one line when `posture run` starts and when `posture calibrate` captures: a frame too
dark for confident landmarks, shoulders cut off by the frame (too close), a head cut off at the
top, or a camera well below or above the eyes (the frontal estimate then leans on a guess).
"""

from __future__ import annotations

import math

import numpy as np

from posture.core.data import LM, PoseSample, View
from posture.core.measure import metrics, orientation

DARK_LEVEL = 50.0
"""Mean brightness (0-255) under which a frame counts as dark: the shared frames are 57-64 (a
dim desk, landmarks still sure) and 108-147 (daylight)."""

EDGE = 0.02
"""A landmark this close to the frame's edge (a fraction of its size), or beyond, is cut off."""

STEEP_DEG = 20.0
"""The head looks this far down or up at the camera while facing the screen: the camera sits
well above or below the eyes (a laptop on the desk looks up about 15-30 deg)."""


def brightness(rgb: np.ndarray) -> float:
    """Mean brightness of an RGB frame (0-255), from every 8th pixel."""
    if rgb.size == 0:
        return 0.0
    return float(np.mean(rgb[::8, ::8]))


def _cut(sample: PoseSample, point: LM) -> bool:
    x, y, _, seen = sample.image[point]
    inside = EDGE <= x <= 1.0 - EDGE and EDGE <= y <= 1.0 - EDGE
    return not inside or seen < metrics.VISIBLE


def _shoulders_cut(sample: PoseSample) -> bool:
    """A shoulder the view needs is off the frame or unseen (from the side, the far one may
    hide behind the body)."""
    cut = [_cut(sample, LM.LEFT_SHOULDER), _cut(sample, LM.RIGHT_SHOULDER)]
    return all(cut) if orientation.classify_view(sample) is View.SIDE else any(cut)


def advice(sample: PoseSample | None, level: float) -> str | None:
    """One short line (it fits 80 columns after 'framing: ') on what to change so the camera
    sees you well, or None when it does.

    `level` is the frame's `brightness`. A dark frame is said only when the landmarks are unsure
    (or no one is found): a dim room with a well-lit face is fine.
    """
    if level < DARK_LEVEL and not metrics.is_present(sample):
        return "too dark for sure landmarks: light your face from the front"
    if sample is None or sample.image[LM.NOSE, 3] < metrics.VISIBLE:
        return None
    if _shoulders_cut(sample):
        return "too close, shoulders cut off: move the camera back or sit further"
    if (_cut(sample, LM.LEFT_EAR) and _cut(sample, LM.RIGHT_EAR)) or sample.image[
        LM.NOSE, 1
    ] < EDGE:
        return "head cut off at the top: tilt the camera up or sit lower"
    return _steepness(sample)


def _steepness(sample: PoseSample) -> str | None:
    """The camera well below or above the eyes, from the head's apparent pitch (front views)."""
    if orientation.classify_view(sample) is not View.FRONT:
        return None
    _, pitch, _ = orientation.front_orientation(sample)
    if not math.isfinite(pitch) or abs(pitch) < STEEP_DEG:
        return None
    if pitch < 0:
        return f"camera {-pitch:.0f} deg below your eyes: raise it to eye height, or calibrate"
    return f"camera {pitch:.0f} deg above your eyes: lower it to eye height, or calibrate"
