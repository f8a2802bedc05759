"""A day's figures as a stored rollup and back, losslessly: multi-day reports read these. Pure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from posture.core.reports.answers import ALERT_KINDS, AlertCount
from posture.core.reports.days import Day, Hour

ROLLUP_FORMAT = 2
"""The version of the record below; a rollup in another format is rebuilt from its samples
(2: alerts count snoozed and skipped ones apart from the ignored)."""


def day_record(d: Day) -> dict[str, Any]:
    """Every figure of a day as plain JSON values (floats kept exact)."""
    return {
        "format": ROLLUP_FORMAT,
        "day": d.day.isoformat(),
        "monitored_s": d.monitored_s,
        "present_s": d.present_s,
        "good_s": d.good_s,
        "forward_s": d.forward_s,
        "median_deg": d.median_deg,
        "p90_deg": d.p90_deg,
        "longest_forward_s": d.longest_forward_s,
        "longest_forward_from": d.longest_forward_from.isoformat()
        if d.longest_forward_from
        else None,
        "longest_still_s": d.longest_still_s,
        "still_periods_over": d.still_periods_over,
        "still_lengths": d.still_lengths,
        "longest_sitting_s": d.longest_sitting_s,
        "breaks": d.breaks,
        "alerts": {
            k: [c.raised, c.acted_on, c.ignored, c.snoozed, c.skipped] for k, c in d.alerts.items()
        },
        "stretches": d.stretches,
        "hours": [
            [h.hour, h.present_s, h.good_share, h.forward_share, h.median_deg] for h in d.hours
        ],
        "worst_hour": d.worst_hour,
        "events": d.events,
        "done_by_id": d.done_by_id,
        "fastest": d.fastest,
    }


def day_of(record: dict[str, Any]) -> Day:
    """The day a record holds; ValueError (or KeyError/TypeError) if it is not one."""
    if record.get("format") != ROLLUP_FORMAT:
        raise ValueError(f"rollup format {record.get('format')!r}")
    since = record["longest_forward_from"]
    return Day(
        day=date.fromisoformat(record["day"]),
        monitored_s=float(record["monitored_s"]),
        present_s=float(record["present_s"]),
        good_s=float(record["good_s"]),
        forward_s=float(record["forward_s"]),
        median_deg=_maybe(record["median_deg"]),
        p90_deg=_maybe(record["p90_deg"]),
        longest_forward_s=float(record["longest_forward_s"]),
        longest_forward_from=datetime.fromisoformat(since) if since else None,
        longest_still_s=float(record["longest_still_s"]),
        still_periods_over=int(record["still_periods_over"]),
        still_lengths=[float(x) for x in record["still_lengths"]],
        longest_sitting_s=float(record["longest_sitting_s"]),
        breaks=int(record["breaks"]),
        alerts=_alerts(record["alerts"]),
        stretches={str(k): int(v) for k, v in record["stretches"].items()},
        hours=[
            Hour(int(h), float(p), _maybe(g), _maybe(f), _maybe(m))
            for h, p, g, f, m in record["hours"]
        ],
        worst_hour=None if record["worst_hour"] is None else int(record["worst_hour"]),
        events={str(k): int(v) for k, v in record["events"].items()},
        done_by_id={str(k): int(v) for k, v in record["done_by_id"].items()},
        # Rollups stored before sharp movements were measured have none.
        fastest={str(k): float(v) for k, v in record.get("fastest", {}).items()},
    )


def _alerts(stored: dict[str, list[int]]) -> dict[str, AlertCount]:
    """The alert counts in the table's order; a kind the table gained after the rollup was
    stored (shoulders raised) counts none that day."""
    counts = {str(k): AlertCount(*(int(x) for x in v)) for k, v in stored.items()}
    return {k: counts.pop(k, AlertCount(0, 0, 0)) for k in ALERT_KINDS} | counts


def _maybe(x: float | None) -> float | None:
    return None if x is None else float(x)
