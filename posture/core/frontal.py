"""The frontal head-forward estimate: the neck rebuilt from what a front camera sees of it.

Pure numpy. The geometric model (with figures in docs/frontal-estimator.md):

The neck is the segment from the shoulder-joint midpoint to the ear midpoint, length L, tilted
forward by theta from vertical (the side-view metric's angle). All lengths are in shoulder widths
(S), so the user's size cancels. A front camera sits c above the shoulder line and Z in front of
it; Z comes from the shoulders' pixel width and the field of view. For every candidate theta the
model predicts two things the image shows:

* the neck's *height*: the angle between the rays to the shoulder line and to the ear midpoint
  (the ears sit L*cos(theta) above the shoulders, nearer the camera by L*sin(theta)), times Z;
* the head's *scale*: ear-to-ear width over shoulder width, E*Z/Z_ears, because the head comes
  nearer than the shoulders as it moves forward.

The theta whose predictions match the measured height and scale best (least squares, each
weighted by how far landmark jitter moves it) is the estimate; the spread of good fits gives the
confidence. A change of head pitch since calibration swings the ears about the top of the neck,
slightly below them; the model accounts for that, so a glance down does not read as forward.
Leaning in brings the shoulders nearer too, which the shoulder width shows, so it cancels.

Calibration fits L, E and c for one user and camera, on frames of that user sitting tall
(assumed at `UPRIGHT_DEG`) with a level head, so the head's apparent pitch is the camera's
elevation seen from the ears. Without calibration, population values are used with the camera at
ear height. Cues deliberately left out: the nose's drop (it moves with every glance at the
keyboard) and the absolute head size (it grows whenever someone leans in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from posture.core import metrics
from posture.core.data import LM, PoseSample

UPRIGHT_DEG = 15.0
"""Forward-head angle of someone sitting tall: the median of the shared side photos labelled
straight or kneeling (10-18 degrees, measured by the side-view metric)."""

DEFAULT_HFOV_DEG = 62.0
"""Horizontal field of view assumed for the camera: typical laptop and desk webcams are 55-70."""

POPULATION_NECK_RATIO = 0.59
"""Shoulder-joint midpoint to ear midpoint over shoulder-joint width, adults (about 20 / 34 cm)."""

POPULATION_HEAD_RATIO = 0.40
"""Ear-to-ear over shoulder-to-shoulder as the pose model places those landmarks: 0.42-0.44 in
the three shared frontal clips, less their perspective (anatomy alone says 14.5 / 34 cm = 0.43)."""

NOD_PIVOT_BELOW = 0.09
"""The head pitches about the top of the neck, about 3 cm below the ears (in shoulder widths)..."""

NOD_PIVOT_BEHIND = 0.03
"""...and about 1 cm behind them, so a nod carries the ears forward and a little down."""

POPULATION_NECK_SPREAD = 0.08
"""Relative spread of the neck ratio between adults (coefficient of variation about 8%)."""

POPULATION_HEAD_SPREAD = 0.25
"""Relative spread of the head ratio between people and cameras: anatomy (about 7%) plus the
unknown field of view, which scales the depth this cue reads. Without calibration both spreads
are added to the landmark noise, so no cue is trusted beyond what population figures allow."""

PRIOR_SPREAD_DEG = 25.0
"""A weak prior: angles far from sitting upright need evidence. It settles the one ambiguity of
the height cue (a neck tipped toward or away from the camera by the same angle is equally tall)
when the scale cue is too uncertain to, as it is without calibration."""

NOMINAL_NOISE_PX = 2.0
"""Landmark jitter assumed for the fit's weights and confidence."""

CONFIDENCE_SPREAD_DEG = 10.0
"""An estimate whose good fits spread this far (one standard deviation) gets confidence exp(-1)."""

_THETA = np.radians(np.arange(-40.0, 90.0, 0.25))


@dataclass(frozen=True, slots=True)
class FrontFeatures:
    """What one frontal frame shows of the neck and head."""

    height: float
    """Ear-midpoint height above the shoulder line, in (turn-corrected) shoulder widths."""
    head_scale: float
    """Head width (ear to ear, corrected for head yaw) over shoulder width."""
    shoulder_px: float
    """Shoulder width in pixels, corrected for body turn."""
    pitch_deg: float
    yaw_deg: float
    frame_width: int
    seen: float
    """Lowest visibility of ears and shoulders."""


