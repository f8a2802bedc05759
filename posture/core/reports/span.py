"""Several days at once: a period's days, totals and trend, and what it is compared with. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

import numpy as np

from posture.core.reports.days import Day, summarize_day
from posture.core.reports.diary import Advice, DiaryDay
from posture.core.reports.history import History


@dataclass(frozen=True, slots=True)
class Span:
    """Several days' figures, and sums of as many days before them (for comparison)."""

    days: list[Day]
    previous: dict[str, float | None]
    simulated: bool = False
    """Made up by `posture demo`: every report of it says so."""
    replayed: bool = False
    """Played from recordings, not a webcam."""
    diary: dict[date, DiaryDay] = field(default_factory=dict)
    """The neck diary's notes of these days, by day."""
    advice: Advice | None = None
    """The texts' doctor advice, if due on one of these days."""

    def totals(self) -> dict[str, float | None]:
        days = [d for d in self.days if not d.empty]
        judged = sum(d.judged_s for d in days)
        alerts = sum(c.raised for d in days for c in d.alerts.values())
        return {
            "days_monitored": float(len(days)),
            "monitored_s": sum(d.monitored_s for d in days),
            "present_s": sum(d.present_s for d in days),
            "forward_share": sum(d.forward_s for d in days) / judged if judged else None,
            "alerts_per_day": alerts / len(days) if days else None,
            "breaks_per_day": sum(d.breaks for d in days) / len(days) if days else None,
        }

    def trend(self) -> float | None:
        """Change of the forward-head share per day (share points/day), over monitored days."""
        points = [
            (i, d.forward_share) for i, d in enumerate(self.days) if d.forward_share is not None
        ]
        if len(points) < 2:
            return None
        x, y = zip(*points, strict=True)
        return float(np.polyfit(np.array(x, float), np.array(y, float), 1)[0])


def summarize_span(history: History, first: date, last: date, zone: tzinfo) -> Span:
    """Each day from `first` to `last`; the history's `previous` sums come along."""
    count = (last - first).days + 1
    days = [summarize_day(history, first + timedelta(days=i), zone) for i in range(count)]
    return Span(days, dict(history.previous))


def sums(days: list[Day]) -> dict[str, float | None]:
    """What a period is compared with: its forward-head share (by time), alerts and breaks."""
    judged = sum(d.judged_s for d in days)
    return {
        "forward_share": sum(d.forward_s for d in days) / judged if judged else None,
        "alerts": float(sum(c.raised for d in days for c in d.alerts.values())),
        "breaks": float(sum(d.breaks for d in days)),
        "days_monitored": float(sum(not d.empty for d in days)),
    }


def iter_days(first: date, last: date) -> Iterable[date]:
    for i in range((last - first).days + 1):
        yield first + timedelta(days=i)
