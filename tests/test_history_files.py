"""A history and its own files: deletes touch nothing else, leave nothing behind in backups or
temporary copies, and keep a running monitor working."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import BERLIN, Builder, at, make_status, rows, version_1_history

from posture.adapters.store.store import Store
from posture.adapters.system.control import PidFile
from posture.cli import demo
from posture.cli.program import main
from posture.core.data import Reading, View

DAYS = [date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)]
TZ = ["--tz", "Europe/Berlin"]

Cli = Callable[..., tuple[int, str, str]]
READING = Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=12.0, confidence=0.8)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`posture ARGS` in this process, away from the user's folders: (code, stdout, stderr)."""
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"POSTURE_{name}_DIR", str(tmp_path / name.lower()))

    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def history(db: Path) -> Path:
    """Three workdays of samples and an alert each, in a real history."""
    b = Builder(db)
    for day in DAYS:
        b.samples(at(day, 9), 3600, step=60, angle=14.0)
    b.close()
    return db


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def one_line_error(code: int, err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("posture: error:"), err
    for word in words:
        assert word in lines[0]


# --- item 3: delete --all deletes only a history and its own files ---------------------------


def test_delete_all_refuses_a_file_that_is_not_a_history(tmp_path: Path, cli: Cli) -> None:
    """`--db notes` deleted notes, notes-2024.txt and notes-final.docx."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("notes", "notes-2024.txt", "notes-final.docx", "notes.v2.bak"):
        (folder / name).write_text(f"my {name}, not posture's\n")
    other = sqlite3.connect(folder / "app.db")  # another program's database, in WAL mode
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE samples (t REAL)")
    other.commit()
    other.close()
    before = digests(folder)
    for name in ("notes", "app.db"):
        code, _, err = cli("history", "delete", "--all", "--yes", "--db", str(folder / name))
        one_line_error(code, err, "not a posture history", "nothing deleted")
    assert digests(folder) == before  # not even a journal made beside them


def test_delete_all_takes_names_exactly_not_as_patterns(tmp_path: Path, cli: Cli) -> None:
    """`--db 'h[1].sqlite3'` deleted h1.sqlite3's -wal and -shm (a glob pattern)."""
    db = history(tmp_path / "h[1].sqlite3")
    shutil.copy(db, tmp_path / "h[1].sqlite3.v3.bak")  # its upgrade backup
    (tmp_path / "h[1].sqlite3-journal").write_bytes(b"\0" * 512)
    history(tmp_path / "h1.sqlite3")
    foreign = {
        "h1.sqlite3-wal": b"another database's journal",
        "h1.sqlite3-shm": b"another database's index",
        "h[1].sqlite3-notes.txt": b"mine",
        "h[1].sqlite3.v3.bak.txt": b"mine too",
        "h[1].sqlite3.v4.bak": b"not a history, though named like a backup",
    }
    for name, data in foreign.items():
        (tmp_path / name).write_bytes(data)
    kept = {name: digests(tmp_path)[name] for name in [*foreign, "h1.sqlite3"]}
    code, out, err = cli("history", "delete", "--all", "--yes", "--db", str(db))
    assert code == 0, err
    assert "3 files" in out
    left = digests(tmp_path)
    assert {name: left.get(name) for name in kept} == kept
    assert not any(
        name.startswith("h[1].sqlite3") and name[12:] in ("", "-journal", ".v3.bak")
        for name in left
    )


# --- item 5: deleted rows do not stay in the upgrade backups ---------------------------------


def test_delete_before_cleans_the_upgrade_backup_and_says_so(tmp_path: Path, cli: Cli) -> None:
    """NAME.vN.bak kept every sample after `delete --before`, and nothing said so."""
    db = tmp_path / "h.db"
    version_1_history(db)  # upgraded below: the version 1 file is kept as h.db.v1.bak
    history(db)
    backup = tmp_path / "h.db.v1.bak"
    assert rows(backup, "SELECT count(*) FROM samples") == [(0,)]
    shutil.copy(db, tmp_path / "h.db.v3.bak")  # a later upgrade's backup, with every sample
    code, out, err = cli(
        "history", "delete", "--before", "2026-11-18", "--yes", "--db", str(db), *TZ
    )
    assert code == 0, err
    assert "2 upgrade backups" in out
    cutoff = at(DAYS[2], 0)
    for path in (db, tmp_path / "h.db.v3.bak"):
        assert rows(path, f"SELECT count(*) FROM samples WHERE t < {cutoff}") == [(0,)]
        assert rows(path, f"SELECT count(*) FROM samples WHERE t >= {cutoff}") == [(60,)]
    assert rows(backup, "PRAGMA user_version") == [(1,)]  # still the version it was


def test_a_history_is_read_after_its_backups_are_cleaned(tmp_path: Path, cli: Cli) -> None:
    db = history(tmp_path / "h.db")
    shutil.copy(db, tmp_path / "h.db.v3.bak")
    cli("history", "delete", "--before", "2026-11-17", "--yes", "--db", str(db), *TZ)
    with Store(tmp_path / "h.db.v3.bak", lambda: 0.0, read_only=True) as store:
        assert store.first_day(BERLIN) == DAYS[1]


# --- item 8: a killed export or demo leaves nothing behind for long -----------------------------


def test_an_export_clears_the_partial_copies_of_killed_exports(tmp_path: Path, cli: Cli) -> None:
    """A killed export left `.posture-XXXX.tmp`, a hidden partial copy of the history, for
    good: the next export into that folder removes the stale ones (not one being written)."""
    db = history(tmp_path / "h.db")
    out = tmp_path / "out"
    out.mkdir()
    stale, fresh = out / ".posture-k1ll3d.tmp", out / ".posture-writing.tmp"
    for path in (stale, fresh, out / "notes.tmp", out / ".posture-notes.txt"):
        path.write_text("samples...")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(out / "notes.tmp", (hour_ago, hour_ago))
    code, _, err = cli(
        "history", "export", "--db", str(db), "--format", "csv", "-o", str(out / "h.csv")
    )
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        ".posture-notes.txt",
        ".posture-writing.tmp",
        "h.csv",
        "notes.tmp",
    ]


