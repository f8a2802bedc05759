"""Whether a window can be shown here, found without loading Qt (which ends the process when
its display cannot be opened), and the places the desktop's menu entries work on."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Places:
    """Where the tray's entries work: the run's history, profile and settings file, the state
    folder, and the webcam calibration uses (None: the run watches a recording)."""

    db: Path
    settings_file: Path
    state_dir: Path
    profile: Path | None = None
    camera: str | None = "0"
    camera_given: bool = False
    """The camera came from --camera (else from the `camera` setting, which the guide sets)."""


def why_no_display() -> str | None:
    """Why no Qt window can be shown here (None: a display is reachable).

    Qt ends the whole process when its display cannot be opened, so on Linux the display's
    socket is tried first: X11 through $DISPLAY, Wayland through $WAYLAND_DISPLAY.
    """
    if sys.platform.startswith(("win", "darwin")):
        return None
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"))
        if _can_connect(wayland if wayland.startswith("/") else str(runtime / wayland)):
            return None
    display = os.environ.get("DISPLAY")
    if not display:
        return "no graphical session (no DISPLAY or WAYLAND_DISPLAY)"
    if display.startswith(":"):
        number = display[1:].split(".")[0]
        if not _can_connect(f"/tmp/.X11-unix/X{number}"):
            return f"the X display {display} does not answer"
    return None


def _can_connect(path: str) -> bool:
    """Whether a Unix socket at `path` accepts a connection."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            probe.connect(path)
    except OSError:
        return False
    return True
