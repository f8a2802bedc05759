"""`posture run` with a tray icon: Qt's event loop in the main thread, the monitor in a worker.

`why_no_tray` says in advance why there can be no icon (no display, no tray host); the caller
then runs the monitor as in the terminal. A tray host that goes away during the run takes the
icon with it; the monitor, in its own thread, keeps monitoring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QSystemTrayIcon

from posture.app import run as app_run
from posture.app.listeners import RunSummary
from posture.app.run import RunPlan
from posture.core.ports import Notifier, Sink
from posture.desktop.actions import Actions
from posture.desktop.display import Places
from posture.desktop.qt_app import application, run_beside, why_no_display
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
    tray = Tray(actions.entries(), actions.note_neck)
    windows = StretchWindows(tray.send)  # a stretch started from an alert opens its window
    try:
        return run_beside(lambda: app_run.run(plan, sink, notifier, [tray], [windows]), tray.stop)
    finally:
        tray.hide()
