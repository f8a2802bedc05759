"""Opens the settings window on a real display for the tests (run in a subprocess with the
desktop's environment) and for the screenshot in docs/.

Usage: python settings_window_driver.py FOLDER CONFIG [SAVES]. Prints one JSON line with where
the forward_hold_s field and the Save button are on the screen, then one line each time the
window's status changes (a Save): the status, the errors beside the fields, the field's text,
and FOLDER/save-N.png, a picture of the window. Ends after SAVES saves (default 2) or 90 s.
Save tells a running monitor (found through its pid file) to read its settings again.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from qt_events import settle

from posture.desktop.qt_app import application
from posture.desktop.settings_window import SettingsWindow, tell_running_monitor

KEY = "forward_hold_s"


def centre(widget: QWidget) -> list[int]:
    point = widget.mapToGlobal(QPoint(widget.width() // 2, widget.height() // 2))
    return [point.x(), point.y()]


def main() -> None:
    folder, config = Path(sys.argv[1]), Path(sys.argv[2])
    saves = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    application()
    applied: list[float] = []

    def on_applied() -> None:
        applied.append(time.time())
        tell_running_monitor()

    window = SettingsWindow(config, on_applied)
    window.move(60, 40)
    window.show()
    settle(1.0)
    field = window.fields[KEY].control
    print(json.dumps({"field_at": centre(field), "save_at": centre(window.save)}), flush=True)
    seen, count, deadline = window.status.text(), 0, time.monotonic() + 90
    while count < saves and time.monotonic() < deadline:
        settle(0.1)
        if window.status.text() == seen and not applied[count:]:
            continue
        settle(0.3)
        seen, count = window.status.text(), count + 1
        window.grab().save(str(folder / f"save-{count}.png"))
        errors = {k: f.error.text() for k, f in window.fields.items() if f.error.text()}
        row = {"status": seen, "errors": errors, "text": field.text()}  # type: ignore[union-attr]
        print(json.dumps(row | {"applied_utc": applied[-1] if applied else None}), flush=True)


if __name__ == "__main__":
    main()
