"""The tray icon on a real desktop (Xvfb + trayer + dunst): it exists while `posture run` replays
a recording, its colour follows the posture from upright to forward, its menu pauses and resumes
the monitor (clicked with xdotool), and a screenshot of the open menu is checked pixel by pixel.
Without a display the run says in one line why there is no tray and monitors on."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import pytest
from desktop_session import Desktop
from test_cli import start

from posture.core.monitor.state import State
from posture.desktop import icons
from posture.desktop.guide_session import OFFERED_FILE

Colour = tuple[int, int, int]


def _clip(data_dir: Path, path: Path, upright_s: float, forward_s: float) -> Path:
    """A side-view recording at 2 fps: a man sitting straight, then hunched."""
    side = data_dir / "side" / "sitting-posture-recognition"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 2.0, (360, 640))
    for name, seconds in (("straight_flip.jpg", upright_s), ("hunchback_flip.jpg", forward_s)):
        image = cv2.resize(cv2.imread(str(side / name)), (360, 640))
        for _ in range(int(seconds * 2)):
            out.write(image)
    out.release()
    return path


def _wait(check: Callable[[], object], what: str, seconds: float = 90.0) -> object:
    """Poll a real subprocess's effect until `check` gives something true, or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.25)
    pytest.fail(f"{what} did not happen within {seconds:.0f} s")


def _status(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "posture", "status", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return dict(json.loads(done.stdout))


WINDOW = re.compile(r'"posture": \("posture" "posture"\)\s+(\d+)x(\d+)\S*\s+\+(-?\d+)\+(-?\d+)')
"""A window of ours in `xwininfo -tree`: its size and absolute position."""

Box = tuple[int, int, int, int]


def _windows(desktop: Desktop) -> list[Box]:
    """Our windows as (x, y, width, height) on the screen."""
    found = []
    for match in WINDOW.finditer(desktop.windows()):
        w, h, x, y = (int(v) for v in match.groups())
        found.append((x, y, w, h))
    return found


def _icon_box(desktop: Desktop) -> Box | None:
    """The tray icon's window inside trayer's panel (a small one on screen), if it is there."""
    return next((b for b in _windows(desktop) if b[0] >= 0 and 8 <= b[2] <= 64), None)


def _menu_box(desktop: Desktop) -> Box | None:
    """The open menu: a window of ours larger than any icon."""
    return next((b for b in _windows(desktop) if b[2] > 100 and b[3] > 100), None)


def _screenshot(desktop: Desktop, path: Path) -> Path:
    code = (
        "import sys\nfrom PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(['shot'])\n"
        "QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], env=desktop.env, check=True, timeout=60)
    return path


def _pixels(path: Path, box: Box) -> list[Colour]:
    image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    x, y, w, h = box
    return [tuple(int(c) for c in px) for row in image[y : y + h, x : x + w] for px in row]  # type: ignore[misc]


def _near(pixel: Colour, rgb: tuple[int, ...]) -> bool:
    return max(abs(a - b) for a, b in zip(pixel, rgb, strict=True)) <= 12


def _icon_colour(desktop: Desktop, box: Box, path: Path) -> str | None:
    """The state colour (icons.LOOKS) covering most of the icon in a screenshot, if any."""
    pixels = _pixels(_screenshot(desktop, path), box)
    counts = {}
    for colour, _ in icons.LOOKS.values():
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        counts[colour] = sum(1 for p in pixels if _near(p, rgb))
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] >= len(pixels) // 6 else None


def _looks(desktop: Desktop, path: Path, state: State) -> bool:
    """Whether the tray icon, wherever trayer has put it by now, shows the state's colour (the
    icon's window can first appear elsewhere and be moved when trayer embeds it)."""
    box = _icon_box(desktop)
    return box is not None and _icon_colour(desktop, box, path) == icons.LOOKS[state][0]


@pytest.fixture
def tray_run(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    env = desktop.env_for(cli_env)
    clip = _clip(data_dir, tmp_path / "upright-then-forward.mp4", upright_s=45, forward_s=60)
    proc = start(["run", "--source", str(clip), "--realtime"], env)
    yield proc, env
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)


def _open_menu(desktop: Desktop, icon: Box) -> Box:
    x, y, w, h = icon
    desktop.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "3")
    box = _wait(lambda: _menu_box(desktop), "the tray menu opening", 20)
    assert isinstance(box, tuple)
    return box


