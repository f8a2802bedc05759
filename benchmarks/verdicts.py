"""Verdicts as a user feels them, on every labelled set in ../shared: with and without calibration.

For each set: sensitivity (forward frames called forward), specificity (upright or sideways
frames not called forward), balanced accuracy, the ranking AUC and the share of frames judged
(confident enough for the monitor). A frame the monitor does not judge raises no alert, so it
counts as not called forward. Methods:

* posture, uncalibrated: the reading against the default threshold for its view;
* posture, calibrated: each person calibrated through the real calibration path (collect,
  check, profile) on a few upright frames of their own (the slouching-or-not man: his first 5
  upright frames; each lean-tilt session: its first 3 `thang` frames; each side-view man: each
  of his straight photos in turn, pooled), scored on their other frames as the monitor judges
  them (past their own upright). A refused calibration leaves the person uncalibrated;
* beside them, with a threshold fitted leave-one-person-out (the least that calls at most 5% of
  the other people's upright frames forward): the plain ear height above the shoulder line over
  shoulder width (frontal), and posture's own uncalibrated degrees.

    python -m benchmarks.verdicts [--cache /tmp/verdicts_sets.pkl] [--save]
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks._common import RESULTS, compare_and_save
from benchmarks._verdict_sets import Shot, load
from calibration import capture, fitting
from calibration.profile import CameraId, Profile
from posture.core.data import Reading
from posture.core.errors import CalibrationError
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.verdict import threshold_deg
from posture.core.monitor.monitor import MIN_CONFIDENCE
from posture.core.settings import Settings

SLOUCH_MAN = "slouching-or-not man"
SETTINGS = Settings()
CALIBRATION_FRAMES = {SLOUCH_MAN: 5}
"""Upright frames each frontal person calibrates on (by name order); others take 3."""
FALSE_ALARMS = 0.05
"""A threshold fitted leave-one-person-out calls at most this share of the others' upright
frames forward."""


@dataclass(frozen=True)
class Scored:
    """One frame's verdict."""

    shot: Shot
    value: float
    """What ranks it (degrees, or the negated ratio); nan when there is none."""
    judged: bool
    forward: bool


def _reading(shot: Shot, estimator: FrontalEstimator) -> Reading:
    return metrics.read(shot.sample, 0.0, estimator)


def _judged(r: Reading) -> bool:
    return r.head_forward_deg is not None and r.confidence >= MIN_CONFIDENCE


def uncalibrated(shots: list[Shot]) -> list[Scored]:
    out = []
    for shot in shots:
        r = _reading(shot, FrontalEstimator())
        angle = math.nan if r.head_forward_deg is None else r.head_forward_deg
        called = _judged(r) and angle > threshold_deg(SETTINGS, r, None)
        out.append(Scored(shot, angle, _judged(r), called))
    return out


def _profile(frames: list[Shot]) -> Profile | str:
    """The person's profile through the real calibration path, or why it was refused."""
    first = frames[0].sample
    try:
        steady = capture.check_steady(capture.collect([s.sample for s in frames]))
    except CalibrationError as exc:
        return str(exc)
    return fitting.build_profile(steady, CameraId("files", first.width, first.height), "")


def _score_with(profile: Profile | str, shots: list[Shot]) -> list[Scored]:
    if isinstance(profile, str):
        return uncalibrated(shots)
    estimator, upright = FrontalEstimator(profile.model), profile.upright()
    out = []
    for shot in shots:
        r = _reading(shot, estimator)
        angle = math.nan if r.head_forward_deg is None else r.head_forward_deg
        called = _judged(r) and angle > threshold_deg(SETTINGS, r, upright)
        out.append(Scored(shot, angle, _judged(r), called))
    return out


def _calibrations(person: list[Shot]) -> list[tuple[list[Shot], list[Shot]]]:
    """(calibration frames, scored frames) for one person."""
    upright = [s for s in person if s.label == "upright"]
    if person[0].person.startswith("side man"):
        straight = [s for s in upright if s.name.startswith("straight")]
        return [([c], [s for s in person if s is not c]) for c in straight]
    n = CALIBRATION_FRAMES.get(person[0].person, 3)
    chosen = sorted(upright, key=lambda s: s.name)[:n]
    return [(chosen, [s for s in person if s not in chosen])]


Refusals = list[str]


def calibrated(shots: list[Shot], refused: Refusals) -> list[Scored]:
    out = []
    for name in dict.fromkeys(s.person for s in shots):
        person = [s for s in shots if s.person == name]
        for frames, scored in _calibrations(person):
            profile = _profile(frames)
            if isinstance(profile, str):
                refused.append(f"{name}: {profile}")
            out += _score_with(profile, scored)
    return out


def _fit_lopo(value: Callable[[Shot], float], shots: list[Shot]) -> list[Scored]:
    """Each person judged at a threshold fitted on everyone else's upright frames."""
    values = {id(s): value(s) for s in shots}
    out = []
    for shot in shots:
        others = [values[id(s)] for s in shots if s.person != shot.person and s.label == "upright"]
        others = [v for v in others if math.isfinite(v)]
        threshold = float(np.quantile(others, 1.0 - FALSE_ALARMS))
        v = values[id(shot)]
        out.append(Scored(shot, v, math.isfinite(v), math.isfinite(v) and v > threshold))
    return out


