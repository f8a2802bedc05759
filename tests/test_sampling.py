"""The model only when it can learn something: with motion checks on, an unchanged picture gets no
new model reading (the last one stands) except at the slow refresh, and the monitor's timers run
as with the model every second: the same alerts and neck movements, at the same times (within the
refresh interval where the change is a slow drift the thumbnail cannot see)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import RecordingNotifier, RecordingSink

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.data import Frame, PoseSample, Reading
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.metrics import FrontEstimator
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Posture
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Glance, PoseSource, Power
from posture.core.sensing.sampling import Finding, Sampler
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate

K = EventKind
EVERY_SECOND = 1.0
"""refresh_s that makes every reading a model reading: the loop as it was."""
WATCHED = {*ALERTS, K.NECK_MOVED, K.FORWARD_CLEARED, K.AWAY, K.BACK, K.BREAK}
TIMERS = Settings(still_alert_s=60.0, sitting_alert_s=300.0, forward_hold_s=20.0, cooldown_s=60.0)
"""Short timers, so minutes of footage raise every alert more than once."""


class Playlist:
    """A webcam showing real clips one after another, each played to and fro for its time."""

    name = "playlist camera"

    def __init__(
        self, clips: dict[str, tuple[list[np.ndarray], float]], plan: list[tuple[str, float]]
    ):
        self.clips, self.plan = clips, plan

    def frame(self, t: float) -> np.ndarray | None:
        start = 0.0
        for clip, seconds in self.plan:
            if t < start + seconds:
                frames, fps = self.clips[clip]
                index = int((t - start) * fps) % (2 * len(frames) - 2)
                return frames[index if index < len(frames) else 2 * len(frames) - 2 - index]
            start += seconds
        return None

    def release(self) -> None:
        """Nothing to let go of."""

    def close(self) -> None:
        """Nothing to close."""


class SteadyFront:
    """A frontal forward estimate that does not move: 15 deg, sure. The clip comparison is about
    the sampling, not the forward estimator's frame-to-frame jitter (one change to it made the
    still clip swing 0-20 deg between frames, enough for 'neck movements' of a still neck), so it
    takes the head's turn, nod and tilt from the real landmarks and a steady forward angle."""

    calibrated = False

    def __call__(self, sample: PoseSample, /) -> tuple[float, float]:
        return 15.0, 0.9


def play(
    feed: Playlist | Drawn,
    pose: PoseSource,
    settings: Settings,
    seconds: float,
    folder: Path,
    power: Power | None = None,
    front: FrontEstimator | None = None,
) -> tuple[list[tuple[EventKind, float]], int, int]:
    """The watched events of a run in virtual time, its model readings and all its readings."""
    sink, clock = RecordingSink(), VirtualClock()
    with Store(folder / f"h{settings.refresh_s:g}-{id(power)}.db", clock.now) as store:
        store.start_session(0.0, feed.name, {})
        front = front or FrontalEstimator()
        parts = Parts(feed, pose, front, store, RecordingNotifier(), sink)
        parts.power = power
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        summary = loop.run(seconds)
    events = [(e.kind, round(e.t, 3)) for e in sink.seen if e.kind in WATCHED]
    # The model's readings for the monitor; a head turn's burst readings (tests/test_sharp_live.py)
    # go to the sharp-movement detector only.
    return events, loop.estimates - loop.sharp.burst_readings, summary.readings


@pytest.fixture(scope="module")
def clips(data_dir: Path) -> dict[str, tuple[list[np.ndarray], float]]:
    """The shared clips, letterboxed into 320x240 RGB as a desk webcam would frame them."""
    found = {}
    for name in ("front-still-d13", "front-head-turns-d12", "front-talking-selfie"):
        capture = cv2.VideoCapture(str(data_dir / f"video/{name}.mp4"))
        fps, frames = capture.get(cv2.CAP_PROP_FPS), []
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            scale = min(320 / bgr.shape[1], 240 / bgr.shape[0])
            small = cv2.resize(bgr, (int(bgr.shape[1] * scale), int(bgr.shape[0] * scale)))
            canvas = np.zeros((240, 320, 3), np.uint8)
            top, left = (240 - small.shape[0]) // 2, (320 - small.shape[1]) // 2
            canvas[top : top + small.shape[0], left : left + small.shape[1]] = small
            frames.append(cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB))
        capture.release()
        found[name] = (frames, fps)
    return found


DAY = [
    ("front-still-d13", 150.0),
    ("front-head-turns-d12", 12.0),
    ("front-still-d13", 100.0),
    ("front-talking-selfie", 30.0),
    ("front-still-d13", 80.0),
]
"""Six minutes at a desk: a still neck, head turns, still again, writing, still."""


