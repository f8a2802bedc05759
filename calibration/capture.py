"""The calibration capture: a countdown, a few seconds of frames, and the checks that refuse one.

Pure (numpy and the standard library): time comes from the frames, so tests script it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

import numpy as np

from posture.core.data import PoseSample, View
from posture.core.errors import CalibrationError
from posture.core.measure import frontal, metrics
from posture.core.words import plural

MIN_FRAMES = 1
"""Fewest usable frames a capture may have: one clear photo of you sitting tall is enough (a
webcam capture must also show you in MIN_USABLE_SHARE of its frames)."""

MIN_USABLE_SHARE = 0.6
"""Share of the captured frames that must show the user clearly."""

MAX_HEIGHT_SPREAD = 0.04
"""Largest standard deviation of the neck height (shoulder widths; about 4 degrees of neck)."""

MAX_SIZE_SPREAD = 0.06
"""Largest relative standard deviation of the shoulder width (moving nearer or further)."""

MAX_YAW_SPREAD_DEG = 6.0
MAX_FACING_DEG = 15.0
"""The head may be turned this far from the camera, at most, while calibrating from the front."""

MAX_SIDE_SPREAD_DEG = 4.0
"""Largest standard deviation of the side-view angle during a capture (the front view's height
limit, in degrees)."""

THREE_QUARTER_FROM_DEG = 20.0
"""A body turned this far from the camera, or more, is seen three-quarter: the camera is off to
one side, so the face turns to the screen, not to the camera."""


@dataclass(frozen=True, slots=True)
class Capture:
    """The usable frames of a capture: how they see the person, and what each one measured."""

    view: View
    """How the readings see the person (a three-quarter view reads as front or side)."""
    turn_deg: float
    """Median body turn from the camera: 0 facing it, 90 side-on."""
    features: list[frontal.FrontFeatures]
    """Front views: what each frame shows of the neck and head (empty for a side view)."""
    side_deg: list[float]
    """Side views: each frame's head-forward angle (empty for a front view)."""
    sizes_px: list[float]
    pitches_deg: list[float]
    shoulder_centres: list[tuple[float, float]]
    frames: int
    shoulder_ratios: list[float] = field(default_factory=list)
    """Front views: each frame's shoulder height (`metrics.ear_shoulder_ratio`) where it could
    be trusted."""


shoulder_centre = metrics.shoulder_centre
MIN_SHOULDER_CONFIDENCE = 0.5
"""A calibration frame's shoulder height counts from this confidence (no hand at the face)."""


def collect(samples: list[PoseSample | None]) -> Capture:
    """Keep the frames that show a person, from the front, three-quarter or side, with the
    landmarks that view needs clearly visible.

    Raises CalibrationError naming the reason when too few frames are usable.
    """
    total = len(samples)
    present = [s for s in samples if s is not None and metrics.is_present(s)]
    if not present:
        raise CalibrationError(
            f"no person found in {plural(total, 'frame')}: sit in front of the camera "
            "with your head and both shoulders in view"
        )
    side = [s for s in present if metrics.classify_view(s) is View.SIDE]
    view = View.SIDE if len(side) > len(present) / 2 else View.FRONT
    usable = _usable(present, view)
    if len(usable) < max(MIN_FRAMES, math.ceil(MIN_USABLE_SHARE * total)):
        seen = f"{len(usable)} of {plural(total, 'frame')}"
        what = "your ear, shoulder and nose" if view is View.SIDE else "ears and shoulders"
        raise CalibrationError(
            f"{what} were clearly visible in only {seen}: sit so your whole head and "
            "shoulders are in view, with light on your face"
        )
    kept = [s for s, _ in usable]
    fs = [f for _, f in usable if f is not None]
    return Capture(
        view=view,
        turn_deg=float(np.median([metrics.body_turn_deg(s) for s in kept])),
        features=fs,
        side_deg=[metrics.side_head_forward(s)[0] for s in kept] if view is View.SIDE else [],
        sizes_px=[metrics.body_size_px(s, view) for s in kept],
        pitches_deg=[f.pitch_deg for f in fs] or [metrics.side_pitch_deg(s) for s in kept],
        shoulder_centres=[shoulder_centre(s) for s in kept],
        frames=total,
        shoulder_ratios=_shoulder_ratios(kept) if view is View.FRONT else [],
    )


def _shoulder_ratios(kept: list[PoseSample]) -> list[float]:
    found = (metrics.ear_shoulder_ratio(s) for s in kept)
    return [r for r, sure in found if r is not None and sure >= MIN_SHOULDER_CONFIDENCE]


def _usable(
    present: list[PoseSample], view: View
) -> list[tuple[PoseSample, frontal.FrontFeatures | None]]:
    """The frames of the capture's view whose landmarks are clear enough to measure."""
    out: list[tuple[PoseSample, frontal.FrontFeatures | None]] = []
    for s in present:
        if metrics.classify_view(s) is not view:
            continue
        if view is View.SIDE:
            if metrics.side_head_forward(s)[1] >= metrics.VISIBLE:
                out.append((s, None))
            continue
        f = frontal.features(s)
        if f is not None and f.seen >= metrics.VISIBLE:
            out.append((s, f))
    return out


def check_steady(capture: Capture) -> None:
    """CalibrationError if the user moved or looked away during the capture."""
    if capture.view is View.SIDE:
        _check_steady_side(capture)
        return
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
    if abs(facing) > MAX_FACING_DEG and capture.turn_deg < THREE_QUARTER_FROM_DEG:
        side = "left" if facing > 0 else "right"
        raise CalibrationError(
            f"your head is turned {abs(facing):.0f} deg to your {side}: "
            "face the screen (and the camera) while calibrating"
        )


def _check_steady_side(capture: Capture) -> None:
    size = np.array(capture.sizes_px)
    moved = float(np.std(size) / np.mean(size)) > MAX_SIZE_SPREAD
    if moved or float(np.std(capture.side_deg)) > MAX_SIDE_SPREAD_DEG:
        raise CalibrationError(
            "too much movement during the capture: sit tall and still, "
            "looking at the middle of the screen, and try again"
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
