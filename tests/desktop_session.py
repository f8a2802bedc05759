"""A real desktop for tests: an Xvfb display, a private D-Bus session bus, the dunst notification
daemon and the trayer system-tray host, started once per test session and stopped at its end.

`.ci/run` installs them with apt-get. Tests that need the desktop use the `desktop` fixture from
conftest; without the programs they skip with a reason (CI fails on any skip).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROGRAMS = ("Xvfb", "dbus-daemon", "dunst", "trayer", "xwininfo")
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
        _start(desktop, "dunst")
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
