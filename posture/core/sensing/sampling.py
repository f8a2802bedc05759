"""When the live loop needs the model, and when the model's last finding still stands. Pure.

With motion checks on, a reading whose picture has not changed since the model's last look gets
that look's finding again instead of a new one: the monitor still gets a reading at every tick
of its cadence, so its timers run exactly as with the model every time. The model looks again
when the picture moved or changed, when its finding is `refresh_s` old (a drift too slow for the
thumbnail), and until its last two looks agree: the same verdict from the monitor and head angles
within AGREE_DEG (one noisy reading is never carried on). A finding of nobody stands only once
the user counts as away.
"""

from __future__ import annotations

import enum
from collections import Counter, deque
from dataclasses import dataclass, replace

from posture.core.data import PoseSample, Reading
from posture.core.monitor.events import Posture
from posture.core.ports import Glance
from posture.core.settings import Settings

AGREE_DEG = 5.0
"""Two looks agree when every head angle differs by less than this: a still head's jitter (the
move_deg setting's evidence: under 5 deg on the shared still clip)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What the model found in a frame (None: nobody) and when."""

    t: float
    sample: PoseSample | None


class Why(enum.Enum):
    """Why the model looks again rather than its last finding standing."""

    FIRST = "no finding yet"
    OFF = "motion checks off"
    MOVED = "moved since the last glance"
    CHANGED = "changed since the model's last look"
    REFRESH = "the finding is refresh_s old"
    DISAGREE = "the last two looks disagree"
    NOBODY = "nobody found, not yet away"


class Sampler:
    """Remembers the model's last finding and says whether it stands for a reading at `t`;
    counts why the model looked again (`why`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._last: Finding | None = None
        self._looks: deque[tuple[Reading, Posture]] = deque(maxlen=2)
        self.why: Counter[Why] = Counter()

    def forget(self) -> None:
        """Start afresh (a pause, a lost or covered camera): the next reading is the model's."""
        self._last = None
        self._looks.clear()

    def standing(self, t: float, glance: Glance, away: bool) -> Finding | None:
        """The model's last finding if it stands for a reading at `t`, else None (look again)."""
        why = self.look_again(t, glance, away)
        if why is None:
            return self._last
        self.why[why] += 1
        return None

    def look_again(self, t: float, glance: Glance, away: bool) -> Why | None:
        """Why the model must look at a reading at `t` (None: its last finding stands)."""
        last = self._last
        if last is None:
            return Why.FIRST
        if self.settings.motion_hz <= 0:
            return Why.OFF
        if glance.moved or glance.changed:
            return Why.MOVED if glance.moved else Why.CHANGED
        if t - last.t >= self.settings.refresh_s:
            return Why.REFRESH
        if len(self._looks) < 2 or not agree(*self._looks[0], *self._looks[1]):
            return Why.DISAGREE
        return None if last.sample is not None or away else Why.NOBODY

    def reading_at(self, t: float) -> Reading:
        """The last look's reading, stamped `t`: what the metrics make of a standing finding
        (they depend on the frame's landmarks only, not on when they are read)."""
        return replace(self._looks[-1][0], t=t)

    def looked(self, finding: Finding, reading: Reading, verdict: Posture) -> None:
        """The model read a frame: what it found, its reading, the monitor's verdict after it."""
        self._last = finding
        self._looks.append((reading, verdict))


def agree(a: Reading, verdict_a: Posture, b: Reading, verdict_b: Posture) -> bool:
    """Whether two looks say the same: presence, verdict, and each head angle within AGREE_DEG
    (or missing in both)."""
    if a.present != b.present or verdict_a is not verdict_b:
        return False
    for x, y in (
        (a.head_forward_deg, b.head_forward_deg),
        (a.yaw_deg, b.yaw_deg),
        (a.pitch_deg, b.pitch_deg),
        (a.roll_deg, b.roll_deg),
    ):
        if (x is None) != (y is None) or (
            x is not None and y is not None and abs(x - y) >= AGREE_DEG
        ):
            return False
    return True
