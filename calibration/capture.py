"""The calibration capture: a countdown, a few seconds of frames, and the checks that refuse one.

Pure (numpy and the standard library): time comes from the frames, so tests script it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np

from posture.core import frontal, metrics
from posture.core.data import LM, PoseSample, View
from posture.core.errors import CalibrationError
from posture.core.words import plural

MIN_FRAMES = 3
"""Fewest usable frames a capture may have (a folder of a few stills is enough)."""

MIN_USABLE_SHARE = 0.6
"""Share of the captured frames that must show the user clearly."""

MAX_HEIGHT_SPREAD = 0.04
"""Largest standard deviation of the neck height (shoulder widths; about 4 degrees of neck)."""

MAX_SIZE_SPREAD = 0.06
"""Largest relative standard deviation of the shoulder width (moving nearer or further)."""

MAX_YAW_SPREAD_DEG = 6.0
MAX_FACING_DEG = 15.0
"""The head may be turned this far from the camera, at most, while calibrating."""


@dataclass(frozen=True, slots=True)
class Capture:
    """The usable frames of a capture, with where the shoulders were."""

    features: list[frontal.FrontFeatures]
    shoulder_centres: list[tuple[float, float]]
    frames: int


def shoulder_centre(sample: PoseSample) -> tuple[float, float]:
    mid = sample.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], :2].mean(axis=0)
    return float(mid[0]), float(mid[1])


def collect(samples: list[PoseSample | None]) -> Capture:
    """Keep the frames that show a person from the front with ears and shoulders visible.

    Raises CalibrationError naming the reason when too few frames are usable.
    """
    total = len(samples)
    present = [s for s in samples if s is not None and metrics.is_present(s)]
    if not present:
        raise CalibrationError(
            f"no person found in {plural(total, 'frame')}: sit in front of the camera "
            "with your head and both shoulders in view"
        )
    front = [s for s in present if metrics.classify_view(s) is View.FRONT]
    if len(front) < len(present) / 2:
        raise CalibrationError("the camera sees you from the side; calibration needs a front view")
    usable: list[tuple[PoseSample, frontal.FrontFeatures]] = []
    for s in front:
        f = frontal.features(s)
        if f is not None and f.seen >= metrics.VISIBLE:
            usable.append((s, f))
    if len(usable) < max(MIN_FRAMES, math.ceil(MIN_USABLE_SHARE * total)):
        seen = f"{len(usable)} of {plural(total, 'frame')}"
        raise CalibrationError(
            f"ears and shoulders were clearly visible in only {seen}: "
            "sit so your whole head and both shoulders are in view, with light on your face"
        )
    return Capture([f for _, f in usable], [shoulder_centre(s) for s, _ in usable], total)


def check_steady(capture: Capture) -> None:
    """CalibrationError if the user moved or looked away during the capture."""
    fs = capture.features
    height = np.array([f.height for f in fs])
    size = np.array([f.shoulder_px for f in fs])
    yaw = np.array([f.yaw_deg for f in fs])
    if float(np.std(height)) > MAX_HEIGHT_SPREAD or float(np.std(size) / np.mean(size)) > (
        MAX_SIZE_SPREAD
    ):
        raise CalibrationError(
            "too much movement during the capture: sit tall and still, "
            "looking at the middle of the screen, and try again"
        )
    if float(np.std(yaw)) > MAX_YAW_SPREAD_DEG:
        raise CalibrationError(
            "your head turned during the capture: keep looking at the middle of the screen"
        )
    facing = float(np.median(yaw))
    if abs(facing) > MAX_FACING_DEG:
        side = "left" if facing > 0 else "right"
        raise CalibrationError(
            f"your head is turned {abs(facing):.0f} deg to your {side}: "
            "face the screen (and the camera) while calibrating"
        )


class Phase(enum.Enum):
    COUNTDOWN = "countdown"
    CAPTURE = "capture"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a guided capture stands: the phase and the seconds left in it."""

    phase: Phase
    remaining_s: float


class GuidedCapture:
    """A countdown, then `capture_s` seconds of samples, timed by the frames' own clock."""

    def __init__(self, countdown_s: float = 3.0, capture_s: float = 3.0) -> None:
        if countdown_s < 0 or capture_s <= 0:
            raise ValueError("countdown must be >= 0 and capture > 0 seconds")
        self.countdown_s, self.capture_s = countdown_s, capture_s
        self.samples: list[PoseSample | None] = []
        self._start: float | None = None

    def feed(self, t: float, sample: PoseSample | None) -> Progress:
        """Take one frame's sample (or None) at time `t`; say what phase the capture is in."""
        if self._start is None:
            self._start = t
        elapsed = t - self._start
        if elapsed < self.countdown_s:
            return Progress(Phase.COUNTDOWN, self.countdown_s - elapsed)
        end = self.countdown_s + self.capture_s
        if elapsed < end:
            self.samples.append(sample)
            return Progress(Phase.CAPTURE, end - elapsed)
        return Progress(Phase.DONE, 0.0)
