"""Sharp head movements in the live loop: a head turn seen by a glance starts a burst of readings,
the detector finds the movement and its speed, the history keeps it; the monitor's own events are
the same with bursts or without them. Drawn heads (the simulator's landmarks) and the real model
on the shared clips played as a webcam."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import RecordingNotifier, RecordingSink
from test_sampling import WATCHED, Drawn, Playlist, ScriptedModel, clips, ramp

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store.store import Store
from posture.app.bursts import Bursts
from posture.app.loop import Loop, Parts
from posture.core.data import Reading
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.metrics import FrontEstimator
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Glance, PoseSource
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene

K = EventKind
SHARP = (K.SHARP_TURN, K.SHARP_NOD)
TIMERS = Settings(still_alert_s=60.0, sitting_alert_s=300.0, forward_hold_s=20.0, cooldown_s=60.0)


def look_away_and_back(seconds_each_way: float, axis: str = "yaw") -> Callable[[float], Scene]:
    """Still, then every 20 s the head goes 50 deg to a side (or 40 deg down) in
    `seconds_each_way`, stays a second, and comes back as fast."""

    def script(t: float) -> Scene:
        phase = t % 20.0
        out = ramp(phase, 10.0, 10.0 + seconds_each_way, 0.0, 1.0)
        back = ramp(phase, 11.0 + seconds_each_way, 11.0 + 2 * seconds_each_way, 0.0, 1.0)
        swing = out - back
        if axis == "yaw":
            return Scene(forward_head_deg=15.0, head_yaw_deg=50.0 * swing)
        return Scene(forward_head_deg=15.0, head_pitch_deg=40.0 * swing)

    return script


class Turning(Drawn):
    """A drawn head with a face's texture over it that slides as the head turns or nods, as a
    real face does in a webcam's picture (the drawn lines alone hardly change a thumbnail)."""

    FACE = np.random.default_rng(3).integers(0, 255, (110, 90, 3), dtype=np.uint8)

    def frame(self, t: float) -> np.ndarray | None:
        image = super().frame(t)
        if image is None:
            return None
        scene = self.script(t)
        x = 115 + int(1.2 * scene.head_yaw_deg)
        y = 50 + int(1.2 * scene.head_pitch_deg)
        image[y : y + 110, x : x + 90] = self.FACE
        return image


def run(
    feed: Drawn | Playlist,
    pose: PoseSource,
    settings: Settings,
    seconds: float,
    db: Path,
    front: FrontEstimator | None = None,
) -> tuple[Loop, list[Event]]:
    """A run in virtual time; the loop and every event it published."""
    sink, clock = RecordingSink(), VirtualClock()
    with Store(db, clock.now) as store:
        store.start_session(0.0, feed.name, {})
        parts = Parts(feed, pose, front or FrontalEstimator(), store, RecordingNotifier(), sink)
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        loop.run(seconds)
    return loop, sink.seen


def test_a_quick_look_away_and_back_is_sharp_and_a_slow_one_is_not(tmp_path: Path) -> None:
    quick = look_away_and_back(0.2)
    loop, events = run(Turning(quick, 60.0), ScriptedModel(quick), TIMERS, 60.0, tmp_path / "q.db")
    sharp = [e for e in events if e.kind in SHARP]
    assert loop.sharp.burst.count >= 3 and sharp, loop.sharp.movements
    assert all(e.kind is K.SHARP_TURN for e in sharp)
    assert all((e.value or 0) >= TIMERS.sharp_deg_s for e in sharp)
    assert all(40.0 <= (e.amplitude_deg or 0) <= 60.0 for e in sharp)
    slow = look_away_and_back(2.0)
    loop, events = run(Turning(slow, 60.0), ScriptedModel(slow), TIMERS, 60.0, tmp_path / "s.db")
    assert loop.sharp.movements and not [e for e in events if e.kind in SHARP]
    assert all(m.peak_deg_s < 60.0 for m in loop.sharp.movements)


def test_a_quick_nod_is_a_sharp_nod_and_is_stored_with_its_speed(tmp_path: Path) -> None:
    nod = look_away_and_back(0.2, axis="pitch")
    run(Turning(nod, 45.0), ScriptedModel(nod), TIMERS, 45.0, tmp_path / "n.db")
    with Store(tmp_path / "n.db", VirtualClock().now, read_only=True) as store:
        stored = [e for e in store.events() if e.kind.startswith("sharp")]
    assert stored and {e.kind for e in stored} == {"sharp_nod"}
    assert all((e.value or 0) >= TIMERS.sharp_deg_s and e.amplitude_deg for e in stored)
    assert all(e.duration_s is not None and 0.0 < e.duration_s < 1.0 for e in stored)


