"""`posture run` end to end on real footage, no camera: events in the database, in order."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import pytest
from conftest import make_status
from test_cli import assert_one_line_error, run, start

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.sources import read_image
from posture.adapters.store.store import Store
from posture.app.run import wall_clock_for
from posture.core.data import Reading, View

SHORT = """[monitor]
forward_hold_s = 3
forward_clear_s = 3
forward_gap_s = 1
still_alert_s = 60
away_after_s = 2
move_window_s = 1
arrival_s = 2
"""


def events_in(db: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(db) as con:
        return [(k, t) for k, t in con.execute("SELECT kind, t FROM events ORDER BY t, rowid")]


def monitor(
    env: dict[str, str], tmp_path: Path, source: Path, *extra: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    config, db = tmp_path / "short.toml", tmp_path / "history.db"
    config.write_text(SHORT)
    args = ["run", "--source", str(source), "--config", str(config), "--db", str(db)]
    result = run([*args, "--no-notify", "--json", *extra], env)
    assert result.returncode == 0, result.stderr
    return result, db


def realtime_run(env: dict[str, str], clip: Path, db: Path) -> subprocess.Popen[str]:
    """`posture run` on a recording played in real time, in the background (JSON on stdout)."""
    args = ["run", "--source", str(clip), "--realtime", "--db", str(db), "--no-notify", "--json"]
    return start(args, env)


def wait_until_running(env: dict[str, str], then_s: float) -> Path:
    """Wait for the monitor's status file (written at its first reading), then `then_s` more."""
    state = Path(env["POSTURE_STATE_DIR"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (state / "status.json").exists():
        time.sleep(0.2)
    time.sleep(then_s)
    return next(state.glob("running-*.pid"))  # each monitor has its own: running-PID.pid


def test_a_still_head_makes_no_neck_movements(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    result, db = monitor(cli_env, tmp_path, data_dir / "video/front-still-d13.mp4")
    assert "neck_moved" not in [k for k, _ in events_in(db)]
    with sqlite3.connect(db) as con:
        samples = con.execute("SELECT count(*), min(t), max(t) FROM samples").fetchone()
        session = con.execute("SELECT started, ended, source FROM sessions").fetchone()
    assert 10 <= samples[0] <= 12  # 11.7 s of video, at most one row a second
    assert session[1] is not None and session[1] >= samples[2]
    assert "session: " in result.stderr and "profile: none" in result.stderr


def test_head_turns_make_several_neck_movements(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    result, db = monitor(cli_env, tmp_path, data_dir / "video/front-head-turns-d12.mp4")
    moves = [t for k, t in events_in(db) if k == "neck_moved"]
    assert len(moves) >= 3
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(row["type"] == "event" for row in printed)  # nothing else on stdout
    assert [r["kind"] for r in printed].count("neck_moved") == len(moves)


@pytest.fixture
def side_sequence(data_dir: Path, tmp_path: Path) -> Path:
    """straight -> hunchback (held 6 s) -> straight, 10 frames a second, as a video."""
    folder = data_dir / "side/sitting-posture-recognition"
    path = tmp_path / "side.mp4"
    first = read_image(folder / "straight_hf.jpg")
    height, width = first.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (width, height))
    for name, seconds in (("straight_hf", 4), ("hunchback_hf", 6), ("straight_hf", 6)):
        bgr = cv2.cvtColor(read_image(folder / f"{name}.jpg"), cv2.COLOR_RGB2BGR)
        for _ in range(seconds * 10):
            writer.write(bgr)
    writer.release()
    return path


def test_a_side_view_hunch_raises_then_clears_the_forward_alert(
    cli_env: dict[str, str], side_sequence: Path, tmp_path: Path
) -> None:
    _, db = monitor(cli_env, tmp_path, side_sequence)
    kinds = [k for k, _ in events_in(db) if k.startswith("forward")]
    assert kinds == ["forward_head_alert", "forward_head_cleared"]
    times = dict((k, t) for k, t in events_in(db))
    with sqlite3.connect(db) as con:
        start = con.execute("SELECT started FROM sessions").fetchone()[0]
    assert 4 + 3 <= times["forward_head_alert"] - start <= 4 + 5  # hunched at 4 s, held 3 s
    assert 10 + 3 <= times["forward_head_cleared"] - start <= 10 + 5


def test_sigkill_loses_at_most_five_seconds_and_leaves_a_sound_database(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "history.db"
    proc = realtime_run(cli_env, data_dir / "video/front-still-d13.mp4", db)
    try:
        wait_until_running(cli_env, then_s=7.0)  # mid-run: the clip lasts 11.7 s
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        killed_at = time.time()
    finally:
        proc.communicate(timeout=30)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        last = con.execute("SELECT max(t), count(*) FROM samples").fetchone()
    assert last[1] >= 1
    assert killed_at - last[0] <= 5.0 + 1.0  # commits every 5 s; one reading a second


def test_pause_from_another_terminal_reaches_the_running_monitor(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    proc = realtime_run(cli_env, data_dir / "video/front-still-d13.mp4", tmp_path / "h.db")
    pid_file = wait_until_running(cli_env, then_s=2.0)
    paused = run(["pause", "2s"], cli_env)
    assert paused.returncode == 0 and "the running monitor picks it up" in paused.stdout
    out, _ = proc.communicate(timeout=60)
    kinds = [json.loads(line)["kind"] for line in out.splitlines()]
    assert kinds.index("paused") < kinds.index("resumed")
    assert not pid_file.exists()  # removed when the run ended


def test_pause_and_resume_without_a_monitor_say_so_and_fail(cli_env: dict[str, str]) -> None:
    """No false success: nothing is paused, nothing is left for a later monitor."""
    for args in (["pause", "10m"], ["resume"]):
        result = run(args, cli_env)
        assert result.returncode == 1 and result.stdout == ""
        assert "no monitor is running" in result.stderr and "posture run" in result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert not (Path(cli_env["POSTURE_STATE_DIR"]) / "control.json").exists()
    assert_one_line_error(run(["pause", "soon"], cli_env), "not a duration")


def test_config_lists_every_setting_with_its_origin(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[monitor]\nsample_hz = 2\n")
    result = run(["config", "--config", str(config), "--set", "cooldown_s=5m"], cli_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["settings file (values marked *):", f"  {config}"]
    assert "values marked + come from --set" in lines
    rows = {line.split()[0]: line.split() for line in lines if " = " in line}
    assert rows["sample_hz"][1:4] == ["=", "2", "*"]
    assert rows["cooldown_s"][1:4] == ["=", "300", "+"]
    assert rows["still_alert_s"][1:4] == ["=", "1500", "Neck"]  # a default: no mark


def test_run_refuses_bad_input_in_one_line(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    clip = str(data_dir / "video/front-still-d13.mp4")
    bad = tmp_path / "bad.toml"
    bad.write_text("[monitor]\nsample_hz = 0\n")
    assert_one_line_error(
        run(["run", "--source", clip, "--config", str(bad)], cli_env), "sample_hz", "0.1"
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    db = blocker / "history.db"  # its folder is a file: cannot be created
    result = run(["run", "--source", clip, "--db", str(db), "--no-notify"], cli_env)
    assert_one_line_error(result, "cannot use the history database")
    assert_one_line_error(
        run(["run", "--camera", "7"], cli_env), "camera 7"
    )  # no notifier warning first
    assert_one_line_error(run(["run", "--set", "nope=1"], cli_env), "unknown setting 'nope'")


def test_sigterm_ends_the_run_cleanly_with_a_summary(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    proc = realtime_run(cli_env, data_dir / "video/front-still-d13.mp4", db)
    pid_file = wait_until_running(cli_env, then_s=3.0)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "session: " in err and "Traceback" not in err
    assert all(json.loads(line)["type"] == "event" for line in out.splitlines())
    with sqlite3.connect(db) as con:
        ended, started = con.execute("SELECT ended, started FROM sessions").fetchone()
        samples = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    assert ended is not None and 2.0 <= ended - started < 11.0  # stopped before the clip's end
    assert samples >= 2
    assert not pid_file.exists()


@pytest.mark.parametrize(("motion_hz", "moves"), [("0", 0), ("4", 2)])
def test_motion_checks_catch_head_turns_between_sparse_readings(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path, motion_hz: str, moves: int
) -> None:
    clip = data_dir / "video/front-head-turns-d12.mp4"
    extra = ["--set", "sample_hz=0.2", "--set", f"motion_hz={motion_hz}"]
    _, db = monitor(cli_env, tmp_path, clip, *extra)  # a reading only every 5 s
    found = [k for k, _ in events_in(db)].count("neck_moved")
    assert found >= moves if moves else found == 0


def wait_for_session(db: Path) -> None:
    """Wait until a run has stored its session (its first write)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.Error), closing(sqlite3.connect(db)) as probe:
            if probe.execute("SELECT count(*) FROM sessions").fetchone()[0]:
                return
        time.sleep(0.2)
    raise AssertionError(f"no session was stored in {db}")


def test_a_history_that_fails_mid_run_still_ends_with_the_summary(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    """Another program locks the history once the session is stored and holds it to the end:
    the run goes on, ends normally with its summary, and says once that its end was not stored."""
    db = tmp_path / "h.db"
    proc = realtime_run(cli_env, data_dir / "video/front-still-d13.mp4", db)
    try:
        wait_for_session(db)
        with closing(sqlite3.connect(db, timeout=30, isolation_level=None)) as locker:
            locker.execute("BEGIN EXCLUSIVE")  # every write of the run fails from now on (busy)
            out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "session: " in err
    assert err.count("the end of this session could not be stored") == 1
    assert all(json.loads(line)["type"] == "event" for line in out.splitlines())


def test_a_wall_clock_set_forward_mid_run_adds_no_monitored_time(tmp_path: Path) -> None:
    """90 s of readings while the wall clock is set 40 s forward halfway (NTP, a person): the
    stored samples span 90 s, and the day reads 90 s monitored (it read 99-108 s)."""
    clock = VirtualClock()  # the loop's monotonic time
    booted = [1000.0]  # a clock that counts a suspend, never a setting of the wall clock
    start = datetime(2026, 11, 16, 9, tzinfo=UTC).timestamp()
    jump = [0.0]
    wall_of = wall_clock_for(
        clock, True, wall=lambda: start + booted[0] - 1000.0 + jump[0], elapsed=lambda: booted[0]
    )
    stamps = []
    with Store(tmp_path / "h.db", time.monotonic) as store:
        store.start_session(wall_of(0.0), "camera 0", {})
        for second in range(91):
            clock.sleep_until(float(second))
            booted[0] = 1000.0 + second
            jump[0] = 40.0 if second >= 45 else 0.0
            stamps.append(wall_of(clock.now()))
            reading = Reading(t=clock.now(), present=True, view=View.FRONT, head_forward_deg=14.0)
            store.add_sample(stamps[-1], reading, make_status(t=clock.now(), present=True))
        day = store.days(date(2026, 11, 16), date(2026, 11, 16), UTC)[0]
    assert stamps[-1] - stamps[0] == pytest.approx(90.0)
    assert day.monitored_s == pytest.approx(91.0, abs=1.0)  # 91 samples a second apart
