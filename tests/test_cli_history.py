"""`posture history`: where, export and delete as a user runs them; nothing lost on bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import BERLIN, Builder, at
from test_cli import assert_one_line_error, run

from posture.app import report as app_report
from posture.core.data import StretchResult
from posture.core.monitor.kinds import EventKind

DAYS = [date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)]
TZ = ["--tz", "Europe/Berlin"]


@pytest.fixture
def three_days(tmp_path: Path) -> Path:
    """Three workdays of samples, alerts, a break and a stretch each."""
    db = tmp_path / "h.db"
    b = Builder(db)
    for day in DAYS:
        b.samples(at(day, 9), 3600, angle=14.0)
        b.samples(at(day, 10), 1800, angle=33.0, still_from=at(day, 9))
        b.event(at(day, 10.3), EventKind.FORWARD_ALERT, 60)
        b.event(at(day, 11), EventKind.BREAK, 400)
        row = b.store.suggest_stretch(at(day, 10.31), "chin-tucks", "forward_head_alert")
        b.store.record_stretch(
            row, at(day, 10.35), StretchResult("chin-tucks", "completed", 5, 5, True, 30.0)
        )
    b.close()
    return db


def _export(env: dict[str, str], db: Path, fmt: str = "json") -> str:
    result = run(["history", "export", "--db", str(db), "--format", fmt, *TZ], env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_then_delete_before_a_day_round_trips(
    cli_env: dict[str, str], three_days: Path
) -> None:
    whole = json.loads(_export(cli_env, three_days))
    assert [len(whole[k]) for k in ("samples", "events", "stretches")] == [1620, 6, 3]
    kept_report, _ = app_report.load_span(three_days, DAYS[1], DAYS[2], BERLIN)
    args = ["history", "delete", "--db", str(three_days), "--before", "2026-11-17", "--yes", *TZ]
    deleted = run(args, cli_env)
    assert deleted.returncode == 0, deleted.stderr
    assert "540 samples, 2 events, 1 stretches" in deleted.stdout
    after = json.loads(_export(cli_env, three_days))
    cutoff = at(DAYS[1], 0)
    for table in ("samples", "events", "stretches"):
        assert after[table] == [r for r in whole[table] if r["t"] >= cutoff], table
    assert after["sessions"] == whole["sessions"]  # still holds the later days' rows
    report, _ = app_report.load_span(three_days, DAYS[1], DAYS[2], BERLIN)
    assert report.days == kept_report.days  # what is left reports as before


def test_csv_and_json_exports_hold_the_same_rows_in_a_private_file(
    cli_env: dict[str, str], three_days: Path, tmp_path: Path
) -> None:
    whole = json.loads(_export(cli_env, three_days))
    out = tmp_path / "export.csv"
    args = ["history", "export", "--db", str(three_days), "--format", "csv", "-o", str(out)]
    result = run([*args, "--from", "2026-11-17", "--to", "2026-11-17", *TZ], cli_env)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    day = [r for r in whole["samples"] if at(DAYS[1], 0) <= r["t"] < at(DAYS[2], 0)]
    samples = [r for r in rows if r["table"] == "samples"]
    assert [float(r["t"]) for r in samples] == [r["t"] for r in day]
    assert [float(r["head_forward_deg"]) for r in samples] == [r["head_forward_deg"] for r in day]
    assert {r["table"] for r in rows} == {"samples", "events", "stretches"}
    assert "540 samples" in result.stdout


def test_bad_input_and_no_answer_delete_nothing(cli_env: dict[str, str], three_days: Path) -> None:
    before = three_days.read_bytes()
    base = ["history", "delete", "--db", str(three_days), *TZ]
    assert_one_line_error(run([*base, "--before", "2026-02-30", "--yes"], cli_env), "--before")
    assert_one_line_error(run([*base, "--before", "2099-01-01", "--yes"], cli_env), "future")
    assert_one_line_error(run([*base, "--before", "2026-11-17"], cli_env), "--yes")  # no terminal
    assert_one_line_error(run(base, cli_env), "--before")
    missing = run(
        ["history", "delete", "--db", str(three_days.with_name("x.db")), "--all"], cli_env
    )
    assert missing.returncode == 0 and "no history" in missing.stdout
    assert three_days.read_bytes() == before


def _on_a_terminal(args: list[str], env: dict[str, str], answer: str) -> tuple[int, str]:
    """Run posture with a pseudo-terminal as stdin, typing `answer`; its code and output."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "posture", *args],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    os.close(slave)
    os.write(master, answer.encode())
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    return proc.returncode, out


def test_delete_asks_on_a_terminal(cli_env: dict[str, str], three_days: Path) -> None:
    args = ["history", "delete", "--db", str(three_days), "--before", "2026-11-17", *TZ]
    code, out = _on_a_terminal(args, cli_env, "n\n")
    assert code == 1 and "? [y/N]" in out and "nothing deleted" in out
    assert len(json.loads(_export(cli_env, three_days))["samples"]) == 1620
    code, out = _on_a_terminal(args, cli_env, "y\n")
    assert code == 0 and "deleted 540 samples" in out
    assert len(json.loads(_export(cli_env, three_days))["samples"]) == 1080


def test_delete_all_removes_the_history_its_journal_and_backups(
    cli_env: dict[str, str], three_days: Path
) -> None:
    backup = three_days.with_name("h.db.v2.bak")
    shutil.copy(three_days, backup)  # an upgrade's backup is a history itself
    result = run(["history", "delete", "--db", str(three_days), "--all", "--yes"], cli_env)
    assert result.returncode == 0, result.stderr
    assert not three_days.exists() and not backup.exists()
    assert list(three_days.parent.glob("h.db*")) == []


def test_where_lists_every_place_and_the_replay_history(cli_env: dict[str, str]) -> None:
    data = Path(cli_env["POSTURE_DATA_DIR"])
    data.mkdir()
    Builder(data / "history.sqlite3").close()
    (data / "replays.sqlite3").write_bytes(b"r" * 2000)
    out = run(["history", "where"], cli_env).stdout
    assert "history  " in out and "pose model cache" in out
    assert "replay history" in out and "2.0 kB" in out
    assert "keep_samples_days" in out
