"""Commands from another terminal: each picked up once, stale or broken ones ignored."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_files import not_a_file, python_bounded

from posture.adapters.system import control
from posture.cli import program as cli
from posture.core.errors import UsageError


def test_commands_are_picked_up_once_and_only_if_new(tmp_path: Path) -> None:
    control.send(tmp_path, "pause", time.time() + 60)  # before the monitor started
    inbox = control.CommandInbox(tmp_path, started_utc=time.time())
    assert inbox.poll() is None
    sent = control.send(tmp_path, "pause", time.time() + 120)
    got = inbox.poll()
    assert got is not None and got.action == "pause" and got.until_utc == sent.until_utc
    assert inbox.poll() is None
    control.send(tmp_path, "resume")
    path = tmp_path / control.COMMAND_FILE
    later = path.stat().st_mtime_ns + 10_000_000  # a clock tick later, as it would be
    os.utime(path, ns=(later, later))
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
    control.pid_path(tmp_path, 999999999).write_text("999999999")  # no such process
    assert control.running_pid(tmp_path) is None


@pytest.mark.parametrize(
    "doc",
    [
        '{"action": "pause", "issued_utc": 5}',
        '{"action": "pause", "issued_utc": 5, "until_utc": "tomorrow"}',
        '{"action": "pause", "issued_utc": 5, "until_utc": 1e999}',
        '{"action": "resume", "issued_utc": NaN}',
        '["pause"]',
    ],
)
def test_a_command_with_fields_of_the_wrong_kind_is_ignored(tmp_path: Path, doc: str) -> None:
    """The loop subtracts until_utc from a time: a pause without a number would end the run."""
    (tmp_path / control.COMMAND_FILE).write_text(doc)
    assert control.CommandInbox(tmp_path, started_utc=0.0).poll() is None


POLL = """
import sys, time
from pathlib import Path
from posture.adapters.system import control
folder = Path(sys.argv[1])
inbox = control.CommandInbox(folder, started_utc=0.0)
print(inbox.poll())
(folder / control.COMMAND_FILE).unlink()
control.send(folder, "pause", time.time() + 60)
print(inbox.poll().action)
"""


@pytest.mark.parametrize("kind", ["zero", "fifo", "huge"])
def test_a_command_file_that_is_not_one_is_ignored_without_reading_on(
    tmp_path: Path, kind: str
) -> None:
    """control.json linked to /dev/zero, a FIFO or a huge file: the monitor's poll returns at
    once, reads at most a few kilobytes, says so, and still takes the next real command."""
    path = tmp_path / control.COMMAND_FILE
    if kind == "huge":
        with path.open("wb") as out:
            out.truncate(8 << 30)
    else:
        path.symlink_to(not_a_file(kind, tmp_path))
    result = python_bounded(POLL, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "pause"]
    assert "command file" in result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_command_and_pid_files_are_private_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "state" / "posture"
    old_umask = os.umask(0o022)
    try:
        control.send(folder, "resume")
        with control.PidFile(folder) as pid_file:
            assert _mode(pid_file.path) == 0o600
    finally:
        os.umask(old_umask)
    assert _mode(folder / control.COMMAND_FILE) == 0o600
    assert _mode(folder) == 0o700 and _mode(folder.parent) == 0o700
    assert [p.name for p in folder.iterdir()] == [control.COMMAND_FILE]


def test_the_pid_and_command_files_are_never_written_through_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    state = tmp_path / "state"
    state.mkdir()
    control.pid_path(state, os.getpid()).symlink_to(victim)
    with pytest.raises(UsageError, match="symbolic link"):
        control.PidFile(state)
    (state / control.COMMAND_FILE).symlink_to(victim)
    with pytest.raises(UsageError, match="symbolic link"):
        control.send(state, "resume")
    assert victim.read_text() == "precious"


MONITOR = """
import sys
from pathlib import Path
from posture.adapters.system import control
with control.PidFile(Path(sys.argv[1])):
    print("running", flush=True)
    sys.stdin.readline()
"""


def test_two_monitors_each_say_they_run_until_they_end(tmp_path: Path) -> None:
    """The second monitor ending must not hide the first from `posture pause`."""
    started = []
    for _ in range(2):
        proc = subprocess.Popen(
            [sys.executable, "-c", MONITOR, str(tmp_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline() == "running\n"
        started.append(proc)
    first, second = started
    assert sorted(control.running_pids(tmp_path)) == sorted([first.pid, second.pid])
    second.communicate("\n", timeout=30)
    assert control.running_pids(tmp_path) == [first.pid]
    assert control.running_pid(tmp_path) == first.pid
    first.communicate("\n", timeout=30)
    assert control.running_pid(tmp_path) is None and list(tmp_path.iterdir()) == []


def test_a_dead_monitors_pid_file_is_cleared_by_the_next(tmp_path: Path) -> None:
    dead = control.pid_path(tmp_path, 999999999)
    dead.write_text("999999999")
    with control.PidFile(tmp_path):
        assert not dead.exists()
        assert control.running_pids(tmp_path) == [os.getpid()]


def test_a_pause_into_tomorrow_says_the_day_and_how_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POSTURE_STATE_DIR", str(tmp_path))
    before = datetime.now()
    with control.PidFile(tmp_path):  # this process is the running monitor
        assert cli.main(["pause", "24h"]) == 0
    after = datetime.now()
    out = capsys.readouterr().out
    assert out.startswith("paused for 24 h 00 min, until ")
    days = {f"tomorrow, {t + timedelta(hours=24):%a %d %b} (" for t in (before, after)}
    assert any(day in out for day in days), out


@pytest.mark.parametrize(
    ("said", "seconds"),
    [("5", 300), ("1.5", 90), ("30s", 30), ("10m", 600), ("1h", 3600), ("2h30m", 9000)],
)
def test_a_bare_pause_number_is_minutes_and_units_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: str, seconds: float
) -> None:
    monkeypatch.setenv("POSTURE_STATE_DIR", str(tmp_path))
    inbox = control.CommandInbox(tmp_path, started_utc=time.time() - 1)
    before = time.time()
    with control.PidFile(tmp_path):  # this process is the running monitor
        assert cli.main(["pause", said]) == 0
    got = inbox.poll()
    assert got is not None and got.until_utc is not None
    assert before + seconds <= got.until_utc <= time.time() + seconds


def test_pause_help_says_a_bare_number_is_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["pause", "--help"])
    assert "a bare number is minutes" in " ".join(capsys.readouterr().out.split())