@dataclass(frozen=True, slots=True)
class FrontModel:
    """The person and camera the estimate is anchored on (from calibration or population)."""

    neck_ratio: float = POPULATION_NECK_RATIO
    head_ratio: float = POPULATION_HEAD_RATIO
    camera_height: float = POPULATION_NECK_RATIO * math.cos(math.radians(UPRIGHT_DEG))
    """Camera above the shoulder line, in shoulder widths (default: at ear height)."""
    hfov_deg: float = DEFAULT_HFOV_DEG
    calibrated: bool = False

    @property
    def spreads(self) -> tuple[float, float]:
        """Relative uncertainty of the neck and head ratios: none once calibrated."""
        return (0.0, 0.0) if self.calibrated else (POPULATION_NECK_SPREAD, POPULATION_HEAD_SPREAD)

    def __post_init__(self) -> None:
        for name, low, high in (
            ("neck_ratio", 0.05, 3.0),
            ("head_ratio", 0.05, 3.0),
            ("camera_height", -10.0, 10.0),
            ("hfov_deg", 20.0, 150.0),
        ):
            value = getattr(self, name)
            if not (
                isinstance(value, int | float) and math.isfinite(value) and low <= value <= high
            ):
                raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")


def features(sample: PoseSample) -> FrontFeatures | None:
    """The neck's and head's measurable projections in one frontal frame, or None."""
    p = sample.pixels()
    width = float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))
    axis = p[LM.LEFT_EAR] - p[LM.RIGHT_EAR]
    half = float(np.linalg.norm(axis)) / 2.0
    height = metrics.neck_ratio(sample)
    if width < 1e-6 or half < 1e-6 or not math.isfinite(height):
        return None
    yaw, pitch, _ = metrics.front_orientation(sample)
    if not (math.isfinite(yaw) and math.isfinite(pitch)):
        return None
    shoulder_px = width / max(math.cos(math.radians(metrics.body_turn_deg(sample))), 0.2)
    # Yaw shortens the ear axis and moves the nose sideways; the head's half width is the
    # ellipse through both (the nose sits HEAD_DEPTH_RATIO half widths in front of the ears).
    offset = p[LM.NOSE] - (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) / 2.0
    across = float(offset @ axis) / (2.0 * half)
    head_px = 2.0 * math.hypot(half, across / metrics.HEAD_DEPTH_RATIO)
    return FrontFeatures(
        height=height,
        head_scale=head_px / shoulder_px,
        shoulder_px=shoulder_px,
        pitch_deg=pitch,
        yaw_deg=yaw,
        frame_width=sample.width,
        seen=sample.visibility(LM.LEFT_EAR, LM.RIGHT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    )


def focal_px(frame_width: int, hfov_deg: float) -> float:
    """Focal length in pixels for a frame width and horizontal field of view."""
    return (frame_width / 2.0) / math.tan(math.radians(hfov_deg) / 2.0)


def shoulder_distance(f: FrontFeatures, hfov_deg: float) -> float:
    """Camera to shoulder line, in shoulder widths."""
    return focal_px(f.frame_width, hfov_deg) / f.shoulder_px


def _level_distance(m: FrontModel, distance: float) -> float:
    """Horizontal distance to the shoulder line, from the straight-line one and camera height."""
    return math.sqrt(max(distance**2 - m.camera_height**2, (0.2 * distance) ** 2))


def _ears(theta: np.ndarray, m: FrontModel, distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Ears' horizontal distance from the camera and drop below it, for each candidate theta."""
    ears_z = np.maximum(_level_distance(m, distance) - m.neck_ratio * np.sin(theta), 0.05)
    return ears_z, m.camera_height - m.neck_ratio * np.cos(theta)


def true_pitch(
    apparent_rad: np.ndarray | float, ears_z: np.ndarray | float, head_ratio: float
) -> Any:
    """Undo perspective on the apparent pitch: the nose is nearer the camera than the ears, so
    its offset from them (what the pitch is read from) is magnified by ears_z / (ears_z - nose).
    """
    nose = metrics.HEAD_DEPTH_RATIO * head_ratio / 2.0  # nose ahead of the ears, shoulder widths
    shrink = np.maximum(ears_z - nose, 0.05) / ears_z
    level = metrics.LEVEL_NOSE_ANGLE_RAD
    return np.arcsin(np.clip(np.sin(np.asarray(apparent_rad) + level) * shrink, -1.0, 1.0)) - level


def predict(
    theta: np.ndarray, m: FrontModel, distance: float, pitch_deg: float
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted (height, head_scale) for candidate angles `theta` (radians).

    `distance` is the straight-line distance to the shoulder line (what their width shows).
    """
    ears_z, drop = _ears(theta, m, distance)
    # The apparent pitch is the true nod plus the camera's elevation seen from the ears
    # (calibration fits the camera height so that a level head reads exactly that).
    apparent = math.radians(pitch_deg)
    nod = true_pitch(apparent, np.hypot(ears_z, drop), m.head_ratio) - np.arctan2(drop, ears_z)
    # The ears swing about the pivot: forward by the first term, down by the second.
    ahead = NOD_PIVOT_BELOW * np.sin(nod) + NOD_PIVOT_BEHIND * (np.cos(nod) - 1.0)
    lower = NOD_PIVOT_BELOW * (1.0 - np.cos(nod)) + NOD_PIVOT_BEHIND * np.sin(nod)
    ears_z = np.maximum(ears_z - ahead, 0.05)
    drop = drop + lower
    rays = math.atan2(m.camera_height, _level_distance(m, distance)) - np.arctan2(drop, ears_z)
    # Image size goes with the distance along the line of sight, not the horizontal one.
    return rays * distance, m.head_ratio * distance / np.hypot(ears_z, drop)


def estimate(f: FrontFeatures, m: FrontModel) -> tuple[float, float]:
    """(head_forward_deg, spread_deg): the best-fitting angle and the spread of good fits."""
    distance = shoulder_distance(f, m.hfov_deg)
    height, scale = predict(_THETA, m, distance, f.pitch_deg)
    # Jitter: the height moves with four points, the head width with two, over the width.
    neck_spread, head_spread = m.spreads
    sigma_h = math.hypot(1.2 * NOMINAL_NOISE_PX / f.shoulder_px, neck_spread * f.height)
    sigma_k = math.hypot(1.4 * NOMINAL_NOISE_PX / f.shoulder_px, head_spread * f.head_scale)
    cost = (
        ((height - f.height) / sigma_h) ** 2
        + ((scale - f.head_scale) / sigma_k) ** 2
        + ((_THETA - math.radians(UPRIGHT_DEG)) / math.radians(PRIOR_SPREAD_DEG)) ** 2
    )
    best = int(np.argmin(cost))
    good = _THETA[cost <= cost[best] + 1.0]
    spread = max(float(good.max() - good.min()) / 2.0, float(_THETA[1] - _THETA[0]))
    return math.degrees(float(_THETA[best])), math.degrees(spread)


class FrontalEstimator:
    """A `metrics.FrontEstimator`: (head_forward_deg, confidence) for frontal samples."""

    def __init__(self, model: FrontModel | None = None) -> None:
        self.model = model or FrontModel()

    @property
    def calibrated(self) -> bool:
        return self.model.calibrated

    def __call__(self, sample: PoseSample) -> tuple[float, float]:
        f = features(sample)
        if f is None:
            return float("nan"), 0.0
        angle, spread = estimate(f, self.model)
        confidence = f.seen * math.exp(-spread / CONFIDENCE_SPREAD_DEG)
        if not self.model.calibrated:
            confidence = min(confidence, metrics.UNCALIBRATED_FRONT_CONFIDENCE)
        return angle, float(np.clip(confidence, 0.0, 1.0))


def calibrate(
    baseline: list[FrontFeatures],
    upright_deg: float = UPRIGHT_DEG,
    hfov_deg: float = DEFAULT_HFOV_DEG,
) -> FrontModel:
    """Fit this user's neck and head and the camera height on frames of them sitting tall.

    Assumes the frames show a forward-head angle of `upright_deg` and a level head, so the
    head's apparent pitch is the camera's elevation seen from the ears.
    """
    if not baseline:
        raise ValueError("calibration needs at least one frame")

    def median(name: str) -> float:
        return float(np.median([getattr(f, name) for f in baseline]))

    pitch = median("pitch_deg")
    distance = focal_px(baseline[0].frame_width, hfov_deg) / median("shoulder_px")
    theta = math.radians(upright_deg)
    model = FrontModel(median("height") / math.cos(theta), POPULATION_HEAD_RATIO, 0.0, hfov_deg)
    # Fixed point: the neck sets where the ears are; with the head ratio that sets the camera
    # elevation the pitch shows, hence the camera height, hence the predicted neck height and
    # head scale; rescale neck and head until both match what the frames show.
    for _ in range(30):
        ears_z, drop = (float(v[0]) for v in _ears(np.array([theta]), model, distance))
        reach = math.hypot(ears_z, drop)
        elevation = float(true_pitch(math.radians(pitch), reach, model.head_ratio))
        camera = ears_z * math.tan(elevation) + model.neck_ratio * math.cos(theta)
        model = replace(model, camera_height=camera)
        height, scale = predict(np.array([theta]), model, distance, pitch)
        model = replace(
            model,
            neck_ratio=model.neck_ratio * median("height") / float(height[0]),
            head_ratio=model.head_ratio * median("head_scale") / float(scale[0]),
        )
    return replace(model, calibrated=True)
