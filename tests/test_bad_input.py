"""Odd input as an attacker or an accident gives it: one line and exit 2, never a traceback, a
hang or a wrong answer (issue 12)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import pytest
from test_calibration import make_profile
from test_cli import assert_one_line_error, run

from calibration.profile import CameraId, to_document
from posture.adapters.camera.feeds import ReplayFeed
from posture.adapters.camera.sources import VideoSource


@pytest.fixture(scope="module")
def upright(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "front/slouching-or-not/upright").glob("*.jpg"))


# --- time zones and dates -----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe", "A" * 300])
def test_a_zone_that_is_a_folder_or_too_long_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, zone: str
) -> None:
    db = tmp_path / "demo.db"
    for args in (["report", "--tz", zone], ["demo", "--db", str(db), "--tz", zone]):
        assert_one_line_error(run(args, cli_env), "unknown time zone", "Europe/Berlin")
    assert_one_line_error(run(["report"], {**cli_env, "TZ": zone}), "unknown time zone")
    assert not db.exists()  # refused before anything was written


@pytest.mark.parametrize(
    "days",
    [
        ["--date", "0001-01-01"],
        ["--date", "9999-12-31"],
        ["--date", "0001-01-03", "--week"],
        ["--from", "0001-01-01", "--to", "0001-01-02"],
        ["--from", "9999-12-30", "--to", "9999-12-31"],
    ],
)
def test_a_day_out_of_range_is_one_line_naming_the_range(
    cli_env: dict[str, str], known_day: Path, days: list[str]
) -> None:
    result = run(["report", "--db", str(known_day), *days], cli_env)
    assert_one_line_error(result, days[0], "between 1970-01-01 and 9998-12-31")


def test_the_first_and_last_days_of_the_range_report(
    cli_env: dict[str, str], known_day: Path, tmp_path: Path
) -> None:
    for days, zone in (
        (["--date", "1970-01-01", "--week"], "Etc/GMT+12"),
        (["--from", "9998-01-01", "--to", "9998-12-31"], "Pacific/Kiritimati"),
    ):
        html = tmp_path / "r.html"
        args = ["report", "--db", str(known_day), "--tz", zone, "--json", "--html", str(html)]
        result = run([*args, *days], cli_env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["totals"]["days_monitored"] == 0


# --- files nested too deeply --------------------------------------------------------------------

DEEP = 500


@pytest.mark.parametrize(
    "text",
    [
        "[monitor]\nforward_hold_s = " + "[" * DEEP + "]" * DEEP,
        "x = " + "{a = " * DEEP + "1" + "}" * DEEP,
    ],
)
def test_a_config_nested_too_deeply_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, text: str
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(text)
    assert_one_line_error(run(["config", "--config", str(deep)], cli_env), "nested too deeply")
    folder = Path(cli_env["POSTURE_CONFIG_DIR"])
    folder.mkdir(parents=True)
    (folder / "posture.toml").write_text(text)  # the default config, found by itself
    assert_one_line_error(run(["config"], cli_env), "posture.toml", "nested too deeply")


def test_a_stretch_catalogue_nested_too_deeply_is_one_line(cli_env: dict[str, str]) -> None:
    folder = Path(cli_env["POSTURE_CONFIG_DIR"])
    folder.mkdir(parents=True)
    (folder / "stretches.toml").write_text("stretch = " + "[" * DEEP + "]" * DEEP)
    result = run(["stretch", "--list"], cli_env)
    assert_one_line_error(result, "stretches.toml", "nested too deeply")


def test_a_profile_nested_too_deeply_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path]
) -> None:
    deep = tmp_path / "p.json"
    deep.write_text('{"format": "posture-profile", "version": 1, "x": ' + "[" * 10**5 + "]" * 10**5)
    result = run(["analyze", "--profile", str(deep), str(upright[0])], cli_env)
    assert_one_line_error(result, "p.json", "posture calibrate")


# --- a damaged profile --------------------------------------------------------------------------


@pytest.mark.parametrize("shoulder_px", [0, -100.0])
def test_check_refuses_a_profile_with_a_shoulder_width_not_positive(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path], shoulder_px: float
) -> None:
    profile = replace(make_profile(), camera=CameraId("files", 224, 224))  # these frames' size
    doc = to_document(profile)
    doc["baseline"]["size_px"] = shoulder_px
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    args = ["calibrate", "--check", "--source", str(upright[0]), "--profile", str(path)]
    result = run(args, cli_env)
    assert_one_line_error(result, "baseline.size_px must be positive", "posture calibrate")
    assert "%" not in result.stdout
    assert json.loads(path.read_text()) == doc  # left for the user to look at


# --- standard output that cannot be written -----------------------------------------------------


@pytest.mark.parametrize("args", [["analyze", "--json"], ["analyze"]], ids=["json", "text"])
def test_output_to_a_full_device_is_one_line(
    cli_env: dict[str, str], upright: list[Path], args: list[str]
) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "posture", *args, str(upright[0])],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env,
            timeout=120,
        )
    assert_one_line_error(result, "cannot write the output", "No space left on device")


def test_a_reader_that_goes_away_ends_the_output_quietly(
    cli_env: dict[str, str], data_dir: Path
) -> None:
    video = str(data_dir / "video/front-head-turns-d12.mp4")
    with subprocess.Popen(
        [sys.executable, "-m", "posture", "analyze", "--json", video],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert json.loads(proc.stdout.readline())["type"] == "frame"
        proc.stdout.close()  # like `| head -1`
        errors = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0
    assert errors == ""  # no "Exception ignored ... BrokenPipeError"


# --- file names ---------------------------------------------------------------------------------


def test_analyze_shows_control_characters_in_file_names_escaped(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path]
) -> None:
    name = tmp_path / (os.fsdecode(b"\xff") + "a\x1b[2Jb\nc.jpg")  # not UTF-8, an escape, a newline
    name.write_bytes(upright[0].read_bytes())
    result = run(["analyze", str(name)], cli_env)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.endswith("\\udcffa\\x1b[2Jb\\nc.jpg")
    assert "\x1b" not in result.stdout


# --- recordings, made here from the shared frames -----------------------------------------------


def clip(path: Path, frames: list[Path], count: int, fps: float) -> Path:
    """A recording of `count` frames (the shared frames in turn) at `fps`, as OpenCV writes it."""
    images = [cv2.imread(str(f)) for f in frames]
    height, width = images[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    for i in range(count):
        writer.write(images[i % len(images)])
    writer.release()
    return path


def _boxes(data: bytearray, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, offset, size) of the MP4 boxes from `start` to `end`."""
    while start < end:
        size, kind = struct.unpack(">I4s", data[start : start + 8])
        yield kind, start, size
        start += size