def test_the_tray_icon_follows_the_posture_and_its_menu_pauses_and_resumes(
    desktop: Desktop, tray_run: tuple[subprocess.Popen[str], dict[str, str]], tmp_path: Path
) -> None:
    proc, env = tray_run
    icon = _wait(lambda: _icon_box(desktop), "the tray icon appearing in trayer")
    assert isinstance(icon, tuple) and icon[2] >= 16 and icon[3] >= 16
    _wait(lambda: _status(env).get("state") == "good", "an upright reading")
    shot = tmp_path / "shot.png"
    _wait(lambda: _looks(desktop, shot, State.GOOD), "a green icon")
    _wait(lambda: _status(env).get("state") == "forward", "a forward reading")
    _wait(lambda: _looks(desktop, shot, State.FORWARD), "a vermilion icon")

    icon = _icon_box(desktop)
    assert icon is not None
    menu = _open_menu(desktop, icon)
    pixels = _pixels(_screenshot(desktop, tmp_path / "menu.png"), menu)
    dark = sum(1 for p in pixels if max(p) < 90)  # the entries' text
    assert len(set(pixels)) > 20 and 0.01 < dark / len(pixels) < 0.5
    desktop.run("xdotool", "key", "Down", "Return")  # the first entry: Pause 30 min
    doc = _wait(lambda: (d := _status(env)).get("state") == "paused" and d, "the pause")
    assert isinstance(doc, dict)
    until = float(str(doc["paused_until_utc"]))
    assert 1790 <= until - float(str(doc["updated_utc"])) <= 1810
    _wait(lambda: _looks(desktop, shot, State.PAUSED), "a grey paused icon")

    _open_menu(desktop, icon)
    desktop.run("xdotool", "key", "Down", "Down", "Down", "Down", "Return")  # Resume
    _wait(lambda: _status(env).get("state") == "forward", "the resume")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "paused (30 min)" in out and "resumed" in out and "session: " in out
    assert "Traceback" not in err
    assert _status(env) == {"running": False}


