"""The package as people install it: a wheel built from the sources, installed with pipx into an
environment of its own (nothing of this checkout's), runs `posture --version` and `posture demo`.

The sources are copied to a temporary folder first, so the build (its build/ and egg-info
folders) leaves nothing in the checkout. Slow: pipx installs every dependency into a fresh venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import posture

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "posture-monitor"
"""The name on the package index (`posture` there is another project); the command is `posture`."""


def _pipx() -> list[str]:
    found = shutil.which("pipx")
    if found:
        return [found]
    try:
        import pipx  # noqa: F401
    except ImportError:
        message = "pipx is not installed (pip install pipx)"
        if os.environ.get("POSTURE_REQUIRE_ASSETS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return [sys.executable, "-m", "pipx"]


def test_the_distribution_is_named_for_the_index_and_versioned_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"posture": "posture.cli:main"}
    assert "version" in project["dynamic"]  # read from posture.__version__: one place


def _sources(into: Path) -> Path:
    """What the wheel is built from, copied (no caches, no build leftovers)."""
    into.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, into / name)
    for package in ("posture", "calibration"):
        shutil.copytree(ROOT / package, into / package, ignore=skip)
    return into


def test_pipx_installs_the_built_wheel_and_posture_runs(tmp_path: Path) -> None:
    pipx = _pipx()
    source = _sources(tmp_path / "src")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(dist), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("*.whl")
    assert wheel.name.startswith("posture_monitor-")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    home = tmp_path / "home"
    env |= {
        "HOME": str(home),
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    installed = subprocess.run(
        [*pipx, "install", "--python", sys.executable, str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    command = tmp_path / "bin" / "posture"
    assert command.exists(), installed.stdout
    outside = tmp_path / "elsewhere"  # not the checkout: nothing of it can be imported
    outside.mkdir()
    version = subprocess.run(
        [str(command), "--version"], env=env, cwd=outside, capture_output=True, text=True
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"posture {posture.__version__}"

    demo = subprocess.run(
        [str(command), "demo"], env=env, cwd=outside, capture_output=True, text=True, timeout=600
    )
    assert demo.returncode == 0, demo.stderr
    assert "posture report for" in demo.stdout and "alerts: forward head" in demo.stdout

    listed = subprocess.run([*pipx, "list", "--short"], env=env, capture_output=True, text=True)
    assert f"{DISTRIBUTION} {posture.__version__}" in listed.stdout
