"""Hostile values where a number, a folder or a file is expected: one line and exit 2, never a
traceback (issue 28, item 9 and the smaller list)."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import Builder, at
from test_cli import assert_one_line_error

from posture.adapters.system import control
from posture.cli import program as cli

HUGE = {"400 digits": "9" * 400, "5000 digits": "9" * 5000}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """posture's folders under tmp_path, and the working folder there too."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"POSTURE_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    """Run `posture argv` in this process: exit 2 and one line naming `words`."""
    code = cli.main(argv)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("posture: error:"), err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("digits", HUGE.values(), ids=HUGE.keys())
def test_a_huge_integer_in_the_config_is_one_line(
    folders: Path, capsys: pytest.CaptureFixture[str], digits: str
) -> None:
    config = folders / "posture.toml"
    # 400 digits parse (and overflowed a float); 5000 are over Python's limit for an int
    named = "posture.toml" if len(digits) > 4300 else "cooldown_s"
    config.write_text(f"[monitor]\ncooldown_s = {digits}\n")
    line = one_line_error(capsys, ["config", "--config", str(config)], named)
    assert len(line) < 300  # the number is not quoted whole
    config.write_text(f"[monitor]\nescalate_after = -{digits}\n")
    named = "posture.toml" if len(digits) > 4300 else "escalate_after"
    one_line_error(capsys, ["config", "--config", str(config)], named)
    one_line_error(capsys, ["run", "--config", str(config), "--duration", "1s"], named)


STRETCH_ENTRY = {
    "id": '"x"',
    "name": '"X"',
    "helps": '["still_neck"]',
    "steps": '["a"]',
    "hold_s": "5",
    "reps": "2",
    "rest_s": "1",
    "cautions": "[]",
}
"""A valid catalogue entry, field by field as TOML (the fuzz tests start from it too)."""


def catalogue_entry(field: str, value: str) -> str:
    entry = {**STRETCH_ENTRY, field: value}
    return "[[stretch]]\n" + "\n".join(f"{k} = {v}" for k, v in entry.items()) + "\n"


@pytest.mark.parametrize("field", ["hold_s", "reps"])
@pytest.mark.parametrize("digits", HUGE.values(), ids=HUGE.keys())
def test_a_huge_integer_in_the_stretch_catalogue_is_one_line(
    folders: Path, capsys: pytest.CaptureFixture[str], digits: str, field: str
) -> None:
    (folders / "config").mkdir()
    (folders / "config" / "stretches.toml").write_text(catalogue_entry(field, digits))
    line = one_line_error(capsys, ["stretch", "--list"], "stretches.toml")
    assert len(line) < 300


# --- files and folders that cannot be used ------------------------------------------------------


@pytest.fixture
def one_day(tmp_path: Path) -> Path:
    """A history with an hour of samples on one day and one sample after the year 9999."""
    db = tmp_path / "h.db"
    b = Builder(db)
    b.samples(at(date(2026, 11, 16), 9), 3600, angle=14.0)
    b.samples(YEAR_10000_UTC + 5.0, 1)
    b.close()
    return db


YEAR_10000_UTC = 253402300800.0
"""1 January 10000, 00:00 UTC: past what a datetime can hold."""


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_holds_a_row_after_the_year_9999(
    folders: Path, capsys: pytest.CaptureFixture[str], one_day: Path, fmt: str
) -> None:
    code = cli.main(["history", "export", "--db", str(one_day), "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 0, err
    if fmt == "json":
        samples = json.loads(out)["samples"]
        assert len(samples) == 361
        assert samples[-1]["t"] == YEAR_10000_UTC + 5.0 and samples[-1]["time_utc"] is None
        assert samples[0]["time_utc"].startswith("2026-11-16T08:00:00")
    else:
        rows = [r for r in csv.DictReader(io.StringIO(out)) if r["table"] == "samples"]
        assert len(rows) == 361
        assert float(rows[-1]["t"]) == YEAR_10000_UTC + 5.0 and rows[-1]["time_utc"] == ""


def test_an_export_into_a_missing_folder_is_one_line(
    folders: Path, capsys: pytest.CaptureFixture[str], one_day: Path
) -> None:
    for target in ("/nonexistent/x.csv", str(one_day) + "/x.csv"):  # under a file: not a folder
        args = ["history", "export", "--db", str(one_day), "--format", "csv", "-o", target]
        one_line_error(capsys, args, target)
    assert not list(one_day.parent.glob(".posture-*"))


def without_file_permission_checks(argv: list[str], env: dict[str, str]) -> list[str]:
    """`posture argv` as a user that folders' modes apply to. Root reads a mode-000 folder
    anyway: as root the command runs with the capabilities that bypass modes dropped, so a
    folder made 000 stands for one another user owns (after a `sudo posture run`)."""
    command = [sys.executable, "-m", "posture", *argv]
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("as root, a folder's mode is tested through setpriv (util-linux): absent")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]


@pytest.mark.parametrize("locked", ["data", "config", "state"])
def test_a_folder_posture_may_not_use_is_one_line_naming_it(
    folders: Path, cli_env: dict[str, str], locked: str
) -> None:
    for name in ("data", "config", "state"):
        (folders / name).mkdir(mode=0o700)
    (folders / "config" / "posture.toml").write_text("[monitor]\n")
    (folders / "data" / "history.sqlite3").write_bytes(b"")
    folder = folders / locked
    folder.chmod(0)
    commands = [["paths"], ["history", "where"], ["config"], ["status"], ["stretch", "--list"]]
    commands.append(["run", "--no-tray", "--source", str(folders / "none.mp4"), "--duration", "1s"])
    try:
        for argv in commands:
            result = subprocess.run(
                without_file_permission_checks(argv, cli_env),
                capture_output=True,
                text=True,
                env=cli_env | {f"POSTURE_{n.upper()}_DIR": str(folders / n) for n in FOLDERS},
                timeout=120,
            )
            if argv[0] in NEEDS[locked]:
                assert_one_line_error(result, str(folder))
            else:  # a command that needs no file there may still name it (in its help)
                assert result.returncode in (0, 1) or str(folder) in result.stderr, result.stderr
                assert "Traceback" not in result.stderr
    finally:
        folder.chmod(0o700)


FOLDERS = ("data", "config", "state", "cache")
NEEDS = {
    "data": {"paths", "history", "run"},
    "config": {"paths", "config", "stretch", "run"},
    "state": {"paths", "status", "run"},
}
"""The commands that read or write in each folder."""


# --- the running monitor's files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "taken"),
    [(1e300, False), (1e12, False), (2 * 86400.0, False), (3600.0, True)],
    ids=["1e300", "year 33658", "two days", "an hour"],
)
def test_a_pause_longer_than_pause_allows_is_not_taken(
    tmp_path: Path, until: float, taken: bool
) -> None:
    issued = time.time()
    doc = {
        "action": "pause",
        "issued_utc": issued,
        "until_utc": until if until > 1e9 else issued + until,
    }
    (tmp_path / control.COMMAND_FILE).write_text(json.dumps(doc))
    got = control.CommandInbox(tmp_path, started_utc=issued - 10).poll()
    assert (got is not None) == taken


