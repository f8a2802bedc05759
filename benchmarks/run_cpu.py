"""CPU and memory of `posture run` at default settings against a naive loop that analyses every
frame, both fed by a stand-in webcam that delivers 30 frames a second.

The stand-in holds a ring of 640x480 JPEG frames of a real desk clip (letterboxed) and changes
the current one 30 times a second; the process decodes each frame it takes, as OpenCV does for
an MJPEG webcam, so that cost is counted. Frames it does not take cost nothing, as a webcam
driver's buffers cost the process nothing. The monitor runs its real loop: pose readings at
sample_hz, motion checks between, the real model, SQLite history in a temporary folder. CPU is
the process's user+system time over wall time, in % of one core; RSS is read from /proc. Prints
a markdown table and saves it to benchmarks/results/run_cpu.json.

    python -m benchmarks.run_cpu [--seconds 600] [--naive-seconds 60]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from benchmarks._common import compare_and_save, shared_path
from posture.adapters.feeds import RealClock
from posture.adapters.notify import TerminalNotifier
from posture.adapters.pose import PoseEstimator
from posture.adapters.store import Store
from posture.app.loop import Loop, Parts
from posture.core import metrics
from posture.core.cues import Cue
from posture.core.data import Frame
from posture.core.events import Event, Status
from posture.core.frontal import FrontalEstimator
from posture.core.monitor import Monitor
from posture.core.settings import Settings

FPS = 30.0
RING = 30


class StandInWebcam:
    """The newest of `RING` real frames as MJPEG, changing 30 times a second."""

    name = "stand-in webcam"

    def __init__(self, clip: Path, clock: Callable[[], float]) -> None:
        capture = cv2.VideoCapture(str(clip))
        self.jpegs: list[np.ndarray] = []
        while len(self.jpegs) < RING:
            ok, bgr = capture.read()
            if not ok:
                break
            canvas = np.zeros((480, 640, 3), np.uint8)
            scaled = cv2.resize(bgr, (640, 640 * bgr.shape[0] // bgr.shape[1]))
            top = (480 - scaled.shape[0]) // 2
            canvas[top : top + scaled.shape[0]] = scaled
            self.jpegs.append(cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 85])[1])
        capture.release()
        self.clock = clock

    def frame(self, t: float) -> np.ndarray | None:
        jpeg = self.jpegs[int(self.clock() * FPS) % len(self.jpegs)]
        bgr = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
        return None if bgr is None else cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)

    def release(self) -> None:
        """Nothing to let go of."""

    def close(self) -> None:
        """Nothing to close."""


class Quiet:
    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None: ...

    def status(self, status: Status) -> None: ...

    def cue(self, cue: Cue) -> None: ...


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, body: Callable[[], int], seconds: float) -> dict[str, object]:
    cpu0, wall0 = cpu_s(), time.monotonic()
    readings = body()
    wall = time.monotonic() - wall0
    row = {
        "loop": name,
        "seconds": round(wall, 1),
        "cpu_percent": round(100.0 * (cpu_s() - cpu0) / wall, 2),
        "readings_per_s": round(readings / wall, 2),
        "rss_mb": round(rss_mb(), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    }
    print(
        f"| {name} | {row['seconds']} | {row['cpu_percent']} | {row['readings_per_s']} "
        f"| {row['rss_mb']} | {row['peak_rss_mb']} |",
        flush=True,
    )
    return row


def monitor_loop(model: Path, clip: Path, seconds: float) -> int:
    clock = RealClock()
    camera = StandInWebcam(clip, clock.now)
    settings = Settings()
    with (
        tempfile.TemporaryDirectory() as folder,
        PoseEstimator(model, sequence=True) as pose,
        Store(Path(folder) / "h.db", time.monotonic) as store,
        open(os.devnull, "w") as devnull,
    ):
        store.start_session(time.time(), camera.name, {})
        notifier = TerminalNotifier(devnull)
        parts = Parts(camera, pose, FrontalEstimator(), store, notifier, Quiet())
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: time.time())
        return loop.run(seconds).readings


def naive_loop(model: Path, clip: Path, seconds: float) -> int:
    """Every frame the camera delivers goes through the model, as simple monitors do."""
    clock = RealClock()
    camera = StandInWebcam(clip, clock.now)
    front, analysed, last = FrontalEstimator(), 0, -1
    with PoseEstimator(model, sequence=True) as pose:
        while clock.now() < seconds:
            index = int(clock.now() * FPS)
            if index == last:
                clock.sleep_until((index + 1) / FPS)
                continue
            last = index
            t = clock.now()
            rgb = camera.frame(t)
            assert rgb is not None
            metrics.read(pose.estimate(Frame(rgb, t, index)), t, front)
            analysed += 1
    return analysed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--naive-seconds", type=float, default=60.0)
    args = parser.parse_args()
    model = shared_path("models/pose_landmarker_full.task")
    clip = shared_path("data/video/front-talking-selfie.mp4")
    print("| loop | seconds | CPU % of one core | readings/s | RSS MB | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    rows = [measure("posture run, defaults", lambda: monitor_loop(model, clip, args.seconds), 0)]
    rows.append(
        measure("naive: every frame", lambda: naive_loop(model, clip, args.naive_seconds), 0)
    )
    compare_and_save("run_cpu", rows, key="loop", measure="cpu_percent")


if __name__ == "__main__":
    main()
