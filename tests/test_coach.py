"""The stretch coach on simulator sequences whose poses are known (the checks' acceptance)."""

from __future__ import annotations

import numpy as np

from posture.core.data import Reading
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.kinds import Helps
from posture.core.sim.simulator import Scene, simulate
from posture.core.stretches.catalogue import Check, Measure, Stretch
from posture.core.stretches.coach import Coach
from posture.core.stretches.cues import CueKind, Outcome, Phase, guidance

HZ = 5.0
FRONT = FrontalEstimator()


def stretch(measure: Measure, sides: tuple[str, ...], threshold: float, **kw: float) -> Stretch:
    fields = {"hold_s": 5.0, "reps": 1, "rest_s": 1.0} | kw
    return Stretch(
        id="test",
        name="Test",
        helps=frozenset({Helps.STILL_NECK}),
        steps=("do it",),
        hold_s=fields["hold_s"],
        reps=int(fields["reps"]),
        rest_s=fields["rest_s"],
        cautions=(),
        check=Check(measure, sides, threshold),
    )


class Session:
    """Plays simulated scenes to a coach at 5 readings a second, with 2 px of landmark noise."""

    def __init__(self, s: Stretch, seed: int = 0) -> None:
        self.coach = Coach(s, 0.0)
        self.t = 0.0
        self.rng = np.random.default_rng(seed)
        self.cues = self.coach.start()

    def play(self, seconds: float, scene: Scene | None = None) -> None:
        scene = scene or Scene()
        for _ in range(round(seconds * HZ)):
            sample = simulate(scene.with_(noise_px=2.0, world_noise_m=0.02), rng=self.rng)
            self.feed(metrics.read(sample, self.t, FRONT))

    def feed(self, reading: Reading) -> None:
        self.cues += self.coach.update(reading)
        self.t += 1.0 / HZ

    def texts(self) -> list[str]:
        return [c.text for c in self.cues]


TILT = stretch(Measure.ROLL, ("left",), 20.0)


def test_a_tilt_held_six_seconds_passes_a_five_second_hold() -> None:
    s = Session(TILT)
    s.play(2)
    s.play(6, Scene(head_roll_deg=25.0))
    s.play(2)
    assert s.coach.finished and s.coach.result().status is Outcome.COMPLETED
    assert s.texts()[-5:-1] == ["3...", "2...", "1...", "relax"]
    assert [c.kind for c in s.cues].count(CueKind.HOLD) == 1


def test_a_tilt_held_three_seconds_does_not() -> None:
    s = Session(TILT)
    s.play(2)
    s.play(3, Scene(head_roll_deg=25.0))
    s.play(20)  # back to neutral until the coach gives up on the task
    result = s.coach.result()
    assert s.coach.finished and result.status is Outcome.SKIPPED and result.done == 0
    assert any(c.kind is CueKind.MISSED for c in s.cues)


def test_a_tilt_to_the_wrong_side_does_not_count() -> None:
    s = Session(TILT)
    s.play(2)
    s.play(8, Scene(head_roll_deg=-25.0))
    assert not any(c.kind is CueKind.HOLD for c in s.cues)


def test_shrugs_pass_and_are_counted() -> None:
    s = Session(stretch(Measure.SHRUG, ("up",), 0.15, hold_s=1.0, reps=3, rest_s=1.0))
    s.play(2)
    for _ in range(3):
        s.play(1.6, Scene(shrug_m=0.05))
        s.play(1.6)
    result = s.coach.result()
    assert result.status is Outcome.COMPLETED and (result.done, result.total) == (3, 3)


def test_jitter_alone_never_passes_any_check() -> None:
    checks = [
        stretch(Measure.ROLL, ("left", "right"), 15.0),
        stretch(Measure.YAW, ("left", "right"), 20.0),
        stretch(Measure.PITCH, ("down", "up"), 15.0),
        stretch(Measure.CHIN_TUCK, ("back",), 5.0),
        stretch(Measure.SHRUG, ("up",), 0.15, hold_s=1.0),
    ]
    for seed, check in enumerate(checks):
        s = Session(check, seed=seed)
        s.play(70)
        assert s.coach.finished and s.coach.result().status is Outcome.SKIPPED, check.check


def test_both_sides_and_repetitions_make_the_tasks() -> None:
    s = Session(stretch(Measure.YAW, ("left", "right"), 20.0, hold_s=1.0, reps=2))
    s.play(2)
    for _ in range(2):
        s.play(2, Scene(head_yaw_deg=30.0))
        s.play(1.5)
        s.play(2, Scene(head_yaw_deg=-30.0))
        s.play(1.5)
    result = s.coach.result()
    assert result.status is Outcome.COMPLETED and result.total == 4
    assert "Test (left), 1 of 2: hold 1 s" in s.texts()


