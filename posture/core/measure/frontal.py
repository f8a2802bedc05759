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

Calibrated, the theta whose predictions match the measured height and scale best (least
squares, each weighted by how far landmark jitter moves it) is the estimate; the spread of good
fits gives the confidence. Without calibration the height alone sets the angle (on the forward
branch), and the head scale only says how far to trust it (see `fit` and `confidence`).
The neck is measured along itself (shoulder midpoint to ear midpoint), so a sideways lean or head
tilt turns it in the image without shortening it, and does not read as a forward head.

A change of head pitch since calibration swings the ears about the top of the neck,
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

import numpy as np

from posture.core.data import LM, PoseSample
from posture.core.measure import frontal_geometry as geometry
from posture.core.measure import metrics, orientation

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

POPULATION_NECK_SPREAD = 0.08
"""Relative spread of the neck ratio between adults (coefficient of variation about 8%)."""

POPULATION_HEAD_SPREAD = 0.25
"""Relative spread of the head ratio between people and cameras: anatomy (about 7%) plus the
unknown field of view, which scales the depth this cue reads. Without calibration both spreads
are added to the landmark noise, so no cue is trusted beyond what population figures allow."""

PRIOR_SPREAD_DEG = 25.0
"""A weak prior for calibrated fits: angles far from sitting upright need evidence. It settles
the one ambiguity of the height cue (a neck tipped toward or away from the camera by the same
angle is equally tall) where the scale cue is too weak to."""

UNCALIBRATED_MIN_DEG = 0.0
"""Without a profile only angles from here up are fitted: the height cue cannot tell a neck
tipped toward the camera from one tipped back, and at a desk the ears sit over or ahead of the
shoulders (the shared side photos: recline -6 to 5 degrees, straight 0-21, hunched 32-91). Taking
the forward branch is what rules out the mirrored readings of -40 degrees for upright people."""

OFF_FRAME_CONFIDENCE = 0.6
"""Confidence factor when a shoulder point lies outside the frame: the pose model then guesses
where it is (with a visibility still near 1), so the shoulder width that scales every cue is a
guess too. The head-scale cue is dropped; the height over the guessed width is kept, trusted
less."""

NOMINAL_NOISE_PX = 2.0
"""Landmark jitter assumed for the fit's weights and confidence."""

CONFIDENCE_SPREAD_DEG = 10.0
"""An estimate whose good fits spread this far (one standard deviation) gets confidence exp(-1)."""

_THETA = np.radians(np.arange(-40.0, 90.0, 0.25))
_FORWARD = np.greater_equal(_THETA, math.radians(UNCALIBRATED_MIN_DEG))


