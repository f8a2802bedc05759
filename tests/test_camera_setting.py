"""The webcam to watch is a setting (`camera`, its number, in posture.toml's [monitor] table):
`posture run`, `calibrate`, `stretch`, `setup` and the autostart entry watch it when --camera is
not given, a --camera flag still wins, the guide writes the camera picked in its list and
`posture config` shows it. No webcam is opened: a camera number with no device behind it says
its number in the one-line error, which is how each command shows which camera it tried."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from desktop_session import Desktop
from test_cli import assert_one_line_error, run

from posture.core.errors import ConfigError
from posture.core.setting_words import WORDS, range_text
from posture.core.settings import Settings
from posture.core.settings_text import parse_assignments

MISSING = ("7", "8")
"""Camera numbers with no device here (checked in each test)."""


def _settings_file(env: dict[str, str], text: str) -> Path:
    config = Path(env["POSTURE_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "posture.toml").write_text(text)
    return config / "posture.toml"


def test_the_camera_setting_is_a_number_from_0_to_99_checked_like_the_others() -> None:
    assert Settings().camera == 0
    assert parse_assignments(["camera=2"]) == {"camera": 2}
    assert Settings().with_values({"camera": 99}).camera == 99
    for bad in (100, -1, 1.5, True):
        with pytest.raises(ConfigError, match="camera must be"):
            Settings().with_values({"camera": bad})
    with pytest.raises(ConfigError, match="camera must be a number"):
        parse_assignments(["camera=/dev/video2"])  # a device path stays a --camera flag
    assert WORDS["camera"].group == "Camera" and range_text("camera") == "0-99"


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--no-notify", "--no-tray"],
        ["calibrate", "--no-preview"],
        ["calibrate", "--check", "--no-preview"],
        ["stretch", "head-turns"],
    ],
    ids=["run", "calibrate", "check", "stretch"],
)
def test_each_command_watches_the_set_camera_and_a_flag_still_wins(
    cli_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    assert not any(Path(f"/dev/video{n}").exists() for n in MISSING)
    cli_env.pop("DISPLAY", None)
    db = ["--db", str(tmp_path / "h.db")] if args[0] in ("run", "stretch") else []
    _settings_file(cli_env, "[monitor]\ncamera = 7\n")
    assert_one_line_error(run([*args, *db], cli_env), "camera 7")
    assert_one_line_error(run([*args, *db, "--camera", "8"], cli_env), "camera 8")
    assert_one_line_error(run([*args, *db, "--set", "camera=8"], cli_env), "camera 8")


def test_the_autostart_entry_starts_a_run_on_the_set_camera(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """The entry names no camera: what it starts reads the setting, so a camera picked later
    (in the guide or with `config --write`) is the one watched at the next login."""
    env = dict(cli_env, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    assert run(["autostart", "on"], env).returncode == 0
    entry = (tmp_path / "xdg" / "autostart" / "posture.desktop").read_text()
    (exec_line,) = [line for line in entry.splitlines() if line.startswith("Exec=")]
    argv = shlex.split(exec_line.removeprefix("Exec="))
    assert argv[-2:] == ["posture", "run"]
    wrote = run(["config", "--set", "camera=7", "--write"], env)
    assert wrote.returncode == 0, wrote.stderr
    started = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert_one_line_error(started, "camera 7")


def test_posture_config_shows_the_camera_in_plain_words(cli_env: dict[str, str]) -> None:
    _settings_file(cli_env, "[monitor]\ncamera = 2\n")
    lines = run(["config"], cli_env).stdout.splitlines()
    (row,) = [line for line in lines if line.strip().startswith("camera ")]
    assert re.match(r"  camera +  = 2 +\* ", row) and WORDS["camera"].label in row
    assert lines[lines.index(row) + 1].strip() == WORDS["camera"].why


PICK_SCRIPT = """
import json, sys
from pathlib import Path
from posture.app.guide import GuideCamera
from posture.desktop.qt_app import application
from posture.desktop.setup_window import SetupWindow

application()
ended = []
# a recording stands in for the webcams; the list names two
window = SetupWindow(GuideCamera("0", Path(sys.argv[1]), None, 10.0), None, ended.append,
                     ["0", "2"])
window.go(1)
window.cameras.setCurrentIndex(1)  # the person picks the second camera
window.go(3)
window.at_login.setChecked(False)
window.menu_entry.setChecked(False)
window.next.click()  # Next writes the choices
print(json.dumps({"page": window.stack.currentIndex(), "watching": window.camera.camera}))
window.close()
"""


def _drive(script: str, env: dict[str, str], data_dir: Path) -> object:
    """A Qt script run on the desktop with the still clip as its camera; its last JSON line."""
    clip = data_dir / "video/front-still-d13.mp4"
    done = subprocess.run(
        [sys.executable, "-c", script, str(clip)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_camera_picked_in_the_guide_is_written_and_shown(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path
) -> None:
    env = desktop.env_for(cli_env)
    assert _drive(PICK_SCRIPT, env, data_dir) == {"page": 4, "watching": "2"}
    written = (Path(env["POSTURE_CONFIG_DIR"]) / "posture.toml").read_text()
    assert "camera = 2" in written.splitlines()
    shown = run(["config"], env).stdout
    assert re.search(r"(?m)^  camera +  = 2 +\* ", shown)


def test_after_a_finished_first_run_guide_the_run_watches_the_camera_it_wrote() -> None:
    from posture.app.run import RunPlan
    from posture.desktop.display import Places
    from posture.desktop.session import after_guide

    plan = RunPlan(Settings(), camera="0", settings_source=lambda: Settings(camera=2))
    places = Places(Path("h.db"), Path("posture.toml"), Path("state"), None, "0")
    plan_then, places_then = after_guide(plan, places)
    assert plan_then.camera == "2" and places_then.camera == "2"
    assert plan_then.settings.camera == 2
    flagged = Places(Path("h.db"), Path("posture.toml"), Path("state"), None, "5", True)
    plan_then, places_then = after_guide(
        RunPlan(Settings(), "5", settings_source=Settings), flagged
    )
    assert plan_then.camera == "5" and places_then.camera == "5"  # --camera still wins


TRAY_PICK_SCRIPT = """
import json, sys
from pathlib import Path
from posture.app.guide import GuideCamera
from posture.desktop.actions import Actions
from posture.desktop.display import Places
from posture.desktop.qt_app import application
from posture.desktop.session import GuideFromTray
from posture.desktop.setup_window import SetupWindow
from posture.desktop.tray import Tray

application()
said = []
places = Places(Path("h.db"), Path("posture.toml"), Path("."), None, "0")
tray = Tray(Actions(places, lambda c: None, said.append).entries())
guide = GuideFromTray(places, tray, said.append)
camera = GuideCamera("0", Path(sys.argv[1]), None, 10.0)
guide.window = SetupWindow(camera, None, lambda _: None, ["0", "2"])
guide.window.cameras.setCurrentIndex(1)  # from the tray, the person picks another camera
guide.window.go(3)
guide.window.at_login.setChecked(False)
guide.window.menu_entry.setChecked(False)
guide.window.next.click()
guide.window.close()
guide.done(True)
print(json.dumps(said))
"""


def test_a_camera_picked_from_the_tray_says_when_it_is_watched(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path
) -> None:
    """The running monitor keeps its camera open: the new one is watched from its next start."""
    env = desktop.env_for(cli_env)
    assert _drive(TRAY_PICK_SCRIPT, env, data_dir) == [
        "camera 2 is watched from posture's next start"
    ]
