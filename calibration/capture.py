"""The calibration capture: a countdown, a few seconds of frames, and the checks that refuse one.

Pure (numpy and the standard library): time comes from the frames, so tests script it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field, replace

import numpy as np

from posture.core.data import PoseSample, View
from posture.core.errors import CalibrationError
from posture.core.measure import baseline, frontal, metrics, orientation
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

OUTLIER_SPREADS = 2.5
"""A frame further than this many allowed spreads from the capture's median (of any measure) is
dropped, not the capture: a hand through the frame, a blink, a glance aside."""

MAX_DROPPED_SHARE = 0.25
"""...as long as no more than this share of the frames is dropped (more is moving, not a
moment's disturbance)."""

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
    trunk_deg: list[float] = field(default_factory=list)
    """Side views: each frame's hip->shoulder angle from vertical (nan where the hip is hidden)."""
    dropped: int = 0
    """Usable frames dropped as outliers by `check_steady`."""
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
    side = [s for s in present if orientation.classify_view(s) is View.SIDE]
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
        turn_deg=float(np.median([orientation.body_turn_deg(s) for s in kept])),
        features=fs,
        side_deg=[metrics.side_head_forward(s)[0] for s in kept] if view is View.SIDE else [],
        sizes_px=[metrics.body_size_px(s, view) for s in kept],
        pitches_deg=[f.pitch_deg for f in fs] or [orientation.side_pitch_deg(s) for s in kept],
        shoulder_centres=[shoulder_centre(s) for s in kept],
        frames=total,
        trunk_deg=[metrics.side_trunk_deg(s) for s in kept] if view is View.SIDE else [],
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
        if orientation.classify_view(s) is not view:
            continue
        if view is View.SIDE:
            if metrics.side_head_forward(s)[1] >= metrics.VISIBLE:
                out.append((s, None))
            continue
        f = frontal.features(s)
        if f is not None and f.seen >= metrics.VISIBLE:
            out.append((s, f))
    return out


MOVED = (
    "too much movement during the capture: sit tall and still, "
    "looking at the middle of the screen, and try again"
)


def _measures(capture: Capture) -> dict[str, tuple[np.ndarray, float]]:
    """Each steadiness measure per frame, in units of its allowed spread."""
    size = np.array(capture.sizes_px)
    out = {"moved": (size / np.median(size), MAX_SIZE_SPREAD)}
    if capture.view is View.SIDE:
        out["angle"] = (np.array(capture.side_deg), MAX_SIDE_SPREAD_DEG)
    else:
        out["height"] = (np.array([f.height for f in capture.features]), MAX_HEIGHT_SPREAD)
        out["turned"] = (np.array([f.yaw_deg for f in capture.features]), MAX_YAW_SPREAD_DEG)
    return {k: ((v - np.median(v)) / limit, limit) for k, (v, limit) in out.items()}


def robust_spread(values: np.ndarray) -> float:
    """The standard deviation a normal spread with this median absolute deviation would have."""
    return 1.4826 * float(np.median(np.abs(values - np.median(values))))


def _keep(capture: Capture, keep: np.ndarray) -> Capture:
    def pick(xs: list) -> list:  # type: ignore[type-arg]
        return [x for x, k in zip(xs, keep, strict=True) if k] if xs else xs

    return replace(
        capture,
        features=pick(capture.features),
        side_deg=pick(capture.side_deg),
        sizes_px=pick(capture.sizes_px),
        pitches_deg=pick(capture.pitches_deg),
        shoulder_centres=pick(capture.shoulder_centres),
        trunk_deg=pick(capture.trunk_deg),
        dropped=capture.dropped + int(np.sum(~keep)),
    )


def check_steady(capture: Capture) -> Capture:
    """The capture's steady frames: a frame far from the capture's median (a hand, a blink, a
    glance) is dropped; CalibrationError only when most frames are off or the rest still spread
    more than a still person's (the median absolute deviation, so one bad frame cannot)."""
    measures = _measures(capture)
    worst = np.max(np.abs(np.array([m for m, _ in measures.values()])), axis=0)
    keep = worst <= OUTLIER_SPREADS
    if float(np.mean(~keep)) > MAX_DROPPED_SHARE:
        off = max(measures, key=lambda k: float(np.median(np.abs(measures[k][0]))))
        raise CalibrationError(_why_unsteady(capture, off))
    steady = _keep(capture, keep)
    for name, (units, _) in _measures(steady).items():
        if robust_spread(units) > 1.0:
            raise CalibrationError(_why_unsteady(steady, name))
    if steady.view is View.SIDE:
        _check_trunk(steady)
    else:
        _check_facing(steady)
    return steady


def trunk_deg(capture: Capture) -> float | None:
    """The capture's median trunk angle (side views with the hips in view), else None."""
    seen = [t for t in capture.trunk_deg if math.isfinite(t)]
    return float(np.median(seen)) if seen and len(seen) * 2 >= len(capture.trunk_deg) else None


def _check_trunk(capture: Capture) -> None:
    """CalibrationError if the trunk shows a lean back or a slump rather than sitting tall."""
    trunk = trunk_deg(capture)
    if trunk is not None and trunk < baseline.LEAN_BACK_TRUNK_DEG:
        raise CalibrationError(
            f"you are leaning back (your trunk is {-trunk:.0f} deg behind vertical; sitting "
            f"tall it is about {-baseline.UPRIGHT_TRUNK_DEG:.0f}): sit up straight and try again"
        )
    if trunk is not None and trunk > baseline.SLUMP_TRUNK_DEG:
        raise CalibrationError(
            f"you are bent forward (your trunk is {trunk:.0f} deg ahead of vertical): "
            "sit up straight, back against the chair, and try again"
        )


def _why_unsteady(capture: Capture, measure: str) -> str:
    if measure == "turned":
        return _TURNED
    if capture.features and sum(not f.framed for f in capture.features) * 2 > len(capture.features):
        return (
            "your shoulders reach past the frame's edge, so the camera guesses where they are: "
            "sit further back (or widen the view) so both shoulders are in the picture"
        )
    return MOVED


_TURNED = "your head turned during the capture: keep looking at the middle of the screen"


def _check_facing(capture: Capture) -> None:
    facing = float(np.median([f.yaw_deg for f in capture.features]))
    if abs(facing) > MAX_FACING_DEG and capture.turn_deg < THREE_QUARTER_FROM_DEG:
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
