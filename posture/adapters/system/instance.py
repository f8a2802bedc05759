"""One monitor per user, and what the running one says of itself.

An adapter. `refuse_second` stops a second `posture run` while a monitor's pid file names a live
process (a stale file of a crashed monitor is taken over). The running monitor keeps its state in
`status.json` beside its pid file (replaced atomically, 0600; no fsync: it is rewritten every few
seconds and worthless after the run), which `posture status` reads.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from posture.adapters.system import control
from posture.adapters.system.closing import Closeable
from posture.adapters.system.files import check_target, private_folder, read_small_text
from posture.core.errors import PostureError, UsageError

log = logging.getLogger(__name__)

STATUS_FILE = "status.json"
STATUS_BYTES = 16_384
"""A status is a few hundred bytes; anything longer is not ours."""


def started_utc(folder: Path, pid: int) -> float | None:
    """When the monitor `pid` started (its pid file's time), None if unknown."""
    try:
        return control.pid_path(folder, pid).stat().st_mtime
    except OSError:
        return None


def since_text(utc: float | None, now_utc: float | None = None) -> str:
    """'since 09:12', or 'since Fri 20 Nov 09:12' when it was not today."""
    try:
        when = datetime.fromtimestamp(utc).astimezone()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):  # None, or no date can say it
        return "since an unknown time"
    today = datetime.fromtimestamp(time.time() if now_utc is None else now_utc).astimezone()
    if when.date() == today.date():
        return f"since {when:%H:%M}"
    return f"since {when:%a %d %b %H:%M}"


def refuse_second(folder: Path) -> None:
    """Raise UsageError naming the running monitor, if another one runs for this user."""
    others = [pid for pid in control.running_pids(folder) if pid != os.getpid()]
    if not others:
        return
    pid = others[-1]
    raise UsageError(
        f"a monitor is already running (pid {pid}, {since_text(started_utc(folder, pid))}): "
        "`posture status` shows it, `posture pause` and `posture resume` control it"
    )


class StatusFile(Closeable):
    """The running monitor's state for `posture status`; removed when the run ends."""

    def __init__(self, folder: Path, source: str) -> None:
        private_folder(folder, UsageError)
        self.path = folder / STATUS_FILE
        self.pid = os.getpid()
        self._head: dict[str, object] = {
            "pid": self.pid,
            "started_utc": round(time.time(), 3),
            "source": source,
        }
        self._failed = False

    def note(self, **facts: object) -> None:
        """Facts about the run written with every status (what it follows, what it cannot)."""
        self._head |= facts

    def write(self, doc: dict[str, Any]) -> None:
        """Replace the file with the run's identity and `doc`; a failure is said once."""
        text = json.dumps(self._head | {"updated_utc": round(time.time(), 3)} | doc)
        try:
            _replace(self.path, text)
        except (OSError, PostureError) as exc:
            if not self._failed:
                log.warning("the status file %s cannot be written (%s)", self.path, exc)
            self._failed = True

    def close(self) -> None:
        """Remove the file if it is still this monitor's."""
        doc = read_status_file(self.path)
        if doc is not None and doc.get("pid") == self.pid:
            self.path.unlink(missing_ok=True)


def _replace(path: Path, text: str) -> None:
    check_target(path, "status file", PostureError)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".status-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_status_file(path: Path) -> dict[str, Any] | None:
    """The status document at `path` (None: missing, too big, not ours)."""
    try:
        doc = json.loads(read_small_text(path, "status file", PostureError, STATUS_BYTES))
    except (PostureError, ValueError):
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("pid"), int) else None


def running_status(folder: Path) -> tuple[int | None, dict[str, Any] | None]:
    """The running monitor's pid and its status (None, None: no monitor runs).

    A status file left by a monitor that is no longer running is ignored.
    """
    pid = control.running_pid(folder)
    if pid is None:
        return None, None
    doc = read_status_file(folder / STATUS_FILE)
    return pid, doc if doc is not None and doc["pid"] == pid else None
