"""`posture calibrate` and `analyze --profile` as a user runs them, on the real frontal frames."""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_cli import assert_one_line_error, run

from posture.adapters.system.control import RELOAD, CommandInbox, pid_path
from posture.cli import calibrate as cli_calibrate

THRESHOLD = 22.0  # forward_threshold_deg: analyze judges front views at it by default


def auc(positives: list[float], negatives: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


@pytest.fixture(scope="module")
def frontal(data_dir: Path) -> dict[str, list[Path]]:
    root = data_dir / "front/slouching-or-not"
    return {label: sorted((root / label).glob("*.jpg")) for label in ("upright", "slouching")}


@pytest.fixture
def calibrated(cli_env: dict[str, str], frontal: dict[str, list[Path]], tmp_path: Path) -> Path:
    profile = tmp_path / "profile.json"
    upright = [str(p) for p in frontal["upright"][:5]]
    result = run(["calibrate", "--source", *upright, "--profile", str(profile)], cli_env)
    assert result.returncode == 0, result.stderr
    assert "calibrated on 5 frames from files at 224x224, seen from the front" in result.stdout
    assert f"profile saved: {profile}" in result.stdout
    assert "shoulder widths" not in result.stdout  # plain words, not the model's ratios
    assert "sitting tall reads 15 deg: your upright" in result.stdout
    assert "head forward counts from 25 deg (10 deg past it" in result.stdout
    assert "your eye" in result.stdout
    return profile


@pytest.mark.parametrize(
    ("pitch", "said"),
    [(9.6, "about 10 deg above your eye line"), (-6.0, "6 deg below"), (1.0, "level")],
)
def test_calibrate_says_where_the_camera_sits(pitch: float, said: str) -> None:
    assert said in cli_calibrate._camera_height(pitch)


def test_calibrated_frontal_frames_separate_slouching_from_upright(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], calibrated: Path
) -> None:
    others = frontal["upright"][5:] + frontal["slouching"]
    result = run(["analyze", "--json", "--profile", str(calibrated), *map(str, others)], cli_env)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    frames = {Path(r["source"]).parent.name: [] for r in rows}  # type: dict[str, list[dict]]
    for r in rows:
        if r["type"] == "frame":
            frames[Path(r["source"]).parent.name].append(r)
    assert all(r["profile"] == str(calibrated) for r in rows if r["type"] == "summary")
    upright = [r["head_forward_deg"] for r in frames["upright"]]
    slouch = [r["head_forward_deg"] for r in frames["slouching"]]
    assert len(upright) == 12 and len(slouch) == 19
    assert auc(slouch, upright) >= 0.95
    hits = sum(r["forward"] for r in frames["slouching"]) / len(slouch)
    rejections = sum(not r["forward"] for r in frames["upright"]) / len(upright)
    assert (hits + rejections) / 2 >= 0.9  # balanced accuracy at the default threshold
    assert all(r["head_forward_deg"] > THRESHOLD for r in frames["slouching"] if r["forward"])


def test_without_a_profile_analyze_says_so(cli_env: dict[str, str], frontal: dict) -> None:
    result = run(["analyze", str(frontal["upright"][0])], cli_env)
    assert result.returncode == 0, result.stderr
    assert "profile: none" in result.stdout


def test_check_shows_readings_against_the_profile(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], calibrated: Path
) -> None:
    shown = [str(p) for p in frontal["upright"][5:8]]
    result = run(
        ["calibrate", "--check", "--source", *shown, "--profile", str(calibrated)], cli_env
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 3
    assert "the view matches the calibration" in result.stdout


def test_a_chin_poke_from_slouching_frames_is_recorded(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], tmp_path: Path
) -> None:
    profile = tmp_path / "p.json"
    args = ["calibrate", "--source", *map(str, frontal["upright"][:5])]
    args += ["--poke-source", *map(str, frontal["slouching"][:5]), "--profile", str(profile)]
    result = run(args, cli_env)
    assert result.returncode == 0, result.stderr
    poke = json.loads(profile.read_text())["chin_poke_deg"]
    assert poke > 23.0 and "chin-poke reads" in result.stdout


