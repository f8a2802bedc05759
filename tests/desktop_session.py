"""A real desktop for tests: an Xvfb display, a private D-Bus session bus, the dunst notification
daemon and the trayer system-tray host, started once per test session and stopped at its end.

dunst offers a notification's actions through a menu program (dmenu, for a person); here that
program is a script that answers with the action a test chose (`Desktop.invoke`), so a test presses
a notification's button through dunst itself, and reads back the buttons dunst offered.

`.ci/run` installs them with apt-get. Tests that need the desktop use the `desktop` fixture from
conftest; without the programs they skip with a reason (CI fails on any skip).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROGRAMS = ("Xvfb", "dbus-daemon", "dunst", "dunstctl", "trayer", "xwininfo")
SCREEN = "1280x800x24"


@dataclass
class Desktop:
    """The running desktop: its environment (DISPLAY, DBUS_SESSION_BUS_ADDRESS) and processes."""

    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.env["DISPLAY"]

    def run(self, *argv: str, timeout: float = 10.0) -> str:
        """Run a program on this desktop and return its standard output."""
        done = subprocess.run(
            argv, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        return done.stdout

    def windows(self) -> str:
        """The X window tree (`xwininfo -root -tree`), as text."""
        return self.run("xwininfo", "-root", "-tree")

    def invoke(self, choice: str) -> list[str]:
        """Open dunst's action menu of the notifications shown and pick the first entry that
        contains `choice` (dunst's entries read `#Label (Title) [id,key]`); every entry offered."""
        menu = self.folder / MENU
        menu.with_suffix(".offered").unlink(missing_ok=True)
        menu.with_suffix(".choice").write_text(choice)
        self.run("dunstctl", "context")
        _wait_for(menu.with_suffix(".offered").exists, "dunst's action menu", 5.0)
        return menu.with_suffix(".offered").read_text().splitlines()


MENU = "menu.sh"
MENU_SCRIPT = """#!/bin/sh
# dunst's menu program in tests: keep what was offered, answer with the entry chosen.
here=$(dirname "$0")
cat > "$here/menu.offered.tmp" && mv "$here/menu.offered.tmp" "$here/menu.offered"
grep -F -- "$(cat "$here/menu.choice")" "$here/menu.offered" | head -n 1
"""
SYSTEM_DUNSTRC = Path("/etc/xdg/dunst/dunstrc")


def _dunst_config(folder: Path) -> Path:
    """The system's dunst settings with the test menu program in place of dmenu."""
    script = folder / MENU
    script.write_text(MENU_SCRIPT)
    script.chmod(0o700)
    base = SYSTEM_DUNSTRC.read_text() if SYSTEM_DUNSTRC.exists() else "[global]\n"
    base = re.sub(r"(?m)^\s*dmenu\s*=.*$", "", base)
    config = folder / "dunstrc"
    config.write_text(base.replace("[global]", f"[global]\n    dmenu = {script}", 1))
    return config


def missing_programs() -> list[str]:
    return [name for name in PROGRAMS if shutil.which(name) is None]


def _free_display() -> int:
    for number in range(90, 190):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :90 and :189")


def _wait_for(check: object, what: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s")


def _start(desktop: Desktop, *argv: str) -> subprocess.Popen[bytes]:
    log = (desktop.folder / f"{Path(argv[0]).name}.log").open("wb")
    process = subprocess.Popen(argv, env=desktop.env, stdout=log, stderr=subprocess.STDOUT)
    desktop.processes.append(process)
    return process


def _start_bus(desktop: Desktop) -> None:
    bus = _start(
        desktop, "dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"
    )
    log = desktop.folder / "dbus-daemon.log"
    _wait_for(lambda: log.exists() and log.read_text().strip() != "", "dbus-daemon")
    desktop.env["DBUS_SESSION_BUS_ADDRESS"] = log.read_text().splitlines()[0].strip()
    assert bus.poll() is None


@contextmanager
def running_desktop() -> Iterator[Desktop]:
    """Start Xvfb, a session bus, dunst and trayer; stop them all on exit."""
    folder = Path(tempfile.mkdtemp(prefix="posture-desktop-"))
    number = _free_display()
    env = dict(os.environ, DISPLAY=f":{number}", XDG_RUNTIME_DIR=str(folder))
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "xcb"
    desktop = Desktop(env=env, folder=folder)
    try:
        _start(desktop, "Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp")
        _wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), "Xvfb")
        _start_bus(desktop)
        _start(desktop, "dunst", "-config", str(_dunst_config(folder)))
        _start(
            desktop,
            "trayer",
            "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
            "--heighttype", "pixel", "--height", "32", "--transparent", "false",
            "--tint", "0x303030",
        )  # fmt: skip
        _wait_for(lambda: "panel" in desktop.windows(), "trayer")
        yield desktop
    finally:
        for process in reversed(desktop.processes):
            process.terminate()
        for process in desktop.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)