def test_the_shared_clips_give_the_same_events_with_a_fraction_of_the_model_readings(
    clips: dict[str, tuple[list[np.ndarray], float]], model_path: Path, tmp_path: Path
) -> None:
    seconds = sum(s for _, s in DAY)
    runs = {}
    for refresh in (EVERY_SECOND, Settings().refresh_s):
        settings = replace(TIMERS, refresh_s=refresh)
        # Frame by frame: in VIDEO mode the model's tracker remembers the frames it saw before,
        # so two runs fed different frames would differ by that memory, not by the sampling.
        with PoseEstimator(model_path, sequence=False) as pose:
            runs[refresh] = play(
                Playlist(clips, DAY), pose, settings, seconds, tmp_path, front=SteadyFront()
            )
    (every, every_model, every_readings), (quiet, quiet_model, quiet_readings) = runs.values()
    kinds = {k for k, _ in every}
    assert {K.STILL_ALERT, K.SITTING_ALERT, K.NECK_MOVED} <= kinds
    assert quiet == every
    assert quiet_readings == every_readings == every_model
    assert quiet_model < 0.35 * every_model  # making faces is no change (a turn is)


# --- scripted sequences: a drawn head, the simulator's landmarks in place of the model ----------

Script = Callable[[float], Scene]


class Drawn:
    """A webcam showing a head drawn where the simulator puts it for the script's pose at `t`."""

    name = "drawn camera"

    def __init__(self, script: Script, seconds: float) -> None:
        self.script, self.seconds = script, seconds
        self.looks = 0

    def frame(self, t: float) -> np.ndarray | None:
        self.looks += 1
        if t >= self.seconds:
            return None
        points = simulate(self.script(t)).image[:, :2] * (320, 240)
        image = np.full((240, 320, 3), 90, np.uint8)
        ears = (points[7] + points[8]) / 2
        radius = int(np.linalg.norm(points[7] - points[8]) * 0.7)
        cv2.line(image, pixel(points[11]), pixel(points[12]), (40, 60, 160), 30)
        cv2.circle(image, pixel(ears), radius, (200, 170, 150), -1)
        mouth = (points[9] + points[10]) / 2
        for a, b in ((points[2], points[5]), (points[0], mouth), (points[9], points[10])):
            cv2.line(image, pixel(a), pixel(b), (30, 30, 30), 6)  # eyes, nose, mouth
        return image

    def release(self) -> None:
        """Nothing to let go of."""

    def close(self) -> None:
        """Nothing to close."""


def _by_kind(events: list[tuple[EventKind, float]]) -> dict[EventKind, list[float]]:
    """The times of each kind of event, in order."""
    found: dict[EventKind, list[float]] = {}
    for kind, t in events:
        found.setdefault(kind, []).append(t)
    return found


def pixel(point: np.ndarray) -> tuple[int, int]:
    return int(point[0]), int(point[1])


class ScriptedModel:
    """The pose model's edge faked: the simulator's landmarks for the pose the frame shows."""

    def __init__(self, script: Script) -> None:
        self.script = script

    def estimate(self, frame: Frame) -> PoseSample | None:
        return simulate(self.script(frame.t), frame.t)


def ramp(t: float, start: float, end: float, low: float, high: float) -> float:
    """`low` before `start`, `high` after `end`, a straight line between."""
    return low + (high - low) * min(max((t - start) / (end - start), 0.0), 1.0)


def slow_drift(t: float) -> Scene:
    """Upright for a minute, sinking forward over five (0.09 deg/s), held, then sitting up.

    Sitting up at 425 s, not on a minute: an alert due just before the cause ends may come a
    refresh late, after it ended, and so not at all.
    """
    if t < 425.0:
        return Scene(forward_head_deg=ramp(t, 60.0, 360.0, 12.0, 38.0))
    return Scene(forward_head_deg=ramp(t, 425.0, 426.0, 38.0, 12.0))


