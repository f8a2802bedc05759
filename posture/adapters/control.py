"""Controlling a running monitor: `posture pause/resume` from another terminal, and keys.

An adapter. Another terminal writes a small JSON command file in the user's state folder; the
running monitor looks at its modification time once a loop (a stat call) and applies a command
it has not seen. The monitor also keeps a pid file there, so `posture pause` can say whether
anyone is listening. Keys are read from the running terminal without waiting (POSIX terminals).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posture.adapters.closing import Closeable

COMMAND_FILE = "control.json"
PID_FILE = "running.pid"


@dataclass(frozen=True, slots=True)
class Command:
    """`pause` (until `until_utc`) or `resume`, issued at `issued_utc`."""

    action: str
    issued_utc: float
    until_utc: float | None = None


def send(folder: Path, action: str, until_utc: float | None = None) -> Command:
    """Leave a command for the running monitor (atomic replace, private file)."""
    command = Command(action, time.time(), until_utc)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=".control-")
    with os.fdopen(handle, "w") as out:
        json.dump({"action": action, "issued_utc": command.issued_utc, "until_utc": until_utc}, out)
    os.replace(tmp, folder / COMMAND_FILE)
    return command


class CommandInbox:
    """Picks up commands written after the monitor started, each once."""

    def __init__(self, folder: Path, started_utc: float) -> None:
        self.path = folder / COMMAND_FILE
        self._seen = started_utc
        self._mtime: float | None = None

    def poll(self) -> Command | None:
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return None
        if mtime == self._mtime:
            return None
        self._mtime = mtime
        try:
            doc = json.loads(self.path.read_text())
            command = Command(str(doc["action"]), float(doc["issued_utc"]), doc.get("until_utc"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # half-written or foreign: ignore it
        if command.issued_utc <= self._seen or command.action not in ("pause", "resume"):
            return None
        self._seen = command.issued_utc
        return command


class PidFile(Closeable):
    """Says a monitor is running, and which process it is."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = folder / PID_FILE
        self.path.write_text(str(os.getpid()))

    def close(self) -> None:
        try:
            if self.path.read_text() == str(os.getpid()):
                self.path.unlink()
        except OSError:
            pass


def running_pid(folder: Path) -> int | None:
    """The pid of a running monitor, if there is one."""
    try:
        pid = int((folder / PID_FILE).read_text())
        if os.name == "posix":
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        # (on Windows os.kill would terminate it: there the pid file alone is the answer)
    except (OSError, ValueError):
        return None
    return pid


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
