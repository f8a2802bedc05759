"""What a new user tries in the first week ends somewhere: a replay or a demo is reported without
knowing where it was written, a typo gets a suggestion, a pause says what is left."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from conftest import Builder, RecordingSink, at, chromium_screenshot, make_status
from test_cli import assert_one_line_error, run

from posture.cli.status_line import status_text
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.stretches.cues import Cue

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


def _history(db: Path, source: str) -> None:
    """An hour of samples on DAY, recorded from `source`."""
    db.parent.mkdir(parents=True, exist_ok=True)
    b = Builder(db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE sessions SET source = ?", (source,))
    b.samples(at(DAY, 9), 3600, angle=30.0)
    b.close()


def test_a_report_with_only_replays_shows_them_labelled(home: dict[str, str]) -> None:
    data = Path(home["POSTURE_DATA_DIR"])
    _history(data / "replays.sqlite3", "clip.mp4")
    result = run(["report", *ON_DAY], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("REPLAYED") and "monitored 1 h" in result.stdout
    assert "no webcam history yet" in result.stderr and "--replays" in result.stderr
    week = run(["report", "--week", "--html", str(data / "r.html"), *ON_DAY], home)
    assert week.returncode == 0 and "Replayed data" in (data / "r.html").read_text()
    exported = run(["history", "export"], home)  # no --format: CSV
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("table,time_utc") and "clip.mp4" in exported.stdout
    asked = run(["report", "--replays", *ON_DAY, "--json"], home)
    assert json.loads(asked.stdout)["replayed"] is True and asked.stderr == ""


def test_a_report_with_nothing_yet_says_how_to_make_some(home: dict[str, str]) -> None:
    assert_one_line_error(run(["report"], home), "no history at", "posture demo")
    assert_one_line_error(run(["report", "--demo"], home), "no demo yet", "`posture demo`")
    assert_one_line_error(run(["report", "--replays"], home), "posture run --source")


def test_a_kept_demo_is_reported_when_there_is_nothing_else(home: dict[str, str]) -> None:
    data = Path(home["POSTURE_DATA_DIR"])
    _history(data / "demo.sqlite3", "posture demo (simulated)")
    result = run(["report", *ON_DAY], home)
    assert result.returncode == 0 and result.stdout.startswith("SIMULATED")
    assert "`--demo`" in result.stderr
    webcam = data / "history.sqlite3"
    _history(webcam, "camera 0")  # once there is a webcam history, that is the report
    result = run(["report", *ON_DAY], home)
    assert result.returncode == 0 and not result.stdout.startswith("SIMULATED")
    assert result.stderr == ""


def test_history_export_takes_its_format_from_the_file_name(
    home: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    _history(db, "camera 0")
    out = tmp_path / "all.json"
    result = run(["history", "export", "--db", str(db), "-o", str(out)], home)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["type"] == "posture-history"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["rn"], ("did you mean run?", "posture --help")),
        (["report", "--week", "3"], ("unrecognized arguments: 3", "posture report --help")),
        (["history", "exprot"], ("did you mean export?", "posture history --help")),
    ],
)
def test_a_mistake_gets_a_suggestion_and_its_own_help(
    home: dict[str, str], args: list[str], words: Sequence[str]
) -> None:
    assert_one_line_error(run(args, home), *words)


def test_a_mistyped_stretch_leaves_no_history(home: dict[str, str]) -> None:
    result = run(["stretch", "chin-tuck"], home)
    assert_one_line_error(result, "no stretch 'chin-tuck': did you mean chin-tucks?")
    assert not Path(home["POSTURE_DATA_DIR"]).exists()


def test_the_stretch_list_filters_by_for_and_speaks_plainly(home: dict[str, str]) -> None:
    every = run(["stretch", "--list"], home).stdout.splitlines()
    forward = run(["stretch", "--list", "--for", "forward"], home).stdout.splitlines()
    assert 0 < len(forward) < len(every)
    assert all("forward" in line for line in forward)
    for internal in ("chin_tuck", "yaw", "roll", "pitch", "camera checks"):
        assert internal not in " ".join(every)


def test_a_paused_terminal_shows_the_time_left_and_how_to_resume() -> None:
    from posture.app.sink_listener import SinkListener

    sink = RecordingSink()
    listener = SinkListener(sink, lambda t: t)
    listener.events([Event(EventKind.PAUSED, 100.0, duration_s=300.0)])
    listener.glance(np.empty(0), 161.0)  # the loop looks once a second while paused
    shown = status_text(sink.statuses[-1])
    assert shown == "paused, 4 min left | p or r resumes (or `posture resume`)"
    assert status_text(sink.statuses[-1], 40) == "paused, 4 min left | p/r resumes"
    listener.events([Event(EventKind.RESUMED, 170.0)])
    count = len(sink.statuses)
    listener.glance(np.empty(0), 171.0)
    assert len(sink.statuses) == count  # resumed: the readings draw the line again


def test_the_status_line_says_sitting_in_one_word() -> None:
    seated = make_status(head_forward_deg=12.0, still_s=754.0, sitting_s=2710.0)
    for width in (200, 79, 40, 30):
        line = status_text(seated, width)
        assert " sit " not in f"{line} ", line


def test_chromium_in_the_tests_writes_nothing_into_home(
    chromium: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("CONFIG", "CACHE", "DATA", "STATE"):
        monkeypatch.delenv(f"XDG_{name}_HOME", raising=False)
    page = tmp_path / "p.html"
    page.write_text("<!doctype html><p>hello</p>")
    result = chromium_screenshot(chromium, page, tmp_path / "shot.png", 400, 300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shot.png").is_file()
    assert list(home.rglob("*")) == []


def test_skipped_tests_are_summed_up_by_reason(tmp_path: Path) -> None:
    """One line per reason with its count, not one line per skipped test."""
    env = dict(os.environ, POSTURE_MODEL=str(tmp_path / "absent.task"))
    env.pop("POSTURE_REQUIRE_ASSETS", None)
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_coach_still.py"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
    )
    assert "SKIPPED [" not in result.stdout
    summary = result.stdout.split("skipped, by reason", 1)[1]
    assert re.search(r"^\s+1  .*absent\.task", summary, re.M), summary


def test_run_help_keeps_paths_whole_and_names_the_replays(home: dict[str, str]) -> None:
    home["POSTURE_DATA_DIR"] = "/tmp/a-long-hyphenated-folder-name-for-the-data"
    home["COLUMNS"] = "70"
    shown = run(["run", "--help"], home).stdout
    assert "/tmp/a-long-hyphenated-folder-name-for-the-data" in shown
    assert "replays.sqlite3 with --source" in " ".join(shown.split())


def _alert_lines(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    from posture.adapters.notify.notifier import TerminalNotifier
    from posture.cli.run import TerminalSink
    from posture.core.alerts import alert_for

    notices = io.StringIO()
    sink = TerminalSink()
    sink.tty, sink.notifier = True, TerminalNotifier(notices)
    event = Event(EventKind.STILL_ALERT, 5.0, duration_s=1500.0)
    sink.events([event], lambda t: t)
    alert = alert_for(event)
    assert alert is not None
    sink.notifier.notify(alert)
    out = [line for line in capsys.readouterr().out.split("\n") if line.strip("\r\x1b[2K")]
    return out, notices.getvalue().strip("\a\n").splitlines()


def test_an_alert_is_one_timestamped_line(capsys: pytest.CaptureFixture[str]) -> None:
    out, notices = _alert_lines(capsys)
    assert out == [] and len(notices) == 1
    assert re.match(r"^\d\d:\d\d:\d\d Neck still: ", notices[0]), notices


def test_neck_moved_lines_wait_while_the_coach_speaks(capsys: pytest.CaptureFixture[str]) -> None:
    from posture.cli.run import TerminalSink
    from posture.core.stretches.cues import CueKind

    sink = TerminalSink()
    sink.cue(Cue(1.0, CueKind.INTRO, "Chin tucks"))
    sink.events([Event(EventKind.NECK_MOVED, 2.0)], lambda t: t)
    sink.cue(Cue(3.0, CueKind.DONE, "Chin tucks: completed (5 of 5)"))
    sink.events([Event(EventKind.NECK_MOVED, 4.0)], lambda t: t)
    lines = capsys.readouterr().out.splitlines()
    assert sum("neck moved" in line for line in lines) == 1
    assert lines[-1].endswith("neck moved")


def test_deleting_all_history_takes_the_kept_demo_too(home: dict[str, str]) -> None:
    data = Path(home["POSTURE_DATA_DIR"])
    _history(data / "demo.sqlite3", "posture demo (simulated)")
    result = run(["history", "delete", "--all", "--yes"], home)
    assert result.returncode == 0 and "demo.sqlite3" in result.stdout
    assert not (data / "demo.sqlite3").exists()
