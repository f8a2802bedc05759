"""Runs the tray with its stand-in on a real display for tests/test_status_window.py (in a
subprocess with the desktop's environment; no monitor: the menu's commands are recorded).
Prints one JSON line when the status window is open, one after a camera problem is shown and
Snooze chosen from the window's menu, and (after a line on stdin) one once a tray is seen or
30 s have passed.

Usage: python status_window_driver.py WAIT_MS [--tray-there]  (--tray-there: a tray host is
running; prints one line after five times WAIT_MS: whether the window was ever made).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from posture.core.monitor.commands import Command
from posture.core.monitor.state import Camera, Snapshot
from posture.desktop.qt_app import application
from posture.desktop.status_window import StandIn
from posture.desktop.tray import Tray


def settle(until: Callable[[], bool], seconds: float) -> None:
    app = application()
    end = time.monotonic() + seconds
    while not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    application()
    tray = Tray({"Today's report": lambda: None})
    commands: list[Command] = []
    tray.attach(commands.append)
    said: list[str] = []
    stand_in = StandIn(tray, said.append, int(sys.argv[1]))
    if "--tray-there" in sys.argv:
        settle(lambda: stand_in.window is not None, 5 * int(sys.argv[1]) / 1000)
        print(json.dumps({"made": stand_in.window is not None, "said": said}), flush=True)
        return
    settle(lambda: stand_in.window is not None and stand_in.window.isVisible(), 30)
    window = stand_in.window
    assert window is not None
    menu = window.menu_button.menu()
    entries = [a.text() for a in menu.actions() if a.text()]
    print(
        json.dumps(
            {
                "said": said,
                "id": int(window.winId()),
                "words": window.words.text(),
                "entries": entries,
                "tray_menu": menu is tray.menu,
            }
        ),
        flush=True,
    )
    tray.show(Snapshot(None, Camera.LOST))
    settle(lambda: "camera" in window.words.text(), 10)
    next(a for a in menu.actions() if a.text() == "Snooze alerts").trigger()
    window.close()
    settle(lambda: False, 0.5)
    shown = window.isVisible()
    print(
        json.dumps(
            {
                "words": window.words.text(),
                "commands": [c.action.value for c in commands],
                "kept_after_close": shown,
            }
        ),
        flush=True,
    )
    sys.stdin.readline()
    settle(lambda: not window.isVisible(), 30)
    print(json.dumps({"shown": window.isVisible(), "tray": tray.tray_seen}), flush=True)
    stand_in.close()
    tray.hide()


if __name__ == "__main__":
    main()
