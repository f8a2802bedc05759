"""The stretch window: a coached stretch's name, numbered steps, safety lines, a large countdown,
the repetition, what the camera sees, a drawing of the movement, and Skip (not done) and Done
(done as far as it got). Start pressed again while it is open brings it forward.

It listens to the coach's cues (a Listener of the live loop): the first cue of a session (INTRO)
opens it, each later one updates it. Cues arrive on the monitor's thread and are handed to the GUI
thread through a Bridge (posture/desktop/qt_app.py); the buttons send commands to the loop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posture.core.monitor.commands import Action, Command
from posture.core.ports import Listener, Submit
from posture.core.stretches.catalogue import Stretch
from posture.core.stretches.cues import Cue, CueKind, Phase
from posture.desktop.movement import MovementDrawing
from posture.desktop.qt_app import Bridge, void
from posture.desktop.stretch_words import camera_line, countdown, move_of, repetition, steps_text

WINDOW_SIZE = (1000, 640)
"""Fits a 1280x720 screen with room for a panel."""
PICTURE_WIDTH = 400
"""The drawing and the countdown under it."""
COUNT_POINTS = (54, 28)
"""The countdown's size: a number or a short word, and a longer phrase ('get into position')."""


def _label(points: int, bold: bool = False, colour: str = "#1d2b33") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # a stretch's <b> or <img> shows as written
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    return label


class StretchWindow(QWidget):
    """One stretch session on screen; `show_cue` follows it."""

    def __init__(self, submit: Submit) -> None:
        super().__init__()
        self.submit = submit
        self.finished = False
        self.checked = False
        self.setWindowTitle("posture: stretch")
        self.setStyleSheet("background: #f4f7f6;")
        self.title = _label(24, bold=True)
        self.repetition = _label(14, colour="#40535e")
        self.steps = _label(14)
        self.safety = _label(10, colour="#5d6d75")
        self.count = _label(COUNT_POINTS[0], bold=True, colour="#1f7a6d")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setWordWrap(False)
        self.count.setFixedHeight(96)  # the drawing above keeps its size whatever is said
        self.camera = _label(14, colour="#7a3d00")
        self.drawing = MovementDrawing()
        self.skip = QPushButton("Skip")
        self.done = QPushButton("Done")
        for button in (self.skip, self.done):
            button.setMinimumSize(130, 44)
            button.setFont(_label(13).font())
        self.skip.clicked.connect(self._on_skip)
        self.done.clicked.connect(self._on_done)
        self._arrange()
        self.resize(*WINDOW_SIZE)

    def _arrange(self) -> None:
        text = QVBoxLayout()
        for widget in (self.title, self.repetition, self.steps):
            text.addWidget(widget)
        text.addStretch(1)
        text.addWidget(self.safety)
        picture = QVBoxLayout()
        picture.addWidget(self.drawing, 1)
        picture.addWidget(self.count)
        side = QWidget()
        side.setFixedWidth(PICTURE_WIDTH)
        side.setLayout(picture)
        middle = QHBoxLayout()
        middle.addLayout(text, 1)
        middle.addWidget(side)
        buttons = QHBoxLayout()
        buttons.addWidget(self.camera, 1)
        buttons.addWidget(self.skip)
        buttons.addWidget(self.done)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 22)
        outer.addLayout(middle, 1)
        outer.addLayout(buttons)

    def begin(self, stretch: Stretch, safety: tuple[str, ...]) -> None:
        """A new session: the stretch's name, steps and safety lines."""
        self.finished, self.checked = False, stretch.check is not None
        self.title.setText(stretch.name)
        self.steps.setText("\n".join(steps_text(stretch)))
        self.safety.setText("\n".join(safety))
        self.camera.setText("")
        self.skip.setEnabled(True)
        self.done.setText("Done")

    def show_cue(self, cue: Cue) -> None:
        """Follow one cue: countdown, repetition, camera line, drawing; the end of the session."""
        said = countdown(cue) if cue.phase is not None else ""
        font = self.count.font()
        font.setPointSize(COUNT_POINTS[0] if len(said) <= 8 else COUNT_POINTS[1])
        void(self.count.setFont, font)
        void(self.count.setText, said)
        void(self.repetition.setText, repetition(cue))
        shown = camera_line(cue, self.checked, self.camera.text().removeprefix("Camera: "))
        void(self.camera.setText, f"Camera: {shown}" if self.checked and shown else shown)
        self.drawing.set_move(move_of(cue))
        if cue.kind is CueKind.DONE or cue.phase is Phase.DONE:
            self.finished = True
            void(self.skip.setEnabled, False)
            void(self.done.setText, "Close")

    def _end(self, action: Action) -> None:
        if not self.finished:
            self.submit(Command(action))
        self.finished = True
        self.hide()

    def _on_skip(self) -> None:
        """Skip: the stretch ends now, stored as not done, and the window goes."""
        self._end(Action.SKIP_STRETCH)

    def _on_done(self) -> None:
        """Done: a stretch under way ends here, counted as far as it went; then the window goes."""
        self._end(Action.FINISH_STRETCH)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends a stretch under way, as Skip does."""
        if not self.finished:
            self.submit(Command(Action.SKIP_STRETCH))
            self.finished = True
        event.accept()


def _centre(window: QWidget) -> None:
    """Size the window to fit the screen it opens on, and put it in the middle."""
    area = window.screen().availableGeometry()
    width = min(WINDOW_SIZE[0], int(area.width() * 0.95))
    height = min(WINDOW_SIZE[1], int(area.height() * 0.95))
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)


RUN_OVER = object()
"""Posted when the run has ended."""
FORWARD = object()
"""Posted when Start is pressed again while a stretch is under way: its window comes forward."""


class StretchWindows(Listener):
    """Opens the stretch window when a coached stretch starts and follows its cues.

    Make it in the GUI thread; the loop may call `cue` from its own thread.
    """

    def __init__(self, submit: Submit, safety: tuple[str, ...] = ()) -> None:
        self.submit, self.safety = submit, safety
        self.window: StretchWindow | None = None
        self._bridge = Bridge(self._show)

    def cue(self, cue: Cue) -> None:
        if cue.stretch is not None:  # a coach's cue (a run's own words have no stretch)
            self._bridge.post(cue)

    def finished(self, seconds: float) -> None:
        self._bridge.post(RUN_OVER)

    def command(self, command: Command, t: float) -> None:
        if command.action is Action.TAKE_STRETCH:
            self._bridge.post(FORWARD)

    def _show(self, item: object) -> None:
        """In the GUI thread: open the window for a new session, then follow it; the run's end
        closes it."""
        if item is RUN_OVER and self.window is not None:
            self.window.finished = True  # the run has ended the stretch already
            self.window.hide()
        if item is FORWARD and self.window is not None and not self.window.finished:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()
        if not isinstance(item, Cue) or item.stretch is None:
            return
        if item.kind is CueKind.INTRO or self.window is None:
            if self.window is None:
                self.window = StretchWindow(self.submit)
                _centre(self.window)
            self.window.begin(item.stretch, item.safety or self.safety)
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()
        self.window.show_cue(item)
