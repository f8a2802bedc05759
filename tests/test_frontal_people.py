"""The uncalibrated frontal estimate on other people: the real model on the shared frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.app import wiring as app
from posture.core.data import LM, Frame, Reading, View
from posture.core.measure import frontal, metrics
from posture.core.monitor.monitor import MIN_CONFIDENCE

SIDEWAYS = ("nga_phai", "nga_trai", "nghieng_phai", "nghieng_trai")


def _readings(model: Path, folder: Path) -> list[Reading]:
    items = list(app.analyze([folder], model, frontal.FrontalEstimator()))
    assert items and all(i.reading.present and i.reading.view is View.FRONT for i in items)
    return [i.reading for i in items]


@pytest.fixture(scope="module")
def shown(model_path: Path, data_dir: Path) -> dict[str, list[Reading]]:
    """Uncalibrated readings of every labelled frontal folder, by folder name."""
    front = data_dir / "front"
    folders = {name: front / "slouching-or-not" / name for name in ("slouching", "upright")}
    folders |= {name: front / "lean-tilt-roboflow" / name for name in ("thang", *SIDEWAYS)}
    return {name: _readings(model_path, folder) for name, folder in folders.items()}


def _angles(readings: list[Reading]) -> list[float]:
    return [r.head_forward_deg for r in readings if r.head_forward_deg is not None]


def auc(positives: list[float], negatives: list[float]) -> float:
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in positives for n in negatives]))


def test_no_upright_person_reads_forward_and_a_sideways_lean_or_tilt_seldom_does(
    shown: dict[str, list[Reading]],
) -> None:
    upright = shown["thang"]
    assert len(upright) == 54
    assert not any(metrics.is_forward(r) for r in upright)
    sideways = [r for name in SIDEWAYS for r in shown[name]]
    assert len(sideways) == 73
    assert sum(bool(metrics.is_forward(r)) for r in sideways) <= 0.05 * len(sideways)


def test_slouching_ranks_above_upright_frames_of_the_same_and_of_other_people(
    shown: dict[str, list[Reading]],
) -> None:
    slouched = _angles(shown["slouching"])
    assert len(slouched) == 19
    assert auc(slouched, _angles(shown["upright"])) >= 0.95
    assert auc(slouched, _angles(shown["thang"])) >= 0.95
    assert np.mean([bool(metrics.is_forward(r)) for r in shown["slouching"]]) >= 0.85
    assert not any(metrics.is_forward(r) for r in shown["upright"])


def test_a_clear_upright_or_forward_person_is_judged_and_never_mirrored(
    shown: dict[str, list[Reading]],
) -> None:
    every = [r for readings in shown.values() for r in readings]
    assert all(r.confidence >= MIN_CONFIDENCE for r in shown["slouching"] + shown["thang"])
    assert np.mean([r.confidence >= MIN_CONFIDENCE for r in every]) >= 0.95
    assert min(_angles(every)) >= 0.0  # no neck read as tipped back behind the shoulders


def _cut_at_shoulders(pose: PoseEstimator, path: Path) -> tuple[float, float, bool]:
    """(angle, confidence, shoulders in frame) of a frame whose edges cut through the shoulders."""
    image = read_image(path)
    whole = pose.estimate(Frame(image, 0.0, 0))
    assert whole is not None
    xs = whole.image[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER], 0] * image.shape[1]
    middle, half = float(xs.mean()), abs(float(xs[0] - xs[1])) / 2.0
    cut = np.ascontiguousarray(image[:, int(middle - 0.8 * half) : int(middle + 0.8 * half)])
    sample = pose.estimate(Frame(cut, 0.0, 0))
    assert sample is not None
    features = frontal.features(sample)
    assert features is not None
    return *frontal.FrontalEstimator()(sample), features.framed


def test_shoulders_cut_by_the_frame_edge_read_forward_branch_and_trusted_less(
    model_path: Path, data_dir: Path
) -> None:
    folder = data_dir / "front/slouching-or-not"
    with PoseEstimator(model_path, sequence=False) as pose:
        cut = {
            label: [_cut_at_shoulders(pose, p) for p in sorted((folder / label).glob("*.jpg"))]
            for label in ("slouching", "upright")
        }
    every = cut["slouching"] + cut["upright"]
    outside = [conf for _, conf, framed in every if not framed]
    assert len(outside) >= len(every) // 2  # the pose model placed the shoulders off the frame
    cap = metrics.UNCALIBRATED_FRONT_CONFIDENCE * frontal.OFF_FRAME_CONFIDENCE
    assert max(outside) <= cap + 1e-9
    assert min(angle for angle, _, _ in every) >= 0.0  # was -40 (the mirrored solution)
    slouched, upright = ([a for a, _, _ in cut[k]] for k in ("slouching", "upright"))
    assert auc(slouched, upright) >= 0.8
