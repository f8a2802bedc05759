"""Cheap looks between pose readings: did something move, is the lens covered? (OpenCV.)

Each frame is shrunk to a tiny grey thumbnail (from a JPEG frame, decoded small and grey straight
away: camera/jpeg.py) and compared with the last one, so a quick head turn can trigger
a reading at once without running the model on every frame; and, block by block, with the
thumbnail of the last frame the model read, so a picture that has not changed since needs no new
reading. A thumbnail that is dark and flat is a covered lens or a black frame, not an absent user.
"""

from __future__ import annotations

import cv2
import numpy as np

from posture.core.ports import Glance, Shot

THUMB = (64, 48)
BLOCK = 8
"""The thumbnail is compared with the last read one in BLOCK x BLOCK squares (8 x 6 of them)."""
MOTION_LEVEL = 6.0
"""Mean grey-level change (0-255) of the thumbnail that counts as motion worth a reading."""
CHANGE_LEVEL = 8.0
"""A change of any one block's mean grey level since the last reading (beyond the median block's:
the whole picture a little brighter or darker) that counts as a new picture. A block's mean moves
when something bright or dark enters or leaves it, as when a head shifts, turns or nods; a face
making faces, talking or blinking rearranges its features inside the blocks and moves their means
little. Measured on the shared clips letterboxed into 640x480, readings 1 s apart: a still head
making faces 1.4-12 (90% under 6), head turns 20-170, looking down to write 4-155."""
TEXTURE_LEVEL = 25.0
"""A block whose pixels changed by this much on average also counts as a new picture, even if
its mean did not move (a turn inside one block): making faces 4-17, writing and turns 24-170."""
CUT_LEVEL = 30.0
"""Mean grey-level change of the thumbnail between two glances that is a cut, the whole picture
replaced: on the shared clips letterboxed into 640x480, glances 0.5 s apart within a clip change
it by at most 19 (head turns, writing), the cuts between clips and photos of other people by
43-93 (benchmarks/desk_recording.py's busy plan)."""
COVERED_MEAN, COVERED_SPREAD = 16.0, 6.0
"""A thumbnail this dark and this flat is a covered lens or a black frame."""


def thumbnail(shot: Shot) -> np.ndarray:
    """The frame as a THUMB-sized grey image (float32)."""
    if isinstance(shot, np.ndarray):  # shrunk first: the grey conversion then costs nothing
        small = cv2.resize(shot, THUMB, interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    else:
        grey = cv2.resize(shot.grey(), THUMB, interpolation=cv2.INTER_AREA)
    return grey.astype(np.float32)


def is_covered(thumb: np.ndarray) -> bool:
    """Whether a thumbnail is dark and flat enough to be a covered lens."""
    return float(thumb.mean()) < COVERED_MEAN and float(thumb.std()) < COVERED_SPREAD


def _blocks(image: np.ndarray) -> np.ndarray:
    """The image cut into BLOCK x BLOCK squares: axes (row, y, column, x)."""
    rows, cols = image.shape[0] // BLOCK, image.shape[1] // BLOCK
    return image[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK)


def block_change(thumb: np.ndarray, reference: np.ndarray) -> float:
    """The largest change of any block's mean grey level between two thumbnails, beyond the
    median block's (the whole picture a little brighter or darker)."""
    diff = _blocks(thumb).mean(axis=(1, 3)) - _blocks(reference).mean(axis=(1, 3))
    return float(np.abs(diff - np.median(diff)).max())


def texture_change(thumb: np.ndarray, reference: np.ndarray) -> float:
    """The largest mean grey-level difference, pixel by pixel, within any one block."""
    return float(_blocks(np.abs(thumb - reference)).mean(axis=(1, 3)).max())


def changed(thumb: np.ndarray, reference: np.ndarray) -> bool:
    """Whether the picture changed enough since `reference` for the model to look again."""
    return (
        block_change(thumb, reference) > CHANGE_LEVEL
        or texture_change(thumb, reference) > TEXTURE_LEVEL
    )


class ThumbnailMotion:
    """Motion and covered-lens checks from consecutive thumbnails, and whether the picture
    changed since the last `mark` (the last frame the model read)."""

    def __init__(self) -> None:
        self._last: np.ndarray | None = None
        self._read: np.ndarray | None = None
        """The thumbnail of the last frame the model read."""

    def glance(self, shot: Shot) -> Glance:
        thumb = thumbnail(shot)
        last, self._last = self._last, thumb
        motion = float(np.abs(thumb - last).mean()) if last is not None else 0.0
        read = self._read
        new = read is None or changed(thumb, read)
        cut = motion > CUT_LEVEL
        return Glance(moved=motion > MOTION_LEVEL, covered=is_covered(thumb), changed=new, cut=cut)

    def mark(self) -> None:
        self._read = self._last
