"""Daily and weekly summaries of the history. Pure (numpy and the standard library).

Days are the user's local days: a day runs from local midnight to the next local midnight in the
given time zone, so DST days last 23 or 25 hours. Each sample stands for the time until the next
one (at most MAX_WEIGHT_S, and never past the day's end). How each alert was answered is
counted in `answers`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

import numpy as np

from posture.core.errors import UsageError
from posture.core.reports.answers import ALERT_KINDS, AlertCount, count_answers
from posture.core.reports.history import (
    FORWARD,
    GOOD,
    PAUSED,
    PRESENT,
    History,
    Samples,
    in_range,
)
from posture.core.reports.sharp import fastest_of

MAX_WEIGHT_S = 10.0
WORST_HOUR_MIN_S = 600.0
"""An hour needs this much presence to be named the worst."""


@dataclass(frozen=True, slots=True)
class Hour:
    hour: int
    present_s: float
    good_share: float | None
    forward_share: float | None
    median_deg: float | None


@dataclass(frozen=True, slots=True)
class Day:
    """One local day's figures."""

    day: date
    monitored_s: float
    present_s: float
    good_s: float
    forward_s: float
    median_deg: float | None
    p90_deg: float | None
    longest_forward_s: float
    longest_forward_from: datetime | None
    longest_still_s: float
    still_periods_over: int
    still_lengths: list[float]
    longest_sitting_s: float
    breaks: int
    alerts: dict[str, AlertCount]
    stretches: dict[str, int]
    hours: list[Hour]
    worst_hour: int | None
    events: dict[str, int] = field(default_factory=dict)
    """How many events of each stored kind (sharp movements among them, once they are stored)."""
    done_by_id: dict[str, int] = field(default_factory=dict)
    """Stretches completed or partly done, by stretch id."""
    fastest: dict[str, float] = field(default_factory=dict)
    """The fastest sharp turn and nod (deg/s), by stored kind (posture/core/reports/sharp.py)."""

    @property
    def empty(self) -> bool:
        return self.monitored_s == 0.0

    @property
    def judged_s(self) -> float:
        return self.good_s + self.forward_s

    @property
    def good_share(self) -> float | None:
        return self.good_s / self.judged_s if self.judged_s else None

    @property
    def forward_share(self) -> float | None:
        return self.forward_s / self.judged_s if self.judged_s else None


FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(9998, 12, 31)
"""Days a report can be asked for. The history holds Unix epoch times, so nothing is earlier;
the last year Python's dates hold is left as room for what a report computes past its last day
(the next midnight, a zone's offset)."""


def check_day(day: date, flag: str) -> date:
    """The day if a report can cover it; a UsageError naming the flag and the range if not."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{flag} must be between {FIRST_DAY} and {LAST_DAY}, got {day}")
    return day


def day_bounds(day: date, zone: tzinfo) -> tuple[float, float]:
    """UTC epoch seconds of a local day's start and end (23, 24 or 25 hours apart)."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start.timestamp(), end.timestamp()


def _weights(t: np.ndarray, end: float) -> np.ndarray:
    nxt = np.append(t[1:], min(t[-1] + 1.0, end)) if len(t) else t
    return np.asarray(np.clip(np.minimum(nxt, end) - t, 0.0, MAX_WEIGHT_S), dtype=float)


def _longest_run(s: Samples, w: np.ndarray, mask: np.ndarray) -> tuple[float, int]:
    """Longest run of consecutive samples in `mask` (a gap over MAX_WEIGHT_S ends a run);
    its length in seconds and the index it starts at (-1: none)."""
    if not mask.any():
        return 0.0, -1
    previous = np.append(False, mask[:-1])
    gap = np.append(True, np.diff(s.t) > MAX_WEIGHT_S)
    starts = mask & (~previous | gap)
    run = np.cumsum(starts) - 1
    lengths = np.bincount(run[mask], weights=w[mask])
    best = int(np.argmax(lengths))
    return float(lengths[best]), int(np.flatnonzero(starts)[best])


def _still_periods(s: Samples) -> list[float]:
    """The length of every still-neck period (the still timer's peak before each reset)."""
    still = s.still[s.has(PRESENT)]
    if not len(still):
        return []
    resets = np.flatnonzero(still[1:] < still[:-1] - 5.0) + 1
    return [float(x) for x in np.maximum.reduceat(still, np.append(0, resets))]


def _hour_labels(s: Samples, start: float, end: float, zone: tzinfo) -> np.ndarray:
    """Each sample's local hour: quarter-hour slots from local midnight, each labelled by the
    local hour of its middle (right across DST changes and half- or quarter-hour zones)."""
    slots = np.arange(start, end, 900.0)
    labels = np.array([datetime.fromtimestamp(b + 450.0, zone).hour for b in slots])
    return np.asarray(labels[np.clip(np.searchsorted(slots, s.t, "right") - 1, 0, None)])


