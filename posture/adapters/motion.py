"""Cheap looks between pose readings: did something move, is the lens covered? (OpenCV.)

Each frame is shrunk to a tiny grey thumbnail and compared with the last one, so a quick head
turn can trigger a reading at once without running the model on every frame. A thumbnail that is
dark and flat is a covered lens or a black frame, not an absent user.
"""

from __future__ import annotations

import cv2
import numpy as np

from posture.core.ports import Glance

THUMB = (64, 48)
MOTION_LEVEL = 6.0
"""Mean grey-level change (0-255) of the thumbnail that counts as motion worth a reading."""
COVERED_MEAN, COVERED_SPREAD = 16.0, 6.0
"""A thumbnail this dark and this flat is a covered lens or a black frame."""


def thumbnail(rgb: np.ndarray) -> np.ndarray:
    """The frame as a THUMB-sized grey image (float32)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.resize(grey, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def is_covered(thumb: np.ndarray) -> bool:
    """Whether a thumbnail is dark and flat enough to be a covered lens."""
    return float(thumb.mean()) < COVERED_MEAN and float(thumb.std()) < COVERED_SPREAD


class ThumbnailMotion:
    """Motion and covered-lens checks from consecutive thumbnails."""

    def __init__(self) -> None:
        self._last: np.ndarray | None = None

    def glance(self, rgb: np.ndarray) -> Glance:
        thumb = thumbnail(rgb)
        last, self._last = self._last, thumb
        moved = last is not None and float(np.abs(thumb - last).mean()) > MOTION_LEVEL
        return Glance(moved=moved, covered=is_covered(thumb))
