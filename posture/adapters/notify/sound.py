"""A short sound for an alert: the desktop's sound theme where a player is installed, else the
X server's bell (which desktops turn into their alert sound), else the terminal's bell."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

THEME_EVENT = "message-new-instant"
"""The freedesktop sound theme's name for a message arriving."""
THEME_FILE = Path("/usr/share/sounds/freedesktop/stereo/message-new-instant.oga")
"""The same sound as a file, for players that do not read the theme."""


def player() -> list[str] | None:
    """The command that plays the sound here (None: no player, or no sound file for it)."""
    if shutil.which("canberra-gtk-play"):  # the theme the desktop chose, its volume settings
        return ["canberra-gtk-play", "-i", THEME_EVENT, "-d", "posture"]
    for tool in ("pw-play", "paplay"):
        if shutil.which(tool) and THEME_FILE.is_file():
            return [tool, str(THEME_FILE)]
    return None


def x_bell() -> bool:
    """Ring the X server's bell (False: no X display or no libX11)."""
    name = ctypes.util.find_library("X11")
    if name is None or not os.environ.get("DISPLAY"):
        return False
    lib = ctypes.CDLL(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XBell.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = lib.XOpenDisplay(None)
    if not display:
        return False
    lib.XBell(display, 0)
    lib.XCloseDisplay(display)  # flushes the request
    return True


class Sound:
    """Plays the alert sound without waiting for it (the players run beside the monitor)."""

    def __init__(self) -> None:
        self._playing: list[subprocess.Popen[bytes]] = []

    def play(self) -> None:
        self._playing = [p for p in self._playing if p.poll() is None]
        command = player()
        if command is not None:
            try:
                self._playing.append(
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                )
                return
            except OSError as exc:
                log.warning("the alert sound could not be played (%s)", exc)
        if not x_bell() and sys.stderr.isatty():
            sys.stderr.write("\a")
            sys.stderr.flush()
