"""Presence and arrival: who is in view, away or back, and how long they have sat. Pure."""

from __future__ import annotations

from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.settings import Settings


class Presence:
    """Nobody in view for `away_after_s` is away; back after `away_break_s` (or a confirmed walk)
    is a break, which restarts the sitting time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.last_seen: float | None = None
        self.away_since: float | None = None
        self.away = False
        self.seen_now = False
        """Whether the last reading had someone in it."""
        self.arrived_t: float | None = None
        """When the person last appeared (first seen, back, or after a gap)."""
        self.walked = False
        """A walk the camera confirmed while away: coming back is a break."""
        self.sitting_s = 0.0
        """Present time since the last break."""

    def start(self, t: float, sitting_s: float) -> None:
        """Someone seen for the first time, having sat `sitting_s` already."""
        self.sitting_s, self.arrived_t = sitting_s, t

    def arrive(self, t: float) -> None:
        self.arrived_t = t

    def arriving(self, t: float) -> bool:
        """Within `arrival_s` of appearing (sitting down, reaching)."""
        return self.arrived_t is not None and t - self.arrived_t < self.settings.arrival_s

    def present_at(self, t: float | None) -> bool:
        """Whether someone is here at the last reading's time `t`."""
        return self.seen_now and self.last_seen == t and not self.away

    def walk(self) -> None:
        """A walk the camera confirmed: counts only while away."""
        self.walked = self.away

    def took_break(self, t: float, duration_s: float) -> Event:
        """A break: the sitting time restarts."""
        self.sitting_s = 0.0
        return Event(EventKind.BREAK, t, duration_s=duration_s)

    def see(self, present: bool, t: float) -> list[Event]:
        """One reading: BACK (and BREAK) when someone returns, AWAY once they have gone."""
        self.seen_now = present
        if present:
            events = []
            if self.away and self.away_since is not None:
                gone = t - self.away_since
                events.append(Event(EventKind.BACK, t, duration_s=gone))
                if gone >= self.settings.away_break_s or self.walked:
                    events.append(self.took_break(t, gone))
            self.away, self.away_since, self.last_seen, self.walked = False, None, t, False
            return events
        if self.last_seen is None:
            self.last_seen = t
        if not self.away and t - self.last_seen >= self.settings.away_after_s:
            self.away, self.away_since = True, self.last_seen
            return [Event(EventKind.AWAY, t)]
        return []
