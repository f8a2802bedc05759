"""The core imports no OpenCV, MediaPipe or SQLite (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "posture.data",
    "posture.metrics",
    "posture.frontal",
    "posture.simulator",
    "posture.summary",
    "posture.settings",
    "posture.monitor",
    "posture.alerts",
    "posture.words",
    "posture.stretches",
    "posture.coach",
    "posture.report",
    "posture.demo",
    "posture.errors",
    "posture.closing",
    "calibration.capture",
    "calibration.fitting",
    "calibration.profile",
    "calibration.evaluation",
]


def test_core_modules_load_no_heavy_or_io_libraries() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in ('cv2', 'mediapipe', 'sqlite3') if m in sys.modules)\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_does_not_load_mediapipe_until_a_model_is_needed() -> None:
    code = "import sys, posture.cli\nprint('mediapipe' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
