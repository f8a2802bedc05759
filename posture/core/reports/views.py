"""A day's report as records for output: the JSON/CSV record and the timeline chart's points.

Pure: the commands and the HTML adapter format these; `reports.days` computes the figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import numpy as np

from posture.core.reports.answers import ALERT_KINDS
from posture.core.reports.days import MAX_WEIGHT_S, Day, day_bounds
from posture.core.reports.diary import DiaryDay
from posture.core.reports.history import PRESENT, History, in_range
from posture.core.reports.sharp import sharp_of


def share(x: float | None) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{x:.0%}"


def day_dict(d: Day, note: DiaryDay | None = None) -> dict[str, object]:
    """One day as the JSON report writes it (documented in docs/report-json.md), with the
    neck diary's note of the day (`diary`: null when nothing was noted)."""
    return {
        "date": d.day.isoformat(),
        "empty": d.empty,
        "monitored_s": round(d.monitored_s),
        "present_s": round(d.present_s),
        "good_share": _r(d.good_share, 3),
        "forward_share": _r(d.forward_share, 3),
        "median_deg": _r(d.median_deg, 1),
        "p90_deg": _r(d.p90_deg, 1),
        "longest_forward_s": round(d.longest_forward_s),
        "longest_forward_from": d.longest_forward_from.isoformat()
        if d.longest_forward_from
        else None,
        "longest_still_s": round(d.longest_still_s),
        "still_periods_over_threshold": d.still_periods_over,
        "longest_sitting_s": round(d.longest_sitting_s),
        "breaks": d.breaks,
        "alerts": {
            k: {
                "raised": c.raised,
                "acted_on": c.acted_on,
                "snoozed": c.snoozed,
                "skipped": c.skipped,
                "ignored": c.ignored,
            }
            for k, c in d.alerts.items()
        },
        "stretches": dict(d.stretches),
        "hours": [
            {
                "hour": h.hour,
                "present_s": round(h.present_s),
                "good_share": _r(h.good_share, 3),
                "forward_share": _r(h.forward_share, 3),
                "median_deg": _r(h.median_deg, 1),
            }
            for h in d.hours
        ],
        "worst_hour": d.worst_hour,
        "sharp_movements": sharp_of([d]).record(),
        "diary": None
        if note is None
        else {"level": note.level, "words": list(note.words), "notes": note.notes},
    }


def _r(x: float | None, digits: int) -> float | None:
    return None if x is None else round(x, digits)


@dataclass(frozen=True, slots=True)
class Timeline:
    """What the day's timeline chart draws: angles over time, alerts, breaks (local times)."""

    times: list[datetime]
    angles: list[float]
    alerts: list[tuple[datetime, str]]
    breaks: list[tuple[datetime, datetime]]
    monitored: list[tuple[datetime, datetime]]
    """Stretches of time with samples (no gap over MAX_WEIGHT_S); the rest was not monitored."""
    events: list[tuple[datetime, str]]
    """Every other event worth marking (sharp movements, once stored), by kind."""


def timeline(history: History, day: date, zone: tzinfo, max_points: int = 3000) -> Timeline:
    start, end = day_bounds(day, zone)
    h = in_range(history, start, end)
    s = h.samples
    keep = s.has(PRESENT) & ~np.isnan(s.angle)
    points = list(zip(s.t[keep].tolist(), s.angle[keep].tolist(), strict=True))
    step = max(1, len(points) // max_points)

    def local(t: float) -> datetime:
        return datetime.fromtimestamp(t, zone)

    return Timeline(
        times=[local(t) for t, _ in points[::step]],
        angles=[a for _, a in points[::step]],
        alerts=[(local(e.t), e.kind) for e in h.events if e.kind in ALERT_KINDS],
        breaks=[
            (local(e.t - (e.duration_s or 0.0)), local(e.t)) for e in h.events if e.kind == "break"
        ],
        monitored=[(local(a), local(b)) for a, b in _segments(s.t, end)],
        events=[(local(e.t), e.kind) for e in h.events if "sharp" in e.kind],
    )


def _segments(t: np.ndarray, end: float) -> list[tuple[float, float]]:
    """Runs of samples with no gap over MAX_WEIGHT_S, each as (first, last + its weight)."""
    if not len(t):
        return []
    cut = np.flatnonzero(np.diff(t) > MAX_WEIGHT_S)
    starts, stops = np.append(0, cut + 1), np.append(cut, len(t) - 1)
    return [(float(t[a]), min(float(t[b]) + 1.0, end)) for a, b in zip(starts, stops, strict=True)]
