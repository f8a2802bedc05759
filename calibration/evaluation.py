"""How well frontal head-forward estimates hold up on simulated scenes with known angles.

Pure numpy. The sweep behind the acceptance test, the benchmark and the table in
docs/frontal-estimator.md: for each camera placement a simulated user is calibrated sitting tall,
then read at known forward-head angles and head yaws, during a glance down and while leaning in.
The peers' cues are measured the same way, each mapped to degrees by its own best straight-line
fit over the sweep (so each gets its fairest reading).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from posture.core.data import LM, PoseSample
from posture.core.measure import frontal
from posture.core.sim.simulator import Scene, simulate

ANGLES_DEG = tuple(float(a) for a in range(0, 50, 5))
DISTANCES_M = (0.45, 0.6, 0.75, 0.9)
CAMERA_HEIGHTS_M = (-0.15, 0.0, 0.15)
YAWS_DEG = (-20.0, -10.0, 0.0, 10.0, 20.0)
NOISE = {"noise_px": 2.0, "world_noise_m": 0.02}
CALIBRATION_FRAMES = 30
"""About three seconds of a webcam at 10 frames a second."""
GLANCE_DEG = 20.0
LEAN_M = 0.10
WINDOW = 30
"""Frames summarised (median) for the glance and lean checks: 30 s at the monitor's 1 Hz, well
inside the time a forward head must last before it is flagged."""

Cue = Callable[[PoseSample], float]


@dataclass
class Sweep:
    """Errors of one method over the sweep, in degrees (estimate minus truth)."""

    errors: dict[float, list[float]] = field(default_factory=dict)
    glance: list[float] = field(default_factory=list)
    """Median reading during a glance down, less the median reading sitting tall."""
    lean: list[float] = field(default_factory=list)
    """Median reading leaning in, less the median reading sitting tall."""

    def all_errors(self) -> np.ndarray:
        return np.array([e for errs in self.errors.values() for e in errs])

    def mae(self) -> float:
        return float(np.mean(np.abs(self.all_errors())))


def placements() -> Iterable[Scene]:
    """Every camera placement of the sweep, with the person sitting tall and 2 px of noise."""
    for distance, height in itertools.product(DISTANCES_M, CAMERA_HEIGHTS_M):
        yield Scene(distance_m=distance, camera_height_m=height, **NOISE)  # type: ignore[arg-type]


def calibrated(scene: Scene, rng: np.random.Generator) -> frontal.FrontalEstimator:
    """The estimator calibrated on a capture of `scene`'s person sitting tall."""
    upright = scene.with_(forward_head_deg=scene.body.upright_deg)
    captured = [frontal.features(simulate(upright, rng=rng)) for _ in range(CALIBRATION_FRAMES)]
    return frontal.FrontalEstimator(frontal.calibrate([f for f in captured if f is not None]))


def _median_read(read: Cue, scene: Scene, rng: np.random.Generator) -> float:
    return float(np.median([read(simulate(scene, rng=rng)) for _ in range(WINDOW)]))


def sweep_method(
    make: Callable[[Scene, np.random.Generator], Cue], seed: int = 0, repeats: int = 2
) -> Sweep:
    """Run the sweep for a method: `make` calibrates it for a placement and returns its reader."""
    rng = np.random.default_rng(seed)
    out = Sweep()
    for scene in placements():
        read = make(scene, rng)
        tall = scene.with_(forward_head_deg=scene.body.upright_deg)
        for angle, yaw in itertools.product(ANGLES_DEG, YAWS_DEG):
            shown = scene.with_(forward_head_deg=angle, head_yaw_deg=yaw)
            for _ in range(repeats):
                out.errors.setdefault(angle, []).append(read(simulate(shown, rng=rng)) - angle)
        base = _median_read(read, tall, rng)
        out.glance.append(_median_read(read, tall.with_(head_pitch_deg=GLANCE_DEG), rng) - base)
        out.lean.append(_median_read(read, tall.with_(torso_lean_m=LEAN_M), rng) - base)
    return out


def ours(scene: Scene, rng: np.random.Generator) -> Cue:
    """This project's estimator, calibrated for the placement."""
    estimator = calibrated(scene, rng)
    return lambda sample: estimator(sample)[0]


def uncalibrated(scene: Scene, rng: np.random.Generator) -> Cue:
    """This project's estimator on population figures (no calibration)."""
    estimator = frontal.FrontalEstimator()
    return lambda sample: estimator(sample)[0]


# --- the peers' cues, as published formulas ------------------------------------------------------


def nose_drop(sample: PoseSample) -> float:
    """Nose below the shoulder line, over shoulder width, negated (grows as the head sinks)."""
    p = sample.pixels()
    shoulders = (p[LM.LEFT_SHOULDER] + p[LM.RIGHT_SHOULDER]) / 2.0
    width = float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))
    return -float(shoulders[1] - p[LM.NOSE, 1]) / width


def eye_scale(sample: PoseSample) -> float:
    """Eye distance over shoulder width (grows as the head comes nearer than the shoulders)."""
    p = sample.pixels()
    eyes = float(np.linalg.norm(p[LM.LEFT_EYE] - p[LM.RIGHT_EYE]))
    return eyes / float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))


def ear_depth(sample: PoseSample) -> float:
    """Shoulders' depth minus ears' depth from the world landmarks (ears ahead: positive)."""
    w = sample.world
    ears = (w[LM.LEFT_EAR, 2] + w[LM.RIGHT_EAR, 2]) / 2.0
    shoulders = (w[LM.LEFT_SHOULDER, 2] + w[LM.RIGHT_SHOULDER, 2]) / 2.0
    return float(shoulders - ears)


PEERS: dict[str, Cue] = {
    "nose drop (calibrated range)": nose_drop,
    "eye distance / shoulder width": eye_scale,
    "ear-minus-shoulder depth": ear_depth,
}


def peer(cue: Cue) -> Callable[[Scene, np.random.Generator], Cue]:
    """A peer cue, calibrated per placement: its change from sitting tall, scaled to degrees.

    The scale is the cue's slope over the forward-head angle in a noise-free sweep of the same
    placement (the best any fixed gain could do), so errors come from what the cue confuses.
    """

    def make(scene: Scene, rng: np.random.Generator) -> Cue:
        tall = scene.with_(forward_head_deg=scene.body.upright_deg)
        base = float(np.median([cue(simulate(tall, rng=rng)) for _ in range(CALIBRATION_FRAMES)]))
        clean = scene.with_(noise_px=0.0, world_noise_m=0.0)
        xs = np.array([cue(simulate(clean.with_(forward_head_deg=a))) for a in ANGLES_DEG])
        slope = float(np.polyfit(ANGLES_DEG, xs, 1)[0])
        if abs(slope) < 1e-12:
            return lambda sample: math.nan
        upright = scene.body.upright_deg
        return lambda sample: upright + (cue(sample) - base) / slope

    return make
