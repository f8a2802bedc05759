"""An app people can launch: `posture desktop-entry on|off` puts posture in the applications menu
with its icon installed in the user's hicolor theme (XDG_DATA_HOME), and takes only its own files
away; the autostart entry names the same icon. All under temporary XDG folders."""

from __future__ import annotations

import os
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest

from posture.adapters.system import autostart


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posture", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, HOME=str(tmp_path / "home"))
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def entry(path: Path) -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return dict(parser["Desktop Entry"])


def test_on_writes_a_menu_entry_with_its_icon_and_off_removes_them(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = run(["desktop-entry", "on"], env)
    assert done.returncode == 0, done.stderr
    desktop = tmp_path / "data" / "applications" / "posture.desktop"
    fields = entry(desktop)
    assert fields["Type"] == "Application" and fields["Name"] == "posture"
    assert fields["Icon"] == "posture" and fields["Categories"] == "Utility;"
    assert fields["Exec"].endswith("-m posture run") and sys.executable in fields["Exec"]
    hicolor = tmp_path / "data" / "icons" / "hicolor"
    svg = hicolor / "scalable" / "apps" / "posture.svg"
    png = hicolor / "128x128" / "apps" / "posture.png"
    assert svg.read_text().lstrip().startswith("<") and png.read_bytes()[:4] == b"\x89PNG"
    assert "menu entry: on" in run(["desktop-entry", "status"], env).stdout

    done = run(["desktop-entry", "off"], env)
    assert done.returncode == 0 and "removed" in done.stdout
    assert not desktop.exists() and not svg.exists() and not png.exists()
    assert "there was none" in run(["desktop-entry", "off"], env).stdout


def test_a_menu_entry_not_ours_is_left_alone(env: dict[str, str], tmp_path: Path) -> None:
    desktop = tmp_path / "data" / "applications" / "posture.desktop"
    desktop.parent.mkdir(parents=True)
    desktop.write_text("[Desktop Entry]\nName=someone else's\n")
    for action in ("on", "off"):
        done = run(["desktop-entry", action], env)
        assert done.returncode == 2 and "not made by posture" in done.stderr
    assert desktop.read_text() == "[Desktop Entry]\nName=someone else's\n"


def test_the_autostart_entry_names_the_icon_and_installs_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    done = run(["autostart", "on"], env)
    assert done.returncode == 0, done.stderr
    fields = entry(tmp_path / "config" / "autostart" / "posture.desktop")
    assert fields["Icon"] == "posture"
    assert (tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "posture.svg").exists()
    assert "Icon=posture" in autostart.file_text("linux")
    assert "Icon" not in autostart.file_text("win32")
