"""Calibration in every view on real photos and the real model: own-upright verdicts, end to end."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_cli import run

from calibration.profile import ProfileView
from posture.adapters.camera.sources import read_image
from posture.app import calibrate as app_calibrate
from posture.app.wiring import file_frames
from posture.core.data import Reading, View
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings

MEN = {"man 1": "side/sitting-posture-recognition", "man 2": "side/kaazima-sitting-posture"}
LABELS = ("hunchback", "straight", "kneeling", "recline")


@pytest.fixture(scope="module")
def photos(data_dir: Path, model_path: Path) -> dict[str, dict[str, Reading]]:
    """Each man's labelled side photos, read as `posture run` reads them (no profile)."""
    out: dict[str, dict[str, Reading]] = {}
    for man, folder in MEN.items():
        paths = sorted(p for p in (data_dir / folder).iterdir() if p.name.startswith(LABELS))
        frames = file_frames(paths, str(model_path))  # one frame per photo, in order
        out[man] = {
            path.name: metrics.read(sample, 0.0, FrontalEstimator())
            for path, (_, sample) in zip(paths, frames, strict=True)
        }
    return out


def balanced_accuracy(readings: dict[str, Reading], monitor: Monitor) -> float:
    """Forward (hunchback) against not forward (the rest) at the monitor's own threshold."""
    verdict = {
        name: r.head_forward_deg is not None and r.head_forward_deg > monitor.threshold_deg(r)
        for name, r in readings.items()
    }
    hits = [v for name, v in verdict.items() if name.startswith("hunchback")]
    passes = [not v for name, v in verdict.items() if not name.startswith("hunchback")]
    return (sum(hits) / len(hits) + sum(passes) / len(passes)) / 2.0


@pytest.mark.parametrize(
    ("man", "straight"),
    [
        ("man 1", "straight_flip.jpg"),
        ("man 1", "straight_hf.jpg"),
        ("man 1", "straight_hf_flip.jpg"),
        ("man 2", "straight.jpeg"),
        ("man 2", "straight_flip.jpeg.jpg"),
        ("man 2", "straight_hf.jpg"),  # reads 0.3 deg: judged from the 10-deg floor
        ("man 2", "straight_hf_flip.jpg"),
    ],
)
def test_a_side_man_calibrated_on_one_straight_photo_classifies_his_own_photos(
    photos: dict[str, dict[str, Reading]], data_dir: Path, model_path: Path, man: str, straight: str
) -> None:
    photo = data_dir / MEN[man] / straight
    profile = app_calibrate.calibrate_files([photo], None, str(model_path))
    assert profile.view is ProfileView.SIDE and profile.model is None
    upright = profile.upright()
    assert upright.head_forward_deg == pytest.approx(
        photos[man][straight].head_forward_deg, abs=0.1
    )
    assert balanced_accuracy(photos[man], Monitor(Settings(), upright=upright)) >= 0.9


def still_clip(image: np.ndarray, path: Path, seconds: int) -> Path:
    """One photo held for `seconds`, two frames a second, as a video."""
    height, width = image.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 2.0, (width, height))
    bgr = cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    for _ in range(seconds * 2):
        writer.write(bgr)
    writer.release()
    return path


def small(path: Path, width: int = 480) -> np.ndarray:
    image = read_image(path)
    height = round(image.shape[0] * width / image.shape[1] / 2) * 2
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


def forward_run(env: dict[str, str], tmp_path: Path, clip: Path, *extra: str) -> list[str]:
    config, db = tmp_path / "short.toml", tmp_path / f"{len(list(tmp_path.iterdir()))}.db"
    config.write_text("[monitor]\nforward_hold_s = 20\narrival_s = 5\n")
    args = ["run", "--source", str(clip), "--config", str(config), "--db", str(db)]
    result = run([*args, "--no-notify", "--json", *extra], env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as con:
        return [k for (k,) in con.execute("SELECT kind FROM events ORDER BY t, rowid")]


def test_a_side_user_whose_upright_reads_27_deg_is_not_nagged_once_calibrated(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    folder = data_dir / MEN["man 2"]
    kneeling = small(folder / "kneeling_hf1.jpg")  # sitting upright, reads about 27 deg
    still = tmp_path / "upright.png"
    cv2.imwrite(str(still), cv2.cvtColor(kneeling, cv2.COLOR_RGB2BGR))
    clip = still_clip(kneeling, tmp_path / "upright.mp4", 60)
    assert "forward_head_alert" in forward_run(cli_env, tmp_path, clip)  # the fallback: 25 deg
    profile = tmp_path / "profile.json"
    made = run(["calibrate", "--source", str(still), "--profile", str(profile)], cli_env)
    assert made.returncode == 0, made.stderr
    assert "seen from the side" in made.stdout and "your upright" in made.stdout
    assert json.loads(profile.read_text())["view"] == "side"
    kinds = forward_run(cli_env, tmp_path, clip, "--profile", str(profile))
    assert "forward_head_alert" not in kinds and "view_changed" not in kinds


def test_a_moved_camera_is_said_once_and_raises_no_forward_alert(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    folder = data_dir / MEN["man 1"]
    upright = small(folder / "straight_hf.jpg")
    still = tmp_path / "upright.png"
    cv2.imwrite(str(still), cv2.cvtColor(upright, cv2.COLOR_RGB2BGR))
    profile = tmp_path / "profile.json"
    made = run(["calibrate", "--source", str(still), "--profile", str(profile)], cli_env)
    assert made.returncode == 0, made.stderr
    # Another day, another place in the frame, hunched: the view no longer matches.
    moved = small(folder / "hunchback_hf_flip.jpg")
    assert moved.shape == upright.shape
    clip = still_clip(moved, tmp_path / "moved.mp4", 90)
    kinds = forward_run(cli_env, tmp_path, clip, "--profile", str(profile))
    assert kinds.count("view_changed") == 1
    assert "forward_head_alert" not in kinds


def test_a_front_calibration_reads_its_view_as_front(data_dir: Path, model_path: Path) -> None:
    upright = sorted((data_dir / "front/slouching-or-not/upright").glob("*.jpg"))[:5]
    profile = app_calibrate.calibrate_files(upright, None, str(model_path))
    assert profile.view is ProfileView.FRONT and profile.baseline.reads is View.FRONT
    assert profile.upright().head_forward_deg == pytest.approx(15.0, abs=2.0)


def test_calibrating_on_a_photo_that_reads_leaning_back_says_so(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    photo = data_dir / MEN["man 2"] / "straight_hf.jpg"  # labelled straight; reads 0.3 deg
    profile = tmp_path / "profile.json"
    made = run(["calibrate", "--source", str(photo), "--profile", str(profile)], cli_env)
    assert made.returncode == 0, made.stderr
    assert "sitting tall reads 0 deg" in made.stdout
    assert "counts from 22 deg (12 deg past 10," in made.stdout
    assert "if you leaned back, calibrate again" in made.stdout
