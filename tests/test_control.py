"""Commands from another terminal: each picked up once, stale or broken ones ignored."""

from __future__ import annotations

import os
import time
from pathlib import Path

from posture.adapters import control


def test_commands_are_picked_up_once_and_only_if_new(tmp_path: Path) -> None:
    control.send(tmp_path, "pause", time.time() + 60)  # before the monitor started
    inbox = control.CommandInbox(tmp_path, started_utc=time.time())
    assert inbox.poll() is None
    sent = control.send(tmp_path, "pause", time.time() + 120)
    got = inbox.poll()
    assert got is not None and got.action == "pause" and got.until_utc == sent.until_utc
    assert inbox.poll() is None
    time.sleep(0.01)
    control.send(tmp_path, "resume")
    resumed = inbox.poll()
    assert resumed is not None and resumed.action == "resume"


def test_a_broken_command_file_is_ignored(tmp_path: Path) -> None:
    inbox = control.CommandInbox(tmp_path, started_utc=0.0)
    (tmp_path / control.COMMAND_FILE).write_text("{half")
    assert inbox.poll() is None
    (tmp_path / control.COMMAND_FILE).write_text('{"action": "explode", "issued_utc": 5}')
    os.utime(tmp_path / control.COMMAND_FILE, (1, 1))
    assert inbox.poll() is None


def test_the_pid_file_tells_whether_a_monitor_runs(tmp_path: Path) -> None:
    assert control.running_pid(tmp_path) is None
    with control.PidFile(tmp_path):
        assert control.running_pid(tmp_path) == os.getpid()
    assert control.running_pid(tmp_path) is None
    (tmp_path / control.PID_FILE).write_text("999999999")  # no such process
    assert control.running_pid(tmp_path) is None