def test_a_demo_leaves_no_temporary_folder_behind(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed demo left its temporary folder (with a history in it) for good; the demo now
    keeps its day in the data folder, where the next demo replaces it."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    played: list[Path] = []

    def play(args: object, db: Path) -> None:  # the workday itself is test_cli's (a minute here)
        db.parent.mkdir(parents=True, exist_ok=True)
        db.write_text("a day")
        played.append(db)

    monkeypatch.setattr(demo, "_play", play)
    code, _, err = cli("demo", "--tz", "Europe/Berlin")
    assert code == 0, err
    assert played[0].name == "demo.sqlite3" and not played[0].is_relative_to(temp)
    assert list(temp.iterdir()) == []


# --- item 4: deleting while a monitor runs -------------------------------------------------------


def test_delete_before_keeps_a_running_monitor_writing(tmp_path: Path, cli: Cli) -> None:
    """The running session's row went with its samples: every later write failed ('FOREIGN
    KEY constraint failed') and the rest of the session was lost."""
    db = history(tmp_path / "h.db")
    with PidFile(tmp_path / "state"), Store(db, time.monotonic) as monitor:
        monitor.start_session(at(DAYS[2], 8), "camera 0", {})
        monitor.add_sample(at(DAYS[2], 8), READING, make_status())
        monitor.commit()  # as its commit timer does, every few seconds
        code, _, err = cli(
            "history", "delete", "--before", "2026-11-19", "--yes", "--db", str(db), *TZ
        )
        assert code == 0, err
        assert rows(db, "SELECT count(*) FROM samples") == [(0,)]
        later = at(DAYS[2], 8) + 7 * 86_400  # the session goes on (its clock is its own)
        for i in range(3):
            monitor.add_sample(later + i, READING, make_status())
        monitor.end_session(later + 3)
    assert rows(db, "SELECT count(*) FROM samples") == [(3,)]
    assert rows(db, "SELECT count(*) FROM sessions WHERE ended IS NOT NULL") == [(1,)]


def test_delete_all_is_refused_while_a_monitor_runs(tmp_path: Path, cli: Cli) -> None:
    """With --all the running monitor went on writing into a file that was no longer there."""
    db = history(tmp_path / "h.db")
    before = digests(tmp_path)
    with PidFile(tmp_path / "state"):
        code, _, err = cli("history", "delete", "--all", "--yes", "--db", str(db))
    one_line_error(code, err, "monitor is running", "nothing deleted")
    assert digests(tmp_path) == before
    code, _, err = cli("history", "delete", "--all", "--yes", "--db", str(db))
    assert code == 0, err
    assert not db.exists()
