"""Sharp head movements from a live run to the history and every report: text, JSON, CSV and the
HTML (in a real browser); an older history keeps working."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import RecordingNotifier, RecordingSink, at, rows
from test_cli import run
from test_cli_report import _near, _screenshot
from test_sampling import ScriptedModel
from test_sharp_live import Turning, look_away_and_back

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings

DAY = date(2026, 6, 10)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten minutes at a desk on DAY from 10:00 Berlin time, a quick look to the side and back
    every 20 s: a live run (drawn head, scripted landmarks) writing a real history."""
    db = tmp_path_factory.mktemp("sharp") / "h.db"
    quick, seconds = look_away_and_back(0.2), 600.0
    clock = VirtualClock()
    with Store(db, clock.now) as store:
        store.start_session(at(DAY, 10.0), "drawn camera", {})
        feed, model = Turning(quick, seconds), ScriptedModel(quick)
        parts = Parts(feed, model, FrontalEstimator(), store, RecordingNotifier(), RecordingSink())
        loop = Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: at(DAY, 10.0) + t)
        loop.run(seconds)
    return db


def env_for(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"POSTURE_{name}_DIR"] = str(folder / name.lower())
    return env


def stored(db: Path) -> list[tuple[str, float, float, float]]:
    return rows(
        db,
        "SELECT kind, value, amplitude_deg, duration_s FROM events "
        "WHERE kind LIKE 'sharp%' ORDER BY t",
    )


def test_a_run_stores_each_sharp_turn_with_its_speed_amplitude_and_duration(
    history: Path,
) -> None:
    found = stored(history)
    assert len(found) >= 20  # 30 looks away and back; some ends fall between two looks
    assert {kind for kind, *_ in found} == {"sharp_turn"}
    assert all(v >= Settings().sharp_deg_s and 40 <= a <= 60 and 0 < d < 1 for _, v, a, d in found)


def test_the_text_json_and_csv_reports_count_them_per_day(history: Path, tmp_path: Path) -> None:
    found = stored(history)
    fastest = max(v for _, v, _, _ in found)
    common = ["report", "--db", str(history), "--date", str(DAY), "--tz", "Europe/Berlin"]
    text = run(common, env_for(tmp_path))
    assert text.returncode == 0, text.stderr
    line = f"sharp head movements: {len(found)} turns, 0 nods, fastest {fastest:.0f} deg/s"
    assert line in text.stdout
    doc = json.loads(run([*common, "--json"], env_for(tmp_path)).stdout)
    expected = {"turns": len(found), "nods": 0, "fastest_deg_s": round(fastest)}
    assert doc["days"][0]["sharp_movements"] == expected
    csv_file = tmp_path / "r.csv"
    assert run([*common, "--csv", str(csv_file)], env_for(tmp_path)).returncode == 0
    header, day = csv_file.read_text().splitlines()[:2]
    figures = dict(zip(header.split(","), day.split(","), strict=True))
    assert figures["sharp_turns"] == str(len(found)) and figures["sharp_nods"] == "0"
    week = run([*common[:-2], "--week", "--tz", "Europe/Berlin"], env_for(tmp_path))
    assert f"sharp head movements: {len(found)} turns" in week.stdout  # from the day's rollup


def test_a_day_without_sharp_movements_says_none(tmp_path: Path) -> None:
    db = tmp_path / "quiet.db"
    clock = VirtualClock()
    still = look_away_and_back(5.0)  # the same looks, slowly
    with Store(db, clock.now) as store:
        store.start_session(at(DAY, 9.0), "drawn camera", {})
        parts = Parts(
            Turning(still, 60.0),
            ScriptedModel(still),
            FrontalEstimator(),
            store,
            RecordingNotifier(),
            RecordingSink(),
        )
        Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: at(DAY, 9.0) + t).run(60.0)
    out = run(
        ["report", "--db", str(db), "--date", str(DAY), "--tz", "Europe/Berlin"], env_for(tmp_path)
    )
    assert "sharp head movements: none" in out.stdout


def test_the_html_report_shows_the_card_the_column_and_the_markers_in_a_browser(
    history: Path, tmp_path: Path, chromium: Path
) -> None:
    page = tmp_path / "r.html"
    args = ["report", "--db", str(history), "--date", str(DAY), "--tz", "Europe/Berlin"]
    assert run([*args, "--html", str(page)], env_for(tmp_path)).returncode == 0
    found = stored(history)
    html = page.read_text()
    assert f"sharp movements<b>{len(found)}</b>" in html
    assert f"{len(found)} sharp head movements" in html  # the timeline's description
    assert html.count('r="5" fill="#000000"') == len(found) + 1  # a dot each, and the legend's
    assert "sharp turn</span>" in html and "sharp nod</span>" not in html
    # In a browser the dots are drawn: the page has more black than the same page without them.
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<circle [^>]*r="5" fill="#000000"/>', "", html))
    black = [
        _near(_screenshot(chromium, p, tmp_path / f"{p.stem}.png", 1400), "#000000")
        for p in (page, bare)
    ]
    assert black[0] - black[1] > 200, black


def test_a_version_3_history_opens_read_only_and_upgrades_with_its_events(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for version in (1, 2, 3):
        for statement in store_schema.MIGRATIONS[version]:
            con.execute(statement)
    con.execute("PRAGMA user_version = 3")
    con.execute("INSERT INTO sessions VALUES (1, ?, NULL, 'camera 0', '{}')", (at(DAY, 9.0),))
    con.execute("INSERT INTO events (t, session, kind) VALUES (?, 1, 'break')", (at(DAY, 9.5),))
    con.commit()
    con.close()
    with Store(db, VirtualClock().now, read_only=True) as store:
        assert [e.amplitude_deg for e in store.events()] == [None]
        assert [row[-1] for row in store.rows("events", 0.0, at(DAY, 24.0))] == [None]
    assert rows(db, "PRAGMA user_version") == [(3,)]  # read without upgrading
    with Store(db, VirtualClock().now) as store:
        assert [e.kind for e in store.events()] == ["break"]
    assert rows(db, "PRAGMA user_version") == [(store_schema.SCHEMA_VERSION,)]
    assert (tmp_path / "old.db.v3.bak").exists()


def test_run_json_prints_each_sharp_movement_and_the_terminal_none(
    data_dir: Path, tmp_path: Path
) -> None:
    clip = str(data_dir / "video/front-head-turns-d12.mp4")
    args = ["run", "--source", clip, "--no-tray", "--db", str(tmp_path / "h.db")]
    # A lower bar than the default, so this clip's brisk turns (about 100-190 deg/s) count.
    out = run([*args, "--json", "--set", "sharp_deg_s=60"], env_for(tmp_path))
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    sharp = [e for e in events if e["kind"].startswith("sharp")]
    assert sharp and all(e["value"] >= 60 and e["amplitude_deg"] >= 20 for e in sharp)
    plain = run([*args, "--set", "sharp_deg_s=60"], env_for(tmp_path))
    assert plain.returncode == 0 and "sharp" not in plain.stdout
