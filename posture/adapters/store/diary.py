"""The neck diary in the history: notes by local day, and the days the doctor advice was given."""

from __future__ import annotations

import sqlite3
from datetime import date

from posture.adapters.store.errors import fail, not_numbers
from posture.adapters.store.file import HistoryFile
from posture.core.reports.diary import WORDS, Note, Reason

DIARY_VERSION = 5
"""The schema version that brought the diary."""


class DiaryRows(HistoryFile):
    """The diary's rows (mixed into `Store`). A history older than the diary, read without
    upgrading it, has no notes."""

    def add_note(self, t_utc: float, note: Note, noted_utc: float) -> None:
        """Store a note; `t_utc` lies in its local day (now, or as long ago as the day is),
        `noted_utc` is when it was written. Committed at once."""
        self._write(
            "INSERT INTO diary (t, day, level, words, noted) VALUES (?, ?, ?, ?, ?)",
            (t_utc, note.day.isoformat(), note.level, " ".join(note.words), noted_utc),
        )
        self.commit()

    def notes(self, first: date, last: date) -> list[Note]:
        """The notes about the local days first..last, oldest first."""
        if self.version < DIARY_VERSION:
            return []
        rows = self._read(
            "SELECT day, level, words FROM diary WHERE day >= ? AND day <= ? ORDER BY day, t",
            (first.isoformat(), last.isoformat()),
        )
        try:
            return [
                Note(
                    date.fromisoformat(str(day)),
                    int(level),
                    tuple(w for w in str(words or "").split() if w in WORDS),
                )
                for day, level, words in rows
            ]
        except (ValueError, TypeError):
            raise not_numbers(self.path) from None

    def add_advice(self, t_utc: float, given: date, reason: Reason) -> None:
        """The doctor advice was given on the local day `given`. Committed at once."""
        self._write(
            "INSERT INTO advice (t, day, reason) VALUES (?, ?, ?)",
            (t_utc, given.isoformat(), reason.value),
        )
        self.commit()

    def advised(self, first: date, last: date) -> list[date]:
        """The local days first..last on which the advice was given."""
        if self.version < DIARY_VERSION:
            return []
        try:
            rows = self._db.execute(
                "SELECT DISTINCT day FROM advice WHERE day >= ? AND day <= ? ORDER BY day",
                (first.isoformat(), last.isoformat()),
            ).fetchall()
            return [date.fromisoformat(str(r[0])) for r in rows]
        except sqlite3.Error as exc:
            raise fail(self.path, exc) from None
        except (ValueError, TypeError):
            raise not_numbers(self.path) from None
