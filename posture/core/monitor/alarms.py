"""Alert timers: each alert's cooldown, repeats and escalation, and the snooze. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.settings import Settings


@dataclass
class _Alarm:
    """Cooldown and escalation of one kind of alert."""

    last_t: float | None = None
    repeat: int = 0
    active: bool = False


class Alarms:
    """Every alert repeats at most every `cooldown_s` while its cause lasts; from the
    `escalate_after`-th repeat it is urgent. A snooze holds them all for `snooze_s`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.snoozed_until: float | None = None
        self._alarms = {kind: _Alarm() for kind in ALERTS}

    def snooze(self, t: float) -> None:
        self.snoozed_until = t + self.settings.snooze_s

    def end_snooze(self) -> None:
        self.snoozed_until = None

    def snoozed_s(self, t: float) -> float:
        """How much longer the snooze holds the alerts (0: none)."""
        return max(self.snoozed_until - t, 0.0) if self.snoozed_until is not None else 0.0

    def active(self, kind: EventKind) -> bool:
        return self._alarms[kind].active

    @property
    def alerting(self) -> frozenset[EventKind]:
        return frozenset(k for k, a in self._alarms.items() if a.active)

    def reset(self, kind: EventKind) -> None:
        """The cause went away for good (a break): the alert starts afresh."""
        self._alarms[kind] = _Alarm()

    def rearm(self, kind: EventKind) -> None:
        """The cause went away (the neck moved): no longer active, the cooldown still holds."""
        self._alarms[kind] = _Alarm(last_t=self._alarms[kind].last_t)

    def clear_forward(self, t: float) -> Event:
        alarm = self._alarms[EventKind.FORWARD_ALERT]
        alarm.active, alarm.repeat = False, 0
        return Event(EventKind.FORWARD_CLEARED, t)

    def due(self, t: float, durations: dict[EventKind, tuple[float, float]]) -> list[Event]:
        """The alerts raised at `t`, given how long each cause has lasted and its limit."""
        cfg = self.settings
        if self.snoozed_until is not None and t < self.snoozed_until:
            return []
        events = []
        for kind, (lasted, limit) in durations.items():
            alarm = self._alarms[kind]
            if lasted < limit:
                continue
            if alarm.last_t is not None and t - alarm.last_t < cfg.cooldown_s:
                continue
            repeat = alarm.repeat if alarm.active else 0
            urgent = repeat >= cfg.escalate_after
            events.append(Event(kind, t, duration_s=round(lasted, 1), repeat=repeat, urgent=urgent))
            alarm.last_t, alarm.active, alarm.repeat = t, True, repeat + 1
        return events
