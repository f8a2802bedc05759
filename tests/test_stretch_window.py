"""The stretch window: its words for each cue (pure), and the window itself on a real display
(Xvfb), driven by a scripted chin-tuck session posted from another thread: it shows the steps
and safety lines and counts down, and its Skip button, clicked with xdotool, submits a skip."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from desktop_session import Desktop
from test_cli import start

from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.stretches.catalogue import Measure
from posture.core.stretches.cues import Cue, CueKind, Phase
from posture.desktop.stretch_words import (
    TIMER_ONLY,
    Move,
    camera_line,
    countdown,
    move_of,
    repetition,
    steps_text,
)

CATALOGUE = load_catalogue()
DRIVER = Path(__file__).with_name("stretch_window_driver.py")


def cue(kind: CueKind, phase: Phase | None, stretch_id: str = "chin-tucks", **more: Any) -> Cue:
    return Cue(1.0, kind, "", stretch=CATALOGUE.stretches[stretch_id], phase=phase, **more)


@pytest.mark.parametrize(
    ("phase", "left_s", "said"),
    [
        (Phase.READY, None, "sit still"),
        (Phase.REACH, None, "get into position"),
        (Phase.HOLD, None, "hold..."),
        (Phase.HOLD, 3.0, "hold 3"),
        (Phase.REST, 2.0, "rest 2"),
        (Phase.REST, None, "rest"),
        (Phase.DONE, None, "done"),
        (None, None, ""),
    ],
)
def test_the_countdown_says_the_phase_and_the_seconds_left(
    phase: Phase | None, left_s: float | None, said: str
) -> None:
    assert countdown(cue(CueKind.COUNT, phase, left_s=left_s)) == said


def test_a_walk_counts_down_walking_not_holding() -> None:
    walk = [
        s.id for s in CATALOGUE.stretches.values() if s.check and s.check.measure.value == "away"
    ]
    assert countdown(cue(CueKind.HOLD, Phase.HOLD, walk[0], left_s=120.0)) == "walk 120"
    assert countdown(cue(CueKind.INSTRUCT, Phase.REACH, walk[0])) == "leave your desk"


def test_the_repetition_names_the_side_where_there_are_two() -> None:
    turns = cue(CueKind.INSTRUCT, Phase.REACH, "head-turns", rep=2, reps=3, side="left")
    assert repetition(turns) == "Repetition 2 of 3, left side"
    assert repetition(cue(CueKind.HOLD, Phase.HOLD, rep=4, reps=5, side="back")) == (
        "Repetition 4 of 5"
    )
    assert repetition(cue(CueKind.HOLD, Phase.HOLD, rep=1, reps=1, side="back")) == ""
    assert repetition(Cue(1.0, CueKind.INSTRUCT, "no stretch is on offer now")) == ""


def test_the_camera_line_says_what_the_camera_sees_and_keeps_it_until_news() -> None:
    guide = cue(CueKind.GUIDE, Phase.REACH, guidance="turn a little further left")
    assert camera_line(guide, True, "") == "turn a little further left"
    assert camera_line(cue(CueKind.HOLD, Phase.HOLD), True, "x") == "in position: hold still"
    assert camera_line(cue(CueKind.COUNT, Phase.HOLD, left_s=2.0), True, "before") == "before"
    missed = Cue(9.0, CueKind.MISSED, "reached 3 deg of 5 deg back; moving on")
    assert camera_line(missed, True, "") == missed.text
    assert camera_line(guide, False, "") == TIMER_ONLY


def test_steps_are_numbered_and_the_cautions_follow() -> None:
    lines = steps_text(CATALOGUE.stretches["chin-tucks"])
    assert [line[:3] for line in lines[:3]] == ["1. ", "2. ", "3. "]
    assert lines[-1].startswith("Careful: ")


def test_the_drawing_follows_the_measure_side_and_hold() -> None:
    held = move_of(cue(CueKind.HOLD, Phase.HOLD, "head-turns", side="right"))
    assert held == Move(Measure.YAW, "right", True)
    assert move_of(cue(CueKind.INTRO, Phase.READY, "head-turns")).side == "left"  # first side


# --- the window on a real display --------------------------------------------------------------


def screenshot(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    assert image is not None, f"no screenshot at {path}"
    return image


def accent_pixels(image: np.ndarray, box: tuple[int, int, int, int]) -> int:
    """Pixels of the countdown's colour (#1f7a6d) within x0, y0, x1, y1."""
    x0, y0, x1, y1 = box
    region = image[y0:y1, x0:x1].astype(int)
    target = np.array([0x6D, 0x7A, 0x1F])  # BGR
    return int((np.abs(region - target).sum(axis=2) < 40).sum())


