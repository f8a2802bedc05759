"""One monitor per user: a second `posture run` refuses with one line; `posture status` reads the
running monitor's status file; a stale pid file of a crashed monitor is taken over."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from posture.adapters.system import control, instance
from posture.cli.status import status_lines
from posture.core.errors import UsageError

MONITOR = """
import sys, time
from pathlib import Path
from posture.adapters.system import control
from posture.adapters.system import instance
from posture.cli.status import status_lines
folder = Path(sys.argv[1])
with control.PidFile(folder), instance.StatusFile(folder, "webcam 0") as status:
    status.note(screen_lock="not followed")
    status.write({"state": "good", "head_forward_deg": 14.2, "posture": "good", "still_s": 45,
                  "sitting_s": 600})
    print("running", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def monitor(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A stand-in monitor: its pid file and status file, until its stdin gets a line."""
    proc = subprocess.Popen(
        [sys.executable, "-c", MONITOR, str(tmp_path / "state")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "running\n"
    yield proc
    proc.communicate("\n", timeout=30)


def _posture(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posture", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_second_run_refuses_with_one_line_naming_the_first(
    monitor: subprocess.Popen[str], cli_env: dict[str, str], data_dir: Path
) -> None:
    clip = data_dir / "video" / "front-still-d13.mp4"
    done = _posture(cli_env, "run", "--source", str(clip), "--duration", "5s")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert re.fullmatch(
        rf"posture: error: a monitor is already running \(pid {monitor.pid}, since \d\d:\d\d\).*",
        lines[0],
    )


def test_status_reads_the_running_monitor(
    monitor: subprocess.Popen[str], cli_env: dict[str, str]
) -> None:
    text = _posture(cli_env, "status")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert re.fullmatch(
        rf"monitor: running \(pid {monitor.pid}, since \d\d:\d\d, webcam 0\)", lines[0]
    )
    assert lines[1:] == [
        "state: good",
        "now: head 14 deg good, neck still 45 s, sitting 10 min",
        "screen lock: not followed",
    ]
    doc = json.loads(_posture(cli_env, "status", "--json").stdout)
    assert doc["running"] is True and doc["pid"] == monitor.pid and doc["state"] == "good"
    assert doc["source"] == "webcam 0"


def test_a_paused_monitor_says_until_when_and_no_stale_numbers() -> None:
    doc = {"pid": 1, "state": "paused", "paused_until_utc": time.time() + 600, "still_s": 45}
    lines = status_lines(1, doc)
    assert re.fullmatch(r"state: paused \(until (\w{3} \d\d \w{3} )?\d\d:\d\d\)", lines[1])
    assert len(lines) == 2


def test_status_without_a_monitor_says_so_and_exits_1(cli_env: dict[str, str]) -> None:
    done = _posture(cli_env, "status")
    assert (done.returncode, done.stdout) == (
        1,
        "no monitor is running (start one with `posture run`)\n",
    )
    done = _posture(cli_env, "status", "--json")
    assert (done.returncode, json.loads(done.stdout)) == (1, {"running": False})


def test_a_crashed_monitors_files_are_taken_over(tmp_path: Path) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(crashed.stdout)
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    control.pid_path(folder, dead).write_text(str(dead))
    (folder / instance.STATUS_FILE).write_text(json.dumps({"pid": dead, "state": "good"}))
    assert instance.running_status(folder) == (None, None)
    instance.refuse_second(folder)  # the dead one does not count
    with control.PidFile(folder), instance.StatusFile(folder, "clip.mp4") as status:
        assert not control.pid_path(folder, dead).exists()
        status.write({"state": "good"})
        pid, doc = instance.running_status(folder)
        assert pid == os.getpid() and doc is not None and doc["source"] == "clip.mp4"
    assert sorted(p.name for p in folder.iterdir()) == []


def test_refuse_second_names_the_other_monitor(
    monitor: subprocess.Popen[str], tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match=rf"pid {monitor.pid}, since "):
        instance.refuse_second(tmp_path / "state")


def test_since_says_the_day_when_it_was_not_today() -> None:
    day = 86400.0 * 3
    assert re.fullmatch(r"since \d\d:\d\d", instance.since_text(1e9, 1e9 + 60))
    assert re.fullmatch(r"since \w{3} \d\d \w{3} \d\d:\d\d", instance.since_text(1e9, 1e9 + day))
