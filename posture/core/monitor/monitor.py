"""The monitor: timers, hysteresis and alerts over a stream of readings. Pure; never reads a clock.

`Monitor.update(reading)` is one step: it takes a Reading (whose `t` is monotonic seconds) and
returns the events that step produced. Pause, snooze and resume are steps too, given their time.

Rules, with the settings that tune them (see posture/settings.py for defaults and sources):

* Presence: nobody in view for `away_after_s` is *away*; someone back is *back*. Away for
  `away_break_s` or more is a *break*: the sitting timer and the forward-head episode restart.
* Forward head: with a calibration, a reading `past_upright_deg` beyond the person's own upright
  is bad; without one, a reading above its view's threshold (`forward_threshold_deg` from the
  front, `side_threshold_deg` from the side). Below that by `forward_margin_deg`
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

The Monitor composes one part per concern, each in its own module here: presence.py (away, back,
breaks, sitting time), view_drift.py (the calibrated view), verdicts.py (forward or good),
neck.py (movement and the still neck) and alarms.py (cooldowns, repeats, snooze). It steps them
in order and carries what one concern's change means for another (coming back restarts the
forward and still-neck timers; a break restarts the sitting alert).
"""

from __future__ import annotations

from posture.core.data import Reading
from posture.core.measure.baseline import Upright
from posture.core.monitor.alarms import Alarms
from posture.core.monitor.alert_table import ALERTS as ALERTS  # the alerts the Alarms time
from posture.core.monitor.events import Carry, Event, Posture, Status, Unknown
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.neck import Neck
from posture.core.monitor.presence import Presence
from posture.core.monitor.shoulders import ShoulderWatch
from posture.core.monitor.verdicts import MIN_CONFIDENCE as MIN_CONFIDENCE
from posture.core.monitor.verdicts import Verdicts
from posture.core.monitor.view_drift import ViewDrift
from posture.core.settings import Settings

MAX_STEP_S = 30.0
"""A longer gap between readings (the computer slept, the clock jumped) adds no sitting time."""


