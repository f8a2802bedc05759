"""The preview window: the camera image with the landmarks the estimate uses and a few text lines.

An adapter around OpenCV's HighGUI. Frames are shown and dropped, never kept or written. The text
is scaled to the frame (legible from 640x480 to 1280x720 and beyond), each line drawn as one
outline and its fill together, coloured by its tone; the window opens sized to fit the screen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

import cv2
import numpy as np

from posture.adapters.system.closing import Closeable
from posture.core.data import LM, PoseSample
from posture.core.ports import Line, Tone

WINDOW = "posture"
QUIT = "q"
"""What `show` returns for q, Esc, or the window closed."""
_POINTS = (LM.NOSE, LM.LEFT_EAR, LM.RIGHT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER)
_GREEN, _BLACK = (60, 200, 60), (0, 0, 0)
COLOURS = {  # BGR
    Tone.PLAIN: (255, 255, 255),
    Tone.GOOD: (110, 230, 110),
    Tone.ALERT: (40, 90, 255),
    Tone.MUTED: (200, 200, 200),
    Tone.COACH: (255, 215, 90),
}
"""Each tone's fill; ALERT is the alert colour (orange-red), the same for every alert."""
_FONT = cv2.FONT_HERSHEY_SIMPLEX
SCREEN_SHARE = 0.9
"""The window opens at most this share of the screen's width and height."""
DEFAULT_SCREEN = (1280, 720)
"""Assumed when the screen's size cannot be asked (Wayland without X, macOS)."""


def has_display() -> bool:
    """Whether a window can be opened: always on Windows and macOS, with X11/Wayland on Linux."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def text_scale(height: int) -> float:
    """The font scale for a frame `height` pixels tall: capitals about 3% of the height."""
    return max(height / 720.0 * 0.9, 0.45)


def _draw_pose(out: np.ndarray, sample: PoseSample, scale: float) -> None:
    p = sample.pixels().round().astype(int)
    ls, rs = tuple(p[LM.LEFT_SHOULDER]), tuple(p[LM.RIGHT_SHOULDER])
    ears = tuple(((p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) // 2).tolist())
    mid = tuple(((p[LM.LEFT_SHOULDER] + p[LM.RIGHT_SHOULDER]) // 2).tolist())
    width, radius = max(2, round(2 * scale)), max(3, round(5 * scale))
    cv2.line(out, ls, rs, _GREEN, width, cv2.LINE_AA)
    cv2.line(out, mid, ears, _GREEN, width, cv2.LINE_AA)
    for index in _POINTS:
        cv2.circle(out, tuple(p[index]), radius, _GREEN, -1, cv2.LINE_AA)


def _paint(region: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int]) -> None:
    """Blend `colour` into `region` where `alpha` (0-255) says."""
    share = alpha[..., None].astype(np.float32) / 255.0
    region[:] = (region * (1.0 - share) + np.array(colour, np.float32) * share).astype(np.uint8)


def _draw_line(out: np.ndarray, line: Line, y: int, scale: float) -> int:
    """One line below `y`, shrunk to fit the width, its dark outline and its fill painted
    together from one mask (OpenCV's own thick strokes are capped); the next line's top."""
    margin = max(8, round(12 * scale))
    fill = max(1, round(2 * scale))
    border = max(2, round(2.5 * scale))
    (width, text_h), text_base = cv2.getTextSize(line.text, _FONT, scale, fill)
    size = min(scale, scale * (out.shape[1] - 2 * margin) / max(width, 1))
    height: int = round(float(text_h) * size / scale)
    base: int = round(float(text_base) * size / scale)
    top, bottom = max(y, 0), min(y + height + base + 2 * border, out.shape[0])
    if bottom <= top:
        return y
    right = min(out.shape[1], margin + round(width * size / scale) + 2 * border + 2)
    region = out[top:bottom, :right]  # only where this line is: blending costs per pixel
    mask = np.zeros(region.shape[:2], np.uint8)
    origin = (margin, y + border + height - top)
    cv2.putText(mask, line.text, origin, _FONT, size, 255, fill, cv2.LINE_AA)
    ring = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * border + 1, 2 * border + 1))
    _paint(region, cv2.dilate(mask, ring), _BLACK)
    _paint(region, mask, COLOURS[line.tone])
    return y + height + base + border


def draw(rgb: np.ndarray, sample: PoseSample | None, lines: list[Line]) -> np.ndarray:
    """A BGR copy of the frame with the neck (shoulder line, ears, nose) and the lines on it."""
    out = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    scale = text_scale(out.shape[0])
    if sample is not None:
        _draw_pose(out, sample, scale)
    y = max(2, round(6 * scale))
    for line in lines:
        y = _draw_line(out, line, y, scale)
    return out


def fit(frame: tuple[int, int], screen: tuple[int, int]) -> tuple[int, int]:
    """The window's (width, height): the frame's, shrunk (never grown) to fit the screen."""
    shrink = min(1.0, screen[0] * SCREEN_SHARE / frame[0], screen[1] * SCREEN_SHARE / frame[1])
    return max(1, round(frame[0] * shrink)), max(1, round(frame[1] * shrink))


def screen_size() -> tuple[int, int]:
    """The screen's size in pixels: X11 or Windows asked directly, else DEFAULT_SCREEN."""
    try:
        if sys.platform.startswith("win"):
            user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]
            return int(user32.GetSystemMetrics(0)), int(user32.GetSystemMetrics(1))
        name = ctypes.util.find_library("X11")
        if name and os.environ.get("DISPLAY"):
            x11 = ctypes.CDLL(name)
            x11.XOpenDisplay.restype = ctypes.c_void_p
            x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [
                ctypes.c_void_p,
                ctypes.c_int,
            ]
            x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
            display = x11.XOpenDisplay(None)
            if display:
                size = int(x11.XDisplayWidth(display, 0)), int(x11.XDisplayHeight(display, 0))
                x11.XCloseDisplay(display)
                return size
    except (OSError, AttributeError):
        pass
    return DEFAULT_SCREEN


class Preview(Closeable):
    """A window showing annotated frames; `show` returns the key pressed in it ('q' once it was
    closed)."""

    def __init__(self) -> None:
        self._open = False

    def show(self, rgb: np.ndarray, sample: PoseSample | None, lines: list[Line]) -> str | None:
        if self._open and cv2.getWindowProperty(WINDOW, cv2.WND_PROP_VISIBLE) < 1:
            return QUIT  # closed with the window's own button
        if not self._open:
            flags = cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL
            cv2.namedWindow(WINDOW, flags)
            cv2.resizeWindow(WINDOW, *fit((rgb.shape[1], rgb.shape[0]), screen_size()))
            self._open = True
        cv2.imshow(WINDOW, draw(rgb, sample, lines))
        key = cv2.waitKey(1)
        if key < 0:
            return None
        return QUIT if key & 0xFF == 27 else chr(key & 0xFF).lower()

    def close(self) -> None:
        if self._open:
            cv2.destroyWindow(WINDOW)
            cv2.waitKey(1)
            self._open = False