@pytest.mark.parametrize(
    ("button", "command"), [("skip_at", "skip_stretch"), ("done_at", "finish_stretch")]
)
def test_the_window_shows_the_steps_counts_down_and_skip_and_done_submit_their_own(
    desktop: Desktop, tmp_path: Path, button: str, command: str
) -> None:
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(tmp_path), "--wait-click"],
        env=desktop.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(json.loads(line))
            if button in lines[-1]:
                x, y = lines[-1][button]
                desktop.run("xdotool", "mousemove", str(x), str(y), "click", "1")
            if "command" in lines[-1]:
                break
        process.wait(timeout=20)
    finally:
        process.kill()
        stderr = process.stderr.read() if process.stderr else ""
    shown = {line["at"]: line["texts"] for line in lines if "at" in line}
    assert list(shown) == ["reach", "hold-3", "hold-2", "rest"], stderr
    reach = shown["reach"]
    assert reach["title"] == "Chin tucks" and reach["repetition"] == "Repetition 2 of 5"
    assert reach["steps"].startswith("1. Sit tall") and "\n3. " in reach["steps"]
    assert "never into pain" in reach["safety"]
    assert reach["camera"] == "Camera: draw your chin back a little more"
    counts = [texts["count"] for texts in shown.values()]
    assert counts == ["get into position", "hold 3", "hold 2", "rest"]
    assert shown["rest"]["repetition"] == "Repetition 3 of 5"
    assert lines[-1] == {"command": command}, stderr

    shots = {name: screenshot(tmp_path / f"{name}.png") for name in shown}
    assert all(shot.shape == (720, 1280, 3) for shot in shots.values())
    window = shots["hold-3"][60:660, 160:1120]
    assert (window.mean(axis=2) > 200).mean() > 0.5  # the window is there, light, on the black
    count_box = (700, 480, 1130, 620)
    assert accent_pixels(shots["hold-3"], count_box) > 1000  # a large countdown in its colour
    changed = np.abs(shots["hold-3"].astype(int) - shots["hold-2"].astype(int)).sum(axis=2) > 60
    assert changed[480:620, 700:1130].sum() > 300 and changed[:480].sum() < 50


def test_the_end_of_the_run_closes_the_window_without_a_command(
    desktop: Desktop, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path), "--finish"],
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[-2]["at"] == "rest" and lines[-1] == {"visible_after_run": False}, done.stderr
    assert not any("command" in line for line in lines)


def test_start_pressed_again_during_the_stretch_brings_its_window_forward(
    desktop: Desktop, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(tmp_path), "--start-again"],
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[-1] == {"minimized": True, "forward": True}, done.stderr
    assert not any("command" in line for line in lines)


# --- the whole way: an alert's notification starts the stretch and its window opens ------------


def hunched_clip(data_dir: Path, path: Path, seconds: int) -> Path:
    """A side-view recording at 2 fps of a man sitting hunched (head forward)."""
    photo = data_dir / "side" / "sitting-posture-recognition" / "hunchback.jpg"
    image = cv2.resize(cv2.imread(str(photo)), (360, 640))
    out = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 2.0, (360, 640))
    for _ in range(seconds * 2):
        out.write(image)
    out.release()
    return path


def test_start_stretch_in_the_notification_opens_the_stretch_window(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    env = desktop.env_for(cli_env)
    clip = hunched_clip(data_dir, tmp_path / "hunched.mp4", 90)
    argv = ["run", "--source", str(clip), "--realtime", "--set", "forward_hold_s=3"]
    argv += ["--set", "arrival_s=0", "--db", str(tmp_path / "h.db")]
    desktop.run("dunstctl", "close-all")
    run = start(argv, env)
    try:
        shown = lambda: desktop.run("dunstctl", "count", "displayed").strip() not in ("", "0")  # noqa: E731
        poll(shown, "the forward-head notification", 90)
        offered = desktop.invoke("#Start stretch (Head forward)")
        assert any(line.startswith("#Snooze (Head forward)") for line in offered)
        poll(lambda: '"posture: stretch"' in desktop.windows(), "the stretch window", 30)
    finally:
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=60)
    assert run.returncode == 0 and "Traceback" not in err, err
    assert "alert: forward head" in out
    assert '"posture: stretch"' not in desktop.windows()  # the run's end closed it


def poll(check: Callable[[], bool], what: str, seconds: float) -> None:
    """Poll a real subprocess's effect on the desktop until `check`, with a deadline."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not come within {seconds:.0f} s")
        time.sleep(0.5)
