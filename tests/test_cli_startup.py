"""The quick commands start light: `posture --help`, `pause`, `resume` and `config` never import
OpenCV, MediaPipe, numpy, matplotlib, the notifier or Qt (their import alone takes longer than the
whole answer should); a command that needs them still gets them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from posture.adapters.system import control

HEAVY = ("cv2", "mediapipe", "numpy", "matplotlib", "desktop_notifier", "PySide6")

PROBE = """
import contextlib, io, json, sys
from posture.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps({"code": code, "out": out.getvalue(), "heavy": heavy}))
"""


def probe(args: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run `posture ARGS` in a fresh interpreter; its exit code, output and heavy modules."""
    code = PROBE.replace("HEAVY", repr(json.dumps(HEAVY)))
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--help"], "Webcam posture monitor."),
        (["pause", "--help"], "posture pause 5"),
        (["pause", "5"], "paused for 5 min"),
        (["resume"], "resumed"),
        (["config"], "sample_hz"),
        (["config", "--set", "sample_hz=2"], "sample_hz"),
        (["config", "--help"], "--set KEY=VALUE"),
    ],
)
def test_quick_commands_answer_without_importing_heavy_libraries(
    cli_env: dict[str, str], args: list[str], said: str
) -> None:
    with control.PidFile(Path(cli_env["POSTURE_STATE_DIR"])):  # a monitor for pause/resume
        result = probe(args, cli_env)
    assert result["heavy"] == []
    assert result["code"] == 0 and said in str(result["out"])


def test_a_bare_posture_shows_its_commands_without_importing_heavy_libraries(
    cli_env: dict[str, str],
) -> None:
    result = probe([], cli_env)
    assert result["code"] == 0 and result["heavy"] == []
    assert "COMMAND" in str(result["out"])


def test_a_command_that_needs_the_camera_libraries_still_loads_them(
    cli_env: dict[str, str],
) -> None:
    result = probe(["analyze", "--help"], cli_env)
    assert result["code"] == 0 and "--threshold" in str(result["out"])
    assert "cv2" in result["heavy"] and "numpy" in result["heavy"]


LOAD = """
import sys
from pathlib import Path
if sys.argv[2] == "full":
    import mediapipe
from posture.adapters.camera.pose import PoseEstimator
from posture.core.data import Frame
import numpy as np
with PoseEstimator(Path(sys.argv[1]), sequence=True) as pose:
    assert pose.estimate(Frame(np.zeros((240, 320, 3), np.uint8), 0.0, 0)) is None
extra = ("matplotlib", "sounddevice", "mediapipe.tasks.python.audio")
print(sorted(m for m in extra if m in sys.modules))
"""


@pytest.mark.parametrize(("first", "loaded"), [("none", "[]"), ("full", None)])
def test_the_pose_model_starts_without_the_rest_of_mediapipe(
    model_path: Path, first: str, loaded: str | None
) -> None:
    """MediaPipe's own `import mediapipe` brings its audio tasks and matplotlib (about 1 s of
    CPU); the pose adapter loads only the pose landmarker, and still works after a full import."""
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(model_path), first],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    shown = result.stdout.strip().splitlines()[-1]
    assert shown == loaded if loaded is not None else "matplotlib" in shown
