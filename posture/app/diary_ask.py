"""The neck diary's question at the end of the day (setting diary_ask_hour): a listener that asks
once a day through the run's notifier (posture/core/reports/diary_ask.py says when), and stores
the button pressed as `posture diary` does, answering with the doctor advice when it is due."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from posture.adapters.store.store import Store
from posture.adapters.system.files import read_small_text, write_private
from posture.app import diary as app_diary
from posture.app.room import RoomHold
from posture.core.alerts import Alert
from posture.core.errors import PostureError, StoreError
from posture.core.ports import Listener, Notifier, Seen, WallOf
from posture.core.reports import diary_ask
from posture.core.reports.diary_ask import CHOICES, Choice

log = logging.getLogger(__name__)

ASKED_FILE = "diary-asked"
"""In the state folder: the day the question was last asked (a restarted monitor asks no more)."""
NOTED_TITLE = "Noted in your neck diary"
ADVICE_TITLE = "The texts advise seeing a doctor"


class AskedDay:
    """The day the question was last asked, kept in a small file (None: never, or unreadable)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._day: date | None = None
        with contextlib.suppress(StoreError, ValueError):  # missing or not a date: not asked
            self._day = date.fromisoformat(read_small_text(path, "diary file", StoreError).strip())

    def day(self) -> date | None:
        return self._day

    def mark(self, day: date) -> None:
        """Asked on `day` (kept in memory if the file cannot be written)."""
        self._day = day
        try:
            write_private(self.path, day.isoformat() + "\n", "diary file", StoreError)
        except StoreError as exc:
            log.warning("%s; the neck question may be asked again after a restart", exc)


def held_by(room: RoomHold | None) -> Callable[[], bool]:
    """Whether the room holds notifications now (do-not-disturb, fullscreen): no question then."""
    return (lambda: room.busy is not None) if room is not None else (lambda: False)


def local_now() -> datetime:
    return datetime.now().astimezone()


class DiaryAsk(Listener):
    """Asks, at the first reading the rule allows, how the neck feels; a button's answer is
    noted in a helper thread (the history may be busy) and answered through the notifier."""

    def __init__(
        self,
        hour: Callable[[], float],
        notifier: Notifier,
        db: Path,
        wall_of: WallOf,
        asked: AskedDay,
        held: Callable[[], bool] = lambda: False,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        self.hour, self.notifier, self.db, self.wall_of = hour, notifier, db, wall_of
        self.asked, self.held, self.now = asked, held, now
        self.answered: threading.Thread | None = None
        """The helper noting the last answer (tests wait for it)."""

    def reading(self, seen: Seen) -> None:
        now = datetime.fromtimestamp(self.wall_of(seen.reading.t)).astimezone()
        present = seen.reading.present
        if not diary_ask.asks_now(self.hour(), now, self.asked.day(), present, self.held()):
            return
        day = now.date()
        self.asked.mark(day)
        if not self._noted(day):
            self.ask(day)

    def _noted(self, day: date) -> bool:
        """Whether the day has a note already (from the tray or the command line)."""
        try:
            with Store(self.db, time.monotonic, read_only=True) as store:
                return bool(store.notes(day, day))
        except PostureError:
            return False

    def ask(self, day: date) -> None:
        """The question about `day`: with buttons, or as a line naming the command."""
        buttons = [(c.key, c.label) for c in CHOICES]
        if not self.notifier.ask(diary_ask.TITLE, diary_ask.BODY, buttons, self._on(day)):
            self.notifier.notify(Alert(diary_ask.TITLE, diary_ask.TERMINAL_BODY, False))

    def _on(self, day: date) -> Callable[[str], None]:
        def answered(key: str) -> None:  # on the notification server's thread: hand it over
            choice = diary_ask.choice_of(key)
            if choice is not None:
                self.answered = threading.Thread(
                    target=self.note, args=(choice, day), name="posture-diary", daemon=True
                )
                self.answered.start()

        return answered

    def note(self, choice: Choice, day: date) -> None:
        """Note the answer about `day` as `posture diary` does; say so, and the advice if due."""
        now = self.now()
        try:
            noted = app_diary.note(
                self.db, choice.level, list(choice.words), max((now.date() - day).days, 0), now
            )
        except PostureError as exc:
            self.notifier.notify(Alert("Not noted in your neck diary", str(exc), False))
            return
        written = noted.note
        when = "today" if written.day == now.date() else f"on {written.day:%a %d %b}"
        words = f" {', '.join(written.words)}" if written.words else ""
        said = f"Your neck {written.level}/10{words} {when}."
        self.notifier.notify(Alert(NOTED_TITLE, said, False))
        if noted.advice is not None:
            advice = noted.advice.text()
            self.notifier.notify(Alert(ADVICE_TITLE, advice[0].upper() + advice[1:], False))
