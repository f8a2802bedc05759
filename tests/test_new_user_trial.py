"""Dead ends met on a new-user trial from a clean clone in an empty home."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from conftest import Builder, RecordingSink, at
from test_cli import assert_one_line_error, run

from posture.app.sink_listener import SinkListener
from posture.cli.status_line import status_text
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind

DAY = date(2026, 11, 16)
ON_DAY = ["--date", "2026-11-16", "--tz", "Europe/Berlin"]


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A new user's environment: every posture folder (and HOME) in tmp_path, nothing yet."""
    env = dict(os.environ)
    env["HOME"] = str(tmp_path / "home")
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"POSTURE_{name}_DIR"] = str(tmp_path / name.lower())
    return env


def _replays(data: Path) -> None:
    """An hour of replayed samples on DAY."""
    data.mkdir(parents=True, exist_ok=True)
    b = Builder(data / "replays.sqlite3")
    with sqlite3.connect(data / "replays.sqlite3") as con:
        con.execute("UPDATE sessions SET source = 'clip.mp4'")
    b.samples(at(DAY, 9), 3600, angle=30.0)
    b.close()


def test_a_diary_note_before_any_webcam_session_does_not_hide_the_replays(
    home: dict[str, str],
) -> None:
    data = Path(home["POSTURE_DATA_DIR"])
    _replays(data)
    noted = run(["diary", "4", "stiff"], home)  # what the report itself suggests
    assert noted.returncode == 0, noted.stderr
    result = run(["report", *ON_DAY], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("REPLAYED") and "monitored 1 h" in result.stdout
    assert "no webcam history yet" in result.stderr and "--replays" in result.stderr
    assert not list(data.glob("history.sqlite3-*"))  # looked at, nothing made beside it
    exported = run(["history", "export"], home)
    assert exported.returncode == 0 and "clip.mp4" in exported.stdout
    notes = run(["diary"], home)  # the note itself is kept where it was written
    assert notes.returncode == 0 and "4/10 stiff" in notes.stdout


def test_a_bare_history_says_where_it_is(home: dict[str, str]) -> None:
    result = run(["history"], home)
    assert result.returncode == 0, result.stderr
    assert "history.sqlite3" in result.stdout and "replays.sqlite3" in result.stdout
    assert result.stdout == run(["history", "where"], home).stdout


def test_config_set_over_the_files_only_key_still_names_the_file(home: dict[str, str]) -> None:
    wrote = run(["config", "--set", "forward_hold_s=90", "--write"], home)
    assert wrote.returncode == 0, wrote.stderr
    shown = run(["config", "--set", "forward_hold_s=120"], home)
    assert shown.returncode == 0, shown.stderr
    assert "it sets nothing" not in shown.stdout
    assert "--set overrides its forward_hold_s" in shown.stdout.splitlines()[0]
    row = next(line for line in shown.stdout.splitlines() if "forward_hold_s " in line)
    assert "120" in row and "+" in row
    plain = run(["config"], home).stdout.splitlines()
    assert plain[0] == "settings file (values marked *):"


def test_config_lines_keep_their_columns(home: dict[str, str]) -> None:
    rows = [line for line in run(["config"], home).stdout.splitlines() if " = " in line]
    assert len({line.index(" = ") for line in rows}) == 1
    assert max(len(line) for line in rows) <= 80


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-5", ("forward_hold_s must be between", "got -5")),
        ("abc", ("forward_hold_s must be a number, got 'abc'", "30m")),
    ],
)
def test_a_bad_duration_says_what_is_wrong_with_it(
    home: dict[str, str], value: str, words: tuple[str, ...]
) -> None:
    result = run(["config", "--set", f"forward_hold_s={value}", "--write"], home)
    assert_one_line_error(result, *words)
    assert not (Path(home["POSTURE_CONFIG_DIR"]) / "posture.toml").exists()


def test_report_open_says_so_when_no_browser_starts(home: dict[str, str], tmp_path: Path) -> None:
    _replays(Path(home["POSTURE_DATA_DIR"]))
    page = tmp_path / "week.html"
    home = {key: value for key, value in home.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    home["BROWSER"] = "false"  # a browser command that fails, as none does without a display
    result = run(["report", "--week", "--html", str(page), "--open", *ON_DAY], home)
    assert result.returncode == 0 and page.is_file()  # the page is written all the same
    assert f"no browser could be started here: open {page} yourself" in result.stderr


def test_a_fresh_30_minute_pause_never_shows_31_minutes_left() -> None:
    sink = RecordingSink()
    listener = SinkListener(sink, lambda t: t)
    # p pressed: the pause is applied at the clock's now, a moment after the look began
    listener.events([Event(EventKind.PAUSED, 100.004, duration_s=1800.0)])
    listener.glance(np.empty(0), 100.0)  # that look's own time, taken before the key
    assert status_text(sink.statuses[-1]).startswith("paused, 30 min left |")
    assert all(s.paused_s is not None and s.paused_s <= 1800.0 for s in sink.statuses)


def test_paths_fit_an_80_column_terminal_and_stay_one_row_a_line_in_a_pipe() -> None:
    from posture.cli.command import place_lines

    data = "/home/someone/.local/share/posture"
    rows = [
        ("history", "53.2 kB", f"{data}/history.sqlite3"),
        ("replay history (run/stretch --source)", "1 file, 53.2 kB", f"{data}/replays.sqlite3*"),
        ("settings", "absent", "/home/someone/.config/posture/posture.toml"),
    ]
    shown = place_lines(rows, 80)
    assert max(len(line) for line in shown) <= 80
    assert f"    {data}/replays.sqlite3*" in shown  # the path under its row, whole
    assert all(any(line.endswith(path) for line in shown) for _, _, path in rows)
    assert shown[0].split() == ["history", "53.2", "kB"]  # what and how big, then where
    piped = place_lines(rows, None)
    assert len(piped) == 3 and piped[1].endswith(f"{data}/replays.sqlite3*")


def test_the_stretch_list_fits_an_80_column_terminal_and_stays_one_line_in_a_pipe() -> None:
    from posture.cli.stretch import list_lines

    rows = [
        ("chin-tucks        Chin tucks", "[for forward; the camera sees the chin tuck (back)]"),
        (
            "arm-raised-tilts  Side tilts with the opposite arm raised",
            "[for still, shoulders; the camera sees the head tilt (left and right)]",
        ),
    ]
    shown = list_lines(rows, 80)
    assert max(len(line) for line in shown) <= 80
    assert shown == [rows[0][0], f"    {rows[0][1]}", rows[1][0], f"    {rows[1][1]}"]
    assert list_lines(rows, 200) == [f"{named}  {what}" for named, what in rows]
    assert len(list_lines(rows, None)) == 2
