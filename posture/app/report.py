"""Wiring for `posture report` and `posture demo`: the history read back, a demo day written."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as day_time
from pathlib import Path

from posture.adapters.store import family
from posture.adapters.store.rollup import DEMO_SOURCE
from posture.adapters.store.store import Store
from posture.adapters.system import paths
from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.data import StretchResult
from posture.core.errors import PostureError
from posture.core.reports import days as report
from posture.core.reports import diary, history
from posture.core.reports import span as spans
from posture.core.settings import Settings
from posture.core.sim.demo import START_HOUR, Workday


def load_span(
    db: Path, first: date, last: date, zone: tzinfo, sample_days: int = 1
) -> tuple[spans.Span, history.History]:
    """Each day from first to last, with sums of as many days before for comparison, and the
    samples of the last `sample_days` days (for charts). Every day, one as much as many, is
    read from its daily rollup where that can be trusted (the only figures left of a day whose
    samples retention dropped), else summed from its samples."""
    count = (last - first).days + 1
    with Store(db, time.monotonic, read_only=True) as store:
        from_day = last - timedelta(days=max(1, min(sample_days, count)) - 1)
        samples = store.history(
            report.day_bounds(from_day, zone)[0], report.day_bounds(last, zone)[1]
        )
        days = store.days(first, last, zone)
        previous = store.days(first - timedelta(days=count), first - timedelta(days=1), zone)
        sessions = store.sessions
        notes = store.notes(first - timedelta(days=diary.DAYS_IN_A_ROW), last)
    notes = _your_notes(db, first, last) or notes
    span = spans.Span(
        days,
        spans.sums(previous),
        simulated=sessions.simulated,
        replayed=sessions.replayed,
        diary={d: n for d, n in diary.by_day(notes).items() if d >= first},
        advice=diary.advice_in(notes, first, last),
    )
    return span, samples


def _your_notes(db: Path, first: date, last: date) -> list[diary.Note]:
    """A report of the replays shows the neck diary kept in your history (`posture diary`
    writes there): the notes are the person's, not a recording's. Empty for other histories, or
    if the history cannot be read."""
    yours = paths.default_db()
    if db == yours or db != paths.replay_db() or not family.is_history(yours):
        return []
    try:
        with Store(yours, time.monotonic, read_only=True) as store:
            return store.notes(first - timedelta(days=diary.DAYS_IN_A_ROW), last)
    except PostureError:
        return []


def write_demo(
    db: Path, day: date, zone: tzinfo, progress: Callable[[int], None] = lambda hour: None
) -> Path:
    """Play the simulated workday into a history database; returns its path. `progress` hears
    each simulated hour of the day (9 for 09:00) as its playing starts."""
    catalogue = load_catalogue()
    workday = Workday(catalogue, Settings())
    start = datetime.combine(day, day_time(0), tzinfo=zone).timestamp() + START_HOUR * 3600

    def wall(t: float) -> float:
        return start + t

    with Store(db, time.monotonic) as store:
        store.start_session(start, DEMO_SOURCE, asdict(workday.settings))
        last, hour = 0.0, -1
        for step in workday:
            if int(step.t // 3600) > hour:
                hour = int(step.t // 3600)
                progress(int(START_HOUR) + hour)
            store.add_sample(wall(step.t), step.reading, step.status)
            store.add_events(wall, step.events)
            last = step.t
        for s in workday.stretches:
            row = store.suggest_stretch(wall(s.t), s.stretch_id, s.cause)
            if s.status != "suggested":
                result = StretchResult(s.stretch_id, s.status, s.done, s.total, True, s.seconds)
                store.record_stretch(row, wall(s.t + s.seconds), result)
        store.end_session(wall(last))
    return db
