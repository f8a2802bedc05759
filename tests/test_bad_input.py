"""Odd input as an attacker or an accident gives it: one line and exit 2, never a traceback, a
hang or a wrong answer (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from test_calibration import make_profile
from test_cli import assert_one_line_error, run

from calibration.profile import CameraId, to_document


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
    doc["baseline"]["shoulder_px"] = shoulder_px
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    args = ["calibrate", "--check", "--source", str(upright[0]), "--profile", str(path)]
    result = run(args, cli_env)
    assert_one_line_error(result, "baseline.shoulder_px must be positive", "posture calibrate")
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
