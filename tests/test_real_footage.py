"""Acceptance on the shared real footage with the real model, through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture.app import wiring as app
from posture.app.wiring import FrameReading
from posture.core.data import View
from posture.core.measure.frontal import FrontalEstimator


def _analyze(model: Path, *paths: Path) -> list[FrameReading]:
    """Readings without a calibration profile (population figures for frontal frames)."""
    return list(app.analyze(list(paths), model, FrontalEstimator()))


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


@pytest.fixture(scope="session")
def side_angles(model_path: Path, data_dir: Path) -> dict[str, float]:
    folder = data_dir / "side/sitting-posture-recognition"
    names = sorted(p.name for p in folder.glob("*.jpg"))
    items = _analyze(model_path, folder)
    assert len(items) == len(names)
    angles = {}
    for name, item in zip(names, items, strict=True):
        assert item.reading.present and item.reading.view is View.SIDE, name
        assert item.reading.head_forward_deg is not None
        angles[name.removesuffix(".jpg")] = item.reading.head_forward_deg
    return angles


def test_every_hunchback_reads_above_every_straight_and_recline(
    side_angles: dict[str, float],
) -> None:
    hunched = [v for k, v in side_angles.items() if k.startswith("hunchback")]
    upright = [v for k, v in side_angles.items() if k.startswith(("straight", "recline"))]
    assert len(hunched) == 4 and len(upright) == 7
    assert min(hunched) > max(upright)


def test_mirrored_copies_read_within_15_degrees(side_angles: dict[str, float]) -> None:
    pairs = [(k, k.removesuffix("_flip")) for k in side_angles if k.endswith("_flip")]
    compared = [(a, b) for a, b in pairs if b in side_angles]
    assert len(compared) >= 4
    for flipped, original in compared:
        assert abs(side_angles[flipped] - side_angles[original]) <= 15.0, flipped


def test_frontal_slouching_reads_larger_than_upright(model_path: Path, data_dir: Path) -> None:
    folder = data_dir / "front/slouching-or-not"
    scores = {}
    for label in ("slouching", "upright"):
        items = _analyze(model_path, folder / label)
        assert all(i.reading.present and i.reading.view is View.FRONT for i in items)
        scores[label] = [i.reading.head_forward_deg for i in items]
    assert len(scores["slouching"]) == 19 and len(scores["upright"]) == 17
    assert auc(scores["slouching"], scores["upright"]) >= 0.9  # type: ignore[arg-type]


def test_still_clip_present_throughout_with_yaw_in_a_10_degree_band(
    model_path: Path, data_dir: Path
) -> None:
    items = _analyze(model_path, data_dir / "video/front-still-d13.mp4")
    assert len(items) >= 340
    assert all(i.reading.present for i in items)
    yaws = [i.reading.yaw_deg for i in items if i.reading.yaw_deg is not None]
    assert len(yaws) == len(items)
    assert max(yaws) - min(yaws) < 10.0
    times = [i.reading.t for i in items]
    assert times == sorted(times) and times[30] == pytest.approx(1.0)


def test_head_turn_clip_spans_more_than_40_degrees_of_yaw(model_path: Path, data_dir: Path) -> None:
    items = _analyze(model_path, data_dir / "video/front-head-turns-d12.mp4")
    yaws = [i.reading.yaw_deg for i in items if i.reading.yaw_deg is not None]
    assert len(yaws) > 150
    assert max(yaws) - min(yaws) > 40.0
    assert max(yaws) > 15.0 and min(yaws) < -15.0  # turns to both sides


def test_talking_clip_present_and_pitching_down_to_write(model_path: Path, data_dir: Path) -> None:
    items = _analyze(model_path, data_dir / "video/front-talking-selfie.mp4")
    assert all(i.reading.present for i in items)
    pitches = [i.reading.pitch_deg for i in items if i.reading.pitch_deg is not None]
    assert max(pitches) - min(pitches) > 5.0