def test_calibrating_an_empty_scene_is_refused(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for i in range(3):
        cv2.imwrite(str(folder / f"{i}.png"), np.full((240, 320, 3), 90, np.uint8))
    profile = tmp_path / "p.json"
    result = run(["calibrate", "--source", str(folder), "--profile", str(profile)], cli_env)
    assert_one_line_error(result, "no person found in 3 frames")
    assert not profile.exists()


def test_calibrating_from_a_file_that_is_not_media(cli_env: dict, tmp_path: Path) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_text("not a video")
    assert_one_line_error(run(["calibrate", "--source", str(fake)], cli_env), "clip.mp4")


def test_a_corrupt_profile_is_refused_and_left_alone(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], tmp_path: Path
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"format": "posture-profile", "version": 1, "camera": ')
    result = run(["analyze", "--profile", str(profile), str(frontal["upright"][0])], cli_env)
    assert_one_line_error(result, "corrupt", "posture calibrate")
    assert profile.read_text().endswith('"camera": ')


def test_a_profile_from_another_camera_is_refused(
    cli_env: dict[str, str], calibrated: Path, data_dir: Path
) -> None:
    side = data_dir / "side/sitting-posture-recognition/straight_hf.jpg"  # 720x1280
    result = run(["analyze", "--profile", str(calibrated), str(side)], cli_env)
    assert_one_line_error(result, "made for files at 224x224", "720x1280")
    doc = json.loads(calibrated.read_text())
    doc["camera"]["name"] = "camera 0"
    calibrated.write_text(json.dumps(doc))
    check = run(["calibrate", "--check", "--camera", "7", "--profile", str(calibrated)], cli_env)
    assert_one_line_error(check, "camera 7")  # no such webcam here: said in one line


def test_capture_length_is_validated(cli_env: dict[str, str]) -> None:
    assert_one_line_error(run(["calibrate", "--seconds", "0"], cli_env), "--seconds")
    assert_one_line_error(
        run(["calibrate", "--poke-source", "x.jpg"], cli_env), "--poke-source goes with --source"
    )


def test_guided_capture_through_the_camera_path(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """A recording opened as the camera stands in for a webcam: frames arrive in real time
    (the model paces them), so the countdown and the capture run on the wall clock."""
    clip = data_dir / "video/front-still-d13.mp4"
    cli_env["POSTURE_CONFIG_DIR"] = str(tmp_path / "config")
    args = ["calibrate", "--camera", str(clip), "--seconds", "1", "--no-preview"]
    result = run(args, cli_env)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("framing: too close")  # this face fills the frame
    assert out[1].startswith("Sit tall")
    assert out[2:5] == [f"sit tall: starting in {n}" for n in (3, 2, 1)]
    assert "sit tall: hold still... 1" in out
    saved = list((tmp_path / "config/profiles").glob("camera-*-720x1280.json"))
    assert (
        len(saved) == 1 and json.loads(saved[0].read_text())["camera"]["name"] == f"camera {clip}"
    )


def test_a_profile_from_files_says_where_it_went_and_check_finds_it(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], data_dir: Path, tmp_path: Path
) -> None:
    upright = [str(p) for p in frontal["upright"][:5]]
    made = run(["calibrate", "--source", *upright], cli_env)
    assert made.returncode == 0, made.stderr
    saved = Path(cli_env["POSTURE_CONFIG_DIR"]) / "profiles" / "files-224x224.json"
    assert f"profile saved: {saved}" in made.stdout and saved.is_file()
    assert (
        "not the webcam's" in made.stdout and "finds it for any recording of 224x224" in made.stdout
    )
    clip = tmp_path / "upright.mp4"  # a recording of that size: `run` finds the profile itself
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter.fourcc(*"mp4v"), 2.0, (224, 224))
    for _ in range(4):
        writer.write(cv2.resize(cv2.imread(upright[0]), (224, 224)))
    writer.release()
    ran = run(
        ["run", "--source", str(clip), "--no-notify", "--db", str(tmp_path / "h.db")], cli_env
    )
    assert ran.returncode == 0, ran.stderr
    assert f"profile: {saved}" in ran.stderr + ran.stdout
    check = run(["calibrate", "--check", "--source", *upright[:2]], cli_env)
    assert check.returncode == 0, check.stderr
    other = data_dir / "side/sitting-posture-recognition/straight_hf.jpg"  # another size
    assert_one_line_error(
        run(["calibrate", "--check", "--source", str(other)], cli_env),
        "no calibration profile for files at",
        "files-224x224.json",
        "--profile FILE",
    )


def test_a_new_profile_is_handed_to_the_running_monitor(
    cli_env: dict[str, str], frontal: dict[str, list[Path]], tmp_path: Path
) -> None:
    state = Path(cli_env["POSTURE_STATE_DIR"])
    state.mkdir(mode=0o700, parents=True)
    pid_path(state, os.getpid()).write_text(str(os.getpid()))  # this test stands for a monitor
    inbox = CommandInbox(state, 0.0)
    args = ["calibrate", "--source", *map(str, frontal["upright"][:5])]
    result = run([*args, "--profile", str(tmp_path / "p.json")], cli_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "the running monitor reads it now"
    command = inbox.poll()
    assert command is not None and command.action == RELOAD
