"""Walks the first-run guide on a real display with a recording standing in for the webcam, for
the tests (a subprocess with the desktop's environment and temporary posture folders) and for the
screenshots in docs/.

Usage: python setup_window_driver.py FOLDER CLIP [--close-early] [--ask-neck]. Presses the guide's
own buttons page by page, as a person would: Next, Start (calibration), a warning time typed in
(with --ask-neck also the neck diary's question ticked), Next, Done.
Saves FOLDER/setup-N-NAME.png of the window on each page and prints one JSON line per page (its
title and texts), then {"done": finished}. With --close-early it closes the window on the camera
page instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qt_events import settle, wait

from posture.desktop.guide_session import open_guide
from posture.desktop.qt_app import application
from posture.desktop.setup_window import SetupWindow

NAMES = ("privacy", "camera", "calibrate", "warnings", "done")


def page(window: SetupWindow, folder: Path) -> None:
    index = window.stack.currentIndex()
    settle(0.5)
    window.grab().save(str(folder / f"setup-{index + 1}-{NAMES[index]}.png"))
    row = {"page": NAMES[index], "title": window.title.text(), "advice": window.advice.text()}
    row |= {"result": window.result.text(), "summary": window.summary.text()}
    row |= {"chin": window.poke_result.text(), "diary": window.diary.box.text()}
    print(json.dumps(row), flush=True)


def main() -> None:
    folder, clip = Path(sys.argv[1]), Path(sys.argv[2])
    application()
    outcome: list[bool] = []
    window = open_guide("0", clip, None, None, outcome.append)
    window.move(40, 40)
    wait(lambda: window.preview.pixmap() is not None and not window.preview.pixmap().isNull(), 60)
    page(window, folder)  # what posture keeps
    window.next.click()
    wait(lambda: window.advice.text().startswith("Framing"), 20)
    page(window, folder)  # the camera
    if "--close-early" in sys.argv:
        window.close()
    else:
        window.next.click()
        window.start.click()
        wait(lambda: window.result.text() != "", 60)
        window.poke.click()  # the optional second step (this recording never pokes its chin)
        wait(lambda: window.poke_result.text().startswith("Chin forward"), 60)
        page(window, folder)  # the calibration's result
        window.next.click()
        field = window.fields["forward_hold_s"].control
        field.setText("45")  # type: ignore[union-attr]
        if "--ask-neck" in sys.argv:
            window.diary.box.click()
        page(window, folder)  # what to warn about
        window.next.click()
        page(window, folder)  # done
        window.next.click()
    wait(lambda: bool(outcome), 10)
    print(json.dumps({"done": outcome[0] if outcome else None}), flush=True)


if __name__ == "__main__":
    main()
