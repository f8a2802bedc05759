"""Where no tray is shown at all (trayer stopped on Xvfb, as stock GNOME shows none), the run
stays reachable: after the wait a small status window opens, said once, with the tray's state
words and the tray's own menu, whose entries act; closing it keeps it; a tray that appears
later takes over and the window closes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop_session import Desktop

from posture.desktop.status_window import NO_TRAY_AT_ALL

DRIVER = Path(__file__).with_name("status_window_driver.py")


def _line(process: subprocess.Popen[str]) -> dict[str, Any]:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, process.stderr.read() if process.stderr else ""
    return dict(json.loads(line))


def test_no_tray_opens_a_status_window_with_the_trays_state_and_menu(desktop: Desktop) -> None:
    desktop.stop("trayer")
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), "1000"],
        env=desktop.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        opened = _line(process)
        assert opened["said"] == [NO_TRAY_AT_ALL]  # once
        assert opened["tray_menu"] is True
        assert {"Snooze alerts", "Quit", "Today's report"} <= set(opened["entries"])
        assert opened["words"] == "posture: starting"
        found = desktop.run("xdotool", "search", "--onlyvisible", "--name", "^posture$")
        assert str(opened["id"]) in found.split()  # a real window on the screen
        acted = _line(process)
        assert acted["words"] == "posture: camera problem"  # the state follows the run
        assert acted["commands"] == ["snooze"]  # the menu's entry acts
        assert acted["kept_after_close"] is True
    finally:
        desktop.start("trayer")
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert _line(process) == {"shown": False, "tray": True}  # the icon stands in the tray now
    process.wait(timeout=30)


def test_with_a_tray_there_no_status_window_opens(desktop: Desktop) -> None:
    done = subprocess.run(
        [sys.executable, str(DRIVER), "1000", "--tray-there"],
        env=desktop.env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"made": False, "said": []}
