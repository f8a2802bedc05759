"""What keeps the stretch coach steady on a jittery camera: the neutral start with its jitter,
a measure smoothed over the last moment, and advice held until what is seen settles. Pure."""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

SMOOTHED_OVER = 3
"""The measure is the median of the last three readings."""
JITTER_SPREADS = 3.0
"""A still person's readings stray up to this many standard deviations from neutral (the
deviation estimated robustly, from the median distance, so a move at the end of the still
moment does not count as jitter); the pose must go at least that far to count..."""
NEED_CAP = 1.5
"""...but never more than this many times the stretch's own threshold, so a restless start
cannot ask for the impossible."""
MAD_TO_SD = 1.4826
"""The standard deviation of normal jitter per unit of median absolute distance."""
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
    """The neutral start at `value` (the median), its readings `offsets` from it."""
    spread = statistics.median(abs(o) for o in offsets) * MAD_TO_SD if offsets else 0.0
    jitter = JITTER_SPREADS * spread
    need = min(max(threshold, jitter), NEED_CAP * threshold)
    return Neutral(value, jitter, need)


class Smoothed:
    """The median of the last SMOOTHED_OVER readings of a measure."""

    def __init__(self) -> None:
        self._recent: deque[float] = deque(maxlen=SMOOTHED_OVER)

    def add(self, value: float) -> float:
        self._recent.append(value)
        return statistics.median(self._recent)

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
