"""The pose model on a machine with a display (Xvfb): MediaPipe would make an OpenGL context there
for nothing (the model runs on the CPU), and Mesa's software driver costs 55 MB of memory. No
OpenGL driver is loaded, nothing is left in the environment, and the landmarks are the same as
without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_session import Desktop

HERE = Path(__file__).parent
READ = """
import json, os, sys
from pathlib import Path
import cv2
from posture.adapters.camera.pose import PoseEstimator
from posture.core.data import Frame
capture = cv2.VideoCapture(sys.argv[2])
frames = [capture.read()[1] for _ in range(3)]
with PoseEstimator(Path(sys.argv[1]), sequence=True) as pose:
    found = [pose.estimate(Frame(cv2.cvtColor(f, cv2.COLOR_BGR2RGB), i / 25, i))
             for i, f in enumerate(frames)]
maps = Path("/proc/self/maps").read_text()
print(json.dumps({
    "gl_driver": [name for name in ("libLLVM", "_dri.so") if name in maps],
    "left_set": "__EGL_VENDOR_LIBRARY_FILENAMES" in os.environ,
    "landmarks": [s.image.tolist() for s in found if s is not None],
}))
"""


def _read(env: dict[str, str], model: Path, clip: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", READ, str(model), str(clip)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_model_on_a_display_loads_no_opengl_driver_and_reads_the_same(
    desktop: Desktop, model_path: Path, data_dir: Path
) -> None:
    clip = data_dir / "video/front-head-turns-d12.mp4"
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    base["PYTHONPATH"] = str(HERE.parent)
    shown = _read({**base, **desktop.env}, model_path, clip)
    headless = _read(base, model_path, clip)
    assert shown["gl_driver"] == [] and shown["left_set"] is False
    assert shown["landmarks"] and shown["landmarks"] == headless["landmarks"]
