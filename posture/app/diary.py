"""Wiring for the neck diary: a note stored in the history, and the doctor advice it may bring."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from posture.adapters.store.store import Store
from posture.core.reports import diary

LOOK_BACK_DAYS = 31
"""How many days of notes the doctor rule reads (more than any run of days it counts)."""


@dataclass(frozen=True, slots=True)
class Noted:
    """What noting did: the note, and the advice given with it (None: none due)."""

    note: diary.Note
    advice: diary.Advice | None


def day_time(day: date, now: datetime) -> float:
    """A moment in the local day `day`: now's clock time on that day (now itself for today)."""
    if day == now.date():
        return now.timestamp()
    return datetime.combine(day, now.timetz()).timestamp()


def note(db: Path, level: int, words: list[str], days_ago: int, now: datetime) -> Noted:
    """Store a note about the local day `days_ago` before `now` (aware, local); give the doctor
    advice if it is due, and remember that it was given."""
    today = now.date()
    written = diary.make_note(today - timedelta(days=days_ago), level, words)
    with Store(db, time.monotonic) as store:
        store.add_note(day_time(written.day, now), written, now.timestamp())
        advice = _advice(store, today)
        if advice is not None:
            store.add_advice(now.timestamp(), today, advice.reason)
    return Noted(written, advice)


def _advice(store: Store, today: date) -> diary.Advice | None:
    first = today - timedelta(days=LOOK_BACK_DAYS)
    return diary.doctor_advice(store.notes(first, today), today, store.advised(first, today))


def recent(db: Path, days: int, today: date) -> tuple[list[diary.DiaryDay], diary.Advice | None]:
    """The `days` days' notes by day up to `today`, and the advice due over them (shown, not
    stored)."""
    first = today - timedelta(days=days - 1)
    with Store(db, time.monotonic, read_only=True) as store:
        notes = store.notes(first - timedelta(days=LOOK_BACK_DAYS), today)
    shown = [d for d in diary.by_day(notes).values() if d.day >= first]
    return shown, diary.advice_in(notes, first, today)
