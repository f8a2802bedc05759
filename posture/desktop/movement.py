"""A simple drawing of a stretch's movement (head, neck and shoulders, and an arrow), with Qt.

Drawn as in a mirror, as a webcam preview shows you: your left is on the left. The resting pose
is drawn faintly, the pose to reach over it, filled while it is held.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from posture.core.stretches.catalogue import Measure
from posture.desktop.qt_app import void
from posture.desktop.stretch_words import Move

SIZE = 260.0
"""The drawing's own square of units; it is scaled to the widget."""
ACCENT = QColor("#1f7a6d")
GHOST = QColor("#c9d3d8")
ARROW = QColor("#e07a1f")


class MovementDrawing(QWidget):
    """Draws one Move; `set_move` redraws when it changes."""

    def __init__(self) -> None:
        super().__init__()
        self.shown = Move(None, "", False)
        self.setMinimumSize(240, 240)

    def set_move(self, move: Move) -> None:
        if move != self.shown:
            self.shown = move
            void(self.update)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = min(self.width(), self.height()) / SIZE
        painter.translate(self.width() / 2, self.height() / 2)
        painter.scale(scale, scale)
        move = self.shown
        if move.measure is Measure.AWAY:
            _walk(painter)
        elif move.measure is Measure.CHIN_TUCK:
            _profile(painter, GHOST, 0.0, filled=False)
            _profile(painter, ACCENT, 1.0, filled=move.held)
            _arrow(painter, QPointF(40, -95), QPointF(-10, -95))
        elif move.measure is None:  # a stretch the camera does not check: the person at rest
            _front(painter, move, ACCENT, filled=False)
        else:
            _front(painter, Move(None, "", False), GHOST, filled=False)
            _front(painter, move, ACCENT, filled=move.held)
            _front_arrow(painter, move)
        painter.end()


def _pen(colour: QColor, width: float = 5.0) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _front(painter: QPainter, move: Move, colour: QColor, filled: bool) -> None:
    """Shoulders, neck and head from the front, in the pose of `move` (None: at rest)."""
    sign = -1.0 if move.side in ("left", "up") else 1.0
    lift = 22.0 if move.measure is Measure.SHRUG else 0.0
    painter.save()
    painter.setPen(_pen(colour))
    painter.setBrush(colour if filled else Qt.BrushStyle.NoBrush)
    shoulders = QPainterPath(QPointF(-110, 120))
    shoulders.cubicTo(QPointF(-105, 40 - lift), QPointF(-40, 45 - lift), QPointF(0, 45))
    shoulders.cubicTo(QPointF(40, 45 - lift), QPointF(105, 40 - lift), QPointF(110, 120))
    painter.drawPath(shoulders)
    painter.translate(0, 50)
    if move.measure is Measure.ROLL:
        painter.rotate(24.0 * sign)
    painter.drawLine(QPointF(-14, 0), QPointF(-14, -35))
    painter.drawLine(QPointF(14, 0), QPointF(14, -35))
    painter.drawEllipse(QPointF(0, -80), 40, 48)
    _face(painter, move, colour, filled)
    painter.restore()


def _face(painter: QPainter, move: Move, colour: QColor, filled: bool) -> None:
    """Eyes and nose, moved where the head turns or nods."""
    dx = {"left": -18.0, "right": 18.0}.get(move.side, 0.0) if move.measure is Measure.YAW else 0.0
    dy = 0.0
    if move.measure is Measure.PITCH:
        dy = 16.0 if move.side == "down" else -16.0
    painter.setPen(_pen(QColor("white") if filled else colour, 8.0))
    for x in (-14.0, 14.0):
        painter.drawPoint(QPointF(x + dx * 1.2, -88 + dy))
    painter.setPen(_pen(QColor("white") if filled else colour, 5.0))
    painter.drawLine(QPointF(dx * 1.5, -80 + dy), QPointF(dx * 1.5, -68 + dy))


def _front_arrow(painter: QPainter, move: Move) -> None:
    if move.measure is Measure.SHRUG:
        for x in (-80.0, 80.0):
            _arrow(painter, QPointF(x, 95), QPointF(x, 45))
        return
    if move.measure is Measure.PITCH:
        down = move.side == "down"
        _arrow(painter, QPointF(75, -75 if down else -15), QPointF(75, -15 if down else -75))
        return
    sign = -1.0 if move.side == "left" else 1.0
    _arrow(painter, QPointF(-45 * sign, -105), QPointF(45 * sign, -105))


def _profile(painter: QPainter, colour: QColor, back: float, filled: bool) -> None:
    """Shoulders, neck and head from the side, facing right; `back` 1: the chin drawn back."""
    shift = -20.0 * back
    painter.save()
    painter.setPen(_pen(colour))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    torso = QPainterPath(QPointF(-50, 125))
    torso.lineTo(QPointF(-38, 50))
    torso.cubicTo(QPointF(-30, 35), QPointF(20, 35), QPointF(28, 55))
    torso.lineTo(QPointF(38, 125))
    painter.drawPath(torso)
    painter.drawLine(QPointF(-16, 40), QPointF(-14 + shift * 0.6, 2))
    painter.drawLine(QPointF(10, 40), QPointF(12 + shift * 0.6, 2))
    painter.setBrush(colour if filled else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QPointF(shift, -40), 38, 44)
    nose = QPainterPath(QPointF(shift + 36, -50))
    nose.lineTo(QPointF(shift + 50, -34))
    nose.lineTo(QPointF(shift + 35, -30))
    painter.drawPath(nose)
    painter.setPen(_pen(QColor("white") if filled else colour, 9.0))
    painter.drawPoint(QPointF(shift + 20, -52))
    painter.restore()


def _walk(painter: QPainter) -> None:
    """A figure walking out of a door-frame."""
    painter.save()
    painter.setPen(_pen(GHOST, 6.0))
    painter.drawRect(QRectF(40, -100, 70, 200))
    painter.setPen(_pen(ACCENT, 7.0))
    painter.drawEllipse(QPointF(-40, -75), 18, 18)
    for start, end in (
        ((-40, -55), (-45, 10)),
        ((-45, 10), (-75, 80)),
        ((-45, 10), (-15, 80)),
        ((-42, -35), (-75, -5)),
        ((-42, -35), (-10, -10)),
    ):
        painter.drawLine(QPointF(*start), QPointF(*end))
    painter.restore()
    _arrow(painter, QPointF(-10, 110), QPointF(60, 110))


def _arrow(painter: QPainter, start: QPointF, end: QPointF) -> None:
    painter.save()
    painter.setPen(_pen(ARROW, 6.0))
    painter.drawLine(start, end)
    direction = end - start
    length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1.0)
    ux, uy = direction.x() / length, direction.y() / length
    for turn in (1.0, -1.0):
        wing = QPointF(-ux * 14 - uy * 9 * turn, -uy * 14 + ux * 9 * turn)
        painter.drawLine(end, end + wing)
    painter.restore()
