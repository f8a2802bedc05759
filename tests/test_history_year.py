"""Acceptance: a generated year of history survives a run with the clock a year ahead, one a day
behind, and `history delete --before`: every report day is what it was (but the deleted ones)
and no file beside the history is touched."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import BERLIN, at, rows

from posture.adapters.store.store import Store
from posture.app import report as app_report
from posture.cli.program import main
from posture.core.reports.days import Day, empty_day

DAYS = 365
HOURS = 8
STEP_S = 60
"""A sample a minute (a real history has one a second: the same code reads both)."""
DAY_S = 86_400.0
FOREIGN = {
    "history.sqlite3-notes.txt": b"my notes",
    "history.sqlite3.v3.bak.txt": b"not a backup",
    "history.sqlite3.v9.bak": b"named like a backup, not a history",
    "history1.sqlite3-wal": b"another database's journal",
    "notes.db": b"another program's file",
}

SAMPLES_SQL = """
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ? - 1)
INSERT INTO samples
SELECT ? + i * ?, 1, 1, 'front', a, 0.9, CASE WHEN a > 25 THEN 'forward' ELSE 'good' END,
       (i * ?) % 1500, i * ?, 0
FROM (SELECT i, 12.0 + (i * 37 % 600) / 100.0 + 18.0 * ((i / 15) % 4 = 1) AS a FROM s)
"""
"""A workday's samples: 12-18 deg, with a quarter of an hour past the threshold each hour."""


def generate(db: Path, first: date) -> None:
    """A year of workdays from `first` in one webcam session: samples, alerts, a break and
    stretches each day (through the real schema, rows written by SQL to be quick)."""
    Store(db, time.monotonic).close()  # the schema
    con = sqlite3.connect(db)
    con.execute("INSERT INTO sessions VALUES (1, ?, NULL, 'camera 0', '{}')", (at(first, 8),))
    for i in range(DAYS):
        t0 = at(first + timedelta(days=i), 9)
        n = HOURS * 3600 // STEP_S
        con.execute(SAMPLES_SQL, (n, t0, STEP_S, STEP_S, STEP_S))
        con.executemany(
            "INSERT INTO events VALUES (?, 1, ?, 60, NULL, 0, 0, NULL)",
            [(t0 + k * 3600 + 960, "forward_head_alert") for k in range(HOURS)]
            + [(t0 + HOURS * 1800, "break")],
        )
        con.executemany(
            "INSERT INTO stretches VALUES (?, 1, 'chin-tucks', 'forward_head_alert', ?, "
            "5, 5, 1, 40)",
            [(t0 + k * 3600 + 1000, "completed" if k % 3 else "skipped") for k in range(HOURS)],
        )
    con.execute("UPDATE sessions SET ended = ?", (at(first + timedelta(days=DAYS - 1), 18),))
    con.commit()
    con.close()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def report_days(db: Path, first: date, last: date, one_day: list[date]) -> dict[str, object]:
    """The year's days as a long report reads them, and some days as one-day reports do."""
    year, _ = app_report.load_span(db, first, last, BERLIN)
    single = {d: app_report.load_span(db, d, d, BERLIN)[0].days[0] for d in one_day}
    return {"year": year.days, "single": single}


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_path: Path) -> Path:
    for name in ("CONFIG", "STATE", "CACHE"):
        monkeypatch.setenv(f"POSTURE_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.setenv("POSTURE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POSTURE_MODEL", str(model_path))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def test_a_year_survives_clocks_ahead_and_behind_and_a_delete(
    places: Path,
    data_dir: Path,
    wall_offset: Callable[[float], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = places / "history.sqlite3"
    today = datetime.now(BERLIN).date()
    last = today - timedelta(days=2)  # the day-behind run lands on yesterday, a new day
    first = last - timedelta(days=DAYS - 1)
    generate(db, first)
    with Store(db, time.monotonic) as store:  # as an earlier session's end did
        store.catch_up(BERLIN, time.time())
    for name, data in FOREIGN.items():
        (places / name).write_bytes(data)
    foreign = {name: digest for name, digest in digests(places).items() if name in FOREIGN}
    watched = [first, first + timedelta(days=40), last - timedelta(days=100), last]
    before = report_days(db, first, last, watched)
    assert all(d.monitored_s > 0 and d.forward_s > 0 for d in before["year"])  # type: ignore[attr-defined]

    clip = str(data_dir / "video/front-still-d13.mp4")
    run = ["run", "--source", clip, "--db", str(db), "--no-notify", "--json"]
    for offset in (365 * DAY_S, -DAY_S):  # a year ahead, then a day behind
        wall_offset(offset)
        assert main(run) == 0, capsys.readouterr().err
    wall_offset(0.0)
    capsys.readouterr()

    after_runs = report_days(db, first, last, watched)
    assert after_runs == before
    recent = at(last - timedelta(days=60), 0)
    assert rows(db, f"SELECT count(*) FROM samples WHERE t >= {recent} AND t < {at(last, 23)}") == [
        (61 * HOURS * 3600 // STEP_S,)
    ]  # the year-ahead run dropped none of the recent samples...
    old = at(today - timedelta(days=120), 0)
    assert rows(db, f"SELECT count(*) FROM samples WHERE t < {old}") == [(0,)]  # ...old ones go
    assert rows(db, "SELECT count(*) FROM sessions") == [(3,)]

    cut = first + timedelta(days=30)
    delete = ["history", "delete", "--before", cut.isoformat(), "--yes", "--db", str(db)]
    assert main([*delete, "--tz", "Europe/Berlin"]) == 0, capsys.readouterr().err
    after = report_days(db, first, last, watched)
    year: list[Day] = after["year"]  # type: ignore[assignment]
    kept: list[Day] = before["year"]  # type: ignore[assignment]
    cut_index = (cut - first).days
    assert year[:cut_index] == [empty_day(first + timedelta(days=i)) for i in range(cut_index)]
    assert year[cut_index:] == kept[cut_index:]
    single: dict[date, Day] = after["single"]  # type: ignore[assignment]
    was: dict[date, Day] = before["single"]  # type: ignore[assignment]
    assert single[first] == empty_day(first)
    assert {d: single[d] for d in watched[1:]} == {d: was[d] for d in watched[1:]}
    left = digests(places)
    assert {name: left.get(name) for name in FOREIGN} == foreign
