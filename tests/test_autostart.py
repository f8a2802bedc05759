"""`posture autostart on|off|status`, on the files it writes under a temporary home (Linux for
real through the command; macOS and Windows files by their platform's rules)."""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posture.adapters.system import autostart
from posture.core.errors import UsageError


def _autostart(env: dict[str, str], action: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "posture", "autostart", action],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.strip()


@pytest.fixture
def home_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    return env


def test_on_status_off_round_trip(home_env: dict[str, str], tmp_path: Path) -> None:
    entry = tmp_path / "xdg" / "autostart" / "posture.desktop"
    assert _autostart(home_env, "status") == f"autostart: off (no XDG autostart entry at {entry})"
    said = _autostart(home_env, "on")
    assert said.startswith(f"autostart: on (XDG autostart entry: {entry}), starts `")
    text = entry.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert shlex.split(exec_line.removeprefix("Exec=")) == [sys.executable, "-m", "posture", "run"]
    assert "[Desktop Entry]" in text and "Type=Application" in text
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert _autostart(home_env, "status") == f"autostart: on (XDG autostart entry: {entry})"
    assert _autostart(home_env, "on").startswith("autostart: on")  # again: rewritten, no error
    assert _autostart(home_env, "off") == f"autostart: off (removed {entry})"
    assert not entry.exists()
    assert _autostart(home_env, "off") == f"autostart: off (there was no {entry})"
    assert _autostart(home_env, "status") == f"autostart: off (no XDG autostart entry at {entry})"


def test_a_disabled_entry_is_off_and_a_foreign_file_is_left_alone(
    home_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", home_env["XDG_CONFIG_HOME"])
    where = autostart.place("linux")
    autostart.enable(where, "linux")
    where.path.write_text(where.path.read_text() + "Hidden=true\n")
    found = autostart.status(where)
    assert not found.enabled and found.ours and "disabled" in found.note
    foreign = "[Desktop Entry]\nType=Application\nExec=someone-elses-posture\n"
    where.path.write_text(foreign)
    with pytest.raises(UsageError, match="not made by posture"):
        autostart.disable(where)
    with pytest.raises(UsageError, match="not made by posture"):
        autostart.enable(where, "linux")
    assert where.path.read_text() == foreign
    assert "not made by" in _autostart(home_env, "status")


def test_a_path_with_spaces_is_quoted_as_the_desktop_specification_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "executable", '/opt/my tools/py"3$/bin/python')
    text = autostart.file_text("linux")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    # the quoting rule gives \" and \$; a desktop file's string escapes then double the backslash
    assert exec_line == 'Exec="/opt/my tools/py\\\\"3\\\\$/bin/python" -m posture run'


def test_percent_signs_and_backslashes_are_escaped_as_the_specification_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A literal % is %% (else a field code), a backslash in a quoted argument four of them."""
    monkeypatch.setattr(sys, "executable", "/opt/100%/a\\b/python")
    text = autostart.file_text("linux")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/opt/100%%/a\\\\\\\\b/python" -m posture run'


def test_glib_reads_back_the_interpreter_it_was_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """GLib's own desktop-entry reader (gio launch) starts the program the line names, with the
    arguments it names, from a folder whose name has every character the quoting rule escapes."""
    gio = shutil.which("gio")
    if gio is None:
        pytest.skip("gio (GLib's tools, libglib2.0-bin) is not installed")
    folder = tmp_path / 'my tools\\py"3$`x'
    folder.mkdir()
    said = tmp_path / "argv.txt"
    program = folder / "python"
    program.write_text(
        f"#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > '{said}.tmp' && mv '{said}.tmp' '{said}'\n"
    )
    program.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(program))
    entry = tmp_path / "posture.desktop"
    entry.write_text(autostart.file_text("linux"))
    done = subprocess.run([gio, "launch", str(entry)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10
    while not said.exists():
        assert time.monotonic() < deadline, "the entry's program did not start"
        time.sleep(0.05)
    assert said.read_text().splitlines() == [str(program), "-m", "posture", "run"]


def test_macos_launch_agent(tmp_path: Path) -> None:
    where = autostart.place("darwin", tmp_path)
    assert where.path == tmp_path / "Library" / "LaunchAgents" / f"{autostart.LABEL}.plist"
    autostart.enable(where, "darwin")
    doc = plistlib.loads(where.path.read_bytes())
    assert doc["ProgramArguments"] == [sys.executable, "-m", "posture", "run"]
    assert doc["RunAtLoad"] is True and doc["Label"] == autostart.LABEL
    assert autostart.status(where).enabled
    assert autostart.disable(where) and not where.path.exists()


def test_windows_startup_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    where = autostart.place("win32", tmp_path)
    startup = tmp_path / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert where.path == startup / "Startup" / "posture.cmd"
    autostart.enable(where, "win32")
    text = where.path.read_text()
    assert text.splitlines()[1] == f'@start "" {sys.executable} -m posture run'
    assert autostart.status(where).enabled and autostart.disable(where)
