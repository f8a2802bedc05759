"""From a capture to a profile, the chin-poke range, and the `--check` comparison. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from calibration.capture import Capture, robust_spread, trunk_deg
from calibration.profile import Baseline, CameraId, Profile, ProfileView
from posture.core.data import Reading, View
from posture.core.errors import CalibrationError
from posture.core.measure import baseline as view_check
from posture.core.measure import frontal
from posture.core.measure.baseline import MOVED_SHIFT, MOVED_SIZE_CHANGE

__all__ = ["MOVED_SHIFT", "MOVED_SIZE_CHANGE", "CheckLine", "advice", "build_profile", "compare"]

MIN_POKE_GAIN_DEG = 8.0
"""A chin-poke must read at least this much above sitting tall, or it was not one."""


def _median(values: list[float]) -> float:
    return float(np.median(values))


def build_profile(
    capture: Capture,
    camera: CameraId,
    created: str,
    upright_deg: float = frontal.UPRIGHT_DEG,
    hfov_deg: float = frontal.DEFAULT_HFOV_DEG,
) -> Profile:
    """The profile of a steady upright capture: the fitted frontal model (front views) and the
    baseline medians, among them what the readings show sitting tall.

    `created` is the caller's time stamp (this module reads no clock).
    """
    model, trunk = None, trunk_deg(capture)
    if capture.view is View.FRONT:
        model = frontal.calibrate(capture.features, upright_deg, hfov_deg)
    baseline = Baseline(
        frames=len(capture.sizes_px),
        reads=capture.view,
        head_forward_deg=0.0,
        size_px=_median(capture.sizes_px),
        shoulder_x=_median([c[0] for c in capture.shoulder_centres]),
        shoulder_y=_median([c[1] for c in capture.shoulder_centres]),
        turn_deg=round(capture.turn_deg, 1),
        pitch_deg=_median(capture.pitches_deg),
        trunk_deg=None if trunk is None else round(trunk, 1),
        dropped=capture.dropped,
        ear_shoulder_ratio=_relaxed(capture),
    )
    view = ProfileView.of_turn(capture.turn_deg)
    profile = Profile(camera, view, baseline, model, upright_deg, created)
    read = np.array(readings(profile, capture))
    reads = round(view_check.own_upright(float(np.median(read)), trunk), 2)
    spread = round(robust_spread(read), 2)
    return replace(profile, baseline=replace(baseline, head_forward_deg=reads, spread_deg=spread))


def _relaxed(capture: Capture) -> float | None:
    """The shoulders' height sitting relaxed, if at least half the frames measured it."""
    ratios = capture.shoulder_ratios
    if not ratios or len(ratios) < len(capture.sizes_px) / 2:
        return None
    return round(_median(ratios), 4)


def readings(profile: Profile, capture: Capture) -> list[float]:
    """The head-forward angle of every frame of a capture, as the monitor would read it."""
    if capture.view is View.SIDE:
        return list(capture.side_deg)
    model = profile.model or frontal.FrontModel()
    return [frontal.estimate(f, model)[0] for f in capture.features]


def add_chin_poke(profile: Profile, capture: Capture) -> Profile:
    """Record what a deliberate chin-poke reads; refuse one that barely moved the head."""
    if capture.view is not profile.baseline.reads:
        raise CalibrationError(
            f"the chin-poke was seen from the {capture.view.value}, the upright from the "
            f"{profile.baseline.reads.value}: keep the camera and your seat as they were"
        )
    poke = float(np.median(readings(profile, capture)))
    upright = profile.baseline.head_forward_deg
    if poke < upright + MIN_POKE_GAIN_DEG:
        raise CalibrationError(
            f"the chin-poke read {poke:.0f} deg, hardly more than sitting tall "
            f"({upright:.0f} deg): push your chin further toward the screen, keeping "
            "your eyes level, and try again"
        )
    return replace(profile, chin_poke_deg=round(poke, 1))


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One moment of `calibrate --check`: the reading and how the view differs from calibration."""

    head_forward_deg: float | None
    size_change: float
    """Size now over at calibration, minus one."""
    shift: float
    """How far the shoulders moved in the frame, as a fraction of its size."""
    pitch_change_deg: float
    view_changed: bool = False
    """Seen from the front now where the calibration saw a side view, or the other way round."""


def compare(profile: Profile, reading: Reading) -> CheckLine | None:
    """How one reading compares with the profile (None without someone in view)."""
    d = view_check.drift(profile.upright(), reading)
    if d is None:
        return None
    pitch = reading.pitch_deg
    return CheckLine(
        head_forward_deg=reading.head_forward_deg,
        size_change=d.size_change,
        shift=d.shift,
        pitch_change_deg=0.0 if pitch is None else pitch - profile.baseline.pitch_deg,
        view_changed=d.view_changed,
    )


def advice(lines: list[CheckLine], profile: Profile, past_upright_deg: float) -> list[str]:
    """What a run of check lines says about the calibration, most important first."""
    if not lines:
        return ["no person was seen: nothing to check"]
    size = float(np.median([x.size_change for x in lines]))
    shift = float(np.median([x.shift for x in lines]))
    notes = []
    if sum(x.view_changed for x in lines) > len(lines) / 2:
        notes.append(
            f"the camera sees you from another side than at calibration ({profile.view.value}): "
            "run `posture calibrate` again where you sit now"
        )
    if abs(size) > MOVED_SIZE_CHANGE:
        nearer = "nearer to" if size > 0 else "further from"
        notes.append(
            f"you look {abs(size):.0%} {'bigger' if size > 0 else 'smaller'} than at "
            f"calibration: you sit {nearer} the camera, or it moved; recalibrate if this is your "
            "usual place"
        )
    if shift > MOVED_SHIFT:
        notes.append(
            f"your shoulders moved {shift:.0%} of the frame since calibration: if the camera "
            "moved, run `posture calibrate` again"
        )
    if not notes:
        upright = profile.baseline.head_forward_deg
        notes.append(
            f"the view matches the calibration: sitting tall should read about {upright:.0f} deg, "
            f"forward from {view_check.forward_from(upright, past_upright_deg):.0f} deg"
        )
        now = [x.head_forward_deg for x in lines if x.head_forward_deg is not None]
        if now:  # the verdict only where the view is the calibration's
            notes.insert(0, verdict_now(float(np.median(now)), upright, past_upright_deg))
    return notes


def verdict_now(reads_deg: float, upright_deg: float, past_upright_deg: float) -> str:
    """The verdict a user wants from a check: good or forward, and by how much."""
    start = view_check.forward_from(upright_deg, past_upright_deg)
    past = reads_deg - upright_deg
    where = f"{abs(past):.0f} deg {'past' if past >= 0 else 'behind'} your upright"
    if reads_deg > start:
        return (
            f"forward: you read {reads_deg:.0f} deg, {where} ({reads_deg - start:.0f} past forward)"
        )
    return f"good: you read {reads_deg:.0f} deg, {where} ({start - reads_deg:.0f} under forward)"
