"""The labelled sets of ../shared as the pose model reads them, one Shot per frame (for verdicts).

Every frame carries its person (a recording session counts as one), its label (forward, upright,
sideways) and the landmarks. Frontal frames are also cut in memory so the frame's side edges
pass through the shoulders, as for someone close to a webcam. Reading ~300 frames takes a few
minutes on one core, so `load` can keep them in a pickle between runs.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks._common import shared_path
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.core.data import LM, Frame, PoseSample

SIDEWAYS = ("nga_phai", "nga_trai", "nghieng_phai", "nghieng_trai")
KEEP_OF_HALF_WIDTH = 0.8
"""The crops keep this much of half the shoulder width either side of the shoulders' middle."""
SIDE_LABELS = {
    "hunchback": "forward",
    "straight": "upright",
    "kneeling": "upright",
    "recline": "upright",
}
"""Side photos: only the hunched ones are forward (kneeling and reclining are not)."""


@dataclass(frozen=True)
class Shot:
    """One labelled frame the pose model read."""

    person: str
    label: str
    """forward, upright or sideways."""
    name: str
    """The file's name (calibration frames are picked by it)."""
    sample: PoseSample


def _crop(image: np.ndarray, sample: PoseSample) -> np.ndarray:
    """The frame cut so its side edges pass through the shoulders."""
    xs = sample.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], 0] * image.shape[1]
    middle, half = float(xs.mean()), abs(float(xs[0] - xs[1])) / 2.0
    left = int(max(0.0, middle - KEEP_OF_HALF_WIDTH * half))
    right = int(min(image.shape[1], middle + KEEP_OF_HALF_WIDTH * half))
    return np.ascontiguousarray(image[:, left:right])


def _frontal_files() -> Iterator[tuple[str, str, Path]]:
    root = shared_path("data/front")
    for label, folder in (("forward", "slouching"), ("upright", "upright")):
        for path in sorted((root / "slouching-or-not" / folder).glob("*.jpg")):
            yield "slouching-or-not man", label, path
    for folder in ("thang", *SIDEWAYS):
        for path in sorted((root / "lean-tilt-roboflow" / folder).glob("*.jpg")):
            session = re.sub(r"_(mp4|jpg).*", "", path.name)  # one recording session: one person
            yield session, "upright" if folder == "thang" else "sideways", path


def _side_files() -> Iterator[tuple[str, str, Path]]:
    men = {"sitting-posture-recognition": "side man 1", "kaazima-sitting-posture": "side man 2"}
    for folder, man in men.items():
        for path in sorted(shared_path(f"data/side/{folder}").glob("*.jp*g")):
            kind = SIDE_LABELS.get(path.name.split("_")[0].split(".")[0].rstrip("0123456789"))
            if kind is not None:
                yield man, kind, path


def read_all(model: Path) -> dict[str, list[Shot]]:
    """{'frontal', 'cropped', 'side'}: every labelled frame the model found a person in."""
    sets: dict[str, list[Shot]] = {"frontal": [], "cropped": [], "side": []}
    with PoseEstimator(model, sequence=False) as pose:
        for person, label, path in _frontal_files():
            image = read_image(path)
            sample = pose.estimate(Frame(image, 0.0, 0))
            if sample is None:
                continue
            sets["frontal"].append(Shot(person, label, path.name, sample))
            cut = pose.estimate(Frame(_crop(image, sample), 0.0, 0))
            if cut is not None:
                sets["cropped"].append(Shot(person, label, path.name, cut))
        for person, label, path in _side_files():
            sample = pose.estimate(Frame(read_image(path), 0.0, 0))
            if sample is not None:
                sets["side"].append(Shot(person, label, path.name, sample))
    return sets


def load(cache: Path | None, model: Path | None = None) -> dict[str, list[Shot]]:
    """The sets read by `model` (default: the shared full bundle), from `cache` when it exists
    (else read, and kept there)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    sets = read_all(model or shared_path("models/pose_landmarker_full.task"))
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(sets, f)
    return sets
