"""How each alert was answered: acted on, skipped, snoozed or ignored. Pure.

"Acted on": within ACT_WINDOW_S of an alert (and before its reminder) its cause went away
(forward head cleared, the neck moved, a break) or a stretch for it was done; else "skipped" (its
stretch declined) or "snoozed"; otherwise the alert was ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from posture.core.monitor.alert_table import ALERT_TABLE
from posture.core.reports.history import EventRecord, StretchRow

ACT_WINDOW_S = 600.0

ALERT_KINDS = tuple(spec.kind.value for spec in ALERT_TABLE)
"""The stored kinds of the alerts, in the table's order (the reports list them so)."""
RELIEF = {spec.kind.value: spec.relief.value for spec in ALERT_TABLE}
"""Alert kind -> the stored kind of the event that shows its cause went away."""


@dataclass(frozen=True, slots=True)
class AlertCount:
    """Each alert raised counted once, as the first that applies: acted on (its cause went away
    or a stretch for it was done), skipped (its stretch declined), snoozed, else ignored."""

    raised: int
    acted_on: int
    ignored: int
    snoozed: int = 0
    skipped: int = 0


def count_answers(events: list[EventRecord], stretches: list[StretchRow]) -> dict[str, AlertCount]:
    """Each alert's answer within ACT_WINDOW_S of it, or before its own reminder (see AlertCount).
    A stretch row is stamped when it was offered, with the alert."""
    snoozes = [e.t for e in events if e.kind == "snoozed"]
    out = {}
    for kind in ALERT_KINDS:
        raised = sorted(e.t for e in events if e.kind == kind)
        relief = [e.t for e in events if e.kind == RELIEF[kind]]
        rows = [s for s in stretches if s.cause == kind]
        done = [s.t for s in rows if s.status in ("completed", "partial")]
        skipped = [s.t for s in rows if s.status == "skipped"]
        counts = Counter[str]()
        for t, end in zip(raised, [*raised[1:], float("inf")], strict=False):
            end = min(end, t + ACT_WINDOW_S)
            if any(t < r <= end for r in relief) or any(t <= r < end for r in done):
                counts["acted"] += 1
            elif any(t <= r < end for r in skipped):
                counts["skipped"] += 1
            elif any(t <= r < end for r in snoozes):
                counts["snoozed"] += 1
        answered = counts["acted"] + counts["skipped"] + counts["snoozed"]
        out[kind] = AlertCount(
            len(raised), counts["acted"], len(raised) - answered, counts["snoozed"],
            counts["skipped"],
        )  # fmt: skip
    return out
