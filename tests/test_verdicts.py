"""Verdicts on the labelled sets with the real model: each view's own default, and calibrated."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from test_cli import run

from posture.app import calibrate as app_calibrate
from posture.app.wiring import file_frames
from posture.cli.status_line import status_text
from posture.core.data import LM, Limit, Reading, View
from posture.core.measure import metrics, verdict
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.events import Unknown, why_unknown
from posture.core.monitor.monitor import MIN_CONFIDENCE, Monitor
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate

SLOUCH = "front/slouching-or-not"


def read(paths: list[Path], model: Path, estimator: FrontalEstimator) -> list[Reading]:
    return [metrics.read(s, 0.0, estimator) for _, s in file_frames(paths, str(model))]


def called(readings: list[Reading], upright: Upright | None = None) -> list[bool]:
    """Forward as the monitor judges it (an unsure reading raises nothing)."""
    return [
        r.head_forward_deg is not None
        and r.confidence >= MIN_CONFIDENCE
        and r.head_forward_deg > verdict.threshold_deg(Settings(), r, upright)
        for r in readings
    ]


def reading(view: View, angle: float) -> Reading:
    return Reading(t=0.0, present=True, view=view, head_forward_deg=angle, confidence=0.9)


def test_each_view_has_its_own_uncalibrated_threshold() -> None:
    # The frontal estimate and the side angle are different measures: 21 deg is a forward head
    # from the side (sitting tall reads about 15 there) and an upright short neck from the front.
    assert verdict.threshold_deg(Settings(), reading(View.SIDE, 21.0), None) == 20.0
    assert verdict.threshold_deg(Settings(), reading(View.FRONT, 21.0), None) == 22.0
    settings = Settings(forward_threshold_deg=30.0, side_threshold_deg=12.0)
    assert verdict.threshold_deg(settings, reading(View.SIDE, 0.0), None) == 12.0
    assert verdict.threshold_deg(settings, reading(View.FRONT, 0.0), None) == 30.0


@pytest.fixture(scope="module")
def slouch(data_dir: Path, model_path: Path) -> dict[str, list[Path]]:
    root = data_dir / SLOUCH
    return {label: sorted((root / label).glob("*.jpg")) for label in ("upright", "slouching")}


def test_the_slouching_man_uncalibrated_every_slouch_called_and_no_upright(
    slouch: dict[str, list[Path]], model_path: Path
) -> None:
    # At 25 deg two of his 19 slouching frames (24.3 and 24.4 deg) went uncalled.
    estimator = FrontalEstimator()
    assert all(called(read(slouch["slouching"], model_path, estimator)))
    assert not any(called(read(slouch["upright"], model_path, estimator)))


def test_the_slouching_man_calibrated_on_five_upright_frames_is_caught(
    slouch: dict[str, list[Path]], model_path: Path
) -> None:
    # Forward from 12 past his upright (27 deg) caught 10 of his 19 slouching frames.
    profile = app_calibrate.calibrate_files(slouch["upright"][:5], None, str(model_path))
    estimator = FrontalEstimator(profile.model)
    upright = profile.upright()
    hits = called(read(slouch["slouching"], model_path, estimator), upright)
    assert sum(hits) / len(hits) >= 0.85
    assert not any(called(read(slouch["upright"][5:], model_path, estimator), upright))


def test_leaning_or_tilting_sideways_is_rarely_forward(data_dir: Path, model_path: Path) -> None:
    root = data_dir / "front/lean-tilt-roboflow"
    paths = [p for d in ("nga_phai", "nga_trai", "nghieng_phai", "nghieng_trai")
             for p in sorted((root / d).glob("*.jpg"))]  # fmt: skip
    hits = called(read(paths, model_path, FrontalEstimator()))
    assert sum(hits) / len(hits) <= 0.05


@pytest.mark.parametrize("folder", ["sitting-posture-recognition", "kaazima-sitting-posture"])
def test_side_men_uncalibrated_sensitivity_and_specificity(
    data_dir: Path, model_path: Path, folder: str
) -> None:
    labels = ("hunchback", "straight", "kneeling", "recline")
    paths = sorted(p for p in (data_dir / "side" / folder).iterdir() if p.name.startswith(labels))
    verdicts = dict(zip(paths, called(read(paths, model_path, FrontalEstimator())), strict=True))
    hunched = [v for p, v in verdicts.items() if p.name.startswith("hunchback")]
    others = [not v for p, v in verdicts.items() if not p.name.startswith("hunchback")]
    assert sum(hunched) / len(hunched) >= 0.8 and sum(others) / len(others) >= 0.8


def test_analyze_reports_the_trunk_from_the_side(cli_env: dict[str, str], data_dir: Path) -> None:
    folder = data_dir / "side/sitting-posture-recognition"
    names = ["hunchback.jpg", "straight_hf.jpg", "recline.jpg", "recline_hf_flip.jpg"]
    result = run(["analyze", "--json", *(str(folder / n) for n in names)], cli_env)
    assert result.returncode == 0, result.stderr
    frames = [d for d in map(json.loads, result.stdout.splitlines()) if d["type"] == "frame"]
    assert [f["trunk"] for f in frames] == ["slumped", "upright", "reclined", "reclined"]
    assert frames[0]["trunk_deg"] > 15 and frames[2]["trunk_deg"] < -25
    # The head's angle stays the primary measure: the recline's head reads low, not "good trunk".
    assert frames[2]["head_forward_deg"] < frames[1]["head_forward_deg"]


def test_a_person_small_in_the_frame_is_said_not_guessed() -> None:
    near = metrics.read(simulate(Scene(width=320, height=240)), 0.0, FrontalEstimator())
    assert near.limit is None and near.confidence >= MIN_CONFIDENCE
    far = simulate(Scene(distance_m=3.0, width=320, height=240))  # shoulders about 30 px wide
    r = metrics.read(far, 0.0, FrontalEstimator())
    assert r.limit is Limit.SMALL and r.confidence < MIN_CONFIDENCE
    monitor = Monitor(Settings())
    monitor.update(r)
    assert monitor.status().unknown is Unknown.TOO_SMALL
    assert "too small in the frame" in status_text(monitor.status())


def test_a_three_quarter_view_is_said_not_guessed() -> None:
    def turned(deg: float) -> Reading:
        sample = simulate(Scene())
        half = 0.17 * math.tan(math.radians(deg))  # shoulders 34 cm apart, turned `deg`
        sample.world[LM.LEFT_SHOULDER, 2], sample.world[LM.RIGHT_SHOULDER, 2] = -half, half
        return metrics.read(sample, 0.0, FrontalEstimator())

    assert turned(25.0).limit is None  # leaning sideways turns the shoulders this far
    three_quarter = turned(40.0)
    assert three_quarter.view is View.FRONT and three_quarter.limit is Limit.THREE_QUARTER
    assert why_unknown(three_quarter) is Unknown.THREE_QUARTER
    assert turned(60.0).view is View.SIDE and turned(60.0).limit is None


def test_analyze_judges_each_view_at_its_own_threshold(
    cli_env: dict[str, str], data_dir: Path
) -> None:
    side = data_dir / "side/kaazima-sitting-posture/straight.jpeg"  # reads 21 deg from the side
    front = sorted((data_dir / SLOUCH / "upright").glob("*.jpg"))[-1]  # upright: 16-21 deg

    def analyze(*extra: str) -> list[dict[str, object]]:
        result = run(["analyze", "--json", *extra, str(side), str(front)], cli_env)
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    own = analyze()
    frames = [d for d in own if d["type"] == "frame"]
    assert [(f["view"], f["forward"]) for f in frames] == [("side", True), ("front", False)]
    summary = next(d for d in own if d["type"] == "summary")
    assert (summary["forward_threshold_deg"], summary["side_threshold_deg"]) == (22.0, 20.0)
    given = [d for d in analyze("--threshold", "25") if d["type"] == "frame"]
    assert [f["forward"] for f in given] == [False, False]
