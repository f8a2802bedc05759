"""The live status line as a person sees it: fitted to the terminal, saying why a reading is
unknown, marking raised alerts and snoozes; and the run's other words
(alert lines, the closing summary, the keys in `run --help`)."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from collections import Counter
from pathlib import Path

import pytest
from conftest import make_status
from test_cli import run

from posture.app.listeners import RunSummary
from posture.cli.run import event_text, summary_text
from posture.cli.status_line import status_text
from posture.core.data import View
from posture.core.monitor.commands import KEYS
from posture.core.monitor.events import Event, Posture, Status, Unknown
from posture.core.monitor.kinds import EventKind

K = EventKind


def status(**changes: object) -> Status:
    """A status of someone sitting for a while, with `changes` applied."""
    seated: dict[str, object] = {
        "t": 100.0,
        "still_s": 754.0,
        "sitting_s": 2710.0,
        "next_alert": (K.STILL_ALERT, 746.0),
        "view": View.FRONT,
        "calibrated": True,
    }
    return make_status(**(seated | changes))


STATUSES = {
    "good": status(),
    "forward, two alerts, snoozed": status(
        posture=Posture.FORWARD,
        head_forward_deg=31.0,
        alerting=frozenset({K.FORWARD_ALERT, K.STILL_ALERT}),
        snoozed_s=540.0,
        next_alert=(K.SITTING_ALERT, 290.0),
    ),
    "unknown": status(head_forward_deg=None, unknown=Unknown.UNCALIBRATED, calibrated=False),
    "leaning back": status(head_forward_deg=-6.0, calibrated=True),
    "paused": status(paused=True),
    "away": status(away=True, present=False, head_forward_deg=None),
}


@pytest.mark.parametrize("name", STATUSES)
def test_the_line_fits_every_width(name: str) -> None:
    for width in range(1, 200):
        assert len(status_text(STATUSES[name], width)) <= width, (name, width)


def test_an_80_column_line_keeps_the_readings_and_drops_the_least_important() -> None:
    wide = status_text(STATUSES["good"])
    assert len(wide) > 100 and "[p]ause" in wide and "next: still neck in 12 min" in wide
    line = status_text(STATUSES["good"], 79)
    assert len(line) <= 79
    assert line.startswith("12 deg good | still 13 min | sitting") and "45 min" in line
    assert "next: still in 12 min" in line  # fields shortened before any is dropped
    assert status_text(STATUSES["good"], 34) == "head 12 deg good | sitting 45 min"


def test_a_raised_alert_and_a_snooze_show_even_when_narrow() -> None:
    wide = status_text(STATUSES["forward, two alerts, snoozed"])
    assert "ALERT: forward head, still neck" in wide and "alerts snoozed for 9 min" in wide
    assert "next:" not in wide  # nothing comes while snoozed
    narrow = status_text(STATUSES["forward, two alerts, snoozed"], 55)
    assert "ALERT forward,still" in narrow and "snoozed 9 min" in narrow


@pytest.mark.parametrize(
    ("why", "words"),
    [
        (Unknown.NO_ONE, "no one in view"),
        (Unknown.UNCALIBRATED, "low confidence: calibrate"),
        (Unknown.SIDE_UNCLEAR, "side view unclear"),
        (Unknown.LOW_CONFIDENCE, "low confidence"),
        (Unknown.NOT_MEASURED, "face not seen well enough"),
    ],
)
def test_an_unknown_reading_says_why(why: Unknown, words: str) -> None:
    unknown = status(head_forward_deg=None, posture=Posture.UNKNOWN, unknown=why)
    assert status_text(unknown).startswith(f"head ? ({words}) | ")
    short = status_text(unknown, 79)
    assert "? (" in short and "45 min" in short and len(short) <= 79


def test_a_head_behind_the_shoulders_reads_as_its_angle_and_verdict() -> None:
    # Uncalibrated frontal readings are never negative (the forward branch only), so a
    # negative angle is a real lean back and gets no camera hint.
    assert status_text(STATUSES["leaning back"]).startswith("head -6 deg good |")


def test_pause_says_how_to_resume() -> None:
    assert status_text(STATUSES["paused"]) == "paused | p or r resumes (or `posture resume`)"
    assert status_text(STATUSES["paused"], 20) == "paused | p/r resumes"


def test_a_raised_alert_is_a_line_of_its_own() -> None:
    first = Event(K.STILL_ALERT, 10.0, duration_s=1500.0)
    again = Event(K.FORWARD_ALERT, 10.0, duration_s=45.0, repeat=1)
    assert event_text(first) == "alert: still neck for 25 min"
    assert event_text(again) == "alert: forward head for 45 s (reminder)"
    assert event_text(Event(K.FORWARD_CLEARED, 10.0)) == "forward head cleared"


def summary(readings: int, present: int, judged: int, forward: int, **counts: int) -> RunSummary:
    found = RunSummary(0.0, 12.0, readings, present, judged, forward)
    found.counts = Counter({K[name]: n for name, n in counts.items()})
    return found


def test_the_summary_says_how_many_readings_were_judged() -> None:
    none = summary_text(summary(12, 12, 0, 0), "none", Path("h.db")).splitlines()
    assert (
        "  head judged in 0 of 12 readings (none was sure enough to judge: run `posture "
        in (none[1][:80])
    )
    assert "%" not in none[1]
    nobody = summary_text(summary(5, 0, 0, 0), "/p.json", Path("h.db")).splitlines()
    assert nobody[1] == "  head judged in 0 of 5 readings (no one was in view)"
    some = summary_text(summary(12, 12, 9, 3), "none", Path("h.db")).splitlines()
    assert some[1] == "  head judged in 9 of 12 readings: forward in 33% of them"


def test_the_summary_counts_in_proper_plurals() -> None:
    one = summary_text(summary(1, 1, 1, 0, NECK_MOVED=1, BREAK=1), "none", Path("h.db"))
    assert "1 reading," in one and "neck moved 1 time; 1 break" in one
    many = summary_text(summary(3, 3, 3, 0, NECK_MOVED=3), "none", Path("h.db"))
    assert "neck moved 3 times; 0 breaks" in many


def test_run_help_names_every_key(cli_env: dict[str, str]) -> None:
    result = run(["run", "--help"], cli_env)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for key in KEYS:
        assert re.search(rf"[:;] {key} \w", text), key
    assert "g go: start the stretch offered" in text and "x skip that stretch" in text


def read_all(fd: int) -> bytes:
    """Everything written to a pseudo-terminal until its last writer closes it."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_in_an_80_column_terminal_the_status_redraws_in_place(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """A real run on a clip filmed from below, on a pseudo-terminal 80 columns wide."""
    env = {k: v for k, v in cli_env.items() if k not in ("COLUMNS", "LINES")}
    clip = data_dir / "video/front-still-d13.mp4"
    args = ["run", "--source", str(clip), "--realtime", "--duration", "8s", "--no-notify"]
    parent, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "posture", *args, "--db", "h.db"],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env=env,
    )
    os.close(child)
    try:
        drawn = read_all(parent).decode()
    finally:
        os.close(parent)
        proc.wait(timeout=120)
    assert proc.returncode == 0, drawn
    lines = drawn.replace("\r\n", "\n").split("\n")
    shown = [part for line in lines for part in re.split(r"\r(?:\x1b\[2K)?", line)]
    assert all(len(part) <= 80 for part in shown), [p for p in shown if len(p) > 80]
    # A status line: a head field, then its sitting field (at 80 columns the head field may be
    # shortened to its reading alone, so the sitting field is what marks it).
    status = re.compile(r"^\S.* \| (sit|sitting) \d")
    draws = [part for part in shown if status.search(part)]
    assert len(draws) >= 5  # a reading a second for 8 s
    drawn_on = [
        line for line in lines if any(status.search(p) for p in re.split(r"\r(?:\x1b\[2K)?", line))
    ]
    assert len(drawn_on) == 1  # every redraw on the same line: no scrolling log
    assert any(line.startswith("session: ") for line in lines)
