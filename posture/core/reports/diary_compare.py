"""The neck diary beside the day's figures: the days the neck was sore against the others. Pure.

What went together, not what caused what; with fewer than MIN_DAYS days on either side the
figures are shown but called too few to tell anything apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from posture.core.reports.days import Day
from posture.core.reports.diary import COMPLAINT_LEVEL, DiaryDay
from posture.core.reports.views import share
from posture.core.words import duration_text, plural

MIN_DAYS = 3
"""Fewer monitored days than this on either side: too few to tell the two apart."""


@dataclass(frozen=True, slots=True)
class Group:
    """Monitored days taken together: how many, the head-forward share over all of them (by
    time) and the mean of each day's longest still-neck period."""

    days: int
    forward_share: float | None
    longest_still_s: float | None

    @staticmethod
    def of(days: list[Day]) -> Group:
        judged = sum(d.judged_s for d in days)
        forward = sum(d.forward_s for d in days) / judged if judged else None
        still = sum(d.longest_still_s for d in days) / len(days) if days else None
        return Group(len(days), forward, still)

    def record(self) -> dict[str, object]:
        return {
            "days": self.days,
            "forward_share": None if self.forward_share is None else round(self.forward_share, 3),
            "longest_still_s": None
            if self.longest_still_s is None
            else round(self.longest_still_s),
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """The monitored days noted sore (COMPLAINT_LEVEL or more, or a word) against the other
    monitored days (noted fine or not noted); noted days that were not monitored are counted."""

    sore: Group
    other: Group
    unmonitored_notes: int

    @property
    def enough(self) -> bool:
        return self.sore.days >= MIN_DAYS and self.other.days >= MIN_DAYS

    def words(self) -> str:
        if not self.sore.days:
            return "no monitored day was noted sore (4/10 or more, or a word)"
        still = duration_text(self.sore.longest_still_s or 0.0)
        text = (
            f"on the {plural(self.sore.days, 'day')} you noted your neck sore: head forward "
            f"{share(self.sore.forward_share)} of the time, longest still {still} (on average)"
        )
        if self.other.days:
            text += (
                f"; on the other {plural(self.other.days, 'day')} "
                f"{share(self.other.forward_share)}, "
                f"{duration_text(self.other.longest_still_s or 0.0)}"
            )
        if not self.enough:
            text += f" (too few days to tell apart: fewer than {MIN_DAYS} on a side)"
        return text

    def record(self) -> dict[str, object]:
        return {
            "sore_level": COMPLAINT_LEVEL,
            "sore": self.sore.record(),
            "other": self.other.record(),
            "enough_days": self.enough,
            "noted_days_not_monitored": self.unmonitored_notes,
        }


def compare(days: list[Day], diary: dict[date, DiaryDay]) -> Comparison | None:
    """The period's sore days against its other monitored days (None: nothing noted in it)."""
    noted = [diary[d.day] for d in days if d.day in diary]
    if not noted:
        return None
    monitored = [d for d in days if not d.empty]
    sore = [d for d in monitored if d.day in diary and diary[d.day].complaint]
    other = [d for d in monitored if not (d.day in diary and diary[d.day].complaint)]
    unmonitored = sum(1 for d in days if d.empty and d.day in diary)
    return Comparison(Group.of(sore), Group.of(other), unmonitored)
