"""The tray icon's look for each state: a white sign on a coloured ground, drawn, not loaded.

While posture is being judged the ground is a rounded square and the sign a seated figure (head
over shoulders): upright when good, its head pushed forward when forward, with turn marks when
the neck has been still, shrugging (marks over its shoulders) when they have been raised,
standing up when a break is due, a question mark when no angle can be
had. When nothing is judged (paused, snoozed, away, the camera's problems, starting) the ground is
a disc with its own sign. So every state differs in shape, not only in colour; the colours are the
Okabe-Ito palette (safe for colour-blind eyes, as the report's charts).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from posture.core.monitor.alert_table import spec
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import State

SIZE = 64
"""Pixels a side; the tray host scales it down."""


class Sign(enum.Enum):
    """The white sign drawn on the ground."""

    UPRIGHT = "upright"
    FORWARD = "forward"
    TURN = "turn"
    SHRUG = "shrug"
    STAND = "stand"
    QUESTION = "question"
    ZED = "zed"
    EMPTY_SEAT = "empty_seat"
    PAUSE = "pause"
    CROSS = "cross"
    LENS = "lens"
    DOTS = "dots"


JUDGED = (
    State.GOOD,
    State.FORWARD,
    State.STILL_SOON,
    State.BREAK_DUE,
    State.SHOULDERS_UP,
    State.UNSURE,
)
"""States drawn on a rounded square (posture judged); the others on a disc."""

LOOKS: dict[State, tuple[str, Sign]] = {
    State.GOOD: ("#009E73", Sign.UPRIGHT),  # bluish green
    State.FORWARD: ("#D55E00", Sign.FORWARD),  # vermilion
    State.STILL_SOON: ("#E69F00", Sign.TURN),  # orange
    State.BREAK_DUE: ("#E69F00", Sign.STAND),
    State.SHOULDERS_UP: ("#E69F00", Sign.SHRUG),
    State.UNSURE: ("#56B4E9", Sign.QUESTION),  # sky blue
    State.SNOOZED: ("#0072B2", Sign.ZED),  # blue
    State.AWAY: ("#999999", Sign.EMPTY_SEAT),
    State.PAUSED: ("#999999", Sign.PAUSE),
    State.CAMERA_PROBLEM: ("#CC79A7", Sign.CROSS),  # reddish purple
    State.CAMERA_IN_USE: ("#0072B2", Sign.LENS),
    State.STARTING: ("#999999", Sign.DOTS),
}
"""Each state's ground colour and sign."""

