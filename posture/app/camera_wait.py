"""A run beside a tray icon that cannot open its webcam waits for it instead of ending: the icon
shows a camera problem, one notification says what to do, and the webcam is tried again every
`camera_retry_s` (a camera plugged in later, a laptop's lid opened). Started at login, a run
that ended with exit 2 would say so on a stderr nobody reads.

A recording that cannot be read is still bad input (exit 2): only a webcam is waited for.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.core.alerts import Alert
from posture.core.errors import CameraError
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.state import Camera, Snapshot
from posture.core.ports import Notifier
from posture.core.words import duration_text

log = logging.getLogger(__name__)

Outcome = tuple[RunSummary, str]
PROBLEM_TITLE = "Camera problem"


def problem_alert(plan: RunPlan) -> Alert:
    """What the notification says while the webcam cannot be opened."""
    every = duration_text(plan.settings.camera_retry_s)
    body = (
        f"Camera {plan.camera} could not be opened. Plug it in, or close the app using it: "
        f"posture tries again every {every}."
    )
    return Alert(PROBLEM_TITLE, body, False, EventKind.CAMERA_LOST)


class CameraWait:
    """Runs `run` again while it fails to open the webcam; `stop` ends the wait."""

    def __init__(
        self, plan: RunPlan, notifier: Callable[[], Notifier], show: Callable[[Snapshot], None]
    ) -> None:
        self.plan, self._make, self._show = plan, notifier, show
        self._stopped = threading.Event()
        self._told: Notifier | None = None
        self.tries = 0

    def stop(self) -> None:
        self._stopped.set()

    def notifier(self) -> Notifier:
        """The run's notifier, once the camera works (the problem's notification withdrawn)."""
        self._clear()
        return self._make()

    def _clear(self) -> None:
        told, self._told = self._told, None
        if told is not None:
            told.withdraw(EventKind.CAMERA_LOST)
            told.close()
            log.warning("the camera works now: monitoring")

    def run(self, run: Callable[[], Outcome]) -> Outcome:
        """The run's outcome; after a stop while waiting, an empty summary."""
        try:
            while True:
                self.tries += 1
                try:
                    return run()
                except CameraError as exc:
                    if self.plan.source is not None or self._stopped.is_set():
                        raise
                    self._problem(exc)
                if self._stopped.wait(self.plan.settings.camera_retry_s):
                    return RunSummary(started_utc=time.time()), "none"
        finally:
            self._clear()

    def _problem(self, exc: CameraError) -> None:
        self._show(Snapshot(None, Camera.LOST))
        if self._told is None:
            every = duration_text(self.plan.settings.camera_retry_s)
            log.warning("%s; trying again every %s", str(exc).split(". ")[0], every)
            self._told = self._make()
            self._told.notify(problem_alert(self.plan))
