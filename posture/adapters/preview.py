"""The preview window: the camera image with the landmarks the estimate uses and a few text lines.

An adapter around OpenCV's HighGUI. Frames are shown and dropped, never kept or written.
"""

from __future__ import annotations

import os
import sys

import cv2
import numpy as np

from posture.adapters.closing import Closeable
from posture.core.data import LM, PoseSample

WINDOW = "posture"
_POINTS = (LM.NOSE, LM.LEFT_EAR, LM.RIGHT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER)
_GREEN, _WHITE, _BLACK = (60, 200, 60), (255, 255, 255), (0, 0, 0)


def has_display() -> bool:
    """Whether a window can be opened: always on Windows and macOS, with X11/Wayland on Linux."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def draw(rgb: np.ndarray, sample: PoseSample | None, lines: list[str]) -> np.ndarray:
    """A BGR copy of the frame with the neck (shoulder line, ears, nose) and text drawn on it."""
    out = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    if sample is not None:
        p = sample.pixels().round().astype(int)
        ls, rs = tuple(p[LM.LEFT_SHOULDER]), tuple(p[LM.RIGHT_SHOULDER])
        ears = tuple(((p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) // 2).tolist())
        mid = tuple(((p[LM.LEFT_SHOULDER] + p[LM.RIGHT_SHOULDER]) // 2).tolist())
        cv2.line(out, ls, rs, _GREEN, 2, cv2.LINE_AA)
        cv2.line(out, mid, ears, _GREEN, 2, cv2.LINE_AA)
        for index in _POINTS:
            cv2.circle(out, tuple(p[index]), 4, _GREEN, -1, cv2.LINE_AA)
    scale = max(out.shape[1] / 900.0, 0.5)
    for row, text in enumerate(lines):
        y = int((row + 1) * 34 * scale)
        for colour, thickness in ((_BLACK, 4), (_WHITE, 1)):  # outlined, readable on any image
            cv2.putText(
                out, text, (12, y), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thickness, cv2.LINE_AA
            )
    return out


class Preview(Closeable):
    """A window showing annotated frames; `show` returns False once the user pressed q or Esc."""

    def __init__(self) -> None:
        self._open = False

    def show(self, rgb: np.ndarray, sample: PoseSample | None, lines: list[str]) -> bool:
        cv2.imshow(WINDOW, draw(rgb, sample, lines))
        self._open = True
        key = cv2.waitKey(1) & 0xFF
        return key not in (ord("q"), 27)

    def close(self) -> None:
        if self._open:
            cv2.destroyWindow(WINDOW)
            cv2.waitKey(1)
            self._open = False
