"""The tray menu's entries that start something outside the monitor: calibration, today's
report in the browser, the settings file in its editor, a note in the neck diary.

Each runs `posture` itself in a child process (the same interpreter), waits for it in a helper
thread and reports back to the GUI thread through a Bridge, so the menu never blocks.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from posture.adapters.system.files import private_folder, write_private
from posture.app import diary as app_diary
from posture.app.config import settings_template
from posture.core.errors import PostureError, UsageError
from posture.core.monitor.commands import Action, Command
from posture.desktop.display import Places
from posture.desktop.qt_app import Bridge
from posture.desktop.settings_window import SettingsWindow, open_settings

log = logging.getLogger(__name__)

CALIBRATE_PAUSE_S = 900.0
"""The monitor lets go of the camera this long at most while calibration runs."""
REPORT_FILE = "today.html"


def posture_argv(*args: str) -> list[str]:
    """This `posture`, run by the same interpreter."""
    return [sys.executable, "-m", "posture", *args]


class Actions:
    """The entries, given a way to send commands and to tell the user something."""

    def __init__(self, places: Places, send: Callable[[Command], None], say: Callable[[str], None]):
        self.places, self.send, self.say = places, send, say
        self.guide: Callable[[], None] | None = None
        """Opens the first-run guide (set by the session)."""
        self._settings: SettingsWindow | None = None
        self._back = Bridge(self._done)

    def entries(self) -> dict[str, Callable[[], None]]:
        return {
            "Set up…": self.setup,
            "Settings…": self.settings,
            "Calibrate…": self.calibrate,
            "Today's report": self.report,
            "Open settings file": self.open_settings,
        }

    def settings(self) -> None:
        """The settings window; Save has the running monitor read them again at once."""
        self._settings = open_settings(
            self._settings,
            self.places.settings_file,
            lambda: self.send(Command(Action.RELOAD)),
        )

    def setup(self) -> None:
        """The first-run guide again (the monitor lets go of the camera meanwhile)."""
        if self.guide is not None:
            self.guide()

    def _done(self, item: object) -> None:
        if callable(item):
            item()

    def _in_background(self, argv: list[str], then: Callable[[int, str], None]) -> None:
        def wait() -> None:
            try:
                done = subprocess.run(argv, capture_output=True, text=True, check=False)
                code, err = done.returncode, done.stderr.strip().splitlines()
            except OSError as exc:
                code, err = 2, [str(exc)]
            self._back.post(lambda: then(code, err[-1] if err else ""))

        threading.Thread(target=wait, name="posture-action", daemon=True).start()

    def calibrate(self) -> None:
        """Pause (the camera is let go), calibrate at the webcam, resume."""
        p = self.places
        if p.camera is None:
            self.say("this run watches a recording: calibrate at the terminal (posture calibrate)")
            return
        self.send(Command(Action.PAUSE, CALIBRATE_PAUSE_S))
        argv = posture_argv("calibrate", "--camera", p.camera)
        argv += ["--profile", str(p.profile)] if p.profile else []

        def then(code: int, err: str) -> None:
            self.send(Command(Action.RESUME))
            if code == 0:
                self.send(Command(Action.RELOAD))
                self.say("calibrated: the monitor now reads in your own degrees")
            else:
                self.say(f"calibration did not finish: {err or 'see the terminal'}")

        self._in_background(argv, then)

    def report(self) -> None:
        """Write today's HTML report into the state folder and open it in the browser."""
        p = self.places
        try:
            private_folder(p.state_dir, UsageError)
        except UsageError as exc:
            self.say(str(exc))
            return
        html = p.state_dir / REPORT_FILE
        argv = posture_argv("report", "--db", str(p.db), "--html", str(html))

        def then(code: int, err: str) -> None:
            if code != 0:
                self.say(f"no report: {err}")
            elif not QDesktopServices.openUrl(QUrl.fromLocalFile(str(html))):
                self.say(f"the report is in {html} (no browser could be opened)")

        self._in_background(argv, then)

    def note_neck(self, level: int) -> None:
        """Note today's neck level in the diary (in a helper thread, the history may be busy) and
        say it, with the texts' advice to see a doctor when it is due."""
        db = self.places.db

        def work() -> None:
            try:
                noted = app_diary.note(db, level, [], 0, datetime.now().astimezone())
                said = f"noted: your neck {level}/10 today"
                if noted.advice is not None:
                    said += f". Please note: {noted.advice.text()}"
            except PostureError as exc:
                said = f"not noted: {exc}"
            self._back.post(lambda: self.say(said))

        threading.Thread(target=work, name="posture-diary", daemon=True).start()

    def open_settings(self) -> None:
        """Open the settings file in the desktop's editor (made, all commented, if missing)."""
        path = self.places.settings_file
        try:
            if not path.exists():
                private_folder(path.parent, UsageError)
                write_private(path, settings_template(), "settings file", UsageError)
        except UsageError as exc:
            self.say(str(exc))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.say(f"the settings file is {path} (no editor could be opened)")
