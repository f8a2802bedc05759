"""Opening a history: another program's file is never written, links, migrations, backups."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import rows, version_1_history
from test_cli import assert_one_line_error, run

from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store
from posture.core.errors import StoreError


def sidecars(db: Path) -> list[str]:
    """Files SQLite keeps beside a database (journals), left behind."""
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-"))


def other_program_db(path: Path, version: int = 0) -> bytes:
    """Another application's database (rollback journal, its own table); its bytes."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("read_only", [False, True])
def test_another_programs_database_is_refused_untouched(tmp_path: Path, read_only: bool) -> None:
    db = tmp_path / "contacts.db"
    before = other_program_db(db)
    with pytest.raises(StoreError, match="another program's database"):
        Store(db, time.monotonic, read_only=read_only)
    assert db.read_bytes() == before  # no tables added, no schema set, still in its journal mode
    assert rows(db, "PRAGMA journal_mode") == [("delete",)]
    assert sidecars(db) == []


def test_a_newer_schema_is_refused_before_its_journal_mode_changes(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    before = other_program_db(db, version=store_schema.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="newer posture"):
        Store(db, time.monotonic)
    assert db.read_bytes() == before
    assert rows(db, "PRAGMA journal_mode") == [("delete",)]


def test_report_creates_initialises_and_upgrades_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="no history at"):
        Store(empty, time.monotonic, read_only=True)
    assert empty.read_bytes() == b""
    old = tmp_path / "old.db"
    version_1_history(old)
    before = old.read_bytes()
    with Store(old, time.monotonic, read_only=True) as store:
        history = store.history(0.0, 100.0)
        with pytest.raises(StoreError, match="cannot be written"):
            store.start_session(30.0, "a report never writes", {})
    assert history.stretches == [] and history.samples.t.size == 0
    assert old.read_bytes() == before and sidecars(old) == []
    assert not list(tmp_path.glob("*.bak"))


def test_an_empty_file_is_initialised_as_a_new_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.touch(mode=0o600)
    with Store(db, time.monotonic) as store:
        store.start_session(1.0, "test", {})
    assert rows(db, "PRAGMA user_version") == [(store_schema.SCHEMA_VERSION,)]


