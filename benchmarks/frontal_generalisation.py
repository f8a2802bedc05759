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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks._common import compare_and_save, shared_path
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.core.data import LM, Frame, PoseSample
from posture.core.measure import frontal, metrics
from posture.core.monitor.monitor import MIN_CONFIDENCE

THRESHOLD = metrics.DEFAULT_FORWARD_THRESHOLD_DEG
KEEP_OF_HALF_WIDTH = 0.8
"""The crops keep this much of half the shoulder width either side of the shoulders' middle."""
SIDEWAYS = ("nga_phai", "nga_trai", "nghieng_phai", "nghieng_trai")


@dataclass(frozen=True)
class Shot:
    """One frame the pose model read: whose it is, its label, the landmarks."""

    person: str
    label: str
    """forward, upright or sideways."""
    sample: PoseSample


def _crop(image: np.ndarray, sample: PoseSample) -> np.ndarray:
    """The frame cut so its side edges pass through the shoulders."""
    xs = sample.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], 0] * image.shape[1]
    middle, half = float(xs.mean()), abs(float(xs[0] - xs[1])) / 2.0
    left = int(max(0.0, middle - KEEP_OF_HALF_WIDTH * half))
    right = int(min(image.shape[1], middle + KEEP_OF_HALF_WIDTH * half))
    return np.ascontiguousarray(image[:, left:right])


def _frontal_files() -> Iterator[tuple[str, str, Path]]:
    """(person, label, path) of every labelled frontal frame."""
    root = shared_path("data/front")
    for label, folder in (("forward", "slouching"), ("upright", "upright")):
        for path in sorted((root / "slouching-or-not" / folder).glob("*.jpg")):
            yield "slouching-or-not man", label, path
    for folder in ("thang", *SIDEWAYS):
        for path in sorted((root / "lean-tilt-roboflow" / folder).glob("*.jpg")):
            # One recording session per file-name prefix, taken as one person.
            session = re.sub(r"_(mp4|jpg).*", "", path.name)
            yield session, "upright" if folder == "thang" else "sideways", path


def read_sets(model: Path) -> dict[str, list[Shot]]:
    """Frontal frames as they are and cropped at the shoulders, and the side photos."""
    sets: dict[str, list[Shot]] = {"frontal": [], "cropped": [], "side": []}
    with PoseEstimator(model, sequence=False) as pose:
        for person, label, path in _frontal_files():
            image = read_image(path)
            sample = pose.estimate(Frame(image, 0.0, 0))
            if sample is None:
                continue
            sets["frontal"].append(Shot(person, label, sample))
            cropped = pose.estimate(Frame(_crop(image, sample), 0.0, 0))
            if cropped is not None:
                sets["cropped"].append(Shot(person, label, cropped))
        for folder in sorted(shared_path("data/side").iterdir()):
            for path in sorted(folder.glob("*.jp*g")):
                label = path.name.split("_")[0].split(".")[0].rstrip("0123456789")
                kind = {"hunchback": "forward", "straight": "upright", "recline": "upright"}
                sample = pose.estimate(Frame(read_image(path), 0.0, 0))
                if sample is not None and label in kind:
                    sets["side"].append(Shot(folder.name, kind[label], sample))
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
