"""`posture run` with a tray icon: Qt's event loop in the main thread, the monitor in a worker.

`why_no_tray` says in advance why there can be no icon (no display, no tray host); the caller
then runs the monitor as in the terminal. A tray host that goes away during the run takes the
icon with it; the monitor, in its own thread, keeps monitoring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QSystemTrayIcon

from posture.app import run as app_run
from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.core.monitor.commands import Action, Command
from posture.core.ports import Notifier, Sink
from posture.desktop.actions import Actions
from posture.desktop.display import Places
from posture.desktop.guide_session import needs_setup, open_guide, run_guide
from posture.desktop.qt_app import application, run_beside, why_no_display
from posture.desktop.setup_window import SetupWindow
from posture.desktop.stretch_window import StretchWindows
from posture.desktop.tray import Tray

log = logging.getLogger(__name__)

__all__ = ["Places", "run_with_tray", "why_no_tray"]


def why_no_tray() -> str | None:
    """Why no tray icon can be shown here (None: it can)."""
    reason = why_no_display()
    if reason is not None:
        return reason
    application()
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return "no system tray here (no tray host or StatusNotifier watcher)"
    return None


def run_with_tray(
    plan: RunPlan, sink: Sink, notifier: Callable[[], Notifier], places: Places
) -> tuple[RunSummary, str]:
    """`app.run.run` in a worker thread with a tray icon as one of its surfaces, and the stretch
    window following the coach."""
    application()
    tray: Tray | None = None

    def say(text: str) -> None:
        log.warning("%s", text)
        if tray is not None:
            tray.icon.showMessage("posture", text)

    actions = Actions(places, lambda command: tray.send(command) if tray else None, say)
    tray = Tray(actions.entries())
    actions.guide = GuideFromTray(places, tray, say)
    if needs_setup(places.camera, places.profile) and places.camera is not None:
        # the first run on this camera: the guide first, while the camera is free
        finished = run_guide(places.camera, None, places.profile, plan.model)
        if not finished:
            _not_set_up(tray, say)
        elif plan.settings_source is not None:  # what the guide wrote, from the first reading
            plan = replace(plan, settings=plan.settings_source())
    windows = StretchWindows(tray.send)  # a stretch started from an alert opens its window
    try:
        return run_beside(lambda: app_run.run(plan, sink, notifier, [tray], [windows]), tray.stop)
    finally:
        tray.hide()


GUIDE_PAUSE_S = 1800.0
"""The monitor lets go of the camera this long at most while the guide is open from the tray."""
NOT_SET_UP = "not set up: the usual figures are used until you calibrate (Set up… in this menu)"


def _not_set_up(tray: Tray, say: Callable[[str], None]) -> None:
    """Say so, and mark the menu's "Set up…" entry."""
    for action in tray.menu.actions():
        if action.text().startswith("Set up…"):
            action.setText("Set up… (not set up yet)")
    say(NOT_SET_UP)


class GuideFromTray:
    """The guide while the run goes on: the monitor pauses (letting go of the camera) and, when
    the guide closes, resumes with what it wrote (settings, profile) read again."""

    def __init__(self, places: Places, tray: Tray, say: Callable[[str], None]) -> None:
        self.places, self.tray, self.say = places, tray, say
        self.window: SetupWindow | None = None

    def __call__(self) -> None:
        camera = self.places.camera
        if camera is None:
            self.say("this run watches a recording: set up at the terminal (posture setup)")
            return
        if self.window is not None and self.window.isVisible():
            self.window.raise_()
            return
        self.tray.send(Command(Action.PAUSE, GUIDE_PAUSE_S))
        self.window = open_guide(camera, None, self.places.profile, None, self.done)

    def done(self, finished: bool) -> None:
        self.tray.send(Command(Action.RESUME))
        self.tray.send(Command(Action.RELOAD))
        if not finished:
            _not_set_up(self.tray, self.say)
            return
        for action in self.tray.menu.actions():
            if action.text().startswith("Set up…"):
                action.setText("Set up…")
