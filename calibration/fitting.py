"""From a capture to a profile, the chin-poke range, and the `--check` comparison. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from calibration.capture import Capture
from calibration.profile import Baseline, CameraId, Profile
from posture.core import frontal
from posture.core.errors import CalibrationError

MIN_POKE_GAIN_DEG = 8.0
"""A chin-poke must read at least this much above sitting tall, or it was not one."""

MOVED_SIZE_CHANGE = 0.2
"""Shoulders this much wider or narrower than at calibration: the user or the camera moved."""

MOVED_SHIFT = 0.15
"""Shoulders shifted by this fraction of the frame: the camera probably moved."""


def build_profile(
    capture: Capture,
    camera: CameraId,
    created: str,
    upright_deg: float = frontal.UPRIGHT_DEG,
    hfov_deg: float = frontal.DEFAULT_HFOV_DEG,
) -> Profile:
    """The profile of a steady upright capture: baseline medians and the fitted model.

    `created` is the caller's time stamp (this module reads no clock).
    """
    fs = capture.features

    def median(values: list[float]) -> float:
        return float(np.median(values))

    baseline = Baseline(
        frames=len(fs),
        height=median([f.height for f in fs]),
        head_scale=median([f.head_scale for f in fs]),
        shoulder_px=median([f.shoulder_px for f in fs]),
        shoulder_x=median([c[0] for c in capture.shoulder_centres]),
        shoulder_y=median([c[1] for c in capture.shoulder_centres]),
        pitch_deg=median([f.pitch_deg for f in fs]),
        yaw_deg=median([f.yaw_deg for f in fs]),
    )
    model = frontal.calibrate(fs, upright_deg, hfov_deg)
    return Profile(camera, baseline, model, upright_deg, created)


def readings(profile: Profile, capture: Capture) -> list[float]:
    """The calibrated head-forward angle of every frame of a capture."""
    return [frontal.estimate(f, profile.model)[0] for f in capture.features]


def add_chin_poke(profile: Profile, capture: Capture) -> Profile:
    """Record what a deliberate chin-poke reads; refuse one that barely moved the head."""
    poke = float(np.median(readings(profile, capture)))
    if poke < profile.upright_deg + MIN_POKE_GAIN_DEG:
        raise CalibrationError(
            f"the chin-poke read {poke:.0f} deg, hardly more than sitting tall "
            f"({profile.upright_deg:.0f} deg): push your chin further toward the screen, keeping "
            "your eyes level, and try again"
        )
    return replace(profile, chin_poke_deg=round(poke, 1))


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One moment of `calibrate --check`: the reading and how the view differs from calibration."""

    head_forward_deg: float
    size_change: float
    """Shoulder width now over at calibration, minus one."""
    shift: float
    """How far the shoulders moved in the frame, as a fraction of its size."""
    pitch_change_deg: float


def compare(profile: Profile, f: frontal.FrontFeatures, centre: tuple[float, float]) -> CheckLine:
    """How one frame reads against the profile."""
    b = profile.baseline
    return CheckLine(
        head_forward_deg=frontal.estimate(f, profile.model)[0],
        size_change=f.shoulder_px / b.shoulder_px - 1.0,
        shift=math.hypot(centre[0] - b.shoulder_x, centre[1] - b.shoulder_y),
        pitch_change_deg=f.pitch_deg - b.pitch_deg,
    )


def advice(lines: list[CheckLine], upright_deg: float) -> list[str]:
    """What a run of check lines says about the calibration, most important first."""
    if not lines:
        return ["no person was seen: nothing to check"]
    size = float(np.median([x.size_change for x in lines]))
    shift = float(np.median([x.shift for x in lines]))
    notes = []
    if abs(size) > MOVED_SIZE_CHANGE:
        nearer = "nearer to" if size > 0 else "further from"
        notes.append(
            f"your shoulders look {abs(size):.0%} {'wider' if size > 0 else 'narrower'} than at "
            f"calibration: you sit {nearer} the camera, or it moved; recalibrate if this is your "
            "usual place"
        )
    if shift > MOVED_SHIFT:
        notes.append(
            f"your shoulders moved {shift:.0%} of the frame since calibration: if the camera "
            "moved, run `posture calibrate` again"
        )
    if not notes:
        notes.append(
            "the view matches the calibration: sitting tall should read about "
            f"{upright_deg:.0f} deg, a chin poked forward clearly more"
        )
    return notes
