"""Raised shoulders: specificity on every real clip and frame in ../shared, sensitivity with the
simulator.

Specificity: each clip is calibrated on its first CALIBRATE_S seconds (the real calibration code,
as `posture calibrate --source` does) and then played through the monitor in a loop for an hour
of virtual time at its own frame rate; false 'shoulders raised' alerts per hour, the share of
frames judged raised and the longest raised run are counted. The frame sets are calibrated on
their upright frames (slouching-or-not: `upright`; lean-tilt: each recording session's `thang`
frames) and every frame is judged; looped an hour at one frame a second, the alerts are counted
too. Nobody in ../shared raises their shoulders, so every 'raised' is false. The spread at rest
is each person's ear-to-shoulder height's standard deviation over their relaxed value.

Sensitivity: the simulated person (posture/core/sim/simulator.py) shrugs 1-6 cm in several
bodies, distances and camera heights with landmark noise, and is judged against a calibration
of their relaxed frames; forward head, lean, tilt and glance-down frames without a shrug must not
read raised. Prints markdown tables and saves benchmarks/results/shoulders.json.

    python -m benchmarks.shoulders
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks._common import RESULTS, shared_path
from calibration.capture import collect
from calibration.fitting import build_profile
from calibration.profile import CameraId
from posture.app.wiring import file_frames
from posture.core.data import PoseSample, Reading
from posture.core.measure import metrics
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.shoulders import relaxed_of, shoulders_raised
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.sim.simulator import Body, Scene, simulate

MODEL = shared_path("models/pose_landmarker_full.task")
DATA = shared_path("data")
CALIBRATE_S = 3.0
HOUR_S = 3600.0
SETTINGS = Settings()
CLIPS = ("front-still-d13.mp4", "front-talking-selfie.mp4", "front-head-turns-d12.mp4")


def calibrate(samples: list[PoseSample | None]) -> Upright:
    """The upright a calibration on these samples records (the real capture and fitting)."""
    first = next(s for s in samples if s is not None)
    camera = CameraId("files", first.width, first.height)
    return build_profile(collect(samples), camera, "").upright()


def readings_of(samples: list[PoseSample | None], times: list[float]) -> list[Reading]:
    front = FrontalEstimator()
    return [metrics.read(s, t, front) for s, t in zip(samples, times, strict=True)]


def looped_alerts(readings: list[Reading], upright: Upright, step_s: float) -> int:
    """Shoulder alerts while the readings repeat for an hour, `step_s` apart."""
    monitor = Monitor(SETTINGS, upright=upright)
    count, t = 0, 0.0
    while t < HOUR_S:
        for r in readings:
            shifted = replace(r, t=t)
            count += sum(e.kind is EventKind.SHOULDERS_ALERT for e in monitor.update(shifted))
            t += step_s
    return count


def judged(readings: list[Reading], upright: Upright) -> list[bool | None]:
    relaxed = relaxed_of(upright)
    return [shoulders_raised(r, relaxed, SETTINGS.shoulders_drop) for r in readings]


def longest_run_s(verdicts: list[bool | None], step_s: float) -> float:
    best = run = 0
    for v in verdicts:
        run = run + 1 if v else 0
        best = max(best, run)
    return best * step_s


def spread(readings: list[Reading], upright: Upright) -> float | None:
    ratios = [r.ear_shoulder_ratio for r in readings if r.ear_shoulder_ratio is not None]
    if not ratios or upright.ear_shoulder_ratio is None:
        return None
    return float(np.std(ratios) / upright.ear_shoulder_ratio)


def row(name: str, readings: list[Reading], upright: Upright, step_s: float) -> dict[str, object]:
    verdicts = judged(readings, upright)
    return {
        "input": name,
        "frames": len(readings),
        "judged": sum(v is not None for v in verdicts),
        "raised_frames": sum(bool(v) for v in verdicts),
        "longest_raised_s": round(longest_run_s(verdicts, step_s), 1),
        "false_alerts_per_hour": looped_alerts(readings, upright, step_s),
        "lowest_judged_height": lowest(readings, verdicts, upright),
        "rest_spread": None if (s := spread(readings, upright)) is None else round(s, 4),
    }


def lowest(readings: list[Reading], verdicts: list[bool | None], upright: Upright) -> float | None:
    """The lowest ear-to-shoulder height among the judged frames, over the relaxed one (raised
    needs 1 - shoulders_drop, 0.85, and the shoulders risen)."""
    relaxed = upright.ear_shoulder_ratio
    found = [
        r.ear_shoulder_ratio
        for r, v in zip(readings, verdicts, strict=True)
        if v is not None and r.ear_shoulder_ratio is not None
    ]
    return round(min(found) / relaxed, 3) if found and relaxed else None


def clip_rows() -> Iterator[dict[str, object]]:
    for name in CLIPS:
        pairs = list(file_frames([DATA / "video" / name], str(MODEL)))
        times = [f.t for f, _ in pairs]
        samples = [s for _, s in pairs]
        step = float(np.median(np.diff(times)))
        upright = calibrate([s for s, t in zip(samples, times, strict=True) if t < CALIBRATE_S])
        yield row(name, readings_of(samples, times), upright, step)


def _stills(paths: list[Path]) -> list[PoseSample | None]:
    return [s for _, s in file_frames(paths, str(MODEL))]


def frame_rows() -> Iterator[dict[str, object]]:
    base = DATA / "front" / "slouching-or-not"
    upright_files = sorted((base / "upright").iterdir())
    upright = calibrate(_stills(upright_files))
    for label in ("upright", "slouching"):
        files = sorted((base / label).iterdir())
        samples = _stills(files)
        yield row(
            f"slouching-or-not/{label}", readings_of(samples, [0.0] * len(files)), upright, 1.0
        )
    lean = DATA / "front" / "lean-tilt-roboflow"
    sessions: dict[str, dict[str, list[Path]]] = {}
    for folder in sorted(p for p in lean.iterdir() if p.is_dir()):
        for f in sorted(folder.iterdir()):
            session = re.sub(r"(_mp4|-0).*", "", f.name)
            sessions.setdefault(session, {}).setdefault(folder.name, []).append(f)
    for session, classes in sessions.items():
        upright = calibrate(_stills(classes["thang"]))
        for label, files in classes.items():
            samples = _stills(files)
            readings = readings_of(samples, [0.0] * len(files))
            yield row(f"lean-tilt/{session}/{label}", readings, upright, 1.0)


SHRUGS_M = (0.01, 0.02, 0.03, 0.04, 0.05, 0.06)
BODIES = (Body(), Body(shoulder_width_m=0.40, neck_length_m=0.22), Body(shoulder_width_m=0.30))
CAMERAS = ((0.55, 0.0), (0.65, 0.10), (0.80, -0.08))
"""(distance_m, camera_height_m): a laptop close and level, a monitor camera above the eyes, a
camera further and below."""
CONFOUNDERS = {
    "forward head 35 deg": {"forward_head_deg": 35.0},
    "forward head 45 deg": {"forward_head_deg": 45.0},
    "lean in 10 cm": {"torso_lean_m": 0.10},
    "lean back 8 cm": {"torso_lean_m": -0.08},
    "head tilt 15 deg": {"head_roll_deg": 15.0},
    "glance down 15 deg": {"head_pitch_deg": 15.0},
    "turn 20 deg": {"head_yaw_deg": 20.0},
}


def _sim_share(scene: Scene, upright: Upright, rng: np.random.Generator, n: int = 40) -> float:
    relaxed = relaxed_of(upright)
    front = FrontalEstimator()
    verdicts = [
        shoulders_raised(metrics.read(simulate(scene, t, rng), t, front), relaxed, 0.15)
        for t in range(n)
    ]
    return sum(bool(v) for v in verdicts) / n


def simulator_rows() -> Iterator[dict[str, object]]:
    rng = np.random.default_rng(7)
    cases = [(b, d, h) for b in BODIES for d, h in CAMERAS]
    for label, changes in [
        *((f"shrug {m * 100:.0f} cm", {"shrug_m": m}) for m in SHRUGS_M),
        *CONFOUNDERS.items(),
    ]:
        shares = []
        for body, distance, height in cases:
            scene = Scene(body=body, distance_m=distance, camera_height_m=height, noise_px=1.0)
            upright = calibrate([simulate(scene, t, rng) for t in range(30)])
            shares.append(_sim_share(scene.with_(**changes), upright, rng))
        yield {
            "simulated": label,
            "raised_share": round(float(np.mean(shares)), 3),
            "lowest_case": round(float(np.min(shares)), 3),
        }


def _table(rows: list[dict[str, object]]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    real = [*clip_rows(), *frame_rows()]
    print("## Real footage (nobody raises their shoulders: every 'raised' is false)\n")
    print(_table(real))
    sim = list(simulator_rows())
    print("\n## Simulator: share of frames judged raised\n")
    print(_table(sim))
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "shoulders.json"
    path.write_text(json.dumps({"real": real, "simulator": sim}, indent=1) + "\n")
    print(f"\nsaved {path}")


if __name__ == "__main__":
    main()