class Monitor:
    """Turns readings into events; see the module docstring for the rules."""

    def __init__(
        self, settings: Settings, carry: Carry | None = None, upright: Upright | None = None
    ) -> None:
        self.settings = settings
        self._carry = carry or Carry()
        self._last_t: float | None = None
        """The last reading's time, or a resume's since (the monitor's now)."""
        self._read_t: float | None = None
        self._paused_until: float | None = None
        self._presence = Presence(settings)
        self._drift = ViewDrift(upright)
        self._verdicts = Verdicts(settings, upright)
        self._neck = Neck(settings)
        self._alarms = Alarms(settings)
        self._shoulders = ShoulderWatch(settings, upright)

    @property
    def upright(self) -> Upright | None:
        """The person's calibrated upright the readings are judged against (None: absolute)."""
        return self._verdicts.upright

    # --- commands ---------------------------------------------------------------------------

    def retune(self, settings: Settings, upright: Upright | None) -> None:
        """Go on with new settings and calibration at once; timers and alerts keep running."""
        self.settings = settings
        for part in (self._presence, self._verdicts, self._neck, self._alarms):
            part.settings = settings
        self._shoulders.drop = settings.shoulders_drop
        if upright != self.upright:
            self._verdicts.upright = upright
            self._drift = ViewDrift(upright)
            self._shoulders = ShoulderWatch(settings, upright)

    def pause(self, t: float, duration_s: float) -> list[Event]:
        """Stop judging until `t + duration_s` (or `resume`)."""
        self._paused_until = t + duration_s
        return [Event(EventKind.PAUSED, t, duration_s=duration_s)]

    def resume(self, t: float) -> list[Event]:
        if self._paused_until is None:
            return []
        self._paused_until = None
        self._verdicts.restart()
        self._neck.restart(t)
        # Nothing was watched while paused: the status is as of now, and the paused time is
        # not sitting time (the live loop reads no frame while paused).
        self._last_t = t if self._last_t is None else max(self._last_t, t)
        return [Event(EventKind.RESUMED, t)]

    def snooze(self, t: float) -> list[Event]:
        """Hold every alert for `snooze_s`; the timers keep running."""
        self._alarms.snooze(t)
        return [Event(EventKind.SNOOZED, t, duration_s=self.settings.snooze_s)]

    def end_snooze(self, t: float) -> list[Event]:
        """Alerts may come again at once (the tray's End snooze)."""
        self._alarms.end_snooze()
        return []

    @property
    def paused(self) -> bool:
        return self._paused_until is not None

    def stretched(self, t: float) -> list[Event]:
        """A stretch the camera confirmed: the neck moved."""
        self._neck.stretched(t)
        self._alarms.rearm(EventKind.STILL_ALERT)
        self._shoulders.reset()
        return [Event(EventKind.NECK_MOVED, t)]

    def walked(self, t: float, duration_s: float) -> list[Event]:
        """A walk the camera confirmed: the time away counts as a break when the person comes
        back, whatever `away_break_s` says (one break, not two). Nothing if they are not away."""
        self._presence.walk()
        return []

    def tick(self, t: float) -> list[Event]:
        """Let time pass without a reading: a pause whose time is up ends."""
        until = self._paused_until
        if until is not None and t >= until:
            return self.resume(t)
        return []

    # --- the step -----------------------------------------------------------------------------

    def update(self, reading: Reading) -> list[Event]:
        """One reading in, the events it causes out."""
        t = reading.t
        events: list[Event] = []
        events += self.tick(t)
        if self._paused_until is not None:
            self._last_t = self._read_t = t
            return events
        gap = 0.0 if self._last_t is None else t - self._last_t
        step = max(gap, 0.0) if gap <= MAX_STEP_S else 0.0  # a gap adds no sitting time
        if gap > MAX_STEP_S and self._neck.started:
            events += self._gap(t, gap)
        if not self._neck.started and reading.present:
            # The timers start when someone is first seen (or carry on from an earlier run):
            # the neck cannot have been still for longer than the person has been here.
            sitting_s, still_s = carried(self._carry)
            self._neck.start(t, still_s)
            self._presence.start(t, sitting_s)
        self._last_t = self._read_t = t
        events += self._presence_step(reading, t)
        if reading.present and not self._presence.away:
            self._verdicts.seen(reading)
            self._presence.sitting_s += step
            events += self._view(reading, t)
            events += self._posture(reading, t)
            events += self._movement(reading, t)
            events += self._shoulder_step(reading)
            events += self._alarms.due(t, self._durations(t))
        return events

    def _restart(self, t: float) -> None:
        """Nobody was watched until `t`: the still-neck and forward timers restart."""
        self._neck.restart(t)
        self._verdicts.restart()
        self._presence.arrive(t)

    def _gap(self, t: float, gap: float) -> list[Event]:
        """No readings for a long while (the computer slept, the clock jumped): nobody was
        watched, so the still-neck and forward timers restart; as long as a break, it was one."""
        self._restart(t)
        if gap < self.settings.away_break_s:
            return []
        self._alarms.reset(EventKind.SITTING_ALERT)
        return [self._presence.took_break(t, round(gap, 1))]

    def _presence_step(self, reading: Reading, t: float) -> list[Event]:
        events = self._presence.see(reading.present, t)
        kinds = {event.kind for event in events}
        if EventKind.BREAK in kinds:
            self._alarms.reset(EventKind.SITTING_ALERT)
        if EventKind.BACK in kinds:
            self._restart(t)
        if EventKind.AWAY in kinds:
            self._verdicts.forget()
            if self._alarms.active(EventKind.FORWARD_ALERT):
                events.append(self._alarms.clear_forward(t))
        return events

    def _view(self, reading: Reading, t: float) -> list[Event]:
        """With a calibration: whether the view still matches it (said once each way)."""
        said = self._drift.update(reading, t)
        if said is None:
            return []
        self._verdicts.drifted(said.kind is EventKind.VIEW_CHANGED)
        return [said]

    def threshold_deg(self, reading: Reading) -> float:
        """The angle past which this reading is forward: `past_upright_deg` beyond the person's
        calibrated upright when the reading is in the calibration's view, else its view's own."""
        return self._verdicts.threshold_deg(reading)

    def _posture(self, reading: Reading, t: float) -> list[Event]:
        arriving = self._presence.arriving(t)
        cleared = self._verdicts.judge(reading, t, arriving, self._drift.off)
        if cleared and self._alarms.active(EventKind.FORWARD_ALERT):
            return [self._alarms.clear_forward(t)]
        return []

    def _movement(self, reading: Reading, t: float) -> list[Event]:
        move = self._neck.update(reading, t)
        if move is None:
            return []
        self._alarms.rearm(EventKind.STILL_ALERT)
        if not move.said:
            return []
        return [Event(EventKind.NECK_MOVED, t, value=round(move.largest_deg, 1))]

    def _shoulder_step(self, reading: Reading) -> list[Event]:
        """Raised shoulders (core/monitor/shoulders.py), not judged while the view no longer
        matches the calibration."""
        self._shoulders.alerted = self._alarms.active(EventKind.SHOULDERS_ALERT)
        events = self._shoulders.update(reading, not self._drift.off_now)
        if events:
            self._alarms.rearm(EventKind.SHOULDERS_ALERT)
        return events

    def _durations(self, t: float) -> dict[EventKind, tuple[float, float]]:
        """For each alert: (how long its cause has lasted, the limit), if the cause is present."""
        cfg = self.settings
        out = {
            EventKind.STILL_ALERT: (self._neck.still_s(t), cfg.still_alert_s),
            EventKind.SITTING_ALERT: (self._presence.sitting_s, cfg.sitting_alert_s),
        }
        forward_s = self._verdicts.forward_for(t)
        if forward_s is not None and not self._drift.off_now:
            out[EventKind.FORWARD_ALERT] = (forward_s, cfg.forward_hold_s)
        shoulders = self._shoulders.lasted(t)
        if shoulders is not None:
            out[EventKind.SHOULDERS_ALERT] = (shoulders, cfg.shoulders_hold_s)
        return out

    # --- what is shown ------------------------------------------------------------------------

    def status(self) -> Status:
        p, v = self._presence, self._verdicts
        t = self._last_t if self._last_t is not None else 0.0
        present = p.present_at(self._read_t)
        durations = self._durations(t) if present and not self.paused else {}
        upcoming = [
            (max(limit - lasted, 0.0), kind)
            for kind, (lasted, limit) in durations.items()
            if not self._alarms.active(kind)
        ]
        soonest = min(upcoming, key=lambda x: x[0]) if upcoming else None
        return Status(
            t=t,
            present=present,
            away=p.away,
            paused=self.paused,
            posture=v.verdict if present else Posture.UNKNOWN,
            head_forward_deg=v.angle if present else None,
            forward_s=(t - v.forward_since) if v.forward_since is not None else 0.0,
            still_s=self._neck.still_s(t) if present else 0.0,
            sitting_s=p.sitting_s,
            alerting=self._alarms.alerting,
            next_alert=(soonest[1], soonest[0]) if soonest else None,
            unknown=self._unknown(present),
            view=v.view,
            calibrated=v.calibrated,
            snoozed_s=self._alarms.snoozed_s(t),
        )

    def _unknown(self, present: bool) -> Unknown | None:
        """Why the status has no angle, if it should have one."""
        if self._presence.away or self.paused:
            return None
        if not present:
            return Unknown.NO_ONE
        return self._verdicts.unknown if self._verdicts.angle is None else None


def carried(carry: Carry) -> tuple[float, float]:
    """The sitting and still-neck seconds a run starts with, from an earlier run's: the gap
    between the runs counts as a gap between readings does, and the neck is never still for
    longer than the person has sat."""
    if carry.gap_s <= MAX_STEP_S:
        sitting_s, still_s = carry.sitting_s + carry.gap_s, carry.still_s + carry.gap_s
    else:  # nobody was watched: the still-neck timer restarts, the gap adds no sitting time
        sitting_s, still_s = carry.sitting_s, 0.0
    return sitting_s, min(still_s, sitting_s)
