"""A simulated workday for `posture demo`: the simulator drives the real monitor core. Pure.

A scripted day (sitting tall, slouching, staring at the screen without moving, breaks, lunch)
is turned into landmarks by the simulator, into readings by the real metrics (calibrated on the
simulated person sitting tall), and into events by the real Monitor, one reading a second on an
accelerated clock. When an alert names a stretch, the simulated user does it, skips it or
ignores it, at random but reproducibly.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from posture.core.data import Reading
from posture.core.measure import frontal, metrics
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Event, Status
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate
from posture.core.stretches.catalogue import Catalogue, Chooser, Measure

START_HOUR = 9.0


class Doing(enum.Enum):
    TALL = "tall"
    SLOUCH = "slouch"
    STARE = "stare"
    """Sitting tall but hardly moving the head."""
    AWAY = "away"


DAY: list[tuple[Doing, float]] = [
    (Doing.TALL, 38),
    (Doing.SLOUCH, 12),
    (Doing.TALL, 20),
    (Doing.STARE, 32),
    (Doing.AWAY, 9),
    (Doing.TALL, 45),
    (Doing.SLOUCH, 16),
    (Doing.TALL, 10),
    (Doing.STARE, 28),
    (Doing.AWAY, 45),
    (Doing.TALL, 30),
    (Doing.SLOUCH, 22),
    (Doing.TALL, 15),
    (Doing.STARE, 35),
    (Doing.AWAY, 6),
    (Doing.TALL, 25),
    (Doing.SLOUCH, 18),
    (Doing.TALL, 40),
]
"""What the simulated user does, and for how many minutes (about 8 hours in all)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One second of the day: what was read, what the monitor made of it."""

    t: float
    reading: Reading
    events: list[Event]
    status: Status


@dataclass(frozen=True, slots=True)
class StretchDone:
    """A stretch the simulated user was offered, and what they did with it ('suggested':
    ignored)."""

    t: float
    stretch_id: str
    cause: str
    status: str
    done: int
    total: int
    seconds: float


class Workday:
    """Plays the scripted day; iterate for the seconds, read `stretches` for the offers."""

    def __init__(self, catalogue: Catalogue, settings: Settings | None = None, seed: int = 7):
        self.settings = settings or Settings()
        self.monitor = Monitor(self.settings)
        self.rng = np.random.default_rng(seed)
        self.chooser = Chooser(catalogue)
        self.stretches: list[StretchDone] = []
        self._walk_until = -1.0
        tall = Scene(noise_px=1.5, world_noise_m=0.01)
        captured = [frontal.features(simulate(tall, rng=self.rng)) for _ in range(20)]
        model = frontal.calibrate([f for f in captured if f is not None])
        self.front = frontal.FrontalEstimator(model)
        self.base = tall

    def _scene(self, doing: Doing, t: float) -> Scene:
        r = self.rng
        if doing is Doing.AWAY or t < self._walk_until:
            return self.base.with_(present=False)
        angle = {Doing.TALL: 14.0, Doing.STARE: 16.0, Doing.SLOUCH: 34.0}[doing]
        yaw, pitch = 0.0, 0.0
        if doing is not Doing.STARE:  # staring at the screen: the head does not move at all
            if r.random() < 1 / 240:  # a look around, every 4 minutes or so
                yaw = float(r.choice([-35.0, 35.0]))
            elif r.random() < 1 / 180:  # a glance at the keyboard
                pitch = 20.0
        return self.base.with_(
            forward_head_deg=angle + float(r.normal(0, 1.5)),
            head_yaw_deg=yaw + float(r.normal(0, 1.0)),
            head_pitch_deg=pitch + float(r.normal(0, 1.0)),
        )

    def _respond(self, event: Event) -> list[Event]:
        """The simulated user's answer to an alert's suggested stretch."""
        stretch = self.chooser.choose(event.kind)
        if stretch is None:
            return []
        total = len(stretch.check.sides) * stretch.reps if stretch.check else stretch.reps
        choice = self.rng.random()
        status = "suggested" if choice < 0.25 else "completed" if choice < 0.8 else "skipped"
        seconds = stretch.hold_s * stretch.reps + stretch.rest_s * (stretch.reps - 1)
        done = total if status == "completed" else 0
        self.stretches.append(
            StretchDone(
                event.t, stretch.id, event.kind.value, status, done, total, round(seconds, 1)
            )
        )
        if status != "completed" or stretch.check is None:
            return []
        if stretch.check.measure is Measure.AWAY:
            self._walk_until = event.t + stretch.hold_s + 60.0
            return []  # the monitor sees the walk as a break by itself
        return self.monitor.stretched(event.t + seconds)

    def __iter__(self) -> Iterator[Step]:
        t = 0.0
        for doing, minutes in DAY:
            for _ in range(int(minutes * 60)):
                sample = simulate(self._scene(doing, t), t=t, rng=self.rng)
                reading = metrics.read(sample, t, self.front)
                events = self.monitor.update(reading)
                for event in [e for e in events if e.kind in ALERTS]:
                    events = events + self._respond(event)
                yield Step(t, reading, events, self.monitor.status())
                t += 1.0
