"""Wiring for `posture report` and `posture demo`: the history read back, a demo day written."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import asdict
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as day_time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from posture.adapters.catalogue import load as load_catalogue
from posture.adapters.store import Store
from posture.core import history, report
from posture.core.data import StretchResult
from posture.core.demo import START_HOUR, Workday
from posture.core.errors import UsageError
from posture.core.settings import Settings

ZONE_SHOWN = 60
"""An unknown zone name is quoted up to this many characters."""


def local_zone(name: str | None = None) -> tzinfo:
    """The zone days are counted in: --tz, else $TZ, else the system's, with its DST rules."""
    key = name or os.environ.get("TZ")
    if key:
        try:
            return ZoneInfo(key.lstrip(":"))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            # OSError: a folder of the zone database ("Europe"), a name too long for a file name
            shown = key if len(key) <= ZONE_SHOWN else key[: ZONE_SHOWN - 3] + "..."
            raise UsageError(
                f"unknown time zone '{shown}' (try a name like Europe/Berlin)"
            ) from None
    system = Path("/etc/localtime")
    target = str(system.resolve())
    if "zoneinfo/" in target:  # a link into the zone database names the zone
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
    try:
        with system.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="local time")
    except (OSError, ValueError):
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None  # astimezone() always sets one
        return zone


def load_span(
    db: Path, first: date, last: date, zone: tzinfo
) -> tuple[report.Span, history.History]:
    """Each day from first to last, with sums of as many days before for comparison."""
    count = (last - first).days + 1
    before, _ = report.day_bounds(first - timedelta(days=count), zone)
    start, _ = report.day_bounds(first, zone)
    _, end = report.day_bounds(last, zone)
    with Store(db, time.monotonic, read_only=True) as store:
        history = store.history(start, end, previous_from=before)
    return report.summarize_span(history, first, last, zone), history


def write_demo(db: Path, day: date, zone: tzinfo) -> Path:
    """Play the simulated workday into a history database; returns its path."""
    catalogue = load_catalogue()
    workday = Workday(catalogue, Settings())
    start = datetime.combine(day, day_time(0), tzinfo=zone).timestamp() + START_HOUR * 3600

    def wall(t: float) -> float:
        return start + t

    with Store(db, time.monotonic) as store:
        store.start_session(start, "posture demo (simulated)", asdict(workday.settings))
        last = 0.0
        for step in workday:
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
