"""The history database: schema, privacy, commit cadence, carry-over, failures in one line."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import make_status, rows, version_1_history

from posture.adapters.store import schema as store_schema
from posture.adapters.store.flags import ALERT_FLAGS, Flag
from posture.adapters.store.store import Store
from posture.core.data import Reading, StretchResult, View
from posture.core.errors import StoreError
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def status(t: float = 0.0, away: bool = False) -> Status:
    return make_status(
        t=t,
        present=not away,
        away=away,
        still_s=30.0,
        sitting_s=600.0,
        alerting=frozenset({EventKind.STILL_ALERT}),
    )


STILL_BIT = ALERT_FLAGS[EventKind.STILL_ALERT]

READING = Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=12.0, confidence=0.8)


def test_a_new_database_is_private_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "h.db"
    with Store(db, FakeClock()):
        pass
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert rows(db, "PRAGMA user_version") == [(store_schema.SCHEMA_VERSION,)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def test_samples_are_one_a_second_and_committed_on_a_timer(tmp_path: Path) -> None:
    db, clock = tmp_path / "h.db", FakeClock()
    with Store(db, clock, commit_s=5.0) as s:
        s.start_session(1000.0, "test", {"sample_hz": 1})
        assert s.add_sample(1000.2, READING, status())
        assert not s.add_sample(1000.7, READING, status())  # same second
        clock.t = 4.0
        assert s.add_sample(1001.1, READING, status())
        assert rows(db, "SELECT count(*) FROM samples") == [(0,)]  # not committed yet
        clock.t = 5.5
        s.add_sample(1002.0, READING, status(away=True))
        assert rows(db, "SELECT count(*) FROM samples") == [(3,)]
        flags = [f for (f,) in rows(db, "SELECT flags FROM samples ORDER BY t")]
        assert flags[0] == STILL_BIT and flags[2] == STILL_BIT | Flag.AWAY


def test_events_are_committed_at_once(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Store(db, FakeClock()) as s:
        s.start_session(0.0, "test", {})
        s.add_events(lambda t: 2000.0 + t, [Event(EventKind.FORWARD_ALERT, 3.0, duration_s=60.0)])
        assert rows(db, "SELECT t, kind, duration_s FROM events") == [
            (2003.0, "forward_head_alert", 60.0)
        ]
        assert [e.kind for e in s.events()] == ["forward_head_alert"]


def test_carry_over_only_after_a_short_gap(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Store(db, FakeClock()) as s:
        s.start_session(1000.0, "test", {})
        s.add_sample(1000.0, READING, status())
    with Store(db, FakeClock()) as s:
        carry = s.carry(now_utc=1100.0, break_s=300.0)
        assert (carry.sitting_s, carry.still_s, carry.gap_s) == (600.0, 30.0, 100.0)
        assert s.carry(now_utc=1400.0, break_s=300.0).sitting_s == 0.0


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="not a posture history database"):
        Store(db, FakeClock())
    assert db.read_bytes().startswith(b"these are my notes")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(StoreError, match="newer posture"):
        Store(db, FakeClock())


def test_a_migration_backs_the_database_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    with Store(db, FakeClock()) as s:
        s.start_session(5.0, "old run", {})
    current = store_schema.SCHEMA_VERSION
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", current + 1)
    migration = ("ALTER TABLE sessions ADD COLUMN note TEXT",)
    monkeypatch.setitem(store_schema.MIGRATIONS, current + 1, migration)
    with Store(db, FakeClock()):
        pass
    backup = tmp_path / f"h.db.v{current}.bak"
    assert rows(backup, "SELECT source FROM sessions") == [("old run",)]
    assert rows(db, "PRAGMA user_version") == [(current + 1,)]
    assert rows(db, "SELECT source, note FROM sessions") == [("old run", None)]


def test_a_locked_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Store(db, FakeClock()):
        pass
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(StoreError, match="busy"),
            Store(db, FakeClock(), busy_timeout_s=0.1) as s,
        ):
            s.start_session(0.0, "second", {})
    finally:
        holder.rollback()
        holder.close()


def test_an_unusable_path_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot use the history database"):
        Store(blocker / "h.db", FakeClock())


def test_a_version_1_history_is_upgraded_with_its_data_and_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    version_1_history(db)
    with Store(db, FakeClock()) as s:
        row = s.suggest_stretch(30.0, "walk", "sitting_alert")
        result = StretchResult("walk", "completed", 1, 1, True, 301.0)
        s.record_stretch(row, 331.0, result)
        s.record_stretch(None, 400.0, StretchResult("shrugs", "partial", 1, 3, True, 9))
        assert s.recent_stretches() == ["walk", "shrugs"]
    assert rows(tmp_path / "h.db.v1.bak", "SELECT source FROM sessions") == [("camera 0",)]
    assert rows(db, "SELECT source FROM sessions") == [("camera 0",)]
    assert rows(db, "SELECT stretch_id, cause, status, done, total FROM stretches ORDER BY t") == [
        ("walk", "sitting_alert", "completed", 1, 1),
        ("shrugs", None, "partial", 1, 3),
    ]
