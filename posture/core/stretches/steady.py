"""What keeps the stretch coach steady on a jittery camera: the neutral start with its jitter,
a measure smoothed over the last moment, and advice held until what is seen settles. Pure."""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

SMOOTH_S = 0.8
"""The measure is the median of the readings this recent (at least the last three)."""
NOISE_FACTOR = 2.0
"""The pose counts as reached only this far beyond the jitter seen while sitting still at the
start (the largest distance of a neutral reading from their median)..."""
NEED_CAP = 1.5
"""...but never more than this many times the stretch's own threshold, so a restless start
cannot ask for the impossible."""
SETTLE_S = 1.5
"""New advice waits until the camera has seen the same thing this long: guidance changes when
what the camera sees changes, not when one reading jitters."""


@dataclass(frozen=True, slots=True)
class Neutral:
    """The still start: its median and how far a still reading strayed from it (the jitter,
    in the measure's own units), and so how far the pose must go to count."""

    value: float
    jitter: float
    need: float


def neutral_of(offsets: list[float], value: float, threshold: float) -> Neutral:
    """The neutral start at `value`, its readings `offsets` from it (toward the goal)."""
    jitter = max((abs(o) for o in offsets), default=0.0)
    need = min(max(threshold, NOISE_FACTOR * jitter), NEED_CAP * threshold)
    return Neutral(value, jitter, need)


class Smoothed:
    """The median of the last SMOOTH_S seconds of a measure (at least three readings)."""

    def __init__(self) -> None:
        self._recent: deque[tuple[float, float]] = deque()

    def add(self, t: float, value: float) -> float:
        self._recent.append((t, value))
        while len(self._recent) > 3 and t - self._recent[0][0] > SMOOTH_S:
            self._recent.popleft()
        return statistics.median(v for _, v in self._recent)

    def clear(self) -> None:
        self._recent.clear()


class Settled:
    """Words that count once they have stayed the same for SETTLE_S."""

    def __init__(self) -> None:
        self._seen: tuple[float, str] | None = None

    def seen(self, t: float, words: str) -> bool:
        """Whether `words` (seen now) have been what is seen for long enough."""
        if self._seen is None or self._seen[1] != words:
            self._seen = (t, words)
        return t - self._seen[0] >= SETTLE_S

    def forget(self) -> None:
        self._seen = None
