"""How the uncalibrated frontal estimate holds up on people it was not built on: every labelled set.

Runs the real pose model on every labelled set in ../shared/data (frontal frames; the side photos
through the side metric for completeness) and on the frontal frames cropped in memory so the
frame edge cuts through the shoulders, as it does for people close to their webcam. For each it
prints the ranking AUC (forward against upright), the verdict accuracy at the default threshold,
how many frames read forward, the median confidence and how many frames the monitor would judge,
beside the plain "ear height above the shoulder line / shoulder width" ratio. The population neck
ratio is also refitted leave-one-person-out (from the other people's upright frames) to show what
fitting it to the shared people would change. Saves the AUCs to benchmarks/results.

    python -m benchmarks.frontal_generalisation
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks._common import compare_and_save, shared_path
from benchmarks._verdict_sets import Shot, read_all
from posture.core.measure import frontal, metrics
from posture.core.monitor.monitor import MIN_CONFIDENCE

THRESHOLD = metrics.DEFAULT_FORWARD_THRESHOLD_DEG


def read_sets(model: Path) -> dict[str, list[Shot]]:
    """Frontal frames as they are and cropped at the shoulders, and the side photos: the verdict
    sets, less the kneeling side photos (this benchmark was measured without them)."""
    sets = read_all(model)
    sets["side"] = [s for s in sets["side"] if not s.name.startswith("kneeling")]
    return sets


def auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not pos or not neg:
        return float("nan")
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


Reader = Callable[[Shot], tuple[float, float]]


def _reader(estimator: metrics.FrontEstimator) -> Reader:
    def read(shot: Shot) -> tuple[float, float]:
        reading = metrics.read(shot.sample, 0.0, estimator)
        angle = reading.head_forward_deg
        return (math.nan if angle is None else angle), reading.confidence

    return read


def leave_one_out(training: list[Shot]) -> Reader:
    """The neck ratio refitted from the other people's upright frames (they read UPRIGHT_DEG)."""
    cache: dict[str, frontal.FrontalEstimator] = {}

    def read(shot: Shot) -> tuple[float, float]:
        if shot.person not in cache:
            heights = [
                f.height
                for s in training
                if s.label == "upright" and s.person != shot.person
                for f in [frontal.features(s.sample)]
                if f is not None
            ]
            ratio = float(np.median(heights)) / math.cos(math.radians(frontal.UPRIGHT_DEG))
            model = frontal.FrontModel(neck_ratio=ratio)
            cache[shot.person] = frontal.FrontalEstimator(model)
        return _reader(cache[shot.person])(shot)

    return read


def ear_ratio(shot: Shot) -> tuple[float, float]:
    """The plain ear height above the shoulder line over shoulder width, negated (forward: up)."""
    return -metrics.neck_ratio(shot.sample), math.nan


def row(name: str, method: str, pos: list[float], neg: list[float], conf: list[float]) -> str:
    """One table line: AUC, accuracy at the threshold, read forward, confidence, judged."""
    cells = [f"{auc(pos, neg):.2f}" if pos and neg else "-"]
    if method == "ear height / shoulder width" or not conf:  # not in degrees
        cells += ["-"] * 4
    else:
        hits = [p > THRESHOLD for p in pos] + [n <= THRESHOLD for n in neg]
        accuracy = float(np.mean(hits))
        if pos and neg:  # balanced: each class weighs the same
            accuracy = float(np.mean(hits[: len(pos)]) + np.mean(hits[len(pos) :])) / 2.0
        forward = float(np.mean([v > THRESHOLD for v in pos + neg]))
        judged = float(np.mean(np.array(conf) >= MIN_CONFIDENCE))
        cells += [f"{accuracy:.2f}", f"{forward:.0%}", f"{np.median(conf):.2f}", f"{judged:.0%}"]
    return f"| {name} | {len(pos) + len(neg)} | {method} | " + " | ".join(cells) + " |"


SLOUCH_MAN = "slouching-or-not man"
Pick = Callable[[Shot], bool]
CASES: list[tuple[str, str, Pick, Pick]] = [
    # name, set, forward frames, upright frames
    (
        "slouching-or-not: slouching vs upright",
        "frontal",
        lambda s: s.person == SLOUCH_MAN and s.label == "forward",
        lambda s: s.person == SLOUCH_MAN and s.label == "upright",
    ),
    (
        "slouching-or-not slouching vs lean-tilt `thang` (other people)",
        "frontal",
        lambda s: s.label == "forward",
        lambda s: s.person != SLOUCH_MAN and s.label == "upright",
    ),
    (
        "lean-tilt `thang` (upright)",
        "frontal",
        lambda s: False,
        lambda s: s.person != SLOUCH_MAN and s.label == "upright",
    ),
    (
        "lean-tilt lean and tilt (sideways)",
        "frontal",
        lambda s: False,
        lambda s: s.label == "sideways",
    ),
    (
        "slouching-or-not slouching vs lean-tilt sideways",
        "frontal",
        lambda s: s.label == "forward",
        lambda s: s.label == "sideways",
    ),
    (
        "cropped at the shoulders: slouching vs upright",
        "cropped",
        lambda s: s.person == SLOUCH_MAN and s.label == "forward",
        lambda s: s.person == SLOUCH_MAN and s.label == "upright",
    ),
    (
        "cropped at the shoulders: `thang`",
        "cropped",
        lambda s: False,
        lambda s: s.person != SLOUCH_MAN and s.label == "upright",
    ),
    (
        "cropped at the shoulders: lean and tilt",
        "cropped",
        lambda s: False,
        lambda s: s.label == "sideways",
    ),
    (
        "side photos, both men: hunchback vs straight and recline",
        "side",
        lambda s: s.label == "forward",
        lambda s: s.label == "upright",
    ),
]


def main() -> None:
    sets = read_sets(shared_path("models/pose_landmarker_full.task"))
    methods: dict[str, Reader] = {
        "posture, no profile": _reader(frontal.FrontalEstimator()),
        "neck ratio fitted leave-one-person-out": leave_one_out(sets["frontal"]),
        "ear height / shoulder width": ear_ratio,
    }
    print(f"### Every labelled set, no calibration (verdicts at {THRESHOLD:g} deg)\n")
    print("| set | frames | method | AUC | accuracy | read forward | median confidence | judged |")
    print("|---|---|---|---|---|---|---|---|")
    saved = []
    for name, which, forward, upright in CASES:
        for method, read in methods.items():
            if which == "side" and method != "posture, no profile":
                continue  # the side metric reads these; the frontal cues do not apply
            pos = [read(s) for s in sets[which] if forward(s)]
            neg = [read(s) for s in sets[which] if upright(s)]
            conf = [c for _, c in pos + neg if not math.isnan(c)]
            values = [a for a, _ in pos], [a for a, _ in neg]
            print(row(name, method, *values, conf))
            if pos and neg:
                saved.append({"case": f"{name}: {method}", "auc": round(auc(*values), 3)})
    compare_and_save("frontal_generalisation", saved, key="case", measure="auc")


if __name__ == "__main__":
    main()