def test_every_folder_made_for_a_new_history_is_private(tmp_path: Path) -> None:
    db = tmp_path / "made" / "for" / "h.db"
    with Store(db, time.monotonic):
        pass
    for folder in (tmp_path / "made", tmp_path / "made" / "for"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_cli_report_on_another_programs_database_is_one_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "other.db"
    before = other_program_db(db)
    result = run(["report", "--db", str(db)], cli_env)
    assert_one_line_error(result, "another program's database")
    assert db.read_bytes() == before


def test_a_folder_is_named_a_folder(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "histories"
    folder.mkdir()
    assert_one_line_error(run(["report", "--db", str(folder)], cli_env), "is a folder")
    with pytest.raises(StoreError, match="is a folder"):
        Store(folder, time.monotonic)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "h.db"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="not a regular file"):
        Store(pipe, time.monotonic)


def test_no_history_is_created_through_a_link(cli_env: dict[str, str], tmp_path: Path) -> None:
    target, link = tmp_path / "elsewhere.db", tmp_path / "link.db"
    link.symlink_to(target)
    assert_one_line_error(run(["demo", "--db", str(link)], cli_env), "link")
    assert not target.exists()
    target.touch()  # an empty file behind a link is not initialised either
    with pytest.raises(StoreError, match="never through a link"):
        Store(link, time.monotonic)
    assert target.read_bytes() == b""


def test_an_existing_history_behind_a_link_is_used(tmp_path: Path) -> None:
    target, link = tmp_path / "real.db", tmp_path / "link.db"
    with Store(target, time.monotonic) as store:
        store.start_session(1.0, "first", {})
    link.symlink_to(target)
    with Store(link, time.monotonic) as store:
        store.start_session(2.0, "second", {})
    assert rows(target, "SELECT source FROM sessions ORDER BY id") == [("first",), ("second",)]


def test_an_error_mid_migration_leaves_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "h.db"
    version_1_history(db)
    create, index = store_schema.MIGRATIONS[2]
    monkeypatch.setitem(store_schema.MIGRATIONS, 2, (create, "CREATE TABLE broken (", index))
    with pytest.raises(StoreError):
        Store(db, time.monotonic)
    assert rows(db, "PRAGMA user_version") == [(1,)]
    assert rows(db, "SELECT name FROM sqlite_master WHERE name = 'stretches'") == []
    monkeypatch.undo()
    with Store(db, time.monotonic) as store:  # and a later open upgrades it
        assert store.version == store_schema.SCHEMA_VERSION and store.recent_stretches() == []


KILLED_MID_MIGRATION = r"""
import os, sqlite3, sys, time
from pathlib import Path
from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store

real_connect = sqlite3.connect

def connect(*args, **kwargs):
    con = real_connect(*args, **kwargs)
    con.create_function("die", 0, lambda: os._exit(9))  # SIGKILL-like: no cleanup at all
    return con

sqlite3.connect = connect
create, index = store_schema.MIGRATIONS[2]
store_schema.MIGRATIONS[2] = (create, "SELECT die()", index)
Store(Path(sys.argv[1]), time.monotonic)
"""


def test_a_kill_mid_migration_leaves_the_old_schema(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    version_1_history(db)
    child = subprocess.run([sys.executable, "-c", KILLED_MID_MIGRATION, str(db)], timeout=60)
    assert child.returncode == 9
    assert rows(db, "PRAGMA user_version") == [(1,)]
    assert rows(db, "SELECT name FROM sqlite_master WHERE name = 'stretches'") == []
    with Store(db, time.monotonic) as store:
        assert store.version == store_schema.SCHEMA_VERSION
        assert store.recent_stretches() == []


OPEN_WHEN_TOLD = r"""
import sys, time
from pathlib import Path
from posture.adapters.store.store import Store
from posture.core.errors import StoreError
print("ready", flush=True)
sys.stdin.read(1)
try:
    with Store(Path(sys.argv[1]), time.monotonic) as store:
        store.start_session(1.0, "racer", {})
    print("ok")
except StoreError as exc:
    print(exc)
"""


def test_first_opens_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(3):  # the old code failed most rounds of four processes
        db = tmp_path / f"race{attempt}.db"
        children = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_WHEN_TOLD, str(db)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for child in children:  # all have imported posture and wait
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        for child in children:  # then all open the new file together
            assert child.stdin is not None
            child.stdin.write("go")
            child.stdin.flush()
        said = [child.communicate(timeout=60)[0].strip() for child in children]
        assert said == ["ok"] * 4
        assert rows(db, "SELECT count(*) FROM sessions") == [(4,)]


def test_the_backup_is_private_and_complete_or_absent(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    version_1_history(db)
    stale = tmp_path / ".h.db.v1.bak.partial"
    stale.write_bytes(b"left by a kill during an earlier backup")
    blocker = tmp_path / "h.db.v1.bak"
    blocker.mkdir()  # the backup cannot be put in place: the upgrade must not happen
    with pytest.raises(StoreError):
        Store(db, time.monotonic)
    assert rows(db, "PRAGMA user_version") == [(1,)]
    assert not stale.exists()
    blocker.rmdir()
    with Store(db, time.monotonic):
        pass
    assert stat.S_IMODE(blocker.stat().st_mode) == 0o600
    assert rows(blocker, "SELECT source FROM sessions") == [("camera 0",)]
    assert sorted(p.name for p in tmp_path.iterdir() if "bak" in p.name) == ["h.db.v1.bak"]


@pytest.mark.parametrize("suffix", ["-shm", "-wal"])
def test_a_planted_journal_link_is_named_as_what_it_is(
    cli_env: dict[str, str], tmp_path: Path, suffix: str
) -> None:
    db = tmp_path / "h.db"
    with Store(db, time.monotonic) as store:
        store.start_session(1.0, "camera 0", {})
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    planted = tmp_path / f"h.db{suffix}"
    planted.unlink(missing_ok=True)
    planted.symlink_to(victim)
    result = run(["report", "--db", str(db)], cli_env)
    if result.returncode != 0:  # SQLite refused the link: the message says which file it is
        assert_one_line_error(result, f"h.db{suffix}", "symbolic link", "remove it")
        assert "folder exists" not in result.stderr
    assert victim.read_text() == "precious"
