"""The first-run guide: what posture keeps, the camera with a live preview, calibration in the
window, what to be warned about, start at login; Done hands over to the tray.

The camera work runs in a worker thread (posture/app/guide.py) and reaches this window through a
Bridge. The choices (warnings, the camera picked in the list) go into posture.toml line by line,
start at login and the menu entry as ticked (posture/desktop/guide_choices.py). Done calls
`done(True)`; closing early calls `done(False)`: the monitor then runs uncalibrated and the tray
says it is not set up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from posture.app.config import load_settings
from posture.app.guide import Calibrated, ChinPoked, GuideCamera, Look
from posture.core.errors import PostureError
from posture.core.settings import Settings
from posture.desktop import guide_choices
from posture.desktop.diary_choice import DiaryChoice
from posture.desktop.guide_picture import PREVIEW_SIZE, picture
from posture.desktop.qt_app import Bridge
from posture.desktop.settings_window import Field, checked

PRIVACY = (
    "posture looks at your webcam and keeps only numbers: angles, timers, alerts.",
    "No picture or video is ever stored, and nothing is sent anywhere.",
    "Your history stays in one file here; `posture history delete` removes it.",
)
WARNINGS = ("forward_hold_s", "still_alert_s", "sitting_alert_s", "sharp_alert")
TITLES = ("What posture keeps", "Your camera", "Sit tall", "What to warn about", "Done")


def _text(text: str, points: int = 12, bold: bool = False) -> QLabel:
    label = QLabel(text)
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class SetupWindow(QWidget):
    """The guide's five pages, Back and Next, the preview beside them."""

    def __init__(
        self,
        camera: GuideCamera,
        config: Path | None,
        done: Callable[[bool], None],
        cameras: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.camera, self.config, self.done = camera, config, done
        self.calibrated: Calibrated | None = None
        self.settings_file: Path | None = None
        self.listed = cameras
        self.picked: int | None = None  # the camera written as the `camera` setting
        self.finished = False
        self.setWindowTitle("posture: set up")
        self.resize(900, 560)
        self._bridge = Bridge(self._arrived)
        self.stack = QStackedWidget()
        self.title = _text("", 18, bold=True)
        self.preview = QLabel("starting the camera...")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #20282c; color: #dfe6e9;")
        self.advice = _text("")
        self.back, self.next = QPushButton("Back"), QPushButton("Next")
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(self._next)
        for page in (self._privacy(), self._camera(cameras), self._calibrate(), self._choices()):
            self.stack.addWidget(page)
        self.stack.addWidget(self._done_page())
        self._layout()
        self.go(0)
        self._worker = threading.Thread(
            target=camera.run, args=(self._bridge.post,), name="posture-guide", daemon=True
        )
        self._worker.start()

    def _layout(self) -> None:
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.advice)
        side.addStretch(1)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.stack, 1)
        body.addLayout(left, 1)
        body.addLayout(side)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

    # --- pages ----------------------------------------------------------------------------------

    def _privacy(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        for line in PRIVACY:
            box.addWidget(_text(line, 13))
        box.addStretch(1)
        return page

    def _camera(self, cameras: list[str] | None) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.cameras = QComboBox()
        if cameras:
            self.cameras.addItems([f"camera {c}" for c in cameras])
            if self.camera.camera in cameras:
                self.cameras.setCurrentIndex(cameras.index(self.camera.camera))
            self.cameras.currentIndexChanged.connect(lambda i: self.camera.switch(cameras[i]))
        else:  # a recording stands in for the webcam
            source = self.camera.source
            self.cameras.addItem(source.name if source else f"camera {self.camera.camera}")
            self.cameras.setEnabled(False)
        box.addWidget(_text("Cameras found:"))
        box.addWidget(self.cameras)
        box.addWidget(_text("Put the camera at eye height: head and shoulders in view, light on "
                            "your face.\nThe green lines run from ear to shoulder: the angle "
                            "posture watches."))  # fmt: skip
        box.addStretch(1)
        return page

    def _calibrate(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(_text("Sit tall, shoulders relaxed, and look at the middle of the screen."
                            "\nPress Start, then hold still for a few seconds."))  # fmt: skip
        self.start = QPushButton("Start")
        self.start.clicked.connect(self._start_capture)
        self.countdown = _text("", 28, bold=True)
        self.result = _text("")
        self.poke = QPushButton("Also: chin forward (optional)")
        self.poke.setEnabled(False)
        self.poke.clicked.connect(self._start_poke)
        self.poke_result = _text("")
        for widget in (self.start, self.countdown, self.result, self.poke, self.poke_result):
            box.addWidget(widget)
        box.addStretch(1)
        return page

    def _choices(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        settings = self._settings_now()
        self.fields = {key: Field(key, getattr(settings, key)) for key in WARNINGS}
        for row, field in enumerate(self.fields.values()):
            grid.addWidget(QLabel(f"<b>{field.words.label}</b>"), row * 2, 0)
            grid.addWidget(field.control, row * 2, 1)
            grid.addWidget(QLabel(field.words.unit if field.words.unit != "" else ""), row * 2, 2)
            grid.addWidget(field.error, row * 2 + 1, 1, 1, 2)
            grid.addWidget(field.why, row * 2 + 1, 0)
        how = _text("Warnings come as desktop notifications, with Snooze and a stretch to try.")
        self.diary = DiaryChoice(settings)
        self.at_login = QCheckBox("Start posture when I log in (on unless you untick it)")
        self.at_login.setChecked(True)
        self.menu_entry = QCheckBox("Add posture to the applications menu")
        self.menu_entry.setChecked(True)
        row = len(WARNINGS) * 2
        for offset, widget in enumerate((how, self.diary.box, self.at_login, self.menu_entry)):
            grid.addWidget(widget, row + offset, 0, 1, 3)
        grid.setRowStretch(row + 4, 1)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.summary = _text("")
        box.addWidget(self.summary)
        box.addStretch(1)
        return page

    def _settings_now(self) -> Settings:
        try:
            return load_settings(self.config, []).settings
        except PostureError:
            return Settings()

    # --- moving through -------------------------------------------------------------------------

    def go(self, index: int) -> None:
        index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(index)
        self.title.setText(TITLES[index])
        self.back.setEnabled(0 < index < self.stack.count() - 1)
        self.next.setText("Done" if index == self.stack.count() - 1 else "Next")
        if index == self.stack.count() - 1:
            self.summary.setText(self._summary())

    def _next(self) -> None:
        index = self.stack.currentIndex()
        if index == self.stack.count() - 2 and not self._apply_choices():
            return
        if index == self.stack.count() - 1:
            self.finished = True
            self.close()
            return
        self.go(index + 1)

    def _start_poke(self) -> None:
        self.start.setEnabled(False)
        self.poke.setEnabled(False)
        self.poke_result.setText("Push your chin toward the screen, eyes level, and hold it.")
        self.camera.calibrate(chin_poke=True)

    def _start_capture(self) -> None:
        self.start.setEnabled(False)
        self.result.setText("")
        self.camera.calibrate()

    def _apply_choices(self) -> bool:
        """Write the chosen warnings, start at login and the menu entry; False on a bad value."""
        values, bad = checked(self.fields)
        if bad:
            return False
        values |= self.diary.values()
        self.picked = guide_choices.picked_camera(self.listed, self.camera.camera)
        if self.picked is not None:
            values["camera"] = self.picked
        try:
            at_login, menu = self.at_login.isChecked(), self.menu_entry.isChecked()
            self.settings_file = guide_choices.apply(self.config, values, at_login, menu)
        except PostureError as exc:
            self.fields[WARNINGS[0]].error.setText(str(exc))
            return False
        return True

    def _summary(self) -> str:
        cal = self.calibrated
        lines = [cal.words() if cal else "Not calibrated: the usual figures are used."]
        lines.append(f"Your settings: {self.settings_file}")
        if self.picked is not None:
            lines.append(f"posture watches camera {self.picked} (the camera setting).")
        login = "starts when you log in" if self.at_login.isChecked() else "does not start at login"
        menu = "is in the applications menu" if self.menu_entry.isChecked() else "has no menu entry"
        lines.append(f"posture {login} and {menu}.")
        lines.append(self.diary.words())
        lines.append("It runs in the tray (or `posture run`).\nFor later changes, the tray's "
                     "menu has Settings… and Set up…")  # fmt: skip
        return "\n\n".join(lines)

    # --- from the camera's thread ---------------------------------------------------------------

    def _arrived(self, item: object) -> None:
        if isinstance(item, Look):
            self.preview.setPixmap(picture(item))
            self.advice.setText(f"Framing: {item.advice}" if item.advice else "Framing: good")
            if item.phase:
                word = "starting in" if item.phase == "countdown" else "hold still..."
                self.countdown.setText(f"{word} {item.remaining_s:.0f}")
        elif isinstance(item, Calibrated):
            self.calibrated = item
            self.countdown.setText("")
            self.result.setText(item.words())
            self.start.setEnabled(True)
            self.start.setText("Again")
            self.poke.setEnabled(not item.error)
            self.poke_result.setText("")
        elif isinstance(item, ChinPoked):
            self.countdown.setText("")
            self.poke_result.setText(item.words())
            self.start.setEnabled(True)
            self.poke.setEnabled(True)
        elif isinstance(item, str):
            self.preview.setText(item)
            self.preview.setWordWrap(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.camera.stop()
        self._worker.join(timeout=5)
        super().closeEvent(event)
        self.done(self.finished and self.calibrated is not None and not self.calibrated.error)
