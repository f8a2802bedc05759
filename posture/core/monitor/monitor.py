"""The monitor: timers, hysteresis and alerts over a stream of readings. Pure; never reads a clock.

`Monitor.update(reading)` is one step: it takes a Reading (whose `t` is monotonic seconds) and
returns the events that step produced. Pause, snooze and resume are steps too, given their time.

Rules, with the settings that tune them (see posture/settings.py for defaults and sources):

* Presence: nobody in view for `away_after_s` is *away*; someone back is *back*. Away for
  `away_break_s` or more is a *break*: the sitting timer and the forward-head episode restart.
* Forward head: with a calibration, a reading `past_upright_deg` beyond the person's own upright
  is bad; without one, a reading above `forward_threshold_deg`. Below that by `forward_margin_deg`
  is good, in between keeps the last verdict (hysteresis). For `arrival_s` after someone appears
  (sitting down, reaching) a forward reading starts no timer. Bad for `forward_hold_s` raises the
  alert; good runs shorter than `forward_gap_s` (a glance, a lean back) neither raise nor reset it;
  good for `forward_clear_s` clears it.
* View: with a calibration, a view that no longer matches it (core/measure/baseline.py) for a
  while is said once (view changed) and judges no forward head until it matches again.
* Neck stillness: the neck *moved* when yaw, pitch, roll or the head-forward angle changed by
  `move_deg` or more within `move_window_s`. Still for `still_alert_s` raises the alert.
* Sitting: present time since the last break; `sitting_alert_s` raises the alert.
* A gap in the readings longer than MAX_STEP_S (the computer slept, the clock jumped) restarts
  the still-neck and forward timers; a gap as long as `away_break_s` counts as a break.
* Every alert repeats at most every `cooldown_s` while its cause lasts; from the
  `escalate_after`-th repeat it is marked urgent. Snooze holds alerts for `snooze_s`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from posture.core.data import Reading, View
from posture.core.measure.baseline import Upright, ViewWatch, forward_from
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Carry, Event, Posture, Status, Unknown, why_unknown
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.shoulders import ShoulderWatch
from posture.core.settings import Settings

MIN_CONFIDENCE = 0.3
"""Readings less sure than this do not judge posture (they still count as presence)."""

MAX_STEP_S = 30.0
"""A longer gap between readings (the computer slept, the clock jumped) adds no sitting time."""


@dataclass
class _Alarm:
    """Cooldown and escalation of one kind of alert."""

    last_t: float | None = None
    repeat: int = 0
    active: bool = False


@dataclass
class _State:
    last_t: float | None = None
    last_seen: float | None = None
    away_since: float | None = None
    away: bool = False
    verdict: Posture = Posture.UNKNOWN
    forward_since: float | None = None
    good_since: float | None = None
    still_since: float | None = None
    last_move_event: float | None = None
    sitting_s: float = 0.0
    paused_until: float | None = None
    snoozed_until: float | None = None
    angle: float | None = None
    unknown: Unknown | None = None
    view: View | None = None
    calibrated: bool = False
    seen_now: bool = False
    arrived_t: float | None = None
    """When the person last appeared (first seen, back, or after a gap)."""
    walked: bool = False
    recent: deque[tuple[float, tuple[float | None, ...]]] = field(default_factory=deque)
    alarms: dict[EventKind, _Alarm] = field(
        default_factory=lambda: {kind: _Alarm() for kind in ALERTS}
    )


class Monitor:
    """Turns readings into events; see the module docstring for the rules."""

    def __init__(
        self, settings: Settings, carry: Carry | None = None, upright: Upright | None = None
    ) -> None:
        self.settings = settings
        self._s = _State()
        self._carry = carry or Carry()
        self.upright = upright
        self._watch = ViewWatch(upright) if upright is not None else None
        self._shoulders = ShoulderWatch(settings, upright)

    # --- commands ---------------------------------------------------------------------------

    def pause(self, t: float, duration_s: float) -> list[Event]:
        """Stop judging until `t + duration_s` (or `resume`)."""
        self._s.paused_until = t + duration_s
        return [Event(EventKind.PAUSED, t, duration_s=duration_s)]

    def resume(self, t: float) -> list[Event]:
        if self._s.paused_until is None:
            return []
        s = self._s
        s.paused_until = None
        s.forward_since, s.good_since, s.still_since = None, None, t
        s.recent.clear()
        return [Event(EventKind.RESUMED, t)]

    def snooze(self, t: float) -> list[Event]:
        """Hold every alert for `snooze_s`; the timers keep running."""
        self._s.snoozed_until = t + self.settings.snooze_s
        return [Event(EventKind.SNOOZED, t, duration_s=self.settings.snooze_s)]

    @property
    def paused(self) -> bool:
        return self._s.paused_until is not None

    def stretched(self, t: float) -> list[Event]:
        """A stretch the camera confirmed: the neck moved."""
        s = self._s
        s.still_since, s.last_move_event = t, t
        s.recent.clear()
        s.alarms[EventKind.STILL_ALERT] = _Alarm(last_t=s.alarms[EventKind.STILL_ALERT].last_t)
        self._shoulders.reset()
        return [Event(EventKind.NECK_MOVED, t)]

    def walked(self, t: float, duration_s: float) -> list[Event]:
        """A walk the camera confirmed: the time away counts as a break when the person comes
        back, whatever `away_break_s` says (one break, not two). Nothing if they are not away."""
        self._s.walked = self._s.away
        return []

    def tick(self, t: float) -> list[Event]:
        """Let time pass without a reading: a pause whose time is up ends."""
        until = self._s.paused_until
        if until is not None and t >= until:
            return self.resume(t)
        return []

    # --- the step -----------------------------------------------------------------------------

    def update(self, reading: Reading) -> list[Event]:
        """One reading in, the events it causes out."""
        s, t = self._s, reading.t
        events: list[Event] = []
        events += self.tick(t)
        if s.paused_until is not None:
            s.last_t = t
            return events
        gap = 0.0 if s.last_t is None else t - s.last_t
        step = max(gap, 0.0) if gap <= MAX_STEP_S else 0.0  # a gap adds no sitting time
        if gap > MAX_STEP_S and s.still_since is not None:
            events += self._gap(t, gap)
        if s.still_since is None and reading.present:
            # The timers start when someone is first seen (or carry on from an earlier run):
            # the neck cannot have been still for longer than the person has been here.
            sitting_s, still_s = carried(self._carry)
            s.still_since = t - still_s
            s.sitting_s = sitting_s
            s.arrived_t = t
        s.last_t, s.seen_now = t, reading.present
        events += self._presence(reading, t)
        if reading.present and not s.away:
            s.view, s.calibrated = reading.view, reading.calibrated
            s.sitting_s += step
            events += self._view(reading, t)
            events += self._posture(reading, t)
            events += self._movement(reading, t)
            events += self._shoulder_step(reading)
            events += self._alerts(t)
        return events

    def _gap(self, t: float, gap: float) -> list[Event]:
        """No readings for a long while (the computer slept, the clock jumped): nobody was
        watched, so the still-neck and forward timers restart; as long as a break, it was one."""
        s = self._s
        s.still_since, s.forward_since, s.good_since = t, None, None
        s.recent.clear()
        s.arrived_t = t
        if gap < self.settings.away_break_s:
            return []
        s.sitting_s = 0.0
        s.alarms[EventKind.SITTING_ALERT] = _Alarm()
        return [Event(EventKind.BREAK, t, duration_s=round(gap, 1))]

    def _presence(self, reading: Reading, t: float) -> list[Event]:
        s = self._s
        if reading.present:
            events = []
            if s.away and s.away_since is not None:
                gone = t - s.away_since
                events.append(Event(EventKind.BACK, t, duration_s=gone))
                if gone >= self.settings.away_break_s or s.walked:
                    events.append(Event(EventKind.BREAK, t, duration_s=gone))
                    s.sitting_s = 0.0
                    s.alarms[EventKind.SITTING_ALERT] = _Alarm()
                s.still_since, s.forward_since, s.good_since = t, None, None
                s.recent.clear()
                s.arrived_t = t
            s.away, s.away_since, s.last_seen, s.walked = False, None, t, False
            return events
        if s.last_seen is None:
            s.last_seen = t
        if not s.away and t - s.last_seen >= self.settings.away_after_s:
            s.away, s.away_since = True, s.last_seen
            s.verdict, s.angle, s.forward_since, s.good_since = Posture.UNKNOWN, None, None, None
            events = [Event(EventKind.AWAY, t)]
            if s.alarms[EventKind.FORWARD_ALERT].active:
                events.append(self._clear_forward(t))
            return events
        return []

    def _view(self, reading: Reading, t: float) -> list[Event]:
        """With a calibration: whether the view still matches it (said once each way)."""
        if self._watch is None:
            return []
        changed = self._watch.update(reading)
        if changed is None:
            return []
        s = self._s
        s.forward_since, s.good_since = None, None
        if changed:
            s.verdict = Posture.UNKNOWN
            return [Event(EventKind.VIEW_CHANGED, t)]
        return [Event(EventKind.VIEW_MATCHED, t)]

    def threshold_deg(self, reading: Reading) -> float:
        """The angle past which this reading is forward: `past_upright_deg` beyond the person's
        calibrated upright when the reading is in the calibration's view, else the absolute one."""
        cfg, up = self.settings, self.upright
        if up is not None and self._relative(reading):
            return forward_from(up.head_forward_deg, cfg.past_upright_deg)
        return cfg.forward_threshold_deg

    def _view_off_now(self) -> bool:
        """This reading's view does not match the calibration (said or not yet): no forward
        alert now, since the angle may be the camera's doing (the timer runs on; once the change
        is said, it restarts)."""
        last = self._watch.last if self._watch is not None else None
        return last is not None and last.off

    def _relative(self, reading: Reading) -> bool:
        """Whether the reading is judged against the person's own upright."""
        return self.upright is not None and reading.view is self.upright.view

    def _posture(self, reading: Reading, t: float) -> list[Event]:
        s, cfg = self._s, self.settings
        angle = reading.head_forward_deg
        if self._watch is not None and self._watch.off:
            s.angle, s.unknown, s.verdict = None, Unknown.VIEW_CHANGED, Posture.UNKNOWN
            return []
        if angle is None or reading.confidence < MIN_CONFIDENCE:
            s.angle, s.unknown = None, why_unknown(reading)
            return []
        s.angle, s.unknown = angle, None
        threshold = self.threshold_deg(reading)
        s.calibrated = reading.calibrated or self._relative(reading)
        if angle > threshold:
            s.verdict = Posture.FORWARD
        elif angle < threshold - cfg.forward_margin_deg or (
            s.verdict is Posture.UNKNOWN  # in the band with no history: give the benefit
        ):
            s.verdict = Posture.GOOD
        if s.verdict is Posture.FORWARD:
            arriving = s.arrived_t is not None and t - s.arrived_t < cfg.arrival_s
            if s.forward_since is None and not arriving:
                s.forward_since = t
            s.good_since = None
            return []
        if s.good_since is None:
            s.good_since = t
        good_for = t - s.good_since
        events = []
        if s.forward_since is not None and good_for > cfg.forward_gap_s:
            s.forward_since = None  # a real correction, not a glance
        alarm = s.alarms[EventKind.FORWARD_ALERT]
        if alarm.active and good_for >= cfg.forward_clear_s:
            events.append(self._clear_forward(t))
        return events

    def _clear_forward(self, t: float) -> Event:
        alarm = self._s.alarms[EventKind.FORWARD_ALERT]
        alarm.active, alarm.repeat = False, 0
        return Event(EventKind.FORWARD_CLEARED, t)

    def _movement(self, reading: Reading, t: float) -> list[Event]:
        s, cfg = self._s, self.settings
        pose = (reading.yaw_deg, reading.pitch_deg, reading.roll_deg, reading.head_forward_deg)
        while s.recent and t - s.recent[0][0] > cfg.move_window_s:
            s.recent.popleft()
        largest = 0.0
        for _, before in s.recent:
            for a, b in zip(pose, before, strict=True):
                if a is not None and b is not None:
                    largest = max(largest, abs(a - b))
        s.recent.append((t, pose))
        if largest < cfg.move_deg:
            return []
        s.recent = deque([(t, pose)])  # the new position is the reference from here on
        s.still_since = t
        s.alarms[EventKind.STILL_ALERT] = _Alarm(last_t=s.alarms[EventKind.STILL_ALERT].last_t)
        if s.last_move_event is not None and t - s.last_move_event < cfg.move_window_s:
            return []  # one event per movement, however many readings it spans
        s.last_move_event = t
        return [Event(EventKind.NECK_MOVED, t, value=round(largest, 1))]

    def _shoulder_step(self, reading: Reading) -> list[Event]:
        """Raised shoulders (core/monitor/shoulders.py), not judged while the view no longer
        matches the calibration."""
        alarm = self._s.alarms[EventKind.SHOULDERS_ALERT]
        self._shoulders.alerted = alarm.active
        events = self._shoulders.update(reading, not self._view_off_now())
        if events:
            alarm.active, alarm.repeat = False, 0
        return events

    def _durations(self, t: float) -> dict[EventKind, tuple[float, float]]:
        """For each alert: (how long its cause has lasted, the limit), if the cause is present."""
        s, cfg = self._s, self.settings
        out = {
            EventKind.STILL_ALERT: (
                t - s.still_since if s.still_since is not None else 0.0,
                cfg.still_alert_s,
            ),
            EventKind.SITTING_ALERT: (s.sitting_s, cfg.sitting_alert_s),
        }
        shoulders = self._shoulders.lasted(t)
        if shoulders is not None:
            out[EventKind.SHOULDERS_ALERT] = (shoulders, cfg.shoulders_hold_s)
        forward = s.verdict is Posture.FORWARD and s.angle is not None
        if s.forward_since is not None and forward and not self._view_off_now():
            out[EventKind.FORWARD_ALERT] = (t - s.forward_since, cfg.forward_hold_s)
        return out

    def _alerts(self, t: float) -> list[Event]:
        s, cfg = self._s, self.settings
        if s.snoozed_until is not None and t < s.snoozed_until:
            return []
        events = []
        for kind, (lasted, limit) in self._durations(t).items():
            alarm = s.alarms[kind]
            if lasted < limit:
                continue
            if alarm.last_t is not None and t - alarm.last_t < cfg.cooldown_s:
                continue
            repeat = alarm.repeat if alarm.active else 0
            urgent = repeat >= cfg.escalate_after
            events.append(Event(kind, t, duration_s=round(lasted, 1), repeat=repeat, urgent=urgent))
            alarm.last_t, alarm.active, alarm.repeat = t, True, repeat + 1
        return events

    # --- what is shown ------------------------------------------------------------------------

    def status(self) -> Status:
        s = self._s
        t = s.last_t if s.last_t is not None else 0.0
        present = s.seen_now and s.last_seen == s.last_t and not s.away
        durations = self._durations(t) if present and not self.paused else {}
        upcoming = [
            (max(limit - lasted, 0.0), kind)
            for kind, (lasted, limit) in durations.items()
            if not s.alarms[kind].active
        ]
        soonest = min(upcoming, key=lambda x: x[0]) if upcoming else None
        return Status(
            t=t,
            present=present,
            away=s.away,
            paused=self.paused,
            posture=s.verdict if present else Posture.UNKNOWN,
            head_forward_deg=s.angle if present else None,
            forward_s=(t - s.forward_since) if s.forward_since is not None else 0.0,
            still_s=(t - s.still_since) if s.still_since is not None and present else 0.0,
            sitting_s=s.sitting_s,
            alerting=frozenset(k for k, a in s.alarms.items() if a.active),
            next_alert=(soonest[1], soonest[0]) if soonest else None,
            unknown=self._unknown(present),
            view=s.view,
            calibrated=s.calibrated,
            snoozed_s=max(s.snoozed_until - t, 0.0) if s.snoozed_until is not None else 0.0,
        )

    def _unknown(self, present: bool) -> Unknown | None:
        """Why the status has no angle, if it should have one."""
        s = self._s
        if s.away or self.paused:
            return None
        if not present:
            return Unknown.NO_ONE
        return s.unknown if s.angle is None else None


def carried(carry: Carry) -> tuple[float, float]:
    """The sitting and still-neck seconds a run starts with, from an earlier run's: the gap
    between the runs counts as a gap between readings does, and the neck is never still for
    longer than the person has sat."""
    if carry.gap_s <= MAX_STEP_S:
        sitting_s, still_s = carry.sitting_s + carry.gap_s, carry.still_s + carry.gap_s
    else:  # nobody was watched: the still-neck timer restarts, the gap adds no sitting time
        sitting_s, still_s = carry.sitting_s, 0.0
    return sitting_s, min(still_s, sitting_s)