def test_a_tray_host_started_after_the_run_gets_the_icon(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """At login the monitor can start before the panel: it used to say 'no system tray here'
    once and never show an icon."""
    env = desktop.env_for(cli_env)
    clip = _clip(data_dir, tmp_path / "upright.mp4", upright_s=120, forward_s=0)
    desktop.stop("trayer")
    try:
        proc = start(["run", "--source", str(clip), "--realtime"], env)
        _wait(lambda: _status(env).get("state") == "good", "the run under way")
        time.sleep(10)  # the panel comes 10 s later (the scenario, not a measurement)
    finally:
        desktop.start("trayer")
    try:
        icon = _wait(lambda: _icon_box(desktop), "the tray icon appearing in the late trayer", 30)
        assert isinstance(icon, tuple) and icon[2] >= 16 and icon[3] >= 16
        shot = tmp_path / "shot.png"
        _wait(lambda: _looks(desktop, shot, State.GOOD), "the icon showing the state", 30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "no tray icon" not in err and "Traceback" not in err, err


def test_a_webcam_missing_at_login_is_a_tray_state_and_a_notification_until_it_opens(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """Started from the autostart entry with no webcam, the run used to exit 2 with the reason
    on a stderr nobody reads. A recording given as the camera stands in for one plugged in."""
    env = desktop.env_for(cli_env)
    camera = tmp_path / "camera.mp4"
    state = Path(env["POSTURE_STATE_DIR"])  # a returning user: the guide was offered before
    state.mkdir(parents=True, exist_ok=True)
    (state / OFFERED_FILE).write_text(f"{camera}\n")
    desktop.run("dunstctl", "close-all")
    argv = ["run", "--camera", str(camera), "--set", "camera_retry_s=5"]
    proc = start(argv, env)
    try:
        shot = tmp_path / "shot.png"
        _wait(lambda: _looks(desktop, shot, State.CAMERA_PROBLEM), "the camera-problem icon", 60)
        _wait(lambda: _displayed(desktop) == 1, "the camera-problem notification", 30)
        assert proc.poll() is None  # still there, waiting for the camera
        _clip(data_dir, camera, upright_s=120, forward_s=0)  # the camera is plugged in
        _wait(lambda: _status(env).get("running") is not False, "monitoring", 60)
        _wait(lambda: _displayed(desktop) == 0, "the notification withdrawn", 30)
        summaries = [n["summary"]["data"] for n in _history(desktop)]
        assert "Camera problem" in summaries
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "could not be opened" in err and "Traceback" not in err


def test_snooze_from_the_menu_shows_its_end_and_end_snooze_ends_it(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """A snooze used to show neither until when nor a way to cancel it."""
    env = desktop.env_for(cli_env)
    clip = _clip(data_dir, tmp_path / "forward.mp4", upright_s=0, forward_s=120)
    argv = ["run", "--source", str(clip), "--realtime", "--set", "forward_hold_s=3"]
    argv += ["--set", "arrival_s=0"]
    desktop.run("dunstctl", "close-all")
    proc = start(argv, env)
    try:
        _wait(lambda: _displayed(desktop) == 1, "the forward-head notification", 90)
        _wait(lambda: _looks(desktop, tmp_path / "f.png", State.FORWARD), "the forward icon", 30)
        icon = _icon_box(desktop)
        assert icon is not None
        _open_menu(desktop, icon)
        desktop.run("xdotool", "key", "Down", "Down", "Down", "Down", "Return")  # Snooze alerts
        doc = _wait(lambda: (d := _status(env)).get("state") == "snoozed" and d, "the snooze")
        assert isinstance(doc, dict) and 580 <= float(str(doc["snoozed_s"])) <= 610
        _wait(lambda: _displayed(desktop) == 0, "the notification withdrawn", 30)
        shot = tmp_path / "shot.png"
        _wait(lambda: _looks(desktop, shot, State.SNOOZED), "the snoozed icon", 30)
        icon = _icon_box(desktop)
        assert icon is not None
        _open_menu(desktop, icon)
        desktop.run("xdotool", "key", "Down", "Down", "Down", "Down", "Return")  # End snooze
        _wait(lambda: _status(env).get("snoozed_s") == 0, "the snooze ended", 30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, err


def test_the_menus_replies_are_notifications_not_qt_balloons(
    desktop: Desktop, tray_run: tuple[subprocess.Popen[str], dict[str, str]]
) -> None:
    _, env = tray_run
    desktop.run("dunstctl", "close-all")
    icon = _wait(lambda: _icon_box(desktop), "the tray icon")
    assert isinstance(icon, tuple)
    _wait(lambda: _status(env).get("state") == "good", "an upright reading")
    _open_menu(desktop, icon)
    # Pause 30 min, Pause 1 hour, Pause until tomorrow, Snooze alerts, How does your neck
    # feel? (a submenu), Set up..., Settings..., Calibrate...
    desktop.run("xdotool", "key", *["Down"] * 8, "Return")
    _wait(lambda: _displayed(desktop) == 1, "the reply as a notification", 30)
    said = [n["body"]["data"] for n in _close_all_and_read(desktop)]
    assert any("calibrate at the terminal" in str(body) for body in said)
    assert _status(env).get("state") == "good"  # nothing else happened


def _close_all_and_read(desktop: Desktop) -> list[dict[str, dict[str, object]]]:
    desktop.run("dunstctl", "close-all")
    _wait(lambda: _displayed(desktop) == 0, "dunst emptied", 10)
    return _history(desktop)


def _displayed(desktop: Desktop) -> int:
    return int(desktop.run("dunstctl", "count", "displayed").strip() or 0)


def _history(desktop: Desktop) -> list[dict[str, dict[str, object]]]:
    return list(json.loads(desktop.run("dunstctl", "history"))["data"][0])


@pytest.mark.parametrize(
    ("display", "why"),
    [
        (None, "no graphical session (no DISPLAY or WAYLAND_DISPLAY)"),
        (":189", "the X display :189 does not answer"),
    ],
)
def test_without_a_display_the_run_says_why_and_monitors_on(
    cli_env: dict[str, str], data_dir: Path, display: str | None, why: str
) -> None:
    env = {k: v for k, v in cli_env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    if display:
        env["DISPLAY"] = display
    clip = data_dir / "video" / "front-still-d13.mp4"
    done = subprocess.run(
        [sys.executable, "-m", "posture", "run", "--source", str(clip), "--no-notify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    tray_lines = [line for line in done.stderr.splitlines() if "tray" in line]
    assert tray_lines == [f"posture: no tray icon: {why}"]
    assert "session: " in done.stdout
