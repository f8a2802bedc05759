"""The neck diary's question on a real desktop (Xvfb, a D-Bus session bus, dunst): the question
with its four buttons, a button pressed through dunst noted in the history exactly as `posture
diary` notes it (and shown by it), and the doctor advice answered through the same notifier."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from desktop_session import Desktop
from test_notify_desktop import displayed, quiet, wait_for

from posture.adapters.notify.dbus import FreedesktopServer
from posture.adapters.notify.note import Note, OnAction, OnClosed
from posture.adapters.notify.notifier import DesktopNotifier, TerminalNotifier
from posture.adapters.store.store import Store
from posture.app.diary_ask import ADVICE_TITLE, NOTED_TITLE, AskedDay, DiaryAsk
from posture.core.data import Reading, View
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Seen
from posture.core.reports.diary import Note as DiaryNote
from posture.core.reports.diary_ask import TITLE
from posture.core.settings import Settings

__all__ = ["quiet"]  # the fixture, shared with the other notification tests


class RecordingServer(FreedesktopServer):
    """The real server connection, keeping every note it showed."""

    def __init__(self, on_action: OnAction, on_closed: OnClosed, address: str) -> None:
        super().__init__(on_action, on_closed, address)
        self.notes: list[tuple[int, Note]] = []

    def show(self, note: Note, replaces: int = 0) -> int:
        nid = super().show(note, replaces)
        self.notes.append((nid, note))
        return nid


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def posture(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "posture", *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Evening:
    """A live run's question at 18:00 (scripted wall time, today), through the real desktop
    notifier to dunst, with a real history file."""

    def __init__(self, desktop: Desktop, tmp_path: Path, today: date) -> None:
        self.today, self.desktop = today, desktop
        address = desktop.env["DBUS_SESSION_BUS_ADDRESS"]
        self.servers: list[RecordingServer] = []

        def server(on_action: OnAction, on_closed: OnClosed) -> RecordingServer:
            self.servers.append(RecordingServer(on_action, on_closed, address))
            return self.servers[-1]

        self.notifier = DesktopNotifier(TerminalNotifier(io.StringIO()), server)
        self.db = tmp_path / "h.db"
        asked = AskedDay(tmp_path / "diary-asked")
        now = lambda: at(today, 18, 5)  # noqa: E731  the button is pressed at 18:05
        self.listener = DiaryAsk(lambda: 18.0, self.notifier, self.db, lambda t: t, asked, now=now)
        self.env = dict(os.environ)
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            self.env[f"POSTURE_{name}_DIR"] = str(tmp_path / name.lower())

    def ask(self) -> int:
        """Someone at the computer at 18:00: the question shown; its id."""
        monitor = Monitor(Settings())
        reading = Reading(at(self.today, 18).timestamp(), True, View.FRONT, 5.0, 0.9)
        monitor.update(reading)
        self.listener.reading(Seen(np.empty(0), None, reading, monitor.status()))
        wait_for(lambda: displayed(self.desktop) == 1, "the question shown")
        return self.shown()[0][0]

    def shown(self) -> list[tuple[int, Note]]:
        return self.servers[0].notes

    def press(self, label: str, nid: int) -> list[str]:
        """Press a button of the question in dunst; the buttons dunst offered for it."""
        offered = self.desktop.invoke(f"#{label} (")
        wait_for(lambda: self.listener.answered is not None, "the answer heard")
        assert self.listener.answered is not None
        self.listener.answered.join(30)
        return sorted(line.split(f" ({TITLE})")[0] for line in offered if f"[{nid}," in line)

    def close(self) -> None:
        self.notifier.close()


@pytest.fixture
def evening(quiet: Desktop, tmp_path: Path, midday: date) -> Iterator[Evening]:
    found = Evening(quiet, tmp_path, midday)
    yield found
    found.close()


def notes_today(evening: Evening) -> list[DiaryNote]:
    with Store(evening.db, time.monotonic, read_only=True) as store:
        return store.notes(evening.today, evening.today)


def test_a_button_pressed_in_dunst_is_noted_as_posture_diary_notes_it(evening: Evening) -> None:
    nid = evening.ask()
    assert evening.shown()[0][1].title == TITLE
    labels = evening.press("Stiff (4)", nid)
    assert labels == ["#Fine (0)", "#Pain (6)", "#Severe (8)", "#Stiff (4)"]  # each once
    assert notes_today(evening) == [DiaryNote(evening.today, 4, ("stiff",))]
    replies = [note for _, note in evening.shown()[1:]]
    assert [(n.title, n.body) for n in replies] == [(NOTED_TITLE, "Your neck 4/10 stiff today.")]
    shown = posture(evening.env, "diary", "--db", str(evening.db))
    assert f"{evening.today:%a %d %b}  neck 4/10 stiff" in shown.splitlines()
    posture(evening.env, "diary", "5", "stiff", "--db", str(evening.db))  # the CLI adds to it
    assert sorted(n.level for n in notes_today(evening)) == [4, 5]  # the button at 18:05


def test_pain_on_the_third_day_in_a_row_is_answered_with_the_doctor_advice(
    evening: Evening,
) -> None:
    for days_ago in ("2", "1"):
        posture(evening.env, "diary", "6", "pain", "--days-ago", days_ago, "--db", str(evening.db))
    nid = evening.ask()
    evening.press("Pain (6)", nid)
    assert notes_today(evening) == [DiaryNote(evening.today, 6, ("pain",))]
    titles = [note.title for _, note in evening.shown()]
    assert titles == [TITLE, NOTED_TITLE, ADVICE_TITLE]
    assert "3 days in a row" in evening.shown()[2][1].body
    with Store(evening.db, time.monotonic, read_only=True) as store:
        assert store.advised(evening.today, evening.today) == [evening.today]
    assert "please note:" in posture(evening.env, "diary", "--db", str(evening.db))


def test_severe_is_answered_with_the_doctor_advice_at_once(evening: Evening) -> None:
    nid = evening.ask()
    evening.press("Severe (8)", nid)
    assert notes_today(evening) == [DiaryNote(evening.today, 8, ("severe",))]
    assert [note.title for _, note in evening.shown()][-1] == ADVICE_TITLE
    assert "You noted a severe neck" in evening.shown()[-1][1].body
    with Store(evening.db, time.monotonic, read_only=True) as store:
        assert store.advised(evening.today, evening.today) == [evening.today]
