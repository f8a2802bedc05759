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

PROGRAMS = ("Xvfb", "dbus-daemon", "dbus-send", "dunst", "dunstctl", "trayer", "xwininfo")
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

    def env_for(self, base: dict[str, str]) -> dict[str, str]:
        """`base` (a command's environment) with this desktop's display, session bus, runtime
        folder and Qt platform: a program started with it shows here."""
        shown = ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "QT_QPA_PLATFORM")
        return {**base, **{name: self.env[name] for name in shown}}

    def run(self, *argv: str, timeout: float = 10.0) -> str:
        """Run a program on this desktop and return its standard output."""
        done = subprocess.run(
            argv, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        return done.stdout

    def windows(self) -> str:
        """The X window tree (`xwininfo -root -tree`), as text."""
        return self.run("xwininfo", "-root", "-tree")

    def stop(self, program: str) -> None:
        """End one of the desktop's programs (dunst, trayer), as a crash or a logout would."""
        for process in self.processes:
            if Path(str(process.args[0])).name == program and process.poll() is None:
                process.terminate()
                process.wait(timeout=10)

    def start(self, program: str) -> None:
        """Start one of the desktop's programs again (or for the first time) as it is started
        for every test; returns once it is up."""
        STARTERS[program](self)

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
RULES = """
[from-posture-entry]
    desktop_entry = posture
    set_category = posture-entry
[critical-seen]
    msg_urgency = critical
    set_category = critical
"""
"""Rules that make what a notification asked for readable in `dunstctl history` (its category):
the desktop entry it names, and a critical urgency (which wins)."""


def _dunst_config(folder: Path) -> Path:
    """The system's dunst settings with the test menu program in place of dmenu."""
    script = folder / MENU
    script.write_text(MENU_SCRIPT)
    script.chmod(0o700)
    base = SYSTEM_DUNSTRC.read_text() if SYSTEM_DUNSTRC.exists() else "[global]\n"
    base = re.sub(r"(?m)^\s*dmenu\s*=.*$", "", base)
    config = folder / "dunstrc"
    config.write_text(base.replace("[global]", f"[global]\n    dmenu = {script}", 1) + RULES)
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


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
"""A session bus that starts no service on demand (no service folders): the desktop's programs
are the ones a test started, and one a test stopped stays stopped (the system's bus would start
dunst again, with its own settings, at the next notification)."""


def _start_bus(desktop: Desktop) -> None:
    config = desktop.folder / "bus.conf"
    config.write_text(BUS_CONFIG.format(folder=desktop.folder))
    bus = _start(
        desktop, "dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
        "--print-address=1",
    )  # fmt: skip
    log = desktop.folder / "dbus-daemon.log"
    _wait_for(lambda: log.exists() and log.read_text().strip() != "", "dbus-daemon")
    desktop.env["DBUS_SESSION_BUS_ADDRESS"] = log.read_text().splitlines()[0].strip()
    assert bus.poll() is None


def _start_dunst(desktop: Desktop) -> None:
    _start(desktop, "dunst", "-config", str(_dunst_config(desktop.folder)))
    _wait_for(
        lambda: "org.freedesktop.Notifications" in desktop.run("dbus-send", "--session",
            "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.ListNames"),
        "dunst",
    )  # fmt: skip


def _start_trayer(desktop: Desktop) -> None:
    _start(
        desktop,
        "trayer",
        "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
        "--heighttype", "pixel", "--height", "32", "--transparent", "false",
        "--tint", "0x303030",
    )  # fmt: skip
    _wait_for(lambda: "panel" in desktop.windows(), "trayer")


STARTERS = {"dunst": _start_dunst, "trayer": _start_trayer}


@contextmanager
def running_desktop(tray: bool = True) -> Iterator[Desktop]:
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
        _start_dunst(desktop)
        if tray:
            _start_trayer(desktop)
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
