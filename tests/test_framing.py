"""Framing advice on real frames and the real model: dark, too close, cut off, a steep camera."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import make_status
from test_cli import run

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.app.framing import FramingAdvice
from posture.core.data import Frame, Reading
from posture.core.measure import framing
from posture.core.ports import Seen
from posture.core.sim.simulator import Scene, simulate
from posture.core.stretches.cues import Cue


@pytest.fixture(scope="module")
def pose(model_path: Path) -> Iterator[PoseEstimator]:
    with PoseEstimator(model_path, sequence=False) as estimator:
        yield estimator


def advice_for(pose: PoseEstimator, image: np.ndarray) -> str | None:
    sample = pose.estimate(Frame(image, 0.0, 0))
    return framing.advice(sample, framing.brightness(image))


def first_frame(path: Path) -> np.ndarray:
    capture = cv2.VideoCapture(str(path))
    ok, bgr = capture.read()
    capture.release()
    assert ok
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def test_well_framed_people_get_no_advice(pose: PoseEstimator, data_dir: Path) -> None:
    frames = [
        read_image(p) for p in sorted((data_dir / "front/lean-tilt-roboflow/thang").iterdir())[:4]
    ]
    frames += [
        read_image(p) for p in sorted((data_dir / "front/slouching-or-not/upright").iterdir())[:4]
    ]
    frames.append(first_frame(data_dir / "video/front-talking-selfie.mp4"))
    frames.append(read_image(data_dir / "side/sitting-posture-recognition/straight_hf.jpg"))
    assert [advice_for(pose, f) for f in frames] == [None] * len(frames)


def test_shoulders_cut_by_the_frame_are_too_close(pose: PoseEstimator, data_dir: Path) -> None:
    close = first_frame(data_dir / "video/front-still-d13.mp4")  # a face filling the frame
    said = advice_for(pose, close)
    assert said is not None and said.startswith("too close") and "shoulders" in said
    assert len(f"framing: {said}") < 80
    thang = read_image(sorted((data_dir / "front/lean-tilt-roboflow/thang").iterdir())[0])
    height, width = thang.shape[:2]
    cropped = np.ascontiguousarray(thang[:, width // 2 - height // 4 : width // 2 + height // 4])
    assert (advice_for(pose, cropped) or "").startswith("too close")


def test_a_dark_frame_says_to_light_the_face(pose: PoseEstimator, data_dir: Path) -> None:
    thang = read_image(sorted((data_dir / "front/lean-tilt-roboflow/thang").iterdir())[0])
    dark = (thang.astype(np.float32) * 0.06).astype(np.uint8)
    said = advice_for(pose, dark)
    assert said is not None and said.startswith("too dark") and "light" in said
    assert framing.advice(None, framing.brightness(np.zeros((48, 64, 3), np.uint8))) is not None
    assert framing.advice(None, 120.0) is None  # nobody in a lit room: nothing to say yet


@pytest.mark.parametrize(
    ("camera_height_m", "said"),
    [(-0.35, "below your eyes"), (0.4, "above your eyes"), (0.0, None)],
)
def test_a_camera_well_below_or_above_the_eyes_is_said(
    camera_height_m: float, said: str | None
) -> None:
    sample = simulate(Scene(camera_height_m=camera_height_m, distance_m=0.6))
    line = framing.advice(sample, 120.0)
    assert (line is None) if said is None else (line is not None and said in line)
    assert len(f"framing: {line}") < 80  # one line on a terminal, whatever the angle


def test_a_run_says_the_framing_advice_once_at_the_start() -> None:
    heard: list[Cue] = []
    listener = FramingAdvice(heard.append)
    image = np.full((48, 64, 3), 5, np.uint8)
    for t in range(5):
        listener.reading(Seen(image, None, Reading(t=float(t), present=False), make_status()))
    assert len(heard) == 1 and heard[0].text.startswith("framing: too dark")
    assert heard[0].stretch is None  # a run's own words, not a coach's


def test_run_and_calibrate_print_the_advice_on_a_close_face(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    clip = data_dir / "video/front-still-d13.mp4"
    ran = run(
        ["run", "--source", str(clip), "--db", str(tmp_path / "h.db"), "--no-notify", "--json"],
        cli_env,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.count("framing: too close") == 1
    assert all(json.loads(line)["type"] == "event" for line in ran.stdout.splitlines())
    still = tmp_path / "close.png"
    cv2.imwrite(str(still), cv2.cvtColor(first_frame(clip), cv2.COLOR_RGB2BGR))
    made = run(
        ["calibrate", "--source", str(still), "--profile", str(tmp_path / "p.json")], cli_env
    )
    assert "framing: too close" in made.stdout + made.stderr