def test_one_side_of_two_is_partial() -> None:
    s = Session(stretch(Measure.YAW, ("left", "right"), 20.0, hold_s=1.0))
    s.play(2)
    s.play(2, Scene(head_yaw_deg=30.0))
    s.play(20)
    assert s.coach.result().status is Outcome.PARTIAL


def test_a_chin_tuck_is_measured_from_the_start() -> None:
    s = Session(stretch(Measure.CHIN_TUCK, ("back",), 5.0, hold_s=2.0))
    s.play(2, Scene(forward_head_deg=30.0))
    s.play(3, Scene(forward_head_deg=12.0))
    assert s.coach.result().status is Outcome.COMPLETED


def test_a_walk_counts_once_away_long_enough() -> None:
    walk = stretch(Measure.AWAY, ("away",), 0.0, hold_s=60.0)
    s = Session(walk)
    s.play(2)
    s.play(61, Scene(present=False))
    assert s.coach.finished and s.coach.result().status is Outcome.COMPLETED
    short = Session(walk)
    short.play(2)
    short.play(20, Scene(present=False))
    short.play(1)
    assert short.coach.result().status is Outcome.PARTIAL


def test_a_timer_only_stretch_counts_down_and_completes() -> None:
    plain = Stretch(
        id="p",
        name="Press",
        helps=frozenset({Helps.FORWARD_HEAD}),
        steps=("push",),
        hold_s=3.0,
        reps=2,
        rest_s=2.0,
        cautions=(),
    )
    coach = Coach(plain, 0.0)
    cues = coach.start()
    for t in np.arange(0.0, 20.0, 0.5):
        cues += coach.tick(float(t))
    texts = [c.text for c in cues]
    assert coach.finished and coach.result().status is Outcome.COMPLETED
    assert texts.count("relax") == 2 and texts.count("hold...") == 2
    assert not coach.result().checked


def test_skipping_keeps_what_was_done() -> None:
    s = Session(stretch(Measure.YAW, ("left", "right"), 20.0, hold_s=1.0))
    s.play(2)
    s.play(2, Scene(head_yaw_deg=30.0))
    s.cues += s.coach.skip(s.t)
    assert s.coach.result().status is Outcome.PARTIAL and s.coach.skip(s.t) == []


def test_every_cue_says_where_the_session_is() -> None:
    """The data a window draws from: task, repetition, side, phase and the seconds left."""
    s = Session(stretch(Measure.YAW, ("left", "right"), 20.0, hold_s=3.0, reps=2))
    s.play(2)
    s.play(5, Scene(head_yaw_deg=30.0))
    intro = s.cues[0]
    assert intro.kind is CueKind.INTRO and intro.stretch is not None and intro.text == "Test"
    counts = [c for c in s.cues if c.kind is CueKind.COUNT and c.phase is Phase.HOLD]
    assert [c.left_s for c in counts] == [3.0, 2.0, 1.0]
    assert {(c.task, c.tasks, c.rep, c.reps, c.side) for c in counts} == {(1, 4, 1, 2, "left")}
    after = [c for c in s.cues if c.kind is CueKind.INSTRUCT][-1]
    assert (after.task, after.side, after.phase) == (2, "right", Phase.REACH)


def test_the_camera_guides_in_words_and_a_miss_says_how_far() -> None:
    s = Session(stretch(Measure.YAW, ("left",), 30.0))
    s.play(2)
    s.play(3)
    s.play(4, Scene(head_yaw_deg=18.0))
    s.play(12, Scene(head_yaw_deg=18.0))
    guides = [c.guidance for c in s.cues if c.kind is CueKind.GUIDE]
    assert guides[:2] == ["turn your head to the left", "turn a little further left"]
    missed = next(c.text for c in s.cues if c.kind is CueKind.MISSED)
    assert missed.startswith("reached ") and missed.endswith(" deg of 30 deg left; moving on")


def test_a_session_ended_by_the_recording_says_so() -> None:
    s = Session(stretch(Measure.YAW, ("left",), 30.0))
    s.play(3)
    s.cues += s.coach.skip(s.t, "recording ended")
    result = s.coach.result()
    assert result.status is Outcome.SKIPPED and result.how == "recording ended"
    assert s.texts()[-1] == "Test: recording ended (0 of 1)"


def test_guidance_does_not_flip_on_jitter_once_partway() -> None:
    start, further = "turn your head to the left", "turn a little further left"
    assert guidance(Measure.YAW, "left", 2.0, 30.0) == start
    assert guidance(Measure.YAW, "left", 11.0, 30.0) == further
    assert guidance(Measure.YAW, "left", 8.0, 30.0) == start
    assert guidance(Measure.YAW, "left", 8.0, 30.0, partway=True) == further  # jitter: kept
    assert guidance(Measure.YAW, "left", 4.0, 30.0, partway=True) == start  # really back
    assert guidance(Measure.YAW, "left", None, 30.0).startswith("the camera cannot see")
