"""The neck diary's question at the end of the day (setting diary_ask_hour): asked once, at the
hour set, only with someone at the computer and not while notifications are held; never when off;
a restarted monitor does not ask again; a day already noted is not asked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from conftest import RecordingNotifier

from posture.adapters.store.store import Store
from posture.app import diary as app_diary
from posture.app.diary_ask import AskedDay, DiaryAsk, held_by
from posture.app.room import DO_NOT_DISTURB, RoomHold
from posture.core.data import Reading, View
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Seen
from posture.core.reports import diary_ask
from posture.core.reports.diary import Note
from posture.core.settings import Settings

DAY = date(2026, 3, 10)


def minutes(first: datetime, last: datetime) -> Iterator[datetime]:
    """A scripted clock: every minute from first to last."""
    t = first
    while t <= last:
        yield t
        t += timedelta(minutes=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def asked_times(
    ask_hour: float, days: int, present: set[date] | None = None, held_until: datetime | None = None
) -> list[datetime]:
    """When the rule asks over `days` days of minute-by-minute looks from 07:00 to 23:59 (someone
    there on the days in `present`, all by default; notifications held until `held_until`)."""
    asked: list[datetime] = []
    last: date | None = None
    for offset in range(days):
        day = DAY + timedelta(days=offset)
        there = present is None or day in present
        for now in minutes(at(day, 7), at(day, 23, 59)):
            held = held_until is not None and now < held_until
            if diary_ask.asks_now(ask_hour, now, last, there, held):
                asked.append(now)
                last = now.date()
    return asked


def test_asked_once_a_day_at_the_hour_set() -> None:
    asked = asked_times(18.5, 3)
    assert asked == [at(DAY + timedelta(days=d), 18, 30) for d in range(3)]


def test_never_asked_when_off_the_default() -> None:
    assert Settings().diary_ask_hour == 0.0
    assert asked_times(Settings().diary_ask_hour, 2) == []


def test_not_asked_on_a_day_nobody_was_at_the_computer() -> None:
    there = {DAY, DAY + timedelta(days=2)}
    assert [t.date() for t in asked_times(17.0, 3, there)] == sorted(there)


def test_held_notifications_put_the_question_off_until_they_clear() -> None:
    assert asked_times(17.0, 1, held_until=at(DAY, 19, 45)) == [at(DAY, 19, 45)]


def test_not_asked_before_the_hour_nor_again_the_same_day() -> None:
    assert not diary_ask.asks_now(18.0, at(DAY, 17, 59), None, True, False)
    assert diary_ask.asks_now(18.0, at(DAY, 18, 0), None, True, False)
    assert not diary_ask.asks_now(18.0, at(DAY, 23, 0), DAY, True, False)
    assert diary_ask.asks_now(18.0, at(DAY, 8, 0) + timedelta(days=1), DAY, True, False) is False


def test_the_buttons_reach_fine_stiff_pain_and_severe() -> None:
    levels = {c.label: (c.level, c.words) for c in diary_ask.CHOICES}
    assert levels == {
        "Fine (0)": (0, ()),
        "Stiff (4)": (4, ("stiff",)),
        "Pain (6)": (6, ("pain",)),
        "Severe (8)": (8, ("severe",)),
    }
    assert len({c.key for c in diary_ask.CHOICES}) == len(diary_ask.CHOICES)


class Day:
    """A live run's readings through one day in scripted wall time, heard by the question's
    listener with a real history file and a real file for the day last asked."""

    def __init__(self, tmp_path: Path, ask_hour: float = 18.0) -> None:
        self.db, self.recorded = tmp_path / "h.db", RecordingNotifier()
        self.dnd = False
        self.room = RoomHold(self.recorded, [(DO_NOT_DISTURB, lambda: self.dnd)])
        self.notifier = self.recorded
        self.monitor = Monitor(Settings())
        self.asked_file = tmp_path / "diary-asked"
        self.ask_hour = ask_hour
        self.listener = self.started()

    def started(self) -> DiaryAsk:
        """The listener of a (re)started monitor."""
        asked = AskedDay(self.asked_file)
        return DiaryAsk(
            lambda: self.ask_hour, self.room, self.db, lambda t: t, asked, held_by(self.room)
        )

    def look(self, now: datetime, present: bool = True) -> None:
        t = now.timestamp()
        reading = Reading(t, present, View.FRONT if present else None, 5.0 if present else None)
        self.monitor.update(reading)
        self.room.reading(Seen(np.empty(0), None, reading, self.monitor.status()))
        self.listener.reading(Seen(np.empty(0), None, reading, self.monitor.status()))

    def questions(self) -> list[str]:
        return [a.title for a in self.notifier.alerts if a.title == diary_ask.TITLE]


def test_a_running_monitor_asks_once_and_a_restart_does_not_ask_again(tmp_path: Path) -> None:
    day = Day(tmp_path)
    for now in minutes(at(DAY, 17, 50), at(DAY, 18, 10)):
        day.look(now)
    assert day.questions() == [diary_ask.TITLE]  # the terminal: the question names the command
    assert "posture diary" in day.notifier.alerts[0].body
    day.listener = day.started()
    for now in minutes(at(DAY, 20, 0), at(DAY, 20, 5)):
        day.look(now)
    assert len(day.questions()) == 1
    day.look(at(DAY, 18, 0) + timedelta(days=1))
    assert len(day.questions()) == 2


def test_nobody_there_at_the_hour_is_asked_on_coming_back(tmp_path: Path) -> None:
    day = Day(tmp_path)
    for now in minutes(at(DAY, 17, 55), at(DAY, 19, 0)):
        day.look(now, present=False)
    assert day.questions() == []
    day.look(at(DAY, 19, 1))
    assert len(day.questions()) == 1


def test_do_not_disturb_puts_the_question_off_until_it_ends(tmp_path: Path) -> None:
    day = Day(tmp_path)
    day.dnd = True
    for now in minutes(at(DAY, 17, 50), at(DAY, 18, 30)):
        day.look(now)
    assert day.questions() == []
    day.dnd = False
    for now in minutes(at(DAY, 18, 31), at(DAY, 18, 40)):
        day.look(now)
    assert len(day.questions()) == 1


def test_a_day_already_noted_is_not_asked(tmp_path: Path) -> None:
    day = Day(tmp_path)
    app_diary.note(day.db, 3, ["stiff"], 0, at(DAY, 12, 0))
    for now in minutes(at(DAY, 17, 59), at(DAY, 18, 5)):
        day.look(now)
    assert day.questions() == []
    with Store(day.db, time.monotonic, read_only=True) as store:
        assert len(store.notes(DAY, DAY)) == 1


def test_an_answer_after_midnight_is_noted_for_the_day_asked_about(tmp_path: Path) -> None:
    day = Day(tmp_path)
    day.listener.now = lambda: at(DAY + timedelta(days=1), 0, 30)
    pain = diary_ask.choice_of("diary-pain")
    assert pain is not None
    day.listener.note(pain, DAY)
    with Store(day.db, time.monotonic, read_only=True) as store:
        assert store.notes(DAY, DAY + timedelta(days=1)) == [Note(DAY, 6, ("pain",))]
    assert day.notifier.alerts[-1].body == f"Your neck 6/10 pain on {DAY:%a %d %b}."
