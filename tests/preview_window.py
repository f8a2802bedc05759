"""A live run with the real preview window, for tests/test_preview_desktop.py (run in a
subprocess on the test desktop): the real loop, model, monitor and OpenCV window, watching one
photo of a man hunched forward, letterboxed into a 1280x720 frame. Prints each event as a JSON
line; the window's keys are the only way to end it early.

    python tests/preview_window.py PHOTO DB SECONDS MODEL
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import cv2
import numpy as np

from posture.adapters.camera.feeds import RealClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.preview import Preview
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.loop import Loop, Parts
from posture.cli.run import JsonSink
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.stretches.catalogue import Chooser

WIDTH, HEIGHT = 1280, 720


def letterboxed(photo: Path) -> np.ndarray:
    """The photo, scaled to 720 rows and centred on a dark 1280x720 frame (RGB)."""
    bgr = cv2.imread(str(photo))
    scale = HEIGHT / bgr.shape[0]
    small = cv2.resize(bgr, (round(bgr.shape[1] * scale), HEIGHT), interpolation=cv2.INTER_AREA)
    frame = np.full((HEIGHT, WIDTH, 3), 40, np.uint8)
    left = (WIDTH - small.shape[1]) // 2
    frame[:, left : left + small.shape[1]] = small
    return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)


class StillCamera:
    """A webcam that sees the same scene until `end_s` (loop time)."""

    name = "still camera"

    def __init__(self, rgb: np.ndarray, end_s: float) -> None:
        self.rgb, self.end_s = rgb, end_s

    def frame(self, t: float) -> np.ndarray | None:
        return self.rgb if t < self.end_s else None

    def release(self) -> None:
        """Nothing to let go."""

    def close(self) -> None:
        """Nothing to close."""


def main(photo: Path, db: Path, seconds: float, model: Path) -> int:
    clock = RealClock()
    camera = StillCamera(letterboxed(photo), clock.now() + seconds)
    settings = Settings(arrival_s=0.0)
    with (
        PoseEstimator(model, sequence=True) as pose,
        Store(db, time.monotonic) as store,
        Preview() as preview,
    ):
        store.start_session(time.time(), camera.name, {})
        notices = TerminalNotifier(sys.stderr)
        parts = Parts(camera, pose, FrontalEstimator(), store, notices, JsonSink())
        parts.preview, parts.chooser = preview, Chooser(load_catalogue())
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: time.time())
        loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4])))
