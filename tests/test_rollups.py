"""Daily rollups: equal to the figures summed from samples (DST days too), trusted only while
nothing changed, kept when retention drops the samples; old schemas still open."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import BERLIN, Builder, at, rows

from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store
from posture.app import report as app_report
from posture.core.data import StretchResult
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.reports.days import day_bounds, empty_day, summarize_day
from posture.core.reports.history import History
from posture.core.reports.span import iter_days

FALL = date(2026, 10, 25)  # Berlin: 25 hours
SPRING = date(2026, 3, 29)  # Berlin: 23 hours


def _busy_day(b: Builder, day: date) -> None:
    """Samples through the whole local day (across the DST hour), alerts, a break, stretches."""
    start, end = day_bounds(day, BERLIN)
    half = int((end - start) / 2)
    b.samples(start, half, angle=14.0)
    b.samples(start + half, int(end - start) - half, angle=31.0, still_from=start)
    b.event(start + 3 * 3600, EventKind.FORWARD_ALERT, 60)
    b.event(start + 3 * 3600 + 100, EventKind.FORWARD_CLEARED)
    b.event(start + 2.5 * 3600, EventKind.BREAK, 600)
    b.event(start + 5 * 3600, EventKind.STILL_ALERT, 1500)
    sharp = [
        Event(EventKind.SHARP_TURN, start + 4 * 3600, 0.3, value=260.0, amplitude_deg=45.0),
        Event(EventKind.SHARP_TURN, start + 6 * 3600, 0.4, value=210.0, amplitude_deg=30.0),
        Event(EventKind.SHARP_NOD, start + 7 * 3600, 0.2, value=230.0, amplitude_deg=25.0),
    ]
    b.store.add_events(lambda t: t, sharp)
    row = b.store.suggest_stretch(start + 3 * 3600 + 50, "chin-tucks", "forward_head_alert")
    result = StretchResult("chin-tucks", "completed", 5, 5, True, 40.0)
    b.store.record_stretch(row, start + 3 * 3600 + 90, result)


def _history(tmp_path: Path, days: list[date]) -> Path:
    db = tmp_path / "h.db"
    b = Builder(db)
    for day in days:
        _busy_day(b, day)
    b.close()
    return db


def test_rollups_equal_the_sample_figures_on_dst_days_and_others(tmp_path: Path) -> None:
    days = [FALL - timedelta(days=1), FALL, FALL + timedelta(days=1), SPRING]
    db = _history(tmp_path, days)
    with Store(db, time.monotonic) as store:
        built = store.roll_up(SPRING, FALL + timedelta(days=1), BERLIN, time.time())
        assert built == len(days)  # the empty days between get none
        from_rollups = store.days(SPRING, FALL + timedelta(days=1), BERLIN)
        for day, rolled in zip(
            iter_days(SPRING, FALL + timedelta(days=1)), from_rollups, strict=True
        ):
            summed = summarize_day(store.history(*day_bounds(day, BERLIN)), day, BERLIN)
            assert rolled == summed, day
    fall = from_rollups[(FALL - SPRING).days]
    assert fall.monitored_s == pytest.approx(25 * 3600, abs=60)
    assert from_rollups[0].monitored_s == pytest.approx(23 * 3600, abs=60)
    assert fall.events["forward_head_alert"] == 1 and fall.stretches["completed"] == 1
    assert fall.events["sharp_turn"] == 2 and fall.events["sharp_nod"] == 1
    assert fall.fastest == {"sharp_turn": 260.0, "sharp_nod": 230.0}
    assert len(rows(db, "SELECT day FROM rollups")) == len(days)


def test_a_stored_rollup_is_what_a_report_reads(tmp_path: Path) -> None:
    db = _history(tmp_path, [FALL, FALL + timedelta(days=1)])
    with Store(db, time.monotonic) as store:
        store.roll_up(FALL, FALL + timedelta(days=1), BERLIN, time.time())
    con = sqlite3.connect(db)  # the figures, not the samples, are what is read
    con.execute("UPDATE rollups SET figures = replace(figures, '\"breaks\":1', '\"breaks\":7')")
    con.commit()
    con.close()
    span, _ = app_report.load_span(db, FALL, FALL + timedelta(days=1), BERLIN)
    assert [d.breaks for d in span.days] == [7, 7]


def test_a_rollup_is_not_trusted_once_the_day_changed(tmp_path: Path) -> None:
    db = _history(tmp_path, [FALL])
    with Store(db, time.monotonic) as store:
        store.roll_up(FALL, FALL, BERLIN, time.time())
        before = store.days(FALL, FALL, BERLIN)[0]
        store.start_session(at(FALL, 23.5), "camera 0", {})  # a later session on the same day
        store.add_events(lambda t: t, [Event(EventKind.BREAK, at(FALL, 23.6), 300.0)])
        after = store.days(FALL, FALL, BERLIN)[0]
        assert after.breaks == before.breaks + 1
        assert store.roll_up(FALL, FALL, BERLIN, time.time()) == 1  # rebuilt, now trusted
        assert store.roll_up(FALL, FALL, BERLIN, time.time()) == 0


def test_the_end_of_a_session_rolls_up_and_drops_old_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    old, recent = date(2026, 6, 1), date(2026, 11, 18)
    db = _history(tmp_path, [old, old + timedelta(days=1), recent])
    with Store(db, time.monotonic) as store:
        expected = store.days(old, recent, BERLIN)
        size = db.stat().st_size
        events = len(store.events())
        store.start_session(at(recent, 20), "camera 0", {"keep_samples_days": 90})
        store.end_session(at(recent, 21))
        assert store.days(old, recent, BERLIN) == expected  # the same figures, from rollups
    first_kept = datetime.fromtimestamp(rows(db, "SELECT min(t) FROM samples")[0][0], BERLIN)
    assert first_kept.date() == recent  # June's samples went, November's stayed
    assert len(rows(db, "SELECT * FROM events")) == events
    assert len(rows(db, "SELECT * FROM stretches")) == 3
    assert rows(db, "SELECT day, kept FROM rollups ORDER BY day") == [
        ("2026-06-01", 0),
        ("2026-06-02", 0),
        ("2026-11-18", 1),
    ]
    assert db.stat().st_size < size  # compacted


def test_a_one_day_report_of_a_day_whose_samples_were_dropped_reads_its_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-day report read only samples: a day older than keep_samples_days read 'nothing
    was monitored' while a two-day report showed its hours."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    old, recent = date(2026, 6, 1), date(2026, 11, 18)
    db = _history(tmp_path, [old, recent])
    before, _ = app_report.load_span(db, old, old, BERLIN)
    with Store(db, time.monotonic) as store:
        store.start_session(at(recent, 20), "camera 0", {"keep_samples_days": 90})
        store.end_session(at(recent, 21))
    assert rows(db, f"SELECT count(*) FROM samples WHERE t < {at(recent, 0)}") == [(0,)]
    after, _ = app_report.load_span(db, old, old, BERLIN)
    assert after.days[0].monitored_s > 0
    assert after.days == before.days


def test_keeping_samples_for_ever_drops_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    db = _history(tmp_path, [date(2020, 1, 6)])
    count = len(rows(db, "SELECT * FROM samples"))
    with Store(db, time.monotonic) as store:
        store.start_session(at(date(2026, 11, 18), 9), "camera 0", {"keep_samples_days": 0})
        store.end_session(at(date(2026, 11, 18), 10))
    assert len(rows(db, "SELECT * FROM samples")) == count
    assert rows(db, "SELECT day, kept FROM rollups") == [("2020-01-06", 1)]


def test_a_version_2_history_is_read_as_it_is_and_upgraded_with_its_data(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    for version in (1, 2):
        for statement in store_schema.MIGRATIONS[version]:
            con.execute(statement)
    con.execute("INSERT INTO sessions VALUES (1, 0, NULL, 'camera 0', '{}')")
    start = at(FALL, 9)
    con.executemany(
        "INSERT INTO samples VALUES (?, 1, 1, 'front', 30.0, 0.9, 'forward', 0, 0, 0)",
        [(start + i,) for i in range(0, 3600, 10)],
    )
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    week, _ = app_report.load_span(db, FALL - timedelta(days=6), FALL, BERLIN)  # read-only
    assert rows(db, "PRAGMA user_version") == [(2,)]
    assert week.days[-1].forward_share == 1.0
    with Store(db, time.monotonic) as store:
        assert store.version == store_schema.SCHEMA_VERSION
        assert store.roll_up(FALL, FALL, BERLIN, time.time()) == 1
    assert (tmp_path / "h.db.v2.bak").exists()
    again, _ = app_report.load_span(db, FALL - timedelta(days=6), FALL, BERLIN)
    assert again.days == week.days


def test_an_empty_day_is_the_same_read_fast_or_summed() -> None:
    for day in (FALL, SPRING, date(2026, 11, 16)):
        assert empty_day(day) == summarize_day(History(), day, BERLIN)


def test_a_rollup_stored_before_the_shoulders_alert_reads_and_renders(tmp_path: Path) -> None:
    from posture.adapters.report import html as report_html

    db = _history(tmp_path, [FALL, FALL + timedelta(days=1)])
    with Store(db, time.monotonic) as store:
        store.roll_up(FALL, FALL + timedelta(days=1), BERLIN, time.time())
    con = sqlite3.connect(db)  # as an older posture stored it: no shoulders alert counted
    for day, text in con.execute("SELECT day, figures FROM rollups").fetchall():
        figures = json.loads(text)
        _drop_key(figures, "shoulders_raised_alert")
        con.execute("UPDATE rollups SET figures = ? WHERE day = ?", (json.dumps(figures), day))
    con.commit()
    con.close()
    assert "shoulders" not in str(rows(db, "SELECT figures FROM rollups"))
    span, history = app_report.load_span(db, FALL, FALL + timedelta(days=1), BERLIN)
    assert all(d.alerts["shoulders_raised_alert"].raised == 0 for d in span.days)
    assert "shoulders raised alerts" in report_html.render(span, history, BERLIN, 25.0)


def _drop_key(value: object, key: str) -> None:
    """Remove `key` from every mapping inside a JSON value."""
    if isinstance(value, dict):
        value.pop(key, None)
        for inner in value.values():
            _drop_key(inner, key)
    elif isinstance(value, list):
        for inner in value:
            _drop_key(inner, key)
