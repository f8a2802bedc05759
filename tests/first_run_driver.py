"""Runs one `posture` command in this process on a real display (the tests' Xvfb) and meets its
windows as a person in a hurry would: every setup guide that opens is closed at once (as by its
title bar's close button). With --press-setup, the tray menu's "Set up…" entry is pressed once
the monitor shows its first state.

Usage: python first_run_driver.py [--press-setup] COMMAND ARGS...
Prints, last, one JSON line: the command's exit code, each guide that opened (the camera it
watched, whether Set up… had been pressed by then), and the tray's "Set up" entries and tooltip
as they were last seen.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QTimer

from posture.cli.program import main as posture
from posture.desktop import session
from posture.desktop.qt_app import application
from posture.desktop.setup_window import SetupWindow
from posture.desktop.tray import Tray

TRAYS: list[Tray] = []


class SeenTray(Tray):
    """The run's own tray, kept where the driver can look at it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        TRAYS.append(self)


def main() -> None:
    press = "--press-setup" in sys.argv
    argv = [a for a in sys.argv[1:] if a != "--press-setup"]
    app = application()
    session.Tray = SeenTray  # type: ignore[misc]
    seen: dict[str, Any] = {"guides": [], "pressed": False, "entries": [], "tooltip": ""}
    first_header: list[str] = []

    def look() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, SetupWindow) and widget.isVisible():
                seen["guides"].append({"camera": widget.camera.camera, "pressed": seen["pressed"]})
                widget.close()
        for tray in TRAYS:
            entries = [a for a in tray.menu.actions() if a.text().startswith("Set up")]
            seen["entries"] = [a.text() for a in entries]
            seen["tooltip"] = tray.icon.toolTip()
            first_header[:] = first_header or [tray.header.text()]
            if press and not seen["pressed"] and tray.header.text() != first_header[0]:
                seen["pressed"] = True  # the monitor runs: Set up… from the menu
                entries[0].trigger()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(100)
    code = posture(argv)
    print(json.dumps({"code": code, **seen}), flush=True)


if __name__ == "__main__":
    main()
