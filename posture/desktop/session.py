"""`posture run` with a tray icon: Qt's event loop in the main thread, the monitor in a worker.

`why_no_tray` says in advance why there can be no icon (no display); the caller then runs the
monitor as in the terminal. With a display the icon is made even before a tray host is there (at
login the monitor may start before the panel): the tray watches for one through the whole run and
the icon appears when it does. Messages for the person (the menu's replies) go through the run's
own notifier, as its alerts do. Where no tray shows at all, a small status window stands in
(posture/desktop/status_window.py). A webcam that cannot be opened is waited for
(posture/app/camera_wait.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from posture.adapters.system.room import Fullscreen
from posture.app import nudges
from posture.app import run as app_run
from posture.app.camera_wait import CameraWait
from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.core.alerts import Alert
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Listener, Notifier, Sink
from posture.desktop.actions import Actions
from posture.desktop.display import Places
from posture.desktop.glow import Glow
from posture.desktop.guide_session import (
    mark_offered,
    needs_setup,
    open_guide,
    run_guide,
    was_offered,
)
from posture.desktop.offers import OfferTee
from posture.desktop.qt_app import application, run_beside, why_no_display
from posture.desktop.setup_window import SetupWindow
from posture.desktop.status_window import StandIn
from posture.desktop.stretch_window import StretchWindows
from posture.desktop.tray import Tray

log = logging.getLogger(__name__)

NO_TRAY_YET = (
    "no system tray yet (no tray host or StatusNotifier watcher): the icon appears when one starts"
)

__all__ = ["Places", "run_with_tray", "why_no_tray"]


def why_no_tray() -> str | None:
    """Why no tray icon can ever be shown here (None: it can, now or once a tray host starts)."""
    return why_no_display()


def _windows(plan: RunPlan, tray: Tray, busy: Callable[[], bool | None]) -> list[Listener]:
    """The windows that follow the run: the stretch window (a stretch started from an alert
    opens it) and the glow, for the alerts the nudge settings light it for, held while `busy`."""
    settings = plan.settings

    def glows(kind: EventKind, escalated: bool) -> bool:
        return "glow" in nudges.ways(settings, kind, escalated)

    return [StretchWindows(tray.send), Glow(settings.escalate_after, busy, glows)]


class Notifiers:
    """The run's notifiers as the tray sees them: made through the tray's offer tee (the menu
    names the stretch on offer), the latest one saying the menu's replies and whether
    do-not-disturb is on."""

    def __init__(self, make: Callable[[], Notifier]) -> None:
        self.make_inner = make
        self.made: list[Notifier] = []
        self.held: list[str] = []
        """Said before the run had its notifier: told as soon as it has one."""
        self.offered: Callable[[str | None], None] = lambda name: None

    def make(self) -> Notifier:
        self.made.append(OfferTee(self.make_inner(), self.offered))
        for text in self.held:
            self.made[-1].notify(Alert("posture", text, False))
        self.held.clear()
        return self.made[-1]

    def say(self, text: str) -> None:
        log.warning("%s", text)
        if self.made:
            self.made[-1].notify(Alert("posture", text, False))
        else:
            self.held.append(text)

    def quiet(self) -> bool | None:
        return self.made[-1].quiet() if self.made else None


def run_with_tray(
    plan: RunPlan, sink: Sink, notifier: Callable[[], Notifier], places: Places
) -> tuple[RunSummary, str]:
    """`app.run.run` in a worker thread with a tray icon as one of its surfaces, and the stretch
    window and the glow following the run."""
    application()
    tray: Tray | None = None
    notifiers = Notifiers(notifier)
    actions = Actions(places, lambda command: tray.send(command) if tray else None, notifiers.say)
    tray = Tray(actions.entries(), actions.note_neck)
    notifiers.offered = tray.offered
    if not tray.tray_seen:
        log.warning("%s", NO_TRAY_YET)
    stand_in = StandIn(tray, notifiers.say)  # no tray at all: a small status window instead
    guide = GuideFromTray(places, tray, notifiers.say)
    actions.guide = guide
    plan, places = first_run(plan, places, tray, notifiers.say)
    actions.places = guide.places = places
    screen = Fullscreen()

    def busy() -> bool | None:
        """A fullscreen window, or do-not-disturb (as the setting asks): no glow then."""
        return screen.now() or (plan.settings.hold_in_do_not_disturb and notifiers.quiet())

    shown = _windows(plan, tray, busy)
    wait = CameraWait(plan, notifiers.make, tray.show)  # a webcam missing at login is waited for
    tray.quit_early = wait.stop

    def work() -> tuple[RunSummary, str]:
        return wait.run(lambda: app_run.run(plan, sink, wait.notifier, [tray], shown))

    def stop() -> None:
        wait.stop()
        tray.stop()

    try:
        return run_beside(work, stop)
    finally:
        stand_in.close()
        tray.hide()
        screen.close()


def first_run(
    plan: RunPlan, places: Places, tray: Tray, say: Callable[[str], None]
) -> tuple[RunPlan, Places]:
    """The guide before monitoring starts (while the camera is free), the first time a run
    meets a webcam with no profile; after that, the tray says it is not set up and offers it.
    The plan and places go on with what a finished guide wrote (settings, its camera)."""
    camera = places.camera
    if camera is None or not needs_setup(camera, places.profile):
        return plan, places
    if was_offered(camera):  # opened once already: from now on only when asked
        _not_set_up(tray, None)
        return plan, places
    mark_offered(camera)
    if not run_guide(camera, None, places.profile, plan.model):
        _not_set_up(tray, say)
        return plan, places
    return after_guide(plan, places)


def after_guide(plan: RunPlan, places: Places) -> tuple[RunPlan, Places]:
    """The plan with the settings a finished guide wrote, read again; its camera too, unless
    --camera named one."""
    if plan.settings_source is None:
        return plan, places
    plan = replace(plan, settings=plan.settings_source())
    if places.camera_given or places.camera is None:
        return plan, places
    camera = str(plan.settings.camera)
    return replace(plan, camera=camera), replace(places, camera=camera)


GUIDE_PAUSE_S = 1800.0
"""The monitor lets go of the camera this long at most while the guide is open from the tray."""
NOT_SET_UP = "not set up: the usual figures are used until you calibrate (Set up… in this menu)"


def _not_set_up(tray: Tray, say: Callable[[str], None] | None) -> None:
    """Mark the menu's "Set up…" entry and the tooltip; say so (`say`: a notification)."""
    for action in tray.menu.actions():
        if action.text().startswith("Set up…"):
            action.setText("Set up… (not set up yet)")
    tray.note = NOT_SET_UP
    if say is not None:
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
        self.tray.note = ""
        picked = self.window.picked if self.window is not None else None
        if (
            picked is not None
            and not self.places.camera_given
            and str(picked) != self.places.camera
        ):
            self.say(f"camera {picked} is watched from posture's next start")
