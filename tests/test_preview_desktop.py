"""The preview window on a real display (Xvfb): the real loop and model watching a man hunched
forward in a 1280x720 frame; the window fits the screen, the forward line is in the alert colour,
and the window's keys (s, p, q) act on the run. The screenshot is checked pixel by pixel.

The photo (side/sitting-posture-recognition/hunchback.jpg, nvinayvarma189, MIT) may be
redistributed with its notice, so with POSTURE_SHOTS_DIR set the screenshot is also saved there
(that is how docs/preview.png was made); tests never write into the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from desktop_session import Desktop

from posture.adapters.camera.preview import COLOURS
from posture.core.ports import Tone

HERE = Path(__file__).parent
GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
)


def _until(check, what: str, seconds: float):  # type: ignore[no-untyped-def]
    """Poll a real subprocess's effect until `check()` gives something, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found is not None:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {seconds:g} s")


def _geometry(desktop: Desktop, window: str) -> tuple[int, int, int, int]:
    """(x, y, width, height) of a window, from xwininfo."""
    info = dict(
        line.strip().split(":", 1)
        for line in desktop.run("xwininfo", "-id", window).splitlines()
        if ":" in line
    )
    keys = ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
    x, y, w, h = (int(info[k].strip()) for k in keys)
    return x, y, w, h


def _alert_pixels(image: np.ndarray) -> int:
    near = np.abs(image.astype(int) - np.array(COLOURS[Tone.ALERT])).sum(axis=2) < 60
    return int(near.sum())


def test_the_preview_fits_the_screen_shows_forward_in_the_alert_colour_and_hears_keys(
    desktop: Desktop, model_path: Path, data_dir: Path, tmp_path: Path
) -> None:
    photo = data_dir / "side/sitting-posture-recognition/hunchback.jpg"
    env = {**os.environ, **desktop.env, "PYTHONPATH": str(HERE.parent)}
    argv = [sys.executable, str(HERE / "preview_window.py"), str(photo), str(tmp_path / "h.db")]
    run = subprocess.Popen(
        [*argv, "120", str(model_path)], env=env, stdout=subprocess.PIPE, text=True
    )
    shot = tmp_path / "screen.png"
    try:
        # This run's own window: the desktop is shared by the whole session, and a window of
        # another test may still carry the same title.
        found = _until(
            lambda: (
                desktop.run(
                    "xdotool", "search", "--pid", str(run.pid), "--name", "^posture$"
                ).split()
                or None
            ),
            "preview window",
            60.0,
        )
        window = found[0]

        def forward_shown() -> np.ndarray | None:
            subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env, check=True)
            x, y, w, h = _geometry(desktop, window)
            image = cv2.imread(str(shot))[y : y + h, x : x + w]
            return image if _alert_pixels(image) > 300 else None

        image = _until(forward_shown, "forward head line in the alert colour", 60.0)
        x, y, w, h = _geometry(desktop, window)
        desktop.run("xdotool", "windowfocus", "--sync", window)
        # Typed into the window a little slower than it is redrawn (2 a second, 1 while paused).
        desktop.run("xdotool", "key", "--delay", "1500", "s", "p", "q", timeout=20.0)
        out, _ = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    # Sized to fit the 1280x800 screen, keeping the frame's 16:9.
    assert w <= 1280 * 0.9 + 1 and h <= 800 * 0.9 + 1 and abs(w / h - 16 / 9) < 0.02
    assert x + w <= 1280 and y + h <= 800
    # The forward line is at the top, in the alert colour; the text is large enough to read.
    rows = np.flatnonzero((np.abs(image.astype(int) - COLOURS[Tone.ALERT]).sum(axis=2) < 60).any(1))
    assert rows.min() < h * 0.1 and 12 <= rows.max() - rows.min() + 1 <= h * 0.08
    kinds = [json.loads(line)["kind"] for line in out.splitlines() if line.startswith("{")]
    assert "snoozed" in kinds and "paused" in kinds and run.returncode == 0
    shots = os.environ.get("POSTURE_SHOTS_DIR")
    if shots:
        cv2.imwrite(str(Path(shots) / "preview.png"), image)
        shutil.copy(shot, Path(shots) / "preview-screen.png")
