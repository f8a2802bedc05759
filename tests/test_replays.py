"""Replays and demos never mix into a real history: where they are written, what reports read."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from conftest import BERLIN, Builder, at
from test_cli import run

from posture.adapters.system import paths
from posture.app import report as app_report


def test_a_replay_leaves_the_default_history_untouched(
    cli_env: dict[str, str], data_dir: Path
) -> None:
    data = Path(cli_env["POSTURE_DATA_DIR"])
    video = data_dir / "video/front-still-d13.mp4"
    result = run(["run", "--source", str(video), "--no-notify", "--duration", "5s"], cli_env)
    assert result.returncode == 0, result.stderr
    assert not (data / "history.sqlite3").exists()
    with sqlite3.connect(data / "replays.sqlite3") as con:
        (source,) = con.execute("SELECT source FROM sessions").fetchone()
        samples = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    assert source == str(video) and samples > 0
    assert str(data / "replays.sqlite3") in result.stdout  # the summary says where it went
    listed = run(["paths"], cli_env).stdout
    assert "replay history" in listed


def test_each_replay_starts_its_timers_fresh(cli_env: dict[str, str], data_dir: Path) -> None:
    """Two replays one after another: the second does not carry the first's still-neck and
    sitting time (a recording is not the person at the desk now)."""
    video = data_dir / "video/front-still-d13.mp4"
    for _ in range(2):
        result = run(["run", "--source", str(video), "--no-notify", "--duration", "8s"], cli_env)
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(Path(cli_env["POSTURE_DATA_DIR"]) / "replays.sqlite3") as con:
        firsts = con.execute(
            "SELECT still_s, sitting_s FROM samples WHERE present = 1 AND t = "
            "(SELECT min(t) FROM samples s WHERE s.session = samples.session AND s.present = 1) "
            "ORDER BY session"
        ).fetchall()
        (ended,) = con.execute("SELECT max(sitting_s) FROM samples WHERE session = 1").fetchone()
    assert len(firsts) == 2 and ended > 3.0
    assert all(still < 1.5 and sitting < 1.5 for still, sitting in firsts), firsts


def test_without_a_recording_the_real_history_is_the_default() -> None:
    assert paths.history_db(None) == paths.default_db()
    assert paths.history_db(Path("clip.mp4")) == paths.replay_db() != paths.default_db()


def test_a_real_history_leaves_its_replays_and_demos_out(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    day = date(2026, 11, 16)
    b = Builder(db)  # a webcam session: 09-10 good
    b.samples(at(day, 9), 3600, angle=14.0)
    for source in ("clip.mp4", "posture demo (simulated)"):  # 10-11 forward, replayed
        b.store.start_session(at(day, 10), source, {})
        b.samples(at(day, 10), 3600, angle=35.0)
    b.close()
    for last in (day, date(2026, 11, 17)):  # a day from samples, two from rollups
        span, _ = app_report.load_span(db, day, last, BERLIN)
        assert span.days[0].forward_share == 0.0 and not span.simulated and not span.replayed
        assert span.days[0].present_s < 3700


def test_a_demo_history_is_labelled_simulated_in_every_format(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    day = date(2026, 11, 16)
    b = Builder(db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE sessions SET source = 'posture demo (simulated)'")
    b.samples(at(day, 9), 600, angle=14.0)
    b.close()
    args = ["report", "--db", str(db), "--date", "2026-11-16", "--tz", "Europe/Berlin"]
    text = run(args, cli_env)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("SIMULATED")
    doc = json.loads(run([*args, "--json"], cli_env).stdout)
    assert doc["simulated"] is True
    table, page = tmp_path / "r.csv", tmp_path / "r.html"
    assert run([*args, "--csv", str(table), "--html", str(page)], cli_env).returncode == 0
    assert {line.split(",")[0] for line in table.read_text().splitlines()[1:]} == {"simulated"}
    assert "Simulated data" in page.read_text()


def test_a_report_that_shows_the_replays_keeps_the_neck_diary_of_your_history(
    cli_env: dict[str, str],
) -> None:
    """`posture diary 3 stiff`, then `posture report` with only replays: the report falls back to
    the replays and said "nothing noted" of the note just made (it is kept in the history)."""
    from posture.adapters.store.store import Store
    from posture.core.reports.diary import make_note

    data = Path(cli_env["POSTURE_DATA_DIR"])
    data.mkdir(parents=True)
    day = date(2026, 11, 16)
    b = Builder(data / "replays.sqlite3")
    b.samples(at(day, 9), 3600)
    b.close()
    with Store(data / "history.sqlite3", lambda: 0.0) as store:  # what `posture diary` writes
        store.add_note(at(day, 18), make_note(day, 3, ["stiff"]), at(day, 18))
    result = run(["report", "--date", day.isoformat(), "--tz", "Europe/Berlin"], cli_env)
    assert result.returncode == 0, result.stderr
    assert "showing the replays" in result.stderr
    assert "  neck diary: 3/10 stiff" in result.stdout.splitlines()
    demo = run(["report", "--replays", "--date", day.isoformat(), "--tz", "Europe/Berlin"], cli_env)
    assert "  neck diary: 3/10 stiff" in demo.stdout.splitlines()  # asked for by name, too
