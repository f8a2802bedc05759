"""The history as read back for reports: samples in columns, events and stretches. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

DEFAULT_STILL_ALERT_S = 1500.0
"""The still-neck alert time a history is summarised with when it names none."""

PRESENT, FORWARD, GOOD, PAUSED = 1, 2, 4, 8
"""Bits of `Samples.code`."""


@dataclass(frozen=True)
class Samples:
    """Samples as columns (oldest first): time, angle (NaN: none), still seconds, code bits."""

    t: np.ndarray
    angle: np.ndarray
    still: np.ndarray
    code: np.ndarray

    @staticmethod
    def of(rows: Iterable[tuple[float, float | None, float, int]]) -> Samples:
        """From (t, angle, still_s, code) rows."""
        table = np.array(list(rows), dtype=float).reshape(-1, 4)
        return Samples(table[:, 0], table[:, 1], table[:, 2], table[:, 3].astype(np.int64))

    def between(self, start: float, end: float) -> Samples:
        i, j = np.searchsorted(self.t, [start, end])
        return Samples(self.t[i:j], self.angle[i:j], self.still[i:j], self.code[i:j])

    def where(self, mask: np.ndarray) -> Samples:
        return Samples(self.t[mask], self.angle[mask], self.still[mask], self.code[mask])

    def has(self, bit: int) -> np.ndarray:
        return (self.code & bit) > 0


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as stored: `value` (a sharp movement's peak speed in deg/s), `amplitude_deg`."""

    t: float
    kind: str
    duration_s: float | None = None
    value: float | None = None
    amplitude_deg: float | None = None


@dataclass(frozen=True, slots=True)
class StretchRow:
    t: float
    stretch_id: str
    cause: str | None
    status: str


@dataclass
class History:
    """Everything stored in a time range, oldest first; `previous` sums the period before it."""

    samples: Samples = field(default_factory=lambda: Samples.of([]))
    events: list[EventRecord] = field(default_factory=list)
    stretches: list[StretchRow] = field(default_factory=list)
    still_alert_s: float = DEFAULT_STILL_ALERT_S
    previous: dict[str, float | None] = field(default_factory=dict)


def in_range(history: History, start: float, end: float) -> History:
    """The part of a history inside [start, end)."""
    return History(
        history.samples.between(start, end),
        [e for e in history.events if start <= e.t < end],
        [s for s in history.stretches if start <= s.t < end],
        history.still_alert_s,
    )