def quick_turns(t: float) -> Scene:
    """Upright and still, with a one-second head turn, a nod and a tilt now and then."""
    phase = t % 45.0
    swing = ramp(phase, 20.0, 20.4, 0.0, 1.0) - ramp(phase, 21.0, 21.4, 0.0, 1.0)
    kind = int(t // 45.0) % 3
    return Scene(
        forward_head_deg=15.0,
        head_yaw_deg=35.0 * swing if kind == 0 else 0.0,
        head_pitch_deg=25.0 * swing if kind == 1 else 0.0,
        head_roll_deg=25.0 * swing if kind == 2 else 0.0,
    )


@pytest.mark.parametrize(
    ("script", "seconds", "expected"),
    [
        (slow_drift, 480.0, {K.FORWARD_ALERT, K.NECK_MOVED, K.STILL_ALERT}),
        (quick_turns, 400.0, {K.NECK_MOVED, K.SITTING_ALERT}),
    ],
)
def test_scripted_drift_and_turns_give_the_same_events_within_the_refresh_interval(
    script: Script, seconds: float, expected: set[EventKind], tmp_path: Path
) -> None:
    refresh = Settings().refresh_s
    every, every_model, _ = play(
        Drawn(script, seconds),
        ScriptedModel(script),
        replace(TIMERS, refresh_s=1.0),
        seconds,
        tmp_path,
    )
    quiet, quiet_model, _ = play(
        Drawn(script, seconds), ScriptedModel(script), TIMERS, seconds, tmp_path
    )
    assert expected <= {k for k, _ in every}
    # Each event at most a refresh late, so two of different kinds closer than that may swap.
    every_by, quiet_by = _by_kind(every), _by_kind(quiet)
    assert quiet_by.keys() == every_by.keys()
    late = [b - a for k in every_by for a, b in zip(every_by[k], quiet_by[k], strict=True)]
    assert all(0.0 <= d < refresh for d in late), late
    moves = [(k, t) for k, t in every if k is K.NECK_MOVED]
    assert [(k, t) for k, t in quiet if k is K.NECK_MOVED] == moves  # quick: seen at once
    assert quiet_model < every_model / 3


# --- the rule itself ----------------------------------------------------------------------------

STILL = Glance(moved=False, covered=False, changed=False)


def look(sampler: Sampler, t: float, angle: float, verdict: Posture = Posture.GOOD) -> Finding:
    finding = Finding(t, simulate(Scene(), t))
    reading = Reading(t=t, present=True, head_forward_deg=angle, yaw_deg=0.0, confidence=0.9)
    sampler.looked(finding, reading, verdict)
    return finding


def test_a_finding_stands_after_two_agreeing_looks_until_the_picture_changes_or_it_is_old() -> None:
    sampler = Sampler(Settings())
    assert sampler.standing(0.0, STILL, away=False) is None  # never looked
    look(sampler, 0.0, 14.0)
    assert sampler.standing(1.0, STILL, away=False) is None  # one look may be noise
    finding = look(sampler, 1.0, 16.0)
    assert sampler.standing(2.0, STILL, away=False) is finding
    assert sampler.standing(10.9, STILL, away=False) is finding
    assert sampler.standing(11.0, STILL, away=False) is None  # refresh_s after the last look
    assert sampler.standing(2.0, replace(STILL, changed=True), away=False) is None
    assert sampler.standing(2.0, replace(STILL, moved=True), away=False) is None
    sampler.forget()
    assert sampler.standing(2.0, STILL, away=False) is None


def test_looks_that_disagree_in_angle_or_verdict_are_not_carried_on() -> None:
    sampler = Sampler(Settings())
    look(sampler, 0.0, 14.0)
    look(sampler, 1.0, 20.0)  # 6 deg apart: more than a still head's jitter
    assert sampler.standing(2.0, STILL, away=False) is None
    look(sampler, 2.0, 22.0, Posture.FORWARD)
    assert sampler.standing(3.0, STILL, away=False) is None  # the verdict changed
    look(sampler, 3.0, 23.0, Posture.FORWARD)
    assert sampler.standing(4.0, STILL, away=False) is not None


def test_nobody_found_stands_only_once_the_user_is_away_and_never_with_motion_checks_off() -> None:
    sampler = Sampler(Settings())
    for t in (0.0, 1.0):
        sampler.looked(Finding(t, None), Reading(t=t, present=False), Posture.UNKNOWN)
    assert sampler.standing(2.0, STILL, away=False) is None  # a miss alone is never carried on
    assert sampler.standing(2.0, STILL, away=True) is not None
    off = Sampler(Settings(motion_hz=0.0))
    look(off, 0.0, 14.0)
    look(off, 1.0, 14.0)
    assert off.standing(2.0, STILL, away=False) is None


class OnBattery:
    """The power source's edge faked: the computer runs on its battery."""

    def on_battery(self) -> bool:
        return True


def test_on_battery_readings_and_glances_slow_to_battery_rate(tmp_path: Path) -> None:
    looks, readings = {}, {}
    for name, rate, power in (
        ("mains", 0.5, None),
        ("battery, rate 1", 1.0, OnBattery()),
        ("battery, rate 0.5", 0.5, OnBattery()),
    ):
        feed = Drawn(quick_turns, 60.0)
        settings = Settings(battery_rate=rate)
        _, _, readings[name] = play(
            feed, ScriptedModel(quick_turns), settings, 60.0, tmp_path, power
        )
        looks[name] = feed.looks
    assert looks["mains"] == looks["battery, rate 1"] == 2 * looks["battery, rate 0.5"]
    assert readings["mains"] == readings["battery, rate 1"] == 2 * readings["battery, rate 0.5"]
