"""Accuracy of the frontal head-forward estimate against the peers' cues: simulator and real frames.

Prints the markdown tables of docs/frontal-estimator.md and saves the headline figures to
benchmarks/results/frontal_accuracy_*.json (showing the change since the last saved run).

    python -m benchmarks.frontal_accuracy
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks._common import compare_and_save, shared_path
from calibration import evaluation as ev
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import open_path
from posture.core.data import PoseSample
from posture.core.measure import frontal
from posture.core.sim.simulator import Scene, simulate

THRESHOLD_DEG = 25.0
METHODS: dict[str, Callable[[Scene, np.random.Generator], ev.Cue]] = {
    "posture, calibrated": ev.ours,
    "posture, no profile": ev.uncalibrated,
    **{name: ev.peer(cue) for name, cue in ev.PEERS.items()},
}


def simulator_tables() -> list[dict[str, object]]:
    sweeps = {name: ev.sweep_method(make, seed=3) for name, make in METHODS.items()}
    print("### Simulator: error in degrees (estimate minus truth)\n")
    print(
        "| method | MAE | MAE at 0-10 | MAE at 15-30 | MAE at 35-45 | glance 20 deg: mean / worst "
        "| lean 10 cm: mean / worst |"
    )
    print("|---|---|---|---|---|---|---|")
    rows = []
    for name, s in sweeps.items():

        def band(low: float, high: float, s: ev.Sweep = s) -> float:
            errs = [e for a, es in s.errors.items() if low <= a <= high for e in es]
            return float(np.mean(np.abs(errs)))

        row = {
            "method": name,
            "mae_deg": round(s.mae(), 2),
            "glance_mean_deg": round(float(np.mean(s.glance)), 2),
            "glance_worst_deg": round(float(np.max(s.glance)), 2),
            "lean_mean_deg": round(float(np.mean(s.lean)), 2),
            "lean_worst_deg": round(float(np.max(s.lean)), 2),
        }
        rows.append(row)
        print(
            f"| {name} | {s.mae():.1f} | {band(0, 10):.1f} | {band(15, 30):.1f} | "
            f"{band(35, 45):.1f} | {row['glance_mean_deg']:+.1f} / {row['glance_worst_deg']:+.1f} "
            f"| {row['lean_mean_deg']:+.1f} / {row['lean_worst_deg']:+.1f} |"
        )
    return rows


def placement_table() -> None:
    print("\n### Simulator: calibrated MAE by camera placement (yaw -20..20, 2 px noise)\n")
    heights = ev.CAMERA_HEIGHTS_M
    print("| distance | " + " | ".join(f"camera {h * 100:+.0f} cm" for h in heights) + " |")
    print("|---|" + "---|" * len(heights))
    rng = np.random.default_rng(5)
    for distance in ev.DISTANCES_M:
        cells = []
        for height in heights:
            scene = Scene(distance_m=distance, camera_height_m=height).with_(**ev.NOISE)
            read = ev.ours(scene, rng)
            errs = [
                read(simulate(scene.with_(forward_head_deg=a, head_yaw_deg=y), rng=rng)) - a
                for a, y in itertools.product(ev.ANGLES_DEG, ev.YAWS_DEG)
            ]
            cells.append(f"{np.mean(np.abs(errs)):.1f}")
        print(f"| {distance * 100:.0f} cm | " + " | ".join(cells) + " |")


def fov_table() -> None:
    print("\n### Simulator: a camera whose field of view is not the assumed 62 deg\n")
    print("| true horizontal FOV | calibrated MAE |")
    print("|---|---|")
    for fov in (50.0, 62.0, 75.0, 90.0):
        rng = np.random.default_rng(9)
        errs = []
        for placed in ev.placements():
            scene = placed.with_(hfov_deg=fov)
            read = ev.ours(scene, rng)
            errs += [
                read(simulate(scene.with_(forward_head_deg=a), rng=rng)) - a for a in ev.ANGLES_DEG
            ]
        print(f"| {fov:.0f} deg | {np.mean(np.abs(errs)):.1f} |")


def auc(pos: list[float], neg: list[float]) -> float:
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


def real_table(model: Path) -> list[dict[str, object]]:
    root = shared_path("data/front/slouching-or-not")
    samples: dict[str, list[PoseSample]] = {}
    with PoseEstimator(model, sequence=False) as estimator:
        for label in ("upright", "slouching"):
            samples[label] = []
            for path in sorted((root / label).glob("*.jpg")):
                with open_path(path) as source:
                    for frame in source:
                        sample = estimator.estimate(frame)
                        if sample is not None:
                            samples[label].append(sample)
    calibration, upright = samples["upright"][:5], samples["upright"][5:]
    slouch = samples["slouching"]
    feats = [f for f in map(frontal.features, calibration) if f is not None]
    calibrated = frontal.FrontalEstimator(frontal.calibrate(feats))
    cues: dict[str, Callable[[PoseSample], float]] = {
        "posture, calibrated": lambda s: calibrated(s)[0],
        "posture, no profile": lambda s: frontal.FrontalEstimator()(s)[0],
        **ev.PEERS,
    }
    print(
        "\n### Real frontal frames (calibrated on 5 upright; 12 upright and 19 slouching scored)\n"
    )
    print("| method | AUC | balanced accuracy at 25 deg | upright range | slouching range |")
    print("|---|---|---|---|---|")
    rows = []
    for name, cue in cues.items():
        u, s = [cue(x) for x in upright], [cue(x) for x in slouch]
        degrees = name.startswith("posture")
        balanced = (
            (np.mean(np.array(u) <= THRESHOLD_DEG) + np.mean(np.array(s) > THRESHOLD_DEG)) / 2
            if degrees
            else float("nan")
        )
        rows.append({"method": f"real: {name}", "auc": round(auc(s, u), 3)})
        shown = f"{balanced:.2f}" if degrees else "- (not in degrees)"
        spans = f"{min(u):.2f}..{max(u):.2f} | {min(s):.2f}..{max(s):.2f}"
        print(f"| {name} | {auc(s, u):.2f} | {shown} | {spans} |")
    return rows


def main() -> None:
    simulated = simulator_tables()
    placement_table()
    fov_table()
    real = real_table(shared_path("models/pose_landmarker_full.task"))
    compare_and_save("frontal_accuracy_simulator", simulated, key="method", measure="mae_deg")
    compare_and_save("frontal_accuracy_real", real, key="method", measure="auc")


if __name__ == "__main__":
    main()