@dataclass(frozen=True, slots=True)
class FrontFeatures:
    """What one frontal frame shows of the neck and head."""

    height: float
    """Shoulder midpoint to ear midpoint, in (turn-corrected) shoulder widths."""
    head_scale: float
    """Head width (ear to ear, corrected for head yaw) over shoulder width."""
    shoulder_px: float
    """Shoulder width in pixels, corrected for body turn."""
    pitch_deg: float
    yaw_deg: float
    frame_width: int
    seen: float
    """Lowest visibility of ears and shoulders."""
    framed: bool = True
    """Both shoulder points inside the frame."""


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
    if width < 1e-6 or half < 1e-6:
        return None
    yaw, pitch, _ = orientation.front_orientation(sample)
    if not (math.isfinite(yaw) and math.isfinite(pitch)):
        return None
    shoulder_px = width / max(math.cos(math.radians(orientation.body_turn_deg(sample))), 0.2)
    # Yaw shortens the ear axis and moves the nose sideways; the head's half width is the
    # ellipse through both (the nose sits HEAD_DEPTH_RATIO half widths in front of the ears).
    offset = p[LM.NOSE] - (p[LM.LEFT_EAR] + p[LM.RIGHT_EAR]) / 2.0
    across = float(offset @ axis) / (2.0 * half)
    head_px = 2.0 * math.hypot(half, across / orientation.HEAD_DEPTH_RATIO)
    return FrontFeatures(
        height=geometry.neck_length(p) * width / shoulder_px,
        head_scale=head_px / shoulder_px,
        shoulder_px=shoulder_px,
        pitch_deg=pitch,
        yaw_deg=yaw,
        frame_width=sample.width,
        seen=sample.visibility(LM.LEFT_EAR, LM.RIGHT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
        framed=geometry.shoulders_in_frame(sample),
    )


def shoulder_distance(f: FrontFeatures, hfov_deg: float) -> float:
    """Camera to shoulder line, in shoulder widths."""
    return geometry.focal_px(f.frame_width, hfov_deg) / f.shoulder_px


@dataclass(frozen=True, slots=True)
class Fit:
    """The best-fitting angle, the spread of good fits, and how far the head scale disagrees."""

    angle_deg: float
    spread_deg: float
    scale_mismatch: float
    """ln(measured head scale / the nearest scale the angle allows): 0 when the cues agree."""


def fit(f: FrontFeatures, m: FrontModel) -> Fit:
    """Fit the neck angle to what the frame shows.

    Calibrated, both cues and the prior decide. Without a profile the height alone decides, on
    the forward branch: the head scale depends on the person's head-to-shoulder proportion and on
    the camera's field of view, both unknown, and it fails worst for people close to the camera
    (the tallest scale cue) or with shoulders cut by the frame edge (a guessed shoulder width).
    """
    distance = shoulder_distance(f, m.hfov_deg)
    height, scale = geometry.predict(_THETA, m, distance, f.pitch_deg)
    # Jitter: the height moves with four points, the head width with two, over the width.
    neck_spread, head_spread = m.spreads
    sigma_h = math.hypot(1.2 * NOMINAL_NOISE_PX / f.shoulder_px, neck_spread * f.height)
    sigma_k = math.hypot(1.4 * NOMINAL_NOISE_PX / f.shoulder_px, head_spread * f.head_scale)
    if not m.calibrated:  # no distance: it rests on the field of view, unknown here
        height = geometry.far_height(_THETA, m.neck_ratio, f.pitch_deg)
    cost = ((height - f.height) / sigma_h) ** 2
    if m.calibrated:
        if f.framed:
            cost = cost + ((scale - f.head_scale) / sigma_k) ** 2
        cost = cost + ((_THETA - math.radians(UPRIGHT_DEG)) / math.radians(PRIOR_SPREAD_DEG)) ** 2
    else:
        cost = np.where(_FORWARD, cost, np.inf)
    best = int(np.argmin(cost))
    good = _THETA[cost <= cost[best] + 1.0]
    spread = max(float(good.max() - good.min()) / 2.0, float(_THETA[1] - _THETA[0]))
    angle = float(_THETA[best])
    if not m.calibrated:  # the mean over the people this height fits, not the likeliest one
        weight = np.exp(-0.5 * (cost - cost[best]))
        angle = float(np.sum(_THETA * weight) / np.sum(weight))
    # The scale a head at this angle shows lies between the head ratio (a distant camera) and the
    # prediction, whose magnification rests on the distance an assumed field of view gives.
    low, high = sorted((m.head_ratio, float(scale[best])))
    mismatch = math.log(f.head_scale / float(np.clip(f.head_scale, low, high)))
    return Fit(math.degrees(angle), math.degrees(spread), mismatch)


def estimate(f: FrontFeatures, m: FrontModel) -> tuple[float, float]:
    """(head_forward_deg, spread_deg): the best-fitting angle and the spread of good fits."""
    result = fit(f, m)
    return result.angle_deg, result.spread_deg


def confidence(f: FrontFeatures, result: Fit, calibrated: bool) -> float:
    """How far to trust the angle: visibility, shoulders in frame, and the cues' agreement.

    Calibrated, the spread of good fits measures the agreement. Without a profile the spread is
    mostly the unknown proportions (every reading would be doubtful), so the agreement is the
    head scale against the scale the angle predicts, within the population's spread of it.
    """
    framing = 1.0 if f.framed else OFF_FRAME_CONFIDENCE
    if calibrated:
        return f.seen * framing * math.exp(-result.spread_deg / CONFIDENCE_SPREAD_DEG)
    agree = 1.0
    if f.framed:
        agree = math.exp(-0.5 * (result.scale_mismatch / POPULATION_HEAD_SPREAD) ** 2)
    return metrics.UNCALIBRATED_FRONT_CONFIDENCE * f.seen * framing * agree


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
        result = fit(f, self.model)
        trust = confidence(f, result, self.model.calibrated)
        return result.angle_deg, float(np.clip(trust, 0.0, 1.0))


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
    distance = geometry.focal_px(baseline[0].frame_width, hfov_deg) / median("shoulder_px")
    theta = math.radians(upright_deg)
    model = FrontModel(median("height") / math.cos(theta), POPULATION_HEAD_RATIO, 0.0, hfov_deg)
    # Fixed point: the neck sets where the ears are; with the head ratio that sets the camera
    # elevation the pitch shows, hence the camera height, hence the predicted neck height and
    # head scale; rescale neck and head until both match what the frames show.
    for _ in range(30):
        ears_z, drop = (float(v[0]) for v in geometry.ears(np.array([theta]), model, distance))
        reach = math.hypot(ears_z, drop)
        elevation = float(geometry.true_pitch(math.radians(pitch), reach, model.head_ratio))
        camera = ears_z * math.tan(elevation) + model.neck_ratio * math.cos(theta)
        model = replace(model, camera_height=camera)
        height, scale = geometry.predict(np.array([theta]), model, distance, pitch)
        model = replace(
            model,
            neck_ratio=model.neck_ratio * median("height") / float(height[0]),
            head_ratio=model.head_ratio * median("head_scale") / float(scale[0]),
        )
    return replace(model, calibrated=True)