def ear_ratio_lopo(shots: list[Shot]) -> list[Scored]:
    return _fit_lopo(lambda s: -metrics.neck_ratio(s.sample), shots)


def degrees_lopo(shots: list[Shot]) -> list[Scored]:
    def degrees(s: Shot) -> float:
        r = _reading(s, FrontalEstimator())
        return math.nan if not _judged(r) or r.head_forward_deg is None else r.head_forward_deg

    return _fit_lopo(degrees, shots)


def auc(pos: list[float], neg: list[float]) -> float:
    pos, neg = [p for p in pos if math.isfinite(p)], [n for n in neg if math.isfinite(n)]
    if not pos or not neg:
        return math.nan
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


@dataclass(frozen=True)
class Figures:
    frames: int
    sensitivity: float
    specificity: float
    balanced: float
    auc: float
    judged: float


def figures(scored: list[Scored]) -> Figures:
    pos = [s for s in scored if s.shot.label == "forward"]
    neg = [s for s in scored if s.shot.label != "forward"]
    sens = float(np.mean([s.forward for s in pos])) if pos else math.nan
    spec = float(np.mean([not s.forward for s in neg])) if neg else math.nan
    balanced = float(np.nanmean([sens, spec]))
    ranked = auc([s.value for s in pos], [s.value for s in neg])
    judged = float(np.mean([s.judged for s in scored]))
    return Figures(len(scored), sens, spec, balanced, ranked, judged)


Pick = Callable[[Shot], bool]


def _slouch(s: Shot) -> bool:
    return s.person == SLOUCH_MAN


def _others_upright(s: Shot) -> bool:
    return s.person != SLOUCH_MAN and s.label == "upright"


def _sideways(s: Shot) -> bool:
    return s.label == "sideways"


CASES: list[tuple[str, str, Pick]] = [
    ("front: slouching-or-not man, slouching vs upright", "frontal", _slouch),
    ("front: lean-tilt `thang`, 9 sessions (upright)", "frontal", _others_upright),
    ("front: lean-tilt lean and tilt (sideways)", "frontal", _sideways),
    ("cut at the shoulders: slouching-or-not man", "cropped", _slouch),
    ("cut at the shoulders: `thang`", "cropped", _others_upright),
    ("cut at the shoulders: lean and tilt", "cropped", _sideways),
    ("side: man 1 (sitting-posture-recognition)", "side", lambda s: s.person == "side man 1"),
    ("side: man 2 (kaazima)", "side", lambda s: s.person == "side man 2"),
]


def _cell(x: float, fmt: str = "{:.2f}") -> str:
    return "-" if not math.isfinite(x) else fmt.format(x)


def _rounded(f: Figures) -> dict[str, object]:
    keys = ("balanced", "sensitivity", "specificity", "auc", "judged")
    return {k: round(v, 3) if math.isfinite(v := getattr(f, k)) else None for k in keys}


def tables(sets: dict[str, list[Shot]]) -> tuple[list[str], list[dict[str, object]]]:
    refused: Refusals = []
    methods: dict[str, Callable[[list[Shot]], list[Scored]]] = {
        "posture, uncalibrated": uncalibrated,
        "posture, calibrated": lambda shots: calibrated(shots, refused),
        "ear height / shoulder width, fitted LOPO": ear_ratio_lopo,
        "posture degrees, fitted LOPO": degrees_lopo,
    }
    scored = {}
    for method, run in methods.items():
        for key, shots in sets.items():
            before = len(refused)
            scored[(method, key)] = run(shots)
            refused[before:] = [f"{key}: {r}" for r in refused[before:]]
    lines = [
        "| set | method | frames | sensitivity | specificity | balanced accuracy | AUC | judged |",
        "|---|---|---|---|---|---|---|---|",
    ]
    saved: list[dict[str, object]] = []
    for name, key, pick in CASES:
        for method in methods:
            if key == "side" and method.startswith("ear height"):
                continue  # the shoulders overlap from the side: no shoulder width
            f = figures([s for s in scored[(method, key)] if pick(s.shot)])
            cells = [f.sensitivity, f.specificity, f.balanced, f.auc]
            lines.append(
                f"| {name} | {method} | {f.frames} | "
                + " | ".join(_cell(c) for c in cells)
                + f" | {f.judged:.0%} |"
            )
            saved.append({"case": f"{name}: {method}", **_rounded(f)})
    lines += ["", f"calibrations refused: {len(refused)}"] + [f"- {r}" for r in refused]
    return lines, saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the pose model's readings here")
    parser.add_argument("--save", action="store_true", help="save under benchmarks/results")
    parser.add_argument("--model", type=Path, help="another pose bundle (default: the shared full)")
    args = parser.parse_args()
    lines, saved = tables(load(args.cache, args.model))
    text = "\n".join(lines)
    print(text)
    if args.save:
        compare_and_save("verdicts", saved, key="case", measure="balanced")
        (RESULTS / "verdicts.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
