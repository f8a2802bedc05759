"""For the window drivers (run as scripts beside this file): let Qt handle its events a while."""

from __future__ import annotations

import time
from collections.abc import Callable

from posture.desktop.qt_app import application


def settle(seconds: float) -> None:
    """Handle Qt's events (posted calls, paints, clicks) for `seconds`."""
    app = application()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def wait(check: Callable[[], bool], seconds: float) -> bool:
    """Handle events until `check` holds (True) or `seconds` pass (False)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        settle(0.1)
        if check():
            return True
    return False
