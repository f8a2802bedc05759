"""Cheap looks between pose readings: did something move, is the lens covered? (OpenCV.)

Each frame is shrunk to a tiny grey thumbnail and compared with the last one, so a quick head
turn can trigger a reading at once without running the model on every frame; and, block by
block, with the thumbnail of the last frame the model read, so a picture that has not changed
since needs no new reading. A thumbnail that is dark and flat is a covered lens or a black frame,
not an absent user.
"""

from __future__ import annotations

import cv2
import numpy as np

from posture.core.ports import Glance

THUMB = (64, 48)
BLOCK = 8
"""The thumbnail is compared with the last read one in BLOCK x BLOCK squares (8 x 6 of them)."""
MOTION_LEVEL = 6.0
"""Mean grey-level change (0-255) of the thumbnail that counts as motion worth a reading."""
CHANGE_LEVEL = 12.0
"""Mean grey-level change of any one block since the last reading that counts as a new picture.
Measured on the shared clips letterboxed into 640x480, glances 0.5 s apart: a head held still
while making faces changes its blocks by 3-15; looking down to write by 25-58; head turns and
tilts by 24-98. Between the two, a face that keeps changing gets more readings (it costs CPU,
misses nothing); slower drifts are caught by the refresh (refresh_s)."""
COVERED_MEAN, COVERED_SPREAD = 16.0, 6.0
"""A thumbnail this dark and this flat is a covered lens or a black frame."""


def thumbnail(rgb: np.ndarray) -> np.ndarray:
    """The frame as a THUMB-sized grey image (float32)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.resize(grey, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def is_covered(thumb: np.ndarray) -> bool:
    """Whether a thumbnail is dark and flat enough to be a covered lens."""
    return float(thumb.mean()) < COVERED_MEAN and float(thumb.std()) < COVERED_SPREAD


def block_change(thumb: np.ndarray, reference: np.ndarray) -> float:
    """The largest mean grey-level change of any BLOCK x BLOCK square between two thumbnails."""
    rows, cols = thumb.shape[0] // BLOCK, thumb.shape[1] // BLOCK
    diff = np.abs(thumb - reference)[: rows * BLOCK, : cols * BLOCK]
    return float(diff.reshape(rows, BLOCK, cols, BLOCK).mean(axis=(1, 3)).max())


class ThumbnailMotion:
    """Motion and covered-lens checks from consecutive thumbnails, and whether the picture
    changed since the last `mark` (the last frame the model read)."""

    def __init__(self) -> None:
        self._last: np.ndarray | None = None
        self._read: np.ndarray | None = None
        """The thumbnail of the last frame the model read."""

    def glance(self, rgb: np.ndarray) -> Glance:
        thumb = thumbnail(rgb)
        last, self._last = self._last, thumb
        moved = last is not None and float(np.abs(thumb - last).mean()) > MOTION_LEVEL
        read = self._read
        changed = read is None or block_change(thumb, read) > CHANGE_LEVEL
        return Glance(moved=moved, covered=is_covered(thumb), changed=changed)

    def mark(self) -> None:
        self._read = self._last
