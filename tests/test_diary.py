"""The neck diary: notes kept in the history, and the doctor rule on scripted days."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import BERLIN, at, rows
from test_cli import assert_one_line_error, run

from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store
from posture.app import diary as app_diary
from posture.core.errors import UsageError
from posture.core.reports.diary import (
    Advice,
    Reason,
    advice_in,
    by_day,
    doctor_advice,
    make_note,
)

MONDAY = date(2026, 11, 16)


def _days(n: int) -> list[date]:
    return [MONDAY + timedelta(days=i) for i in range(n)]


def _script(levels_words: list[tuple[int, list[str]]]) -> list[Advice | None]:
    """Note one day after another, as a person would each evening; the advice each note brought
    (remembering the days it was given)."""
    notes, given, said = [], [], []
    for day, (level, words) in zip(_days(len(levels_words)), levels_words, strict=True):
        notes.append(make_note(day, level, words))
        advice = doctor_advice(notes, day, given)
        if advice is not None:
            given.append(day)
        said.append(advice)
    return said


def test_two_days_of_pain_bring_no_message() -> None:
    assert _script([(5, ["pain"]), (6, ["pain"])]) == [None, None]


def test_three_days_in_a_row_bring_the_message_once() -> None:
    said = _script([(5, ["pain"]), (6, ["spasm"]), (5, ["pain"]), (5, ["pain"]), (6, ["pain"])])
    assert said[:2] == [None, None]
    assert said[2] is not None and said[2].reason is Reason.DAYS_IN_A_ROW and said[2].days == 3
    assert said[3:] == [None, None]  # the same run of days: said once
    assert "advise seeing a doctor" in said[2].text() and "3 days in a row" in said[2].text()


def test_levels_of_six_or_more_count_as_pain_without_a_word() -> None:
    said = _script([(6, []), (7, []), (6, [])])
    assert said[:2] == [None, None] and said[2] is not None and said[2].days == 3
    assert _script([(5, []), (5, ["stiff"]), (5, ["sore"])]) == [None, None, None]


def test_a_day_without_pain_breaks_the_run() -> None:
    assert (
        _script([(5, ["pain"]), (6, ["pain"]), (2, []), (5, ["pain"]), (5, ["pain"])]) == [None] * 5
    )


def test_an_eight_brings_the_message_at_once_and_never_twice_a_day() -> None:
    day = MONDAY
    notes = [make_note(day, 8, [])]
    advice = doctor_advice(notes, day, [])
    assert advice is not None and advice.reason is Reason.SEVERE
    assert doctor_advice([*notes, make_note(day, 9, ["spasm"])], day, [day]) is None
    severe_spasm = [make_note(day, 5, ["spasm", "severe"])]
    assert doctor_advice(severe_spasm, day, []) is not None
    assert doctor_advice([make_note(day, 7, ["severe"])], day, []) is None  # severe but no spasm


def test_a_note_for_yesterday_completes_the_run() -> None:
    d0, d1, d2, d3 = _days(4)
    notes = [make_note(d, 5, ["pain"]) for d in (d0, d1, d2)]
    advice = doctor_advice(notes, d3, [])  # noted on d3 for d2, with --days-ago 1
    assert advice is not None and advice.days == 3


def test_words_and_levels_are_checked() -> None:
    with pytest.raises(UsageError, match="0 \\(fine\\) to 10"):
        make_note(MONDAY, 11, [])
    with pytest.raises(UsageError, match="unknown word 'ouch'"):
        make_note(MONDAY, 3, ["ouch"])
    assert make_note(MONDAY, 3, ["Pain", "stiff", "pain"]).words == ("stiff", "pain")
    day = by_day([make_note(MONDAY, 3, ["stiff"]), make_note(MONDAY, 6, ["pain"])])[MONDAY]
    assert (day.level, day.words, day.notes) == (6, ("stiff", "pain"), 2)


def test_a_report_names_the_advice_due_in_its_days() -> None:
    notes = [make_note(d, 5, ["pain"]) for d in _days(3)]
    assert advice_in(notes, MONDAY, MONDAY + timedelta(days=1)) is None
    found = advice_in(notes, MONDAY, MONDAY + timedelta(days=6))
    assert found is not None and found.day == MONDAY + timedelta(days=2)


def test_notes_round_trip_through_the_history_with_the_advice(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    evening = [datetime(2026, 11, 16 + i, 21, 0, tzinfo=BERLIN) for i in range(3)]
    said = [app_diary.note(db, 5, ["pain"], 0, now).advice for now in evening]
    assert said[:2] == [None, None] and said[2] is not None
    again = app_diary.note(db, 6, ["pain"], 0, evening[2] + timedelta(hours=1))
    assert again.advice is None  # not twice a day
    assert rows(db, "SELECT day, reason FROM advice") == [("2026-11-18", "days_in_a_row")]
    shown, due = app_diary.recent(db, 14, evening[2].date())
    assert [(d.day.day, d.level) for d in shown] == [(16, 5), (17, 5), (18, 6)]
    assert due is not None and due.days == 3


def test_an_earlier_day_is_stored_inside_that_day(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    now = datetime(2026, 11, 18, 9, 30, tzinfo=BERLIN)
    noted = app_diary.note(db, 4, ["stiff"], 2, now)
    assert noted.note.day == date(2026, 11, 16)
    ((t, day, noted_utc),) = rows(db, "SELECT t, day, noted FROM diary")
    assert day == "2026-11-16" and at(MONDAY, 0) <= t < at(MONDAY, 24)
    assert noted_utc == now.timestamp()


def test_a_version_4_history_upgrades_keeping_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for version in (1, 2, 3, 4):
        for statement in store_schema.MIGRATIONS[version]:
            con.execute(statement)
    con.execute("PRAGMA user_version = 4")
    con.execute("INSERT INTO sessions VALUES (1, 1.0, NULL, 'camera 0', '{}')")
    con.execute("INSERT INTO events (t, session, kind) VALUES (2.0, 1, 'break')")
    con.commit()
    con.close()
    with Store(db, lambda: 0.0, read_only=True) as store:  # read as it is: no notes yet
        assert store.notes(MONDAY, MONDAY) == [] and store.advised(MONDAY, MONDAY) == []
        assert list(store.rows("diary", 0.0, 1e10)) == []
    app_diary.note(db, 3, [], 0, datetime(2026, 11, 16, 12, tzinfo=BERLIN))
    assert rows(db, "PRAGMA user_version") == [(store_schema.SCHEMA_VERSION,)]
    assert rows(db, "SELECT kind FROM events") == [("break",)]
    assert (tmp_path / "old.db.v4.bak").exists()


def test_cli_notes_exports_and_deletes_the_diary(cli_env: dict[str, str], tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    zone = ["--tz", "Europe/Berlin"]
    for ago in ("2", "1", "0"):
        result = run(["diary", "6", "pain", "--days-ago", ago, "--db", db, *zone], cli_env)
        assert result.returncode == 0, result.stderr
    assert "noted for today: neck 6/10 (pain)" in result.stdout
    assert "advise seeing a doctor" in result.stdout
    shown = run(["diary", "--db", db, *zone], cli_env)
    assert shown.stdout.count("neck 6/10 pain") == 3 and "advise seeing a doctor" in shown.stdout
    export = run(["history", "export", "--format", "json", "--db", db, *zone], cli_env)
    whole = json.loads(export.stdout)
    assert [n["level"] for n in whole["diary"]] == [6, 6, 6] and len(whole["advice"]) == 1
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    before = (today + timedelta(days=1)).isoformat()
    deleted = run(["history", "delete", "--before", before, "--yes", "--db", db, *zone], cli_env)
    assert "3 diary notes" in deleted.stdout, deleted.stdout
    assert rows(Path(db), "SELECT count(*) FROM diary") == [(0,)]
    assert rows(Path(db), "SELECT count(*) FROM advice") == [(0,)]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["11"], "0 (fine) to 10"),
        (["x"], "whole number"),
        (["3", "ouch"], "unknown word"),
        (["3", "--days-ago", "-1"], "--days-ago"),
        (["--days-ago", "1"], "goes with a level"),
    ],
)
def test_bad_notes_are_one_line_and_store_nothing(
    cli_env: dict[str, str], tmp_path: Path, args: list[str], words: str
) -> None:
    db = tmp_path / "h.db"
    assert_one_line_error(run(["diary", *args, "--db", str(db)], cli_env), words)
    assert not db.exists() or rows(db, "SELECT count(*) FROM diary") == [(0,)]
