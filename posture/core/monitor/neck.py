"""Neck movement and stillness: when the neck last moved, one event per movement. Pure."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from posture.core.data import Reading
from posture.core.settings import Settings


@dataclass(frozen=True, slots=True)
class Move:
    """The neck moved at a reading."""

    largest_deg: float
    """The largest change of an angle within the movement window."""
    said: bool
    """The movement's first reading (later ones within the window are the same movement)."""


class Neck:
    """The neck moved when yaw, pitch, roll or the head-forward angle changed by `move_deg` or
    more within `move_window_s`; the still-neck timer runs from then."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.still_since: float | None = None
        """None until someone is first seen: the timers have not started."""
        self.last_move_event: float | None = None
        self.recent: deque[tuple[float, tuple[float | None, ...]]] = deque()

    @property
    def started(self) -> bool:
        return self.still_since is not None

    def start(self, t: float, still_s: float) -> None:
        """Someone seen for the first time, the neck still for `still_s` already."""
        self.still_since = t - still_s

    def restart(self, t: float) -> None:
        """Nobody was watched (back, a gap, a pause): the still timer starts again at `t`."""
        self.still_since = t
        self.recent.clear()

    def stretched(self, t: float) -> None:
        """A stretch the camera confirmed: a movement."""
        self.still_since, self.last_move_event = t, t
        self.recent.clear()

    def still_s(self, t: float) -> float:
        return t - self.still_since if self.still_since is not None else 0.0

    def update(self, reading: Reading, t: float) -> Move | None:
        """One reading; a Move if the neck moved (the still timer restarts at `t`)."""
        cfg = self.settings
        pose = (reading.yaw_deg, reading.pitch_deg, reading.roll_deg, reading.head_forward_deg)
        while self.recent and t - self.recent[0][0] > cfg.move_window_s:
            self.recent.popleft()
        largest = 0.0
        for _, before in self.recent:
            for a, b in zip(pose, before, strict=True):
                if a is not None and b is not None:
                    largest = max(largest, abs(a - b))
        self.recent.append((t, pose))
        if largest < cfg.move_deg:
            return None
        self.recent = deque([(t, pose)])  # the new position is the reference from here on
        self.still_since = t
        last = self.last_move_event
        if last is not None and t - last < cfg.move_window_s:
            return Move(largest, said=False)  # one event per movement, however many readings
        self.last_move_event = t
        return Move(largest, said=True)