def _hours(s: Samples, w: np.ndarray, labels: np.ndarray) -> list[Hour]:
    present = s.has(PRESENT)
    out = []
    for h in range(24):
        here = present & (labels == h)
        good = float(w[here & s.has(GOOD)].sum())
        forward = float(w[here & s.has(FORWARD)].sum())
        judged = good + forward
        angles = s.angle[here]
        angles = angles[~np.isnan(angles)]
        out.append(
            Hour(
                hour=h,
                present_s=float(w[here].sum()),
                good_share=good / judged if judged else None,
                forward_share=forward / judged if judged else None,
                median_deg=float(np.median(angles)) if len(angles) else None,
            )
        )
    return out


def _worst(hours: list[Hour]) -> int | None:
    candidates = [h for h in hours if h.present_s >= WORST_HOUR_MIN_S and h.forward_share]
    return max(candidates, key=lambda h: h.forward_share or 0.0).hour if candidates else None


def _longest_sitting(s: Samples, w: np.ndarray, breaks: list[float]) -> float:
    """Most present time between two breaks."""
    if not len(s.t):
        return 0.0
    cuts = np.unique(np.searchsorted(s.t, breaks))
    cuts = cuts[(cuts > 0) & (cuts < len(s.t))]
    sitting = np.where(s.has(PRESENT), w, 0.0)
    return float(np.add.reduceat(sitting, np.append(0, cuts)).max())


def empty_day(day: date) -> Day:
    """The figures of a day with nothing stored (what summarize_day gives for it, at once)."""
    zero = AlertCount(0, 0, 0)
    return Day(
        day=day,
        monitored_s=0.0,
        present_s=0.0,
        good_s=0.0,
        forward_s=0.0,
        median_deg=None,
        p90_deg=None,
        longest_forward_s=0.0,
        longest_forward_from=None,
        longest_still_s=0.0,
        still_periods_over=0,
        still_lengths=[],
        longest_sitting_s=0.0,
        breaks=0,
        alerts=dict.fromkeys(ALERT_KINDS, zero),
        stretches={"completed": 0, "partial": 0, "skipped": 0, "ignored": 0, "suggested": 0},
        hours=[Hour(h, 0.0, None, None, None) for h in range(24)],
        worst_hour=None,
    )


def summarize_day(history: History, day: date, zone: tzinfo) -> Day:
    """The figures of one local day."""
    start, end = day_bounds(day, zone)
    h = in_range(history, start, end)
    if not len(h.samples.t) and not h.events and not h.stretches:
        return empty_day(day)
    s = h.samples.where(~h.samples.has(PAUSED))
    w = _weights(s.t, end)
    present = s.has(PRESENT)
    angles = s.angle[present & ~np.isnan(s.angle)]
    longest_forward, at = _longest_run(s, w, present & s.has(FORWARD))
    still = _still_periods(s)
    hours = _hours(s, w, _hour_labels(s, start, end, zone))
    breaks = [e.t for e in h.events if e.kind == "break"]
    stretches = {
        status: sum(x.status == status for x in h.stretches)
        for status in ("completed", "partial", "skipped")
    }
    stretches["ignored"] = sum(x.status == "suggested" for x in h.stretches)  # never answered
    stretches["suggested"] = len(h.stretches)
    return Day(
        day=day,
        monitored_s=float(w.sum()),
        present_s=float(w[present].sum()),
        good_s=float(w[present & s.has(GOOD)].sum()),
        forward_s=float(w[present & s.has(FORWARD)].sum()),
        median_deg=float(np.median(angles)) if len(angles) else None,
        p90_deg=float(np.percentile(angles, 90)) if len(angles) else None,
        longest_forward_s=longest_forward,
        longest_forward_from=datetime.fromtimestamp(float(s.t[at]), zone) if at >= 0 else None,
        longest_still_s=max(still, default=0.0),
        still_periods_over=sum(p >= history.still_alert_s for p in still),
        still_lengths=still,
        longest_sitting_s=_longest_sitting(s, w, breaks),
        breaks=len(breaks),
        alerts=count_answers(h.events, h.stretches),
        stretches=stretches,
        hours=hours,
        worst_hour=_worst(hours),
        events=dict(Counter(e.kind for e in h.events)),
        done_by_id=dict(
            Counter(x.stretch_id for x in h.stretches if x.status in ("completed", "partial"))
        ),
        fastest=fastest_of(h.events),
    )
