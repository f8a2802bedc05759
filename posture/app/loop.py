"""The live loop of `posture run`: looks at a feed, reads poses, and publishes what it finds.

A frame is asked for only when wanted: a reading every 1/sample_hz seconds (slower while away,
slower on battery by battery_rate), and in between, at motion_hz, a cheap glance
(adapters/camera/motion.py) so a quick head turn is read at once. The model reads a frame only
when the picture changed since its last reading, or refresh_s after it; otherwise its last
finding stands (core/sensing/sampling.py), so the monitor's timers run as with the model every
time. A webcam's JPEG is decoded small and grey for a glance, in colour only for the model. A
covered lens is not an absent user; a failed camera is retried with backoff.

Everything else listens (app/listeners.py): history, alerts and stretch offers, the run counter,
the status line, the preview. Commands (keys, other terminals, listeners) are applied here as
app/controls.py says. A head turn may start a burst of readings for the sharp-movement detector
(app/bursts.py), never seen by the monitor. A stretch taken from an offer is coached inside the
loop (app/coaching.py): monitoring goes on, at the coach's rate.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np

from posture.app.bursts import Bursts
from posture.app.coaching import RECORDING_ENDED, RUN_STOPPED, CoachSlot
from posture.app.controls import Controls
from posture.app.listeners import Alerter, HistoryWriter, RunCounter, RunSummary, SinkListener
from posture.app.parts import Model, Parts
from posture.app.preview import PreviewListener
from posture.app.sharp import SharpAlerter, SharpWatch
from posture.core.errors import CameraError
from posture.core.measure import metrics
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Clock, Glance, Listener, Seen, Shot, WallOf
from posture.core.sensing.sampling import Finding, Sampler
from posture.core.settings import Settings
from posture.core.stretches.cues import Cue

__all__ = ["Loop", "Parts"]  # Parts lives in app/parts.py; callers find it here too

log = logging.getLogger(__name__)

MIN_GAP_S = 0.5
"""Readings triggered by motion come at most this often."""
BACKOFF_MAX_S = 4.0
"""A lost camera is retried at most this far apart, so it is back within 5 s of its return."""
RELEASE_AFTER_S = 2.0
"""With release_camera, the device is let go when the next look is at least this far off."""


class Loop:
    """One monitoring run. `run()` returns when the time is up, the recording ends, or on stop.

    Every run has the standard listeners (history, alerter, counter, sink, preview if any);
    `subscribe` adds more.
    """

    def __init__(
        self, parts: Parts, settings: Settings, monitor: Monitor, clock: Clock, wall_of: WallOf
    ) -> None:
        self.p, self.settings, self.monitor, self.clock = parts, settings, monitor, clock
        self.wall_of = wall_of
        self.listeners: list[Listener] = []
        self._covered = False
        self._lost: float | None = None
        self._backoff = 0.5
        self._last_read = -math.inf
        self.sampler = Sampler(settings)
        self.model = Model(parts.pose, parts.front)
        self.bursts = Bursts(settings, parts.feed, self.model.read, self.publish, self._power_rate)
        self.counter = RunCounter(wall_of(clock.now()))
        safety = parts.chooser.catalogue.safety if parts.chooser else ()
        self.coaching = CoachSlot(clock, self.say, safety)
        self.controls = Controls(monitor, self.coaching, parts.keys, parts.inbox, wall_of)
        for listener in self._standard():
            self.subscribe(listener)

    def _standard(self) -> list[Listener]:
        p = self.p
        history = HistoryWriter(p.store, self.wall_of)
        alerter = Alerter(
            p.notifier, p.chooser, history, self.coaching, self.clock, self.submit, self.say
        )
        found: list[Listener] = [history, alerter, self.counter, SinkListener(p.sink, self.wall_of)]
        if p.preview is not None:
            found.append(PreviewListener(p.preview, self.submit))
        if self.settings.sharp_alert:
            found.append(SharpAlerter(p.notifier, self.settings.cooldown_s))
        return found

    @property
    def sharp(self) -> SharpWatch:
        """The run's bursts and sharp-movement detector (what they counted and found)."""
        return self.bursts.watch

    @property
    def summary(self) -> RunSummary:
        """What the run saw so far."""
        return self.counter.summary

    # --- listeners and commands ---------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Tell `listener` of everything from now on (after the listeners already there)."""
        self.listeners.append(listener)

    def publish(self, events: Sequence[Event]) -> None:
        """Tell every listener of some events (nothing for none)."""
        if events:
            for listener in self.listeners:
                listener.events(events)

    def say(self, cue: Cue) -> None:
        """Tell every listener of a coach's words."""
        for listener in self.listeners:
            listener.cue(cue)

    def submit(self, command: Command) -> None:
        """Queue a command; it is applied at the next `apply_commands` (each step does)."""
        self.controls.submit(command)

    def apply_commands(self) -> None:
        """Apply queued commands in order, including those their listeners queue meanwhile."""
        while (command := self.controls.next()) is not None:
            t = self.clock.now()
            if command.action is Action.RELOAD:
                self.retune()
            self.publish(self.controls.apply(command, t))
            for listener in self.listeners:
                listener.command(command, t)

    def retune(self) -> None:
        """Go on with the settings and calibration as they are now (unchanged if unreadable)."""
        fresh = self.p.retune() if self.p.retune is not None else None
        if fresh is not None:
            self.settings = self.sampler.settings = self.bursts.watch.settings = fresh.settings
            self.p.front = self.model.front = fresh.front
            self.monitor.retune(fresh.settings, fresh.upright)

    def _poll(self, t: float) -> None:
        """Apply a key from the terminal, then a request from another terminal."""
        self.controls.poll_key()
        self.apply_commands()
        self.controls.poll_request(t)
        self.apply_commands()

    @property
    def stop_requested(self) -> bool:
        """A stop command came, or the recording ended: the run ends at once."""
        return self.controls.stop_requested

    # --- the camera ---------------------------------------------------------------------------

    def _frame(self, t: float) -> Shot | None:
        """The frame now, or an empty array while the camera is lost (None: recording ended)."""
        try:
            shot = self.p.feed.frame(t)
            if shot is not None and not isinstance(shot, np.ndarray):
                shot.grey()  # a JPEG that cannot be decoded is the camera's failure
        except CameraError as exc:
            if self._lost is None:
                self._lost = t
                log.warning("%s; retrying", exc)
                self.publish([Event(EventKind.CAMERA_LOST, t)])
            self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)
            return np.empty(0)
        if self._lost is not None:
            log.warning("%s is back", self.p.feed.name)
            self.publish([Event(EventKind.CAMERA_BACK, t, duration_s=round(t - self._lost, 1))])
            self._lost, self._backoff = None, 0.5
        return shot

    def _covered_now(self, t: float, covered: bool) -> None:
        if covered and not self._covered:
            log.warning("the camera sees only black: is the lens covered?")
            self.publish([Event(EventKind.CAMERA_COVERED, t)])
        elif self._covered and not covered:
            self.publish([Event(EventKind.CAMERA_BACK, t)])
        self._covered = covered

    # --- a reading ----------------------------------------------------------------------------

    @property
    def estimates(self) -> int:
        """How many frames the model has read so far (burst readings included)."""
        return self.model.frames

    def _read(self, t: float, shot: Shot, glance: Glance) -> None:
        """A reading at `t`: the model's, or its last finding where that still stands."""
        held = None  # a stretch under way is checked on the model's every reading
        if not self.coaching.checking:
            held = self.sampler.standing(t, glance, self.monitor.status().away)
        if held is not None:
            sample, reading = held.sample, self.sampler.reading_at(t)
        else:
            found = self.model.find(t, shot)
            if found is None:
                return
            sample = found.sample
            self.p.motion.mark()
            reading = metrics.read(sample, t, self.p.front)
        self.publish(self.monitor.update(reading))
        status = self.monitor.status()
        if held is None:
            self.sampler.looked(Finding(t, sample), reading, status.posture)
            self.bursts.looked(reading, glance)
        seen = Seen(shot, sample, reading, status)
        for listener in self.listeners:
            listener.reading(seen)
        self.coaching.look(reading)
        self.apply_commands()

    # --- the loop -----------------------------------------------------------------------------

    def step(self, t: float, next_read: float) -> float:
        """One look at the camera; returns when the next reading is due."""
        self._poll(t)
        self.publish(self.monitor.tick(t))
        self.coaching.tick(t)
        self.apply_commands()
        if self.monitor.paused:
            self.p.feed.release()
            self.sampler.forget()
            self.bursts.stop()
            for listener in self.listeners:  # no frame while paused: a window still hears keys
                listener.glance(np.empty(0), t)
            self.apply_commands()
            return t + 1.0
        shot = self._frame(t)
        if shot is None:
            self.coaching.stop(t, RECORDING_ENDED)
            self.apply_commands()
            self.controls.stop_requested = True
            return next_read
        if isinstance(shot, np.ndarray) and shot.size == 0:
            self.sampler.forget()
            self.bursts.stop()
            return t + self._backoff
        glance = self.p.motion.glance(shot)
        self._covered_now(t, glance.covered)
        if glance.covered:
            self.sampler.forget()
            self.bursts.stop()
        recent = t - self._last_read >= MIN_GAP_S
        if not glance.covered and (t >= next_read or (glance.moved and recent)):
            self._read(t, shot, glance)
            self._last_read = t
            next_read = t + 1.0 / self._read_hz()
        elif glance.covered and t >= next_read:
            next_read = t + 1.0 / self.settings.sample_hz
        elif not glance.covered:
            self.bursts.look(t, shot)
        for listener in self.listeners:
            listener.glance(shot, t)
        self.apply_commands()
        return next_read

    def _read_hz(self) -> float:
        """Readings a second from now: fewer while away, more while a stretch is checked."""
        away = self.monitor.status().away
        hz = self.settings.away_sample_hz if away else self.settings.sample_hz
        return self.coaching.read_hz(hz * self._power_rate())

    def _power_rate(self) -> float:
        """The share of the usual rates to use now: battery_rate while on battery, else all."""
        power = self.p.power
        return self.settings.battery_rate if power is not None and power.on_battery() else 1.0

    def run(self, duration_s: float | None = None) -> RunSummary:
        """Look and read until the duration is up, the recording ends, or a stop; the summary."""
        clock, settings = self.clock, self.settings
        start = t = due = clock.now()
        next_read = t
        try:
            while not self.stop_requested and (duration_s is None or t - start < duration_s):
                if t < due:  # woken for a burst reading only: the looks go on as without bursts
                    self.bursts.between(t)
                else:
                    next_read = self.step(t, next_read)
                    if self.stop_requested:
                        break  # at once: no wait for the next look
                    retry = t + self._backoff if self._lost is not None else math.inf
                    look_hz = self.coaching.look_hz(settings.motion_hz * self._power_rate())
                    due = min(next_read, t + (1.0 / look_hz if look_hz > 0 else math.inf), retry)
                wake = min(due, self.bursts.next_at())
                if settings.release_camera and wake - t >= RELEASE_AFTER_S:
                    self.p.feed.release()
                clock.sleep_until(wake if wake > t else t + 1e-3)
                t = clock.now()
        finally:
            self.coaching.stop(clock.now(), RUN_STOPPED)
            self.apply_commands()
            self.bursts.finish()
            seconds = clock.now() - start
            for listener in self.listeners:
                listener.finished(seconds)
        return self.summary