WORDS: dict[State, str] = {
    State.GOOD: "good posture",
    State.FORWARD: "head forward",
    State.STILL_SOON: "still neck: move your head soon",
    State.BREAK_DUE: "time for a break",
    State.SHOULDERS_UP: spec(EventKind.SHOULDERS_ALERT).short,
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
    colour, sign = LOOKS[state]
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        s = float(size)
        ground = QRectF(s * 0.04, s * 0.04, s * 0.92, s * 0.92)
        if state in JUDGED:
            painter.drawRoundedRect(ground, s * 0.2, s * 0.2)
        else:
            painter.drawEllipse(ground)
        _sign(painter, sign, s)
    finally:
        painter.end()
    return image


def _pen(s: float, width: float = 0.09) -> QPen:
    return QPen(QColor("#FFFFFF"), s * width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)


def _figure(painter: QPainter, s: float, lean: float = 0.0, dx: float = 0.0) -> None:
    """A seated person seen from the side: head, neck, back and a shoulder; `lean` pushes the
    head forward (a fraction of the size), `dx` moves the whole figure."""
    white = QColor("#FFFFFF")
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(white)
    head = QPointF(s * (0.47 + lean + dx), s * (0.27 + lean * 0.5))
    painter.drawEllipse(head, s * 0.12, s * 0.12)
    body = QPainterPath()
    body.moveTo(s * (0.3 + dx), s * 0.86)
    body.lineTo(s * (0.3 + dx), s * 0.62)
    body.quadTo(s * (0.3 + dx), s * 0.46, s * (0.47 + dx), s * 0.46)
    body.quadTo(s * (0.64 + dx), s * 0.46, s * (0.64 + dx), s * 0.62)
    body.lineTo(s * (0.64 + dx), s * 0.86)
    body.closeSubpath()
    painter.drawPath(body)
    painter.setPen(_pen(s, 0.1))
    painter.drawLine(QPointF(s * (0.47 + dx), s * 0.5), head)  # the neck


def _sign(painter: QPainter, sign: Sign, s: float) -> None:
    if sign is Sign.UPRIGHT:
        _figure(painter, s)
    elif sign is Sign.FORWARD:
        _figure(painter, s, lean=0.22, dx=-0.1)
    elif sign is Sign.TURN:
        _figure(painter, s, dx=-0.06)
        painter.setPen(_pen(s, 0.07))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for x, w in ((0.58, 0.2), (0.64, 0.28)):  # "turn your head": arcs beside it
            painter.drawArc(QRectF(s * x, s * 0.27 - s * w, s * w, s * w * 2), -55 * 16, 110 * 16)
    elif sign is Sign.SHRUG:
        _figure(painter, s)
        painter.setPen(_pen(s, 0.07))
        for x in (0.22, 0.72):  # "shoulders up": a caret over each shoulder
            tip = QPointF(s * (x + 0.06), s * 0.3)
            painter.drawLine(QPointF(s * x, s * 0.4), tip)
            painter.drawLine(tip, QPointF(s * (x + 0.12), s * 0.4))
    elif sign is Sign.STAND:
        _standing(painter, s)
    elif sign is Sign.QUESTION:
        _question(painter, s)
    else:
        _disc_sign(painter, sign, s)


def _standing(painter: QPainter, s: float) -> None:
    """A person standing, stepping off: head, body and two legs apart."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawEllipse(QPointF(s * 0.5, s * 0.2), s * 0.1, s * 0.1)
    painter.setPen(_pen(s, 0.12))
    painter.drawLine(QPointF(s * 0.5, s * 0.36), QPointF(s * 0.5, s * 0.6))
    painter.setPen(_pen(s, 0.09))
    painter.drawLine(QPointF(s * 0.5, s * 0.6), QPointF(s * 0.36, s * 0.86))
    painter.drawLine(QPointF(s * 0.5, s * 0.6), QPointF(s * 0.66, s * 0.86))
    painter.drawLine(QPointF(s * 0.5, s * 0.4), QPointF(s * 0.34, s * 0.54))
    painter.drawLine(QPointF(s * 0.5, s * 0.4), QPointF(s * 0.68, s * 0.5))


def _question(painter: QPainter, s: float) -> None:
    painter.setPen(_pen(s, 0.11))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(s * 0.33, s * 0.18, s * 0.34, s * 0.3), 160 * 16, -250 * 16)
    painter.drawLine(QPointF(s * 0.52, s * 0.48), QPointF(s * 0.5, s * 0.6))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#FFFFFF"))
    painter.drawEllipse(QPointF(s * 0.5, s * 0.76), s * 0.065, s * 0.065)


def _disc_sign(painter: QPainter, sign: Sign, s: float) -> None:
    """The signs of the states where nothing is judged."""
    white = QColor("#FFFFFF")
    painter.setBrush(white)
    painter.setPen(Qt.PenStyle.NoPen)
    if sign is Sign.PAUSE:
        painter.drawRect(QRectF(s * 0.32, s * 0.28, s * 0.12, s * 0.44))
        painter.drawRect(QRectF(s * 0.56, s * 0.28, s * 0.12, s * 0.44))
    elif sign is Sign.DOTS:
        for x in (0.3, 0.5, 0.7):
            painter.drawEllipse(QPointF(s * x, s * 0.5), s * 0.07, s * 0.07)
    elif sign is Sign.LENS:
        painter.drawRoundedRect(QRectF(s * 0.2, s * 0.32, s * 0.6, s * 0.38), s * 0.06, s * 0.06)
        painter.setBrush(QColor(LOOKS[State.CAMERA_IN_USE][0]))
        painter.drawEllipse(QPointF(s * 0.5, s * 0.51), s * 0.11, s * 0.11)
    elif sign is Sign.EMPTY_SEAT:
        painter.setPen(_pen(s, 0.09))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        seat = [(0.34, 0.22, 0.34, 0.6), (0.34, 0.6, 0.68, 0.6), (0.68, 0.6, 0.68, 0.8)]
        seat += [(0.34, 0.6, 0.34, 0.8)]
        for x1, y1, x2, y2 in seat:
            painter.drawLine(QPointF(s * x1, s * y1), QPointF(s * x2, s * y2))
    else:
        painter.setPen(_pen(s, 0.1))
        lines = {
            Sign.CROSS: [(0.32, 0.32, 0.68, 0.68), (0.68, 0.32, 0.32, 0.68)],
            Sign.ZED: [
                (0.34, 0.32, 0.66, 0.32),
                (0.66, 0.32, 0.34, 0.68),
                (0.34, 0.68, 0.66, 0.68),
            ],
        }[sign]
        for x1, y1, x2, y2 in lines:
            painter.drawLine(QPointF(s * x1, s * y1), QPointF(s * x2, s * y2))