def _shift_chunks(moov: bytearray, start: int, end: int, by: int) -> None:
    """Move every chunk offset (the stco tables) in a moov box by `by` bytes."""
    for kind, at, size in _boxes(moov, start, end):
        if kind in (b"trak", b"mdia", b"minf", b"stbl"):
            _shift_chunks(moov, at + 8, at + size, by)
        elif kind == b"stco":
            (count,) = struct.unpack(">I", moov[at + 12 : at + 16])
            for entry in range(at + 16, at + 16 + 4 * count, 4):
                (offset,) = struct.unpack(">I", moov[entry : entry + 4])
                struct.pack_into(">I", moov, entry, offset + by)
        assert kind != b"co64", "a small clip has 32-bit chunk offsets"


def truncated_with_index_first(recording: Path, out: Path) -> Path:
    """The recording with its index (moov) moved to the front, as a streaming encoder writes it,
    then cut off halfway: the index still promises every frame."""
    data = bytearray(recording.read_bytes())
    top = {kind: (at, size) for kind, at, size in _boxes(data, 0, len(data))}
    at, size = top[b"moov"]
    moov = data[at : at + size]
    _shift_chunks(moov, 8, size, size)
    rest = data[:at] + data[at + size :]
    after_ftyp = sum(top[b"ftyp"])
    whole = rest[:after_ftyp] + moov + rest[after_ftyp:]
    out.write_bytes(whole[: len(whole) // 2])
    return out


def test_a_one_fps_recording_lasts_its_own_length(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path]
) -> None:
    slow = clip(tmp_path / "slow.mp4", upright, 12, fps=1.0)
    db = tmp_path / "h.db"
    result = run(["run", "--source", str(slow), "--db", str(db), "--no-notify"], cli_env)
    assert result.returncode == 0, result.stderr
    assert "session: 12 s, 12 readings" in result.stdout
    with sqlite3.connect(db) as con:
        span = con.execute("SELECT max(t) - min(t) FROM samples").fetchone()[0]
    assert span == pytest.approx(11.0)  # readings at 0, 1, ... 11 s of the recording


def test_a_truncated_recording_says_so(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    whole = clip(tmp_path / "whole.mp4", upright, 40, fps=10.0)
    cut = truncated_with_index_first(whole, tmp_path / "cut.mp4")
    result = run(["analyze", "--json", str(cut)], cli_env)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout.splitlines()[-1])["frames"]
    assert 0 < read < 40
    warning = f"{cut}: the recording ended after {read} of 40 frames: is it truncated?"
    assert result.stderr.strip().splitlines() == [f"posture: {warning}"]
    feed = ReplayFeed(cut)
    with caplog.at_level(logging.WARNING):
        shown = [feed.frame(t / 10) for t in range(41)]
        assert feed.frame(5.0) is None
    feed.close()
    assert [f is None for f in shown].index(True) == read
    assert [r.getMessage() for r in caplog.records] == [warning]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert sum(1 for _ in VideoSource(whole)) == 40
        feed = ReplayFeed(whole)
        assert [feed.frame(t / 10) is None for t in range(41)].index(True) == 40
        feed.close()
    assert caplog.records == []  # a whole recording ends without a word


@pytest.mark.parametrize("kind", ["photo", "renamed photo", "folder"])
def test_run_refuses_a_still_image(
    cli_env: dict[str, str], tmp_path: Path, upright: list[Path], kind: str
) -> None:
    source = {
        "photo": upright[0],
        "renamed photo": tmp_path / "holiday.mp4",
        "folder": upright[0].parent,
    }[kind]
    if kind == "renamed photo":
        source.write_bytes(upright[0].read_bytes())
    db = tmp_path / "h.db"
    result = run(["run", "--source", str(source), "--db", str(db), "--no-notify"], cli_env)
    assert_one_line_error(result, "needs a video file or a camera", "posture analyze")
    assert not db.exists()