def test_a_cut_starts_no_burst_and_a_head_turn_after_it_does() -> None:
    """The whole picture replaced (someone else in view, the light switched) is one reading's
    news: the angles of the scene before and after differ, but no head moved fast."""
    feed = Turning(look_away_and_back(0.2), 10.0)
    bursts = Bursts(Settings(), feed, lambda t, shot: None, lambda events: None, lambda: 1.0)
    still, moving = Glance(moved=False, covered=False), Glance(moved=True, covered=False)
    bursts.looked(Reading(0.0, True, yaw_deg=0.0, pitch_deg=0.0), still)
    bursts.looked(Reading(1.0, True, yaw_deg=35.0, pitch_deg=0.0), replace(moving, cut=True))
    assert bursts.watch.burst.count == 0 and bursts.next_at() == math.inf
    bursts.looked(Reading(2.0, True, yaw_deg=0.0, pitch_deg=0.0), moving)  # a turn back
    assert bursts.watch.burst.count == 1 and bursts.next_at() < 2.5


def test_bursts_change_none_of_the_monitors_events(tmp_path: Path) -> None:
    quick = look_away_and_back(0.2)
    runs = {}
    for hz in (0.0, Settings().burst_hz):
        settings = replace(TIMERS, burst_hz=hz)
        loop, events = run(
            Turning(quick, 400.0), ScriptedModel(quick), settings, 400.0, tmp_path / f"{hz}.db"
        )
        runs[hz] = [(e.kind, round(e.t, 3)) for e in events if e.kind in WATCHED]
        assert (loop.sharp.burst_readings > 0) == (hz > 0)
    with_bursts, without = runs[Settings().burst_hz], runs[0.0]
    assert {K.NECK_MOVED, K.STILL_ALERT, K.SITTING_ALERT} & {k for k, _ in without}
    assert with_bursts == without


def test_a_sharp_alert_only_when_the_setting_asks_and_at_most_every_cooldown(
    tmp_path: Path,
) -> None:
    quick = look_away_and_back(0.2)
    shown = {}
    for alert in (False, True):
        settings = replace(TIMERS, sharp_alert=alert, cooldown_s=30.0)
        notifier = RecordingNotifier()
        sink, clock = RecordingSink(), VirtualClock()
        with Store(tmp_path / f"{alert}.db", clock.now) as store:
            store.start_session(0.0, "drawn", {})
            feed, model = Turning(quick, 100.0), ScriptedModel(quick)
            parts = Parts(feed, model, FrontalEstimator(), store, notifier, sink)
            Loop(parts, settings, Monitor(settings), clock, lambda t: t).run(100.0)
        sharp = [e for e in sink.seen if e.kind in SHARP]
        assert len(sharp) >= 4
        shown[alert] = [a for a in notifier.alerts if a.cause in SHARP]
    assert shown[False] == []
    assert 2 <= len(shown[True]) <= 4  # 100 s, a sharp turn every 10 s, one alert per 30 s
    assert "°/s" in shown[True][0].body and "turn slowly" in shown[True][0].body


# --- the real model on the shared clips, played as a webcam ------------------------------------


__all__ = ["clips"]  # the shared clips as a desk webcam frames them (a fixture)


@pytest.mark.parametrize(
    ("clip", "bursts"),
    [("front-head-turns-d12", True), ("front-still-d13", False), ("front-talking-selfie", False)],
)
def test_the_real_model_on_the_shared_clips(
    clip: str,
    bursts: bool,
    clips: dict[str, tuple[list[np.ndarray], float]],
    model_path: Path,
    tmp_path: Path,
) -> None:
    with PoseEstimator(model_path, sequence=False) as pose:
        loop, _ = run(Playlist(clips, [(clip, 40.0)]), pose, Settings(), 40.0, tmp_path / "h")
    watch = loop.sharp
    speeds = sorted(round(m.peak_deg_s) for m in watch.movements)
    print(f"{clip}: {watch.burst.count} bursts, {watch.burst_readings} readings, speeds {speeds}")
    if not bursts:  # a still head, or talking and writing: the picture moves, the head hardly
        assert watch.burst.count == 0 and watch.movements == []
        return
    # Repeated turns of about +/-30 deg: each burst measures one; brisk, not sharp.
    assert watch.burst.count >= 5 and len(watch.movements) >= 5
    assert all(20.0 <= m.amplitude_deg <= 70.0 for m in watch.movements)
    assert 60.0 <= max(speeds) <= 400.0
