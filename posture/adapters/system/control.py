"""Controlling a running monitor: `posture pause/resume` from another terminal, and keys.

An adapter. Another terminal writes a small JSON command file in the user's state folder; the
running monitor looks at its modification time once a loop (a stat call) and applies a command
it has not seen (read bounded: a link to /dev/zero or a FIFO there is ignored, never read on).
Each monitor keeps its own pid file there (`running-PID.pid`), so `posture pause` can say whether
anyone is listening and one monitor ending does not hide another. Keys are read from the running
terminal without waiting (POSIX terminals).
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posture.adapters.system.closing import Closeable
from posture.adapters.system.files import private_folder, read_small_text, write_private
from posture.core.errors import PostureError, UsageError

log = logging.getLogger(__name__)

COMMAND_FILE = "control.json"
COMMAND_BYTES = 4096
"""A command is a few dozen bytes; anything longer is not one of ours."""
MAX_PAUSE_S = 24 * 3600.0
"""The longest pause `posture pause` asks for; a command file asking more is not ours."""
MIN_PAUSE_S = 1.0
RELOAD = "reload"
"""Re-read the settings file and this camera's calibration profile, and go on with them."""
PID_PREFIX = "running-"
PID_SUFFIX = ".pid"


@dataclass(frozen=True, slots=True)
class Command:
    """`pause` (until `until_utc`), `resume` or `reload`, issued at `issued_utc`."""

    action: str
    issued_utc: float
    until_utc: float | None = None


def send(folder: Path, action: str, until_utc: float | None = None) -> Command:
    """Leave a command for the running monitor (atomic replace, private file)."""
    command = Command(action, time.time(), until_utc)
    private_folder(folder, UsageError)
    text = json.dumps({"action": action, "issued_utc": command.issued_utc, "until_utc": until_utc})
    write_private(folder / COMMAND_FILE, text, "command file", UsageError, ".control-")
    return command


class CommandInbox:
    """Picks up each command written after the monitor started, once.

    A command is new when the file holds a command other than the last one taken (each `send`
    writes a new file with its own issue time): the order is the order they arrive in, not the
    wall-clock times written in them, so a clock that stepped back cannot hide a command
    (core/clocks.py). Only the command already there at the start is judged by its time.
    """

    def __init__(self, folder: Path, started_utc: float) -> None:
        self.path = folder / COMMAND_FILE
        self._stamp: tuple[int, int, int] | None = None
        self._last: Command | None = None
        found = self._changed()
        if found is not None and found.issued_utc < started_utc:
            self._last = found  # left by an earlier run: already old
        else:
            self._stamp = None  # sent as this monitor started: taken at the first poll

    def _changed(self) -> Command | None:
        """The command in the file if the file changed since the last look (None otherwise)."""
        try:
            info = self.path.stat()
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_ino, info.st_size)
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        try:
            text = read_small_text(self.path, "command file", PostureError, COMMAND_BYTES)
        except PostureError as exc:
            log.warning("ignored: %s", exc)
            return None
        return _parse(text)

    def poll(self) -> Command | None:
        command = self._changed()
        if command is None or command == self._last:
            return None
        self._last = command
        return command


def _parse(text: str) -> Command | None:
    """A command we wrote; None for anything else (foreign, or fields of the wrong kind)."""
    try:
        doc = json.loads(text)
        action, issued = str(doc["action"]), float(doc["issued_utc"])
        until = None if doc.get("until_utc") is None else float(doc["until_utc"])
    except (ValueError, KeyError, TypeError):
        return None
    if not math.isfinite(issued) or action not in ("pause", "resume", RELOAD):
        return None
    if action == "pause" and (until is None or not 0.0 <= until - issued <= MAX_PAUSE_S + 60.0):
        return None  # not a pause `posture pause` asks for (1e300 later overflowed a date)
    return Command(action, issued, until)


def pid_path(folder: Path, pid: int) -> Path:
    """The pid file of the monitor running as process `pid`."""
    return folder / f"{PID_PREFIX}{pid}{PID_SUFFIX}"


def alive(pid: int) -> bool:
    """Whether a process `pid` exists (any user's)."""
    if os.name != "posix":
        return True  # on Windows os.kill would terminate it: there the pid file is the answer
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except PermissionError:
        return True  # it exists, as another user's process
    except OSError:
        return False
    return True


def _recorded(folder: Path) -> list[tuple[int, Path]]:
    """(pid, file) of every pid file in `folder` whose name and content agree."""
    found = []
    try:
        entries = sorted(folder.glob(f"{PID_PREFIX}*{PID_SUFFIX}"))
    except OSError:
        return []
    for path in entries:
        try:
            pid = int(read_small_text(path, "pid file", PostureError, 32))
        except (PostureError, ValueError):
            continue
        if path == pid_path(folder, pid):
            found.append((pid, path))
    return found


class PidFile(Closeable):
    """Says this monitor is running, in a file of its own; stale ones of dead monitors go."""

    def __init__(self, folder: Path) -> None:
        private_folder(folder, UsageError)
        for pid, path in _recorded(folder):
            if not alive(pid):
                path.unlink(missing_ok=True)
        self.pid = os.getpid()
        self.path = pid_path(folder, self.pid)
        write_private(self.path, str(self.pid), "pid file", UsageError, ".running-")

    def close(self) -> None:
        """Remove this monitor's own pid file (never another's)."""
        try:
            if read_small_text(self.path, "pid file", PostureError, 32) == str(self.pid):
                self.path.unlink()
        except (PostureError, OSError):
            pass


def running_pids(folder: Path) -> list[int]:
    """The pids of the running monitors (in the order of their file names)."""
    return [pid for pid, _ in _recorded(folder) if alive(pid)]


def running_pid(folder: Path) -> int | None:
    """The pid of a running monitor (any one of them when there are several), if there is one."""
    pids = running_pids(folder)
    return pids[-1] if pids else None


class Keys(Closeable):
    """Single key presses from the terminal, without waiting; inactive when stdin is no terminal."""

    def __init__(self) -> None:
        self._saved: list[Any] | None = None
        self.active = sys.stdin.isatty() and os.name == "posix"
        if self.active:
            import termios
            import tty

            fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)

    def poll(self) -> str | None:
        if not self.active:
            return None
        import select

        ready, _, _ = select.select([sys.stdin], [], [], 0)
        return sys.stdin.read(1) if ready else None

    def close(self) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)
            self._saved = None
