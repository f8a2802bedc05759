"""Monitoring never stops for coaching: the live loop with a stretch under way, on a scripted
feed (a person simulated by core/sim/simulator.py, whose head follows a script or the coach),
real SQLite, virtual time. A stretch lasting longer than a gap or a break must be neither."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from conftest import RecordingNotifier, RecordingSink, rows

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.loop import Loop, Parts
from posture.core.data import Frame, PoseSample
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener, Seen
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate
from posture.core.stretches import catalogue as stretches
from posture.core.stretches.cues import Cue, Phase

K = EventKind
SETTINGS = Settings(still_alert_s=60.0, away_break_s=30.0, cooldown_s=3600.0)
"""The shortest still-neck alert and break the settings allow, so a stretch outlasts both."""
GREY = np.full((48, 64, 3), 128, np.uint8)


class GreyCamera:
    """A webcam showing a plain frame until `end_s` (then the recording ends)."""

    name = "scripted camera"

    def __init__(self, end_s: float) -> None:
        self.end_s = end_s

    def frame(self, t: float) -> np.ndarray | None:
        return GREY if t < self.end_s else None

    def release(self) -> None:
        """Nothing to let go."""

    def close(self) -> None:
        """Nothing to close."""


class Person:
    """The pose in each frame: a still head, or one that follows the coach's cues."""

    def __init__(self, follows: bool) -> None:
        self.follows = follows
        self.cue: Cue | None = None

    def estimate(self, frame: Frame) -> PoseSample | None:
        cue, yaw = self.cue, 0.0
        if self.follows and cue is not None and cue.phase in (Phase.REACH, Phase.HOLD):
            yaw = {"left": 40.0, "right": -40.0}.get(cue.side, 0.0)
        return simulate(Scene(head_yaw_deg=yaw), frame.t)


class Script(Listener):
    """Presses keys at given times (g when the still-neck alert comes), and keeps the last cue
    for the simulated person and the last status for the test."""

    def __init__(self, person: Person, submit: Callable[[Command], None]) -> None:
        self.person, self.submit = person, submit
        self.keys: dict[float, Action] = {}
        self.statuses: list[Status] = []

    def events(self, events: Sequence[Event]) -> None:
        if any(e.kind is K.STILL_ALERT for e in events):
            self.submit(Command(Action.TAKE_STRETCH))

    def reading(self, seen: Seen) -> None:
        self.statuses.append(seen.status)
        for at in [at for at in self.keys if at <= seen.reading.t]:
            self.submit(Command(self.keys.pop(at)))

    def cue(self, cue: Cue) -> None:
        self.person.cue = cue


def run(
    tmp_path: Path, follows: bool, seconds: float, keys: dict[float, Action], end_s: float = 1e9
) -> tuple[Script, RecordingSink, Path]:
    """A run with the head-turns stretch on offer for a still neck, started by g at the alert."""
    clock, sink, db = VirtualClock(), RecordingSink(), tmp_path / "h.db"
    person = Person(follows)
    catalogue = load_catalogue()
    chooser = stretches.Chooser(
        catalogue, disabled=[s for s in catalogue.stretches if s != "head-turns"]
    )
    with Store(db, clock.now) as store:
        store.start_session(1e9, "test", {})
        parts = Parts(
            GreyCamera(end_s), person, FrontalEstimator(), store, RecordingNotifier(), sink
        )
        parts.chooser = chooser
        loop = Loop(parts, SETTINGS, Monitor(SETTINGS), clock, lambda t: 1e9 + t)
        script = Script(person, loop.submit)
        script.keys = keys
        loop.subscribe(script)
        loop.run(seconds)
    return script, sink, db


def test_a_skipped_stretch_leaves_the_still_neck_timer_running_and_records_no_break(
    tmp_path: Path,
) -> None:
    # g at the alert (60 s), nothing done for 45 s (more than a gap or a break), then x.
    script, sink, db = run(tmp_path, False, 130.0, {105.0: Action.SKIP_STRETCH})
    assert rows(db, "SELECT stretch_id, status, done FROM stretches") == [
        ("head-turns", "skipped", 0)
    ]
    kinds = [e.kind for e in sink.seen]
    assert K.BREAK not in kinds and K.NECK_MOVED not in kinds
    assert rows(db, "SELECT count(*) FROM events WHERE kind = 'break'") == [(0,)]
    during = [s for s in script.statuses if 61.0 < s.t < 105.0]
    assert len(during) > 100  # read at the coach's rate, and every reading fed the monitor
    last = script.statuses[-1]
    assert last.still_s >= 125.0 and last.sitting_s >= 125.0  # never restarted
    said = [c.text for c in sink.cues]
    assert "turn your head to the left" in said and "not seen; moving on" not in said


def test_a_stretch_the_camera_confirmed_restarts_the_still_neck_timer(tmp_path: Path) -> None:
    script, sink, db = run(tmp_path, True, 140.0, {})
    assert rows(db, "SELECT stretch_id, status, done FROM stretches") == [
        ("head-turns", "completed", 6)
    ]
    assert K.BREAK not in [e.kind for e in sink.seen]
    last = script.statuses[-1]
    assert last.still_s < 60.0 and last.sitting_s >= 135.0


def test_a_recording_that_ends_during_a_stretch_says_so(tmp_path: Path) -> None:
    script, sink, db = run(tmp_path, False, 200.0, {}, end_s=80.0)
    done = [c.text for c in sink.cues if c.kind.value == "done"]
    assert done == ["Slow head turns: recording ended (0 of 6)"]
    assert rows(db, "SELECT status FROM stretches") == [("skipped",)]
    assert script.statuses[-1].still_s >= 75.0


def test_keys_work_while_a_stretch_runs(tmp_path: Path) -> None:
    keys = {70.0: Action.SNOOZE, 75.0: Action.TAKE_STRETCH, 80.0: Action.PAUSE_OR_RESUME}
    _, sink, db = run(tmp_path, False, 90.0, keys)
    kinds = [e.kind for e in sink.seen]
    assert K.SNOOZED in kinds and K.PAUSED in kinds
    said = [c.text for c in sink.cues]
    assert "a stretch is under way (x ends it)" in said
    assert "Slow head turns: paused (0 of 6)" in said
    assert rows(db, "SELECT status FROM stretches") == [("skipped",)]
