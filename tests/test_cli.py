"""The `posture` command as a user runs it: real subprocesses, real model, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from posture.cli import program as cli


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posture", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """`posture ARGS` in the background, its output and errors piped as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "posture", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("posture: error:")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_json_lines_for_an_image_and_a_folder(cli_env: dict[str, str], data_dir: Path) -> None:
    image = data_dir / "side/sitting-posture-recognition/hunchback.jpg"
    folder = data_dir / "front/slouching-or-not/upright"
    result = run(["analyze", "--json", str(image), str(folder)], cli_env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    frames = [r for r in rows if r["type"] == "frame"]
    summaries = [r for r in rows if r["type"] == "summary"]
    assert len(frames) == 1 + 17 and len(summaries) == 2
    assert rows[1]["type"] == "summary" and rows[1]["source"] == str(image)
    keys = {
        "type",
        "source",
        "frame",
        "t",
        "present",
        "view",
        "head_forward_deg",
        "forward",
        "yaw_deg",
        "pitch_deg",
        "roll_deg",
    }
    assert all(keys <= set(f) for f in frames)
    first = frames[0]
    assert first["view"] == "side" and first["forward"] is True and first["yaw_deg"] is None
    assert summaries[1]["frames"] == 17 and summaries[1]["present_frames"] == 17


def test_human_output_has_a_table_and_a_summary(cli_env: dict[str, str], data_dir: Path) -> None:
    result = run(["analyze", str(data_dir / "video/front-head-turns-d12.mp4")], cli_env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "fwd deg" in out and "summary: 183 frames" in out and "yaw:" in out
    table_rows = [line for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert 7 <= len(table_rows) <= 9  # one row per second of a 7.3 s clip


def test_no_person_is_not_an_error(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "wall.png"
    cv2.imwrite(str(path), np.full((200, 300, 3), 90, np.uint8))
    result = run(["analyze", "--json", str(path)], cli_env)
    assert result.returncode == 0, result.stderr
    frame = json.loads(result.stdout.splitlines()[0])
    assert frame["present"] is False and frame["head_forward_deg"] is None


def _make_bad(tmp_path: Path, kind: str) -> Path:
    path = (
        tmp_path
        / {
            "empty": "empty.mp4",
            "text": "notes.mp4",
            "corrupt": "broken.mp4",
            "folder": "nothing-here",
            "missing": "missing.jpg",
        }[kind]
    )
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("this is a text file, not a video\n" * 10)
    elif kind == "corrupt":
        path.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(range(256)) * 64)
    elif kind == "folder":
        path.mkdir()
        (path / "readme.txt").write_text("no images")
    return path


@pytest.mark.parametrize("kind", ["missing", "empty", "text", "corrupt", "folder"])
def test_bad_inputs_are_one_line_errors(cli_env: dict[str, str], tmp_path: Path, kind: str) -> None:
    path = _make_bad(tmp_path, kind)
    result = run(["analyze", str(path)], cli_env)
    assert_one_line_error(result, path.name)


def test_an_unreadable_model_file_is_a_one_line_error(
    cli_env: dict[str, str], tmp_path: Path, data_dir: Path
) -> None:
    model = tmp_path / "model.task"
    model.write_bytes(b"garbage" * 100)
    image = data_dir / "side/sitting-posture-recognition/straight_hf.jpg"
    result = run(["analyze", "--model", str(model), str(image)], cli_env)
    assert_one_line_error(result, "model.task", "not a loadable pose model")


def test_bad_arguments_are_one_line_errors(cli_env: dict[str, str]) -> None:
    assert_one_line_error(run(["analyze"], cli_env), "PATH")
    assert_one_line_error(run(["analyse", "x.jpg"], cli_env), "analyse")
    assert_one_line_error(run(["analyze", "--threshold", "400", "x.jpg"], cli_env), "threshold")


def test_model_command_names_the_model_and_its_origin(
    cli_env: dict[str, str], model_path: Path
) -> None:
    result = run(["model"], cli_env)
    assert result.returncode == 0
    assert str(model_path) in result.stdout and "POSTURE_MODEL" in result.stdout
    result = run(["model", "--model", str(model_path)], cli_env)
    assert "--model" in result.stdout


def test_model_command_without_any_model_says_how_to_get_one(cli_env: dict[str, str]) -> None:
    del cli_env["POSTURE_MODEL"]
    result = run(["model"], cli_env)
    assert result.returncode == 1
    assert "posture model fetch" in result.stdout


def test_model_command_names_the_cache_and_how_to_fill_it_offline(
    cli_env: dict[str, str],
) -> None:
    cache = Path(cli_env["POSTURE_CACHE_DIR"])
    in_use = run(["model"], cli_env).stdout  # $POSTURE_MODEL names one: no advice needed
    assert f"cache: {cache}" in in_use and "offline:" not in in_use
    del cli_env["POSTURE_MODEL"]
    out = run(["model"], cli_env).stdout  # none yet: how to fill the cache offline
    assert f"cache: {cache}" in out
    assert f"copy it to {cache / 'pose_landmarker_full.task'}" in out
    assert "--model FILE" in out and "POSTURE_MODEL=FILE" in out


def test_model_command_never_deletes_a_file_in_the_cache(cli_env: dict[str, str]) -> None:
    del cli_env["POSTURE_MODEL"]
    cache = Path(cli_env["POSTURE_CACHE_DIR"])
    cache.mkdir()
    mine = cache / "pose_landmarker_full.task"
    mine.write_bytes(b"a model of my own, not the pinned one")
    result = run(["model"], cli_env)
    assert result.returncode == 1 and "not the official" in result.stdout
    assert result.stdout.startswith("model: ") and "none available" not in result.stdout
    assert mine.read_bytes() == b"a model of my own, not the pinned one"


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("posture ")


def test_posture_alone_shows_what_it_can_do(cli_env: dict[str, str]) -> None:
    shown = run([], cli_env)  # a newcomer's first try: not "arguments are required"
    assert shown.returncode == 0 and shown.stderr == ""
    for command in ("run", "demo", "report", "setup"):
        assert f"    {command} " in shown.stdout, command


def test_a_bad_input_fails_before_any_model_is_fetched(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    del cli_env["POSTURE_MODEL"]
    path = _make_bad(tmp_path, "empty")
    assert_one_line_error(run(["analyze", str(path)], cli_env), path.name, "empty")
    assert not Path(cli_env["POSTURE_CACHE_DIR"]).exists()


def test_a_folder_names_each_image_and_gives_stills_no_times(
    cli_env: dict[str, str], data_dir: Path
) -> None:
    folder = data_dir / "front/slouching-or-not/upright"
    images = sorted(p.name for p in folder.iterdir() if p.suffix == ".jpg")
    rows = [
        json.loads(line)
        for line in run(["analyze", "--json", str(folder)], cli_env).stdout.splitlines()
    ]
    frames = [r for r in rows if r["type"] == "frame"]
    # Every image by its own name (their order is tested with the folder source).
    assert sorted(Path(r["source"]).name for r in frames) == images
    assert all(Path(r["source"]).parent == folder and r["t"] is None for r in frames)
    assert rows[-1]["type"] == "summary" and rows[-1]["source"] == str(folder)
    text = run(["analyze", str(folder)], cli_env).stdout.splitlines()
    assert text[0] == str(folder) and text[1].endswith("image") and "t s" not in text[1]
    assert sorted(line.split()[-1] for line in text[2 : 2 + len(images)]) == images


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--camera", "7", "--no-notify"],
        ["stretch", "head-turns", "--camera", "7"],
        ["calibrate", "--camera", "7", "--no-preview"],
    ],
    ids=["run", "stretch", "calibrate"],
)
def test_a_missing_webcam_says_what_to_do_next(cli_env: dict[str, str], args: list[str]) -> None:
    assert not Path("/dev/video7").exists()
    result = run(args, cli_env)
    assert_one_line_error(result, "camera 7", "--camera N", "--source FILE")
    assert "`posture demo`" in result.stderr
