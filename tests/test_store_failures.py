"""A full or failing disk, a damaged or edited history: one line a user can act on, data kept."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Builder, make_status
from test_cli import assert_one_line_error, run

from posture.adapters.store.store import Store
from posture.core.data import Reading, View
from posture.core.errors import StoreError
from posture.core.monitor.kinds import EventKind

resource = pytest.importorskip("resource")  # file size limits: POSIX only

REPORT_DAY = ["--date", "2026-11-16", "--tz", "Europe/Berlin"]  # the `known_day` fixture's


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


READING = Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=12.0, confidence=0.8)
STATUS = make_status(still_s=30.0, sitting_s=600.0)


def no_room() -> None:
    """In a child process: no file may grow (a full disk, as the files see it)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))


@contextlib.contextmanager
def files_cannot_grow_past(size: int) -> Iterator[None]:
    """A full disk for this process: a write that would make a file larger than `size` fails
    (the OS's file size limit; SIGXFSZ ignored so the write returns an error instead)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def scalar(db: Path, sql: str) -> object:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_the_session_end_is_stored_when_the_disk_fills_at_the_end(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db, clock = tmp_path / "h.db", FakeClock()
    with Store(db, clock) as store:
        store.start_session(1e9, "test", {})
        for second in range(300):
            store.add_sample(1e9 + second, READING, STATUS)
        store.commit()
        for second in range(300, 3000):  # a replay runs faster than the commit timer
            store.add_sample(1e9 + second, READING, STATUS)
        # The journal (WAL) may not grow: the unsaved samples do not fit, the end alone does
        # once the journal's committed pages are in the file and its space can be reused.
        with files_cannot_grow_past((tmp_path / "h.db-wal").stat().st_size):
            store.end_session(1e9 + 3000)
    assert scalar(db, "SELECT ended FROM sessions") == 1e9 + 3000
    assert scalar(db, "SELECT count(*) FROM samples") == 300  # what was committed stays
    assert "the last samples could not be saved" in caplog.text  # and the loss is said


def test_after_a_failure_a_write_returns_only_once_saved(tmp_path: Path) -> None:
    db, clock = tmp_path / "h.db", FakeClock()
    with Store(db, clock, commit_s=5.0) as store:
        store.start_session(1e9, "test", {})
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no journal space to reuse
        with files_cannot_grow_past(0):
            assert store.add_sample(1e9 + 1, READING, STATUS)  # kept for the timed commit
            with pytest.raises(StoreError) as failure:
                store.commit()
            with pytest.raises(StoreError):  # not "stored": it could not be committed
                store.add_sample(1e9 + 2, READING, STATUS)
        assert "the disk may be full" in str(failure.value)
        assert store.add_sample(1e9 + 3, READING, STATUS)  # room again: committed at once
        assert scalar(db, "SELECT max(t) FROM samples") == 1e9 + 3
        assert store.add_sample(1e9 + 4, READING, STATUS)  # and back to the commit timer
        assert scalar(db, "SELECT max(t) FROM samples") == 1e9 + 3


def test_report_on_a_full_disk_says_what_to_do(cli_env: dict[str, str], known_day: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "posture", "report", "--db", str(known_day), *REPORT_DAY],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
        preexec_fn=no_room,  # SQLite cannot make its shared-memory file
    )
    assert_one_line_error(result, "disk may be full", "free some space")


def test_text_in_a_number_column_is_one_line(cli_env: dict[str, str], known_day: Path) -> None:
    con = sqlite3.connect(known_day)
    con.execute("UPDATE samples SET head_forward_deg = 'twelve' WHERE rowid = 3")
    con.commit()
    con.close()
    result = run(["report", "--db", str(known_day), *REPORT_DAY], cli_env)
    assert_one_line_error(result, "text where a number belongs")


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE events SET duration_s = 'ten minutes' WHERE kind = 'break'",
        "UPDATE samples SET still_s = 'a while' WHERE rowid = 7",
    ],
)
def test_every_edited_number_is_named(known_day: Path, edit: str) -> None:
    con = sqlite3.connect(known_day)
    con.execute(edit)
    con.commit()
    con.close()
    with (
        Store(known_day, time.monotonic, read_only=True) as store,
        pytest.raises(StoreError, match="text where a number belongs"),
    ):
        store.history(0.0, 2e9)


def test_carry_over_from_an_edited_last_sample_is_one_error(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    builder = Builder(db)
    builder.samples(1000.0, 30)
    builder.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE samples SET still_s = 'long' WHERE t = (SELECT max(t) FROM samples)")
    con.commit()
    con.close()
    with Store(db, time.monotonic) as store, pytest.raises(StoreError, match="number belongs"):
        store.carry(now_utc=1100.0, break_s=300.0)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A history whose pages after the first (where the schema is) were overwritten."""
    db = tmp_path / "h.db"
    builder = Builder(db)
    builder.samples(1000.0, 3000, step=1)
    builder.event(1500.0, EventKind.BREAK, 300.0)
    builder.store.suggest_stretch(1600.0, "walk", "sitting_alert")
    builder.close()
    data = db.read_bytes()
    page = int(scalar(db, "PRAGMA page_size"))  # type: ignore[call-overload]
    db.write_bytes(data[:page] + b"\xff" * (len(data) - page))
    return db


@pytest.mark.parametrize(
    "read",
    [
        lambda s: s.carry(now_utc=4000.0, break_s=300.0),
        lambda s: s.recent_stretches(),
        lambda s: s.events(),
        lambda s: s.history(0.0, 1e4),
    ],
    ids=["carry", "recent_stretches", "events", "history"],
)
def test_every_read_of_a_broken_history_is_a_store_error(broken: Path, read: object) -> None:
    with Store(broken, time.monotonic) as store, pytest.raises(StoreError, match="damaged"):
        read(store)  # type: ignore[operator]
