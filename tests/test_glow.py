"""The glow on a real display (Xvfb): not at the first reminder, lit along every edge of the
screen once the alert has come back `escalate_after` times, in the alert's colour, letting the
pointer through to what is under it; faded and gone when the posture is corrected; never over
a fullscreen window. (Xvfb offers one screen to Qt: a band set per screen is made the same way.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
from desktop_session import Desktop

DRIVER = Path(__file__).with_name("glow_driver.py")


def lit(desktop: Desktop, *flags: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), *flags],
        env=desktop.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())


def corrected(process: subprocess.Popen[str]) -> dict[str, Any]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n")
    process.stdin.flush()
    said = json.loads(process.stdout.readline())
    process.wait(timeout=30)
    return dict(said)


def screenshot(desktop: Desktop, path: Path) -> Any:
    code = (
        "import sys\nfrom PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication(['shot'])\n"
        "QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], env=desktop.env, check=True, timeout=60)
    return cv2.imread(str(path))


def test_the_glow_lights_every_edge_lets_clicks_through_and_fades(
    desktop: Desktop, tmp_path: Path
) -> None:
    process, shown = lit(desktop)
    try:
        assert shown["before_escalation"] is False
        bands = shown["bands"]
        boxes = sorted(tuple(b["box"]) for b in bands)
        assert boxes == sorted(
            [(0, 0, 1280, 24), (0, 776, 1280, 24), (0, 0, 24, 800), (1256, 0, 24, 800)]
        )
        assert all(b["shown"] and b["opacity"] == 1.0 for b in bands)
        image = screenshot(desktop, tmp_path / "glow.png")
        edge, middle = image[2, 640].astype(int), image[400, 640].astype(int)  # BGR
        assert edge[2] > 60 and edge[2] > edge[1] > edge[0]  # vermilion at the edge
        assert abs(edge - middle).sum() > 60  # and not in the middle of the screen
        desktop.run("xdotool", "mousemove", "640", "5")
        under = desktop.run("xdotool", "getmouselocation", "--shell")
        window = int(under.split("WINDOW=")[1].split()[0])
        assert window not in {b["id"] for b in bands}  # the pointer goes through the glow
    finally:
        said = corrected(process)
    assert said == {"shown_after": False}


def test_no_glow_over_a_fullscreen_window(desktop: Desktop) -> None:
    process, shown = lit(desktop, "--fullscreen")
    try:
        assert not any(b["shown"] for b in shown["bands"])
    finally:
        corrected(process)


def test_forward_head_set_to_glow_lights_it_at_the_first_alert(desktop: Desktop) -> None:
    """Setting nudge_forward = "glow": the glow is the nudge itself, not only the escalation."""
    process, shown = lit(desktop, "--chosen")
    try:
        assert shown["before_escalation"] is True
        assert all(b["shown"] and b["opacity"] == 1.0 for b in shown["bands"])
    finally:
        said = corrected(process)
    assert said == {"shown_after": False}
