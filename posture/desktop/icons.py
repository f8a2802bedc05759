"""The tray icon's look for each state: a coloured disc with a shape on it, drawn, not loaded.

Colours are the Okabe-Ito palette (safe for colour-blind eyes, as the report's charts); the
shape tells the states apart without the colour (a bar for head forward, two bars for paused, a
cross for a camera problem, a lens for the camera in use, a ring for away).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from posture.core.monitor.state import State

SIZE = 64
"""Pixels a side; the tray host scales it down."""


class Mark(enum.Enum):
    """The shape drawn on the disc."""

    NONE = "none"
    DOT = "dot"
    BAR = "bar"
    PAUSE = "pause"
    CROSS = "cross"
    LENS = "lens"
    RING = "ring"
    ZED = "zed"
    CLOCK = "clock"


LOOKS: dict[State, tuple[str, Mark]] = {
    State.GOOD: ("#009E73", Mark.NONE),  # bluish green
    State.FORWARD: ("#D55E00", Mark.BAR),  # vermilion
    State.STILL_SOON: ("#E69F00", Mark.DOT),  # orange
    State.BREAK_DUE: ("#E69F00", Mark.CLOCK),
    State.UNSURE: ("#56B4E9", Mark.NONE),  # sky blue
    State.SNOOZED: ("#0072B2", Mark.ZED),  # blue
    State.AWAY: ("#999999", Mark.RING),
    State.PAUSED: ("#999999", Mark.PAUSE),
    State.CAMERA_PROBLEM: ("#CC79A7", Mark.CROSS),  # reddish purple
    State.CAMERA_IN_USE: ("#0072B2", Mark.LENS),
    State.STARTING: ("#999999", Mark.DOT),
}
"""Each state's disc colour and mark."""

WORDS: dict[State, str] = {
    State.GOOD: "good posture",
    State.FORWARD: "head forward",
    State.STILL_SOON: "still neck: move your head soon",
    State.BREAK_DUE: "time for a break",
    State.UNSURE: "no angle now",
    State.SNOOZED: "alerts snoozed",
    State.AWAY: "away",
    State.PAUSED: "paused",
    State.CAMERA_PROBLEM: "camera problem",
    State.CAMERA_IN_USE: "camera in use: paused",
    State.STARTING: "starting",
}
"""What the tooltip and the menu's first line say of each state."""


def draw(state: State, size: int = SIZE) -> QImage:
    """The icon of `state` as an image (no display needed)."""
    colour, mark = LOOKS[state]
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        margin = size * 0.06
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
        _mark(painter, mark, size)
    finally:
        painter.end()
    return image


def _mark(painter: QPainter, mark: Mark, size: int) -> None:
    """The white shape on the disc (none for the plain states)."""
    s = float(size)
    white = QColor("#FFFFFF")
    pen = QPen(white, s * 0.1, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setBrush(white)
    if mark is Mark.DOT:
        painter.drawEllipse(QPointF(s / 2, s / 2), s * 0.12, s * 0.12)
    elif mark is Mark.BAR:
        painter.drawRoundedRect(QRectF(s * 0.2, s * 0.42, s * 0.6, s * 0.16), s * 0.05, s * 0.05)
    elif mark is Mark.PAUSE:
        painter.drawRect(QRectF(s * 0.32, s * 0.28, s * 0.12, s * 0.44))
        painter.drawRect(QRectF(s * 0.56, s * 0.28, s * 0.12, s * 0.44))
    elif mark is Mark.LENS:
        painter.drawRoundedRect(QRectF(s * 0.22, s * 0.32, s * 0.56, s * 0.36), s * 0.06, s * 0.06)
        painter.setBrush(QColor(LOOKS[State.CAMERA_IN_USE][0]))
        painter.drawEllipse(QPointF(s / 2, s / 2), s * 0.1, s * 0.1)
    elif mark is Mark.RING:
        painter.setBrush(QColor(0, 0, 0, 0))
        painter.setPen(pen)
        painter.drawEllipse(QPointF(s / 2, s / 2), s * 0.2, s * 0.2)
    else:
        _lines(painter, mark, pen, s)


def _lines(painter: QPainter, mark: Mark, pen: QPen, s: float) -> None:
    """The marks drawn as strokes: a cross, a Z, clock hands."""
    painter.setPen(pen)
    points = {
        Mark.CROSS: [(0.32, 0.32, 0.68, 0.68), (0.68, 0.32, 0.32, 0.68)],
        Mark.ZED: [(0.32, 0.32, 0.68, 0.32), (0.68, 0.32, 0.32, 0.68), (0.32, 0.68, 0.68, 0.68)],
        Mark.CLOCK: [(0.5, 0.5, 0.5, 0.26), (0.5, 0.5, 0.68, 0.5)],
    }.get(mark, [])
    for x1, y1, x2, y2 in points:
        painter.drawLine(QPointF(s * x1, s * y1), QPointF(s * x2, s * y2))
