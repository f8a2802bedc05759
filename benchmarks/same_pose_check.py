"""Would a cheap "is this still the same pose?" check between model readings save readings, and at
what accuracy cost? Measured, not shipped.

Each desk recording (benchmarks/desk_recording.py) is played through the real loop at defaults
in virtual time (as fast as the model allows; the readings are those of a real-time run, less
the jitter of real wake-ups). For each pair of consecutive model readings of the monitor, the
candidate check compares the two frames as a head-and-neck tracker would: the head's box and the
box from the ears down to the shoulders, both taken from the first reading's landmarks, are
looked for in the second frame (normalised cross-correlation on the grey picture that a JPEG
gives at a quarter of its size, 160x120 for a webcam's 640x480, searched 6 pixels around). The
check says "same pose" when both boxes are found where they were (at most 1 pixel off) and alike
(correlation at least --head and --neck). A reading the check calls the same would not have been
taken: the table counts those readings (the saving) and, among them, the ones where the model's
reading did change (an angle by AGREE_DEG or more, the forward angle by 5 deg or more, or the
monitor's verdict): the accuracy cost. The cost of the check itself and, for comparison, of
MediaPipe's face landmarker (a face-box tracker in ../shared/models) are timed too.

    python -m benchmarks.same_pose_check [--busy-seconds 242] [--seconds 402]
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from benchmarks._common import compare_and_save, shared_path
from benchmarks.desk_recording import PLANS, DeskWebcam, built
from benchmarks.run_cpu_loops import Quiet
from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.data import Frame, PoseSample, Reading
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.events import Posture
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener, Seen
from posture.core.sensing.sampling import AGREE_DEG
from posture.core.settings import Settings

HEAD = [0, 2, 5, 7, 8, 9, 10]
"""Nose, eyes, ears, mouth."""
NECK = [7, 8, 11, 12]
"""Ears and shoulders: the box the head-forward angle is read in."""
SEARCH_PX = 6


@dataclass(frozen=True, slots=True)
class Look:
    """A model reading of the monitor's: its frame's grey picture, landmarks, reading, verdict."""

    grey: np.ndarray
    sample: PoseSample
    reading: Reading
    verdict: Posture


class ModelLooks(Listener):
    """Keeps the readings the model made (not those a standing finding gave)."""

    def __init__(self, camera: DeskWebcam, model_times: list[float]) -> None:
        self.camera, self.model_times = camera, model_times
        self.looks: list[Look] = []

    def reading(self, seen: Seen) -> None:
        t = seen.reading.t
        if seen.sample is None or not self.model_times or self.model_times[-1] != t:
            return
        grey = cv2.imdecode(self.camera.jpeg(t), cv2.IMREAD_REDUCED_GRAYSCALE_4)
        assert grey is not None, "the recording's own JPEG"
        self.looks.append(Look(grey, seen.sample, seen.reading, seen.status.posture))


class Timed:
    """The pose model, noting when it read."""

    def __init__(self, pose: PoseEstimator) -> None:
        self.pose = pose
        self.times: list[float] = []

    def estimate(self, frame: Frame) -> PoseSample | None:
        self.times.append(frame.t)
        return self.pose.estimate(frame)


def play(recording: Path, plan: str, seconds: float, model: Path) -> list[Look]:
    clock = VirtualClock()
    camera = DeskWebcam(recording, clock.now, PLANS[plan])
    settings = Settings()
    with (
        PoseEstimator(model, sequence=True) as pose,
        tempfile.TemporaryDirectory() as folder,
        Store(Path(folder) / "h.db", clock.now) as store,
        open(os.devnull, "w") as devnull,
    ):
        store.start_session(0.0, camera.name, {})
        timed = Timed(pose)
        parts = Parts(camera, timed, FrontalEstimator(), store, TerminalNotifier(devnull), Quiet())
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        looks = ModelLooks(camera, timed.times)
        loop.subscribe(looks)
        loop.run(seconds)
    camera.close()
    return looks.looks


def found(a: np.ndarray, b: np.ndarray, sample: PoseSample, marks: list[int]) -> tuple[float, int]:
    """The box around `marks` of picture `a` looked for in `b`: correlation, shift in pixels."""
    height, width = a.shape
    points = sample.image[marks, :2] * (width, height)
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    pad = 0.25 * max(x1 - x0, y1 - y0)
    x0, y0 = max(int(x0 - pad), 0), max(int(y0 - pad), 0)
    x1, y1 = min(int(x1 + pad), width), min(int(y1 + pad), height)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0, SEARCH_PX
    left, top = max(x0 - SEARCH_PX, 0), max(y0 - SEARCH_PX, 0)
    window = b[top : min(y1 + SEARCH_PX, height), left : min(x1 + SEARCH_PX, width)]
    scores = cv2.matchTemplate(window, a[y0:y1, x0:x1], cv2.TM_CCOEFF_NORMED)
    _, best, _, (bx, by) = cv2.minMaxLoc(scores)
    return float(best), max(abs(bx + left - x0), abs(by + top - y0))


def same_pose(a: Look, b: Look, head: float, neck: float) -> bool:
    head_score, head_shift = found(a.grey, b.grey, a.sample, HEAD)
    neck_score, neck_shift = found(a.grey, b.grey, a.sample, NECK)
    return head_shift <= 1 and neck_shift <= 1 and head_score >= head and neck_score >= neck


def changed(a: Reading, b: Reading) -> tuple[bool, bool]:
    """Whether any angle moved by AGREE_DEG or more; whether the forward angle moved 5 deg."""
    pairs = [
        (a.head_forward_deg, b.head_forward_deg),
        (a.yaw_deg, b.yaw_deg),
        (a.pitch_deg, b.pitch_deg),
        (a.roll_deg, b.roll_deg),
    ]
    moved = [abs(x - y) if x is not None and y is not None else 0.0 for x, y in pairs]
    return max(moved) >= AGREE_DEG, moved[0] >= 5.0


def row(plan: str, looks: list[Look], minutes: float, head: float, neck: float) -> dict[str, Any]:
    pairs = list(itertools.pairwise(looks))
    skipped = [(a, b) for a, b in pairs if same_pose(a, b, head, neck)]
    return {
        "key": f"{plan} {head:.2f}/{neck:.2f}",
        "model_per_min": round(len(looks) / minutes, 1),
        "saved_per_min": round(len(skipped) / minutes, 1),
        "saved_share": round(len(skipped) / max(len(pairs), 1), 2),
        "angle_changed": sum(changed(a.reading, b.reading)[0] for a, b in skipped),
        "forward_changed": sum(changed(a.reading, b.reading)[1] for a, b in skipped),
        "verdict_changed": sum(a.verdict is not b.verdict for a, b in skipped),
    }


def shown(r: dict[str, Any]) -> str:
    return (
        f"| {r['key']} | {r['model_per_min']} | {r['saved_per_min']} ({r['saved_share']:.0%}) | "
        f"{r['angle_changed']} | {r['forward_changed']} | {r['verdict_changed']} |"
    )


def check_ms(looks: list[Look]) -> float:
    start = time.process_time()
    for a, b in itertools.pairwise(looks):
        same_pose(a, b, 0.8, 0.9)
    return 1000.0 * (time.process_time() - start) / max(len(looks) - 1, 1)


def face_ms(recording: Path) -> float | None:
    """CPU per frame of MediaPipe's face landmarker (VIDEO mode) on the busy recording."""
    path = shared_path("models/face_landmarker.task")
    if not path.exists():
        return None
    base = importlib.import_module("mediapipe.tasks.python.core.base_options")
    face = importlib.import_module("mediapipe.tasks.python.vision.face_landmarker")
    image = importlib.import_module("mediapipe.tasks.python.vision.core.image")
    modes = importlib.import_module("mediapipe.tasks.python.vision.core.vision_task_running_mode")
    options = face.FaceLandmarkerOptions(
        base_options=base.BaseOptions(model_asset_path=str(path)),
        running_mode=modes.VisionTaskRunningMode.VIDEO,
        num_faces=1,
    )
    camera = DeskWebcam(recording, lambda: 0.0, PLANS["busy"])
    with face.FaceLandmarker.create_from_options(options) as landmarker:
        frames = [camera.frame(t).rgb() for t in np.arange(0.0, 60.0, 1.0)]
        landmarker.detect_for_video(
            image.Image(image_format=image.ImageFormat.SRGB, data=frames[0]), 0
        )
        start = time.process_time()
        for i, rgb in enumerate(frames[1:], 1):
            picture = image.Image(image_format=image.ImageFormat.SRGB, data=rgb)
            landmarker.detect_for_video(picture, i * 1000)
        spent = time.process_time() - start
    camera.close()
    return 1000.0 * spent / (len(frames) - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=402.0, help="calm recording")
    parser.add_argument("--busy-seconds", type=float, default=242.0, help="busy recording")
    args = parser.parse_args()
    model = shared_path("models/pose_landmarker_full.task")
    with built(shared_path("data/video")) as recording:
        print(
            "| recording, head / neck correlation | model readings/min | readings the check "
            "saves /min (share) | of those, an angle changed >= 5 deg | the forward angle "
            ">= 5 deg | the verdict changed |"
        )
        print("|---|---|---|---|---|---|")
        all_looks, rows = [], []
        for plan, seconds in (("calm", args.seconds), ("busy", args.busy_seconds)):
            looks = play(recording, plan, seconds, model)
            all_looks += looks
            for head, neck in ((0.75, 0.85), (0.8, 0.9), (0.9, 0.95)):
                rows.append(row(plan, looks, seconds / 60.0, head, neck))
                print(shown(rows[-1]))
        print(f"\nthe check: {check_ms(all_looks):.2f} ms of CPU a pair of frames")
        face = face_ms(recording)
        if face is not None:
            print(f"MediaPipe's face landmarker: {face:.1f} ms of CPU a frame")
    compare_and_save("same_pose_check", rows, "key", "saved_per_min")


if __name__ == "__main__":
    main()
