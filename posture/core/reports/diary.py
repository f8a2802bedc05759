"""The neck diary: how the neck felt each day, and when the texts advise seeing a doctor. Pure.

The texts: "You should consult a doctor if the spasms last more than 2 days. And if they are
aggressive, then immediately." So pain or spasm (or a level of 6 or more) noted on more than 2
days in a row brings the
advice once for that run of days, and a level of 8 or more (or a spasm noted as severe) brings
it at once; never more than once a day. It repeats the texts' advice; it is not a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from posture.core.errors import UsageError

WORDS = ("stiff", "sore", "pain", "spasm", "severe")
"""The words a note may carry (besides its level)."""
PAINFUL = frozenset({"pain", "spasm"})
"""A day noted with one of these counts towards the days in a row..."""
PAIN_LEVEL = 6
"""...and so does a day noted this high without a word (the tray notes a level with one click;
on the usual 0-10 pain scale 4-6 is moderate, 7-10 severe)."""
LEVELS = range(0, 11)
SEVERE_LEVEL = 8
"""A level this high is 'aggressive': the advice comes at once."""
DAYS_IN_A_ROW = 3
"""'More than 2 days'."""
COMPLAINT_LEVEL = 4
"""A day noted this high, or with any word, is a day the neck was not fine (for comparisons)."""


@dataclass(frozen=True, slots=True)
class Note:
    """One note: the local day it is about, a level 0 (fine) to 10 (worst), its words."""

    day: date
    level: int
    words: tuple[str, ...] = ()


def make_note(day: date, level: int, words: Iterable[str]) -> Note:
    """A checked note (UsageError naming what is wrong)."""
    if level not in LEVELS:
        raise UsageError(f"the level must be a whole number from 0 (fine) to 10, got {level}")
    found = tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip()))
    unknown = [w for w in found if w not in WORDS]
    if unknown:
        raise UsageError(f"unknown word '{unknown[0]}': the words are {', '.join(WORDS)}")
    return Note(day, level, tuple(w for w in WORDS if w in found))


@dataclass(frozen=True, slots=True)
class DiaryDay:
    """A day's notes together: the highest level and every word noted that day."""

    day: date
    level: int
    words: tuple[str, ...]
    notes: int = 1

    @property
    def painful(self) -> bool:
        return self.level >= PAIN_LEVEL or bool(PAINFUL & set(self.words))

    @property
    def severe(self) -> bool:
        return self.level >= SEVERE_LEVEL or {"spasm", "severe"} <= set(self.words)

    @property
    def complaint(self) -> bool:
        return self.level >= COMPLAINT_LEVEL or bool(self.words)

    def text(self) -> str:
        return f"{self.level}/10" + (f" {', '.join(self.words)}" if self.words else "")


def by_day(notes: Iterable[Note]) -> dict[date, DiaryDay]:
    """The notes gathered by day, oldest first."""
    out: dict[date, DiaryDay] = {}
    for n in sorted(notes, key=lambda n: n.day):
        had = out.get(n.day)
        if had is None:
            out[n.day] = DiaryDay(n.day, n.level, n.words)
        else:
            words = tuple(w for w in WORDS if w in set(had.words) | set(n.words))
            out[n.day] = DiaryDay(n.day, max(had.level, n.level), words, had.notes + 1)
    return out


class Reason(Enum):
    DAYS_IN_A_ROW = "days_in_a_row"
    SEVERE = "severe"


@dataclass(frozen=True, slots=True)
class Advice:
    """The texts' advice to see a doctor, why, and on which day it was due."""

    day: date
    reason: Reason
    days: int = 1
    """How many days in a row pain or spasm was noted."""

    def text(self) -> str:
        if self.reason is Reason.SEVERE:
            why = f"you noted a severe neck on {self.day:%a %d %b}"
        else:
            why = f"you noted neck pain or spasm on {self.days} days in a row"
        return (
            f"{why}. The medical texts behind posture advise seeing a doctor when neck spasms "
            "last more than 2 days, and at once when they are severe. posture cannot tell what "
            "causes it; a doctor can."
        )


def pain_run(diary: dict[date, DiaryDay], last: date) -> int:
    """How many days in a row, ending with `last`, pain or spasm was noted."""
    count = 0
    while (found := diary.get(last - timedelta(days=count))) is not None and found.painful:
        count += 1
    return count


def due(diary: dict[date, DiaryDay], day: date) -> Advice | None:
    """The advice due on `day` from the notes up to it (before 'once' and 'once a day')."""
    noted = diary.get(day)
    if noted is not None and noted.severe:
        return Advice(day, Reason.SEVERE)
    run = pain_run(diary, day)
    return Advice(day, Reason.DAYS_IN_A_ROW, run) if run >= DAYS_IN_A_ROW else None


def doctor_advice(notes: Iterable[Note], today: date, advised: Iterable[date]) -> Advice | None:
    """The advice to give now, or None: not if it was given today already; a severe note today
    or yesterday at once; days in a row (ending today, or yesterday while today has no note of
    pain) once for that run of days."""
    given = set(advised)
    if today in given:
        return None
    diary = by_day(notes)
    for day in (today, today - timedelta(days=1)):
        found = diary.get(day)
        if found is not None and found.severe and day not in given:
            return Advice(day, Reason.SEVERE)
    end = today if pain_run(diary, today) else today - timedelta(days=1)
    run = pain_run(diary, end)
    if run < DAYS_IN_A_ROW or any(end - timedelta(days=k) in given for k in range(run)):
        return None
    return Advice(today, Reason.DAYS_IN_A_ROW, run)


def advice_in(notes: Iterable[Note], first: date, last: date) -> Advice | None:
    """For a report of first..last: the latest advice due on one of its days (notes before
    `first` count towards days in a row), or None."""
    diary = by_day(notes)
    found = None
    day = first
    while day <= last:
        found = due(diary, day) or found
        day += timedelta(days=1)
    return found
