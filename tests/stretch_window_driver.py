"""Plays a scripted chin-tuck session into the stretch window, on a real display, for the tests
(run in a subprocess with the desktop's environment) and for the screenshot in docs/.

Usage: python stretch_window_driver.py FOLDER [--wait-click | --start-again | --finish]. The
cues are posted from a worker thread, as the live loop does. At each checkpoint it saves
FOLDER/<name>.png (the screen's top 1280x720) and prints one JSON line with the window's texts.
With --wait-click it then prints where the Skip and Done buttons are and waits (up to 20 s) for a
click, printing each command the window submits; with --start-again it minimizes the window,
presses Start again (a command from the loop's thread) and prints whether the window came
forward; with --finish it ends the run instead and prints whether the window is shown.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from qt_events import settle

from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.monitor.commands import Action, Command
from posture.core.stretches.cues import Cue, CueKind, Phase
from posture.desktop.qt_app import application
from posture.desktop.stretch_window import StretchWindows

PAINT_S = 0.6
"""Long enough for Qt to handle the posted cues and paint."""

CATALOGUE = load_catalogue()
STRETCH = CATALOGUE.stretches["chin-tucks"]


def cue(
    t: float,
    kind: CueKind,
    text: str,
    phase: Phase,
    rep: int = 2,
    left_s: float | None = None,
    guidance: str = "",
    safety: tuple[str, ...] = (),
) -> Cue:
    """A cue of the second of five repetitions (the third, after `rep`=3)."""
    return Cue(
        t,
        kind,
        text,
        stretch=STRETCH,
        phase=phase,
        task=rep,
        tasks=5,
        rep=rep,
        reps=5,
        side="back",
        left_s=left_s,
        guidance=guidance,
        safety=safety,
    )


SCRIPT: list[tuple[str, list[Cue]]] = [
    (
        "reach",
        [
            cue(0.0, CueKind.INTRO, STRETCH.name, Phase.READY, safety=CATALOGUE.safety),
            cue(1.5, CueKind.INSTRUCT, "Chin tucks, 2 of 5: hold 5 s", Phase.REACH),
            cue(3.5, CueKind.GUIDE, "g", Phase.REACH, guidance="draw your chin back a little more"),
        ],
    ),
    (
        "hold-3",
        [
            cue(5.0, CueKind.HOLD, "hold...", Phase.HOLD),
            cue(6.0, CueKind.COUNT, "4...", Phase.HOLD, left_s=4.0),
            cue(7.0, CueKind.COUNT, "3...", Phase.HOLD, left_s=3.0),
        ],
    ),
    ("hold-2", [cue(8.0, CueKind.COUNT, "2...", Phase.HOLD, left_s=2.0)]),
    ("rest", [cue(10.0, CueKind.RELAX, "relax", Phase.REST, rep=3)]),
]


def post(windows: StretchWindows, cues: list[Cue]) -> None:
    """What the loop's thread does: tell the listener each cue."""
    for each in cues:
        windows.cue(each)


def texts(windows: StretchWindows) -> dict[str, str]:
    window = windows.window
    assert window is not None
    labels = {
        "title": window.title,
        "repetition": window.repetition,
        "steps": window.steps,
        "safety": window.safety,
        "count": window.count,
        "camera": window.camera,
    }
    return {name: label.text() for name, label in labels.items()}


def main() -> None:
    folder = Path(sys.argv[1])
    application()
    submitted: list[Command] = []

    def submit(command: Command) -> None:
        submitted.append(command)
        print(json.dumps({"command": command.action.value}), flush=True)

    windows = StretchWindows(submit)
    for name, cues in SCRIPT:
        worker = threading.Thread(target=post, args=(windows, cues))
        worker.start()
        worker.join()
        settle(PAINT_S)
        if windows.window is not None and name == "reach":
            windows.window.move(140, 40)
            settle(PAINT_S)
        screen = QGuiApplication.primaryScreen().grabWindow(0).copy(0, 0, 1280, 720)
        screen.save(str(folder / f"{name}.png"))
        print(json.dumps({"at": name, "texts": texts(windows)}), flush=True)
    if "--wait-click" in sys.argv:
        wait_for_click(windows, submitted)
    if "--start-again" in sys.argv:  # hidden under other windows, then Start pressed again
        assert windows.window is not None
        windows.window.showMinimized()
        settle(PAINT_S)
        minimized = windows.window.isMinimized()
        take = Command(Action.TAKE_STRETCH)
        worker = threading.Thread(target=windows.command, args=(take, 11.0))
        worker.start()
        worker.join()
        settle(PAINT_S)
        shown = windows.window.isVisible() and not windows.window.isMinimized()
        print(json.dumps({"minimized": minimized, "forward": shown}), flush=True)
    if "--finish" in sys.argv:  # the run ends: the loop's thread says so
        worker = threading.Thread(target=windows.finished, args=(12.0,))
        worker.start()
        worker.join()
        settle(PAINT_S)
        assert windows.window is not None
        print(json.dumps({"visible_after_run": windows.window.isVisible()}), flush=True)


def wait_for_click(windows: StretchWindows, submitted: list[Command]) -> None:
    window = windows.window
    assert window is not None
    at = {}
    for name, button in (("skip_at", window.skip), ("done_at", window.done)):
        centre = button.mapToGlobal(QPoint(button.width() // 2, button.height() // 2))
        at[name] = [centre.x(), centre.y()]
    print(json.dumps(at), flush=True)
    app = application()
    timer = QTimer()
    timer.timeout.connect(lambda: app.quit() if submitted else None)
    timer.start(50)
    QTimer.singleShot(20_000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
