"""Shared fixtures: where the real model and footage are, and small builders of landmark sets.

The real model and footage come from `../shared` beside the project, or from $POSTURE_MODEL and
$POSTURE_TEST_DATA. Tests that need them skip with a reason when they are absent, unless
$POSTURE_REQUIRE_ASSETS=1 (as in CI), where a missing asset fails the test instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from posture.data import N_LANDMARKS, PoseSample

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _need(path: Path, what: str) -> Path:
    if path.exists():
        return path
    message = f"{what} not found at {path} (set the variable or put ../shared beside the project)"
    if os.environ.get("POSTURE_REQUIRE_ASSETS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def model_file() -> Path:
    env = os.environ.get("POSTURE_MODEL")
    path = Path(env) if env else SHARED / "models" / "pose_landmarker_full.task"
    return _need(path, "pose model ($POSTURE_MODEL)")


def data_folder() -> Path:
    env = os.environ.get("POSTURE_TEST_DATA")
    return _need(Path(env) if env else SHARED / "data", "footage ($POSTURE_TEST_DATA)")


@pytest.fixture(scope="session")
def model_path() -> Path:
    return model_file()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return data_folder()


@pytest.fixture
def cli_env(model_path: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for running the `posture` command in a subprocess, away from user folders."""
    env = dict(os.environ)
    env["POSTURE_MODEL"] = str(model_path)
    env["POSTURE_CACHE_DIR"] = str(tmp_path / "cache")
    for name in ("CONFIG", "DATA", "STATE"):  # never the user's real folders
        env[f"POSTURE_{name}_DIR"] = str(tmp_path / name.lower())
    return env


def make_sample(
    points: dict[int, tuple[float, float]],
    *,
    world: dict[int, tuple[float, float, float]] | None = None,
    depth: dict[int, float] | None = None,
    width: int = 640,
    height: int = 480,
    visibility: float = 1.0,
) -> PoseSample:
    """A PoseSample from pixel positions of chosen landmarks (the rest at the frame centre)."""
    image = np.zeros((N_LANDMARKS, 4))
    image[:, 0], image[:, 1], image[:, 3] = 0.5, 0.5, visibility
    for index, (x, y) in points.items():
        image[index, 0], image[index, 1] = x / width, y / height
    for index, z in (depth or {}).items():
        image[index, 2] = z
    world_arr = np.zeros((N_LANDMARKS, 3))
    for index, xyz in (world or {}).items():
        world_arr[index] = xyz
    return PoseSample(t=0.0, width=width, height=height, image=image, world=world_arr)
