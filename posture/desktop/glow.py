"""The glow: bands of soft colour along every screen's edges, the next nudge after the
notification once an alert has come back `escalate_after` times (setting glow_on_escalation).
It grows with how long the posture has lasted, fades away when the cause clears (or on pause,
snooze, a break), lets every click through, and is not shown over a fullscreen window or during
do-not-disturb.

A listener of the run (as the stretch window): events arrive on the monitor's thread and are
handed to the GUI thread through a Bridge. Each edge is a window of its own, a band only
GLOW_PX wide, so a desktop without a compositor (no transparency) shows solid bands, never a
darkened screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QPropertyAnimation, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from posture.app.alerter import WITHDRAWN_BY
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import State
from posture.core.ports import Listener
from posture.desktop import icons
from posture.desktop.qt_app import Bridge

GLOW_PX = 24
"""How far the glow reaches in from each edge."""
FADE_MS = 1500
FULL_AFTER_S = 1800.0
"""A posture that has lasted this long glows at full strength; a fresh one at a third of it."""
COLOURS = {
    EventKind.FORWARD_ALERT: icons.LOOKS[State.FORWARD][0],
    EventKind.STILL_ALERT: icons.LOOKS[State.STILL_SOON][0],
    EventKind.SITTING_ALERT: icons.LOOKS[State.BREAK_DUE][0],
    EventKind.SHOULDERS_ALERT: icons.LOOKS[State.STILL_SOON][0],
}
EDGES = ("top", "bottom", "left", "right")
TITLE = "posture: glow"


def strength(lasted_s: float) -> float:
    """0.33 for a posture just alerted, growing to 1 at FULL_AFTER_S."""
    return min(1.0, 0.33 + 0.67 * max(lasted_s, 0.0) / FULL_AFTER_S)


@dataclass(frozen=True, slots=True)
class Lit:
    kind: EventKind
    lasted_s: float


@dataclass(frozen=True, slots=True)
class Out:
    kinds: tuple[EventKind, ...]


class Band(QWidget):
    """One edge of one screen: a gradient from the edge inwards, transparent to input."""

    def __init__(self, edge: str, area: QRect) -> None:
        flags = (
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Tool
            | Qt.WindowType.WindowTransparentForInput
            | Qt.WindowType.WindowDoesNotAcceptFocus
            | Qt.WindowType.X11BypassWindowManagerHint
        )
        super().__init__(None, flags)
        self.edge = edge
        self.colour = QColor(COLOURS[EventKind.FORWARD_ALERT])
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setGeometry(_band(edge, area))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        w, h = float(self.width()), float(self.height())
        start, end = {
            "top": (QPointF(0, 0), QPointF(0, h)),
            "bottom": (QPointF(0, h), QPointF(0, 0)),
            "left": (QPointF(0, 0), QPointF(w, 0)),
            "right": (QPointF(w, 0), QPointF(0, 0)),
        }[self.edge]
        gradient = QLinearGradient(start, end)
        gradient.setColorAt(0.0, self.colour)
        fade = QColor(self.colour)
        fade.setAlpha(0)
        gradient.setColorAt(1.0, fade)
        painter.fillRect(self.rect(), gradient)
        painter.end()


def _band(edge: str, area: QRect) -> QRect:
    x, y, w, h = area.x(), area.y(), area.width(), area.height()
    return {
        "top": QRect(x, y, w, GLOW_PX),
        "bottom": QRect(x, y + h - GLOW_PX, w, GLOW_PX),
        "left": QRect(x, y, GLOW_PX, h),
        "right": QRect(x + w - GLOW_PX, y, GLOW_PX, h),
    }[edge]


class Glow(Listener):
    """Lights the edges for escalated alerts and fades them out when their causes clear.

    Make it in the GUI thread; `escalate_after` is the repeats before an alert counts as
    escalated; `glows` says whether an alert of a kind glows, escalated or not (by default: once
    escalated); `fullscreen` says whether a window fills the screen now, or do-not-disturb is on
    (None: cannot be known): no glow then."""

    def __init__(
        self,
        escalate_after: int,
        fullscreen: Callable[[], bool | None],
        glows: Callable[[EventKind, bool], bool] | None = None,
    ) -> None:
        self.escalate_after, self.fullscreen = escalate_after, fullscreen
        self.glows = glows or (lambda kind, escalated: escalated)
        self.bands: list[Band] = []
        self.lit: dict[EventKind, float] = {}
        self._fades: list[QPropertyAnimation] = []
        self._bridge = Bridge(self._arrived)

    def events(self, events: Sequence[Event]) -> None:
        for event in events:
            gone = WITHDRAWN_BY.get(event.kind, ())
            if gone:
                self._bridge.post(Out(tuple(gone)))
            escalated = event.repeat >= self.escalate_after
            if event.kind in ALERTS and self.glows(event.kind, escalated):
                self._bridge.post(Lit(event.kind, event.duration_s or 0.0))

    def finished(self, seconds: float) -> None:
        self._bridge.post(Out(ALERTS))

    def _arrived(self, item: object) -> None:
        if isinstance(item, Lit) and not self.fullscreen():
            self.lit[item.kind] = item.lasted_s
            self._light()
        elif isinstance(item, Out) and any(self.lit.pop(k, None) is not None for k in item.kinds):
            if self.lit:
                self._light()
            else:
                self._fade(0.0)

    def _light(self) -> None:
        """Show the bands in the colour of the longest-lasting cause, as strong as it is long."""
        kind, lasted = max(self.lit.items(), key=lambda item: item[1])
        if not self.bands:
            for screen in QGuiApplication.screens():
                self.bands += [Band(edge, screen.geometry()) for edge in EDGES]
        colour = QColor(COLOURS[kind])
        colour.setAlphaF(0.85 * strength(lasted))
        for band in self.bands:
            band.colour = colour
            if not band.isVisible():
                band.setWindowOpacity(0.0)
                band.show()
            band.update()
        self._fade(1.0)

    def _fade(self, to: float) -> None:
        """Fade every band to `to` (0: then hidden)."""
        for fade in self._fades:
            fade.stop()
        self._fades = []
        for band in self.bands:
            fade = QPropertyAnimation(band, b"windowOpacity")
            fade.setDuration(FADE_MS)
            fade.setStartValue(band.windowOpacity())
            fade.setEndValue(to)
            if to == 0.0:
                fade.finished.connect(band.hide)
            fade.start()
            self._fades.append(fade)
