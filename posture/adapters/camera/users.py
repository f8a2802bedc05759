"""Who else has the webcam: on Linux the processes holding its device open (read from
/proc/PID/fd, the user's own processes only: others' are unreadable anyway); elsewhere the running
call applications from a list (through psutil), as a camera's users cannot be listed there.

An adapter. The device and the /proc folder are parameters, so a test can stand a plain file in
for /dev/video0 and a child process for the call.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

CALL_APPS = (
    "zoom",
    "zoom.us",
    "teams",
    "ms-teams",
    "skype",
    "webex",
    "ciscowebexstart",
    "facetime",
    "discord",
    "slack",
    "signal",
    "jitsi meet",
    "obs",
    "obs64",
)
"""Process names (lower case, without .exe) of applications that take the webcam for calls or
recordings; used where the device's users cannot be seen (macOS, Windows)."""


def device_for(camera: str) -> Path | None:
    """The video device of `posture run --camera` on Linux (None elsewhere or for a URL)."""
    if not sys.platform.startswith("linux"):
        return None
    if camera.isdigit():
        return Path(f"/dev/video{camera}")
    return Path(camera) if camera.startswith("/dev/") else None


def holders(device: Path, proc: Path = Path("/proc"), me: int | None = None) -> list[int]:
    """Pids of this user's other processes that have `device` open."""
    me = os.getpid() if me is None else me
    target = os.path.realpath(device)
    uid = os.getuid()
    found = []
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            with os.scandir(os.path.join(entry.path, "fd")) as fds:
                if any(_points_to(fd.path, target) for fd in fds):
                    found.append(int(entry.name))
        except OSError:  # the process ended meanwhile, or it is not ours to read
            continue
    return sorted(found)


def _points_to(link: str, target: str) -> bool:
    try:
        return os.readlink(link) == target
    except OSError:
        return False


def running_calls(names: tuple[str, ...] = CALL_APPS) -> list[int]:
    """Pids of running processes whose name is in `names` (case and `.exe` ignored)."""
    import psutil

    wanted = {n.lower() for n in names}
    found = []
    for process in psutil.process_iter(["name"]):
        name = str(process.info.get("name") or "").lower().removesuffix(".exe")
        if name in wanted and process.pid != os.getpid():
            found.append(process.pid)
    return sorted(found)


@dataclass(frozen=True, slots=True)
class CameraUsers:
    """Asks who else uses the camera: the device's holders where they can be seen, else calls."""

    device: Path | None
    proc: Path = Path("/proc")
    call_apps: tuple[str, ...] = field(default=CALL_APPS)

    @property
    def seen(self) -> bool:
        """Whether the device's users can be seen (else `others` only names call applications
        running, which says little until the camera fails)."""
        return self.device is not None and self.proc.is_dir()

    def others(self) -> list[int]:
        """Pids of the other processes using (or, by name, likely using) the camera."""
        if self.seen and self.device is not None:
            return holders(self.device, self.proc)
        return running_calls(self.call_apps)