STRICT = {"parse_constant": lambda word: pytest.fail(f"{word} in JSON")}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("head_forward_deg", "abc"),
        ("head_forward_deg", math.inf),
        ("still_s", [1]),
        ("sitting_s", math.inf),
        ("sitting_s", 1e300),
        ("paused_until_utc", 1e12),
        ("paused_until_utc", 1e300),
        ("paused_until_utc", -1e300),
        ("alerting", [1, None]),
        ("alerting", "forward"),
        ("source", {"a": 1}),
        ("state", ["paused"]),
        ("screen_lock", "\x1b]2;owned\x07"),
    ],
)
def test_status_takes_no_field_of_the_status_file_on_trust(
    folders: Path, capsys: pytest.CaptureFixture[str], field: str, value: object
) -> None:
    state = folders / "state"
    state.mkdir(mode=0o700)
    pid = os.getpid()  # a live process: this one stands for the running monitor
    control.pid_path(state, pid).write_text(str(pid))
    doc = {"pid": pid, "state": "good", "head_forward_deg": 14.0, "still_s": 45, "sitting_s": 600}
    doc |= {"state": "paused"} if field == "paused_until_utc" else {}
    (state / "status.json").write_text(json.dumps(doc | {field: value}))  # Infinity as JS has it
    assert cli.main(["status"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("monitor: running") and not err
    assert "\x1b" not in out and "\x07" not in out
    assert cli.main(["status", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out, **STRICT)  # type: ignore[arg-type]
    assert shown["running"] is True and shown["pid"] == pid


@pytest.mark.parametrize("duration", ["0.001s", "0.5s", "25h"])
def test_a_pause_outside_1_s_to_24_h_is_refused_as_the_message_says(
    folders: Path, capsys: pytest.CaptureFixture[str], duration: str
) -> None:
    one_line_error(capsys, ["pause", duration], "between 1 s and 24 h", duration)
    assert not (folders / "state" / control.COMMAND_FILE).exists()


def test_a_folder_another_user_owns_says_so_and_how_to_get_it_back(
    folders: Path, cli_env: dict[str, str]
) -> None:
    """As after `sudo posture run`: the folder is another user's, private to them."""
    state = folders / "state"
    state.mkdir(mode=0o700)
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user here")
    os.chown(state, 65534, 65534)  # nobody
    result = subprocess.run(
        without_file_permission_checks(["status"], cli_env),
        capture_output=True,
        text=True,
        env=cli_env | {"POSTURE_STATE_DIR": str(state)},
        timeout=120,
    )
    assert_one_line_error(result, str(state), "belongs to another user", "chown")


def test_an_export_into_a_folder_that_cannot_be_written_is_one_line(
    folders: Path, cli_env: dict[str, str], one_day: Path
) -> None:
    shut = folders / "shut"
    shut.mkdir(mode=0o500)  # no writing
    target = shut / "x.csv"
    argv = ["history", "export", "--db", str(one_day), "--format", "csv", "-o", str(target)]
    result = subprocess.run(
        without_file_permission_checks(argv, cli_env),
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )
    assert_one_line_error(result, str(target), "Permission denied")
    assert list(shut.iterdir()) == []
