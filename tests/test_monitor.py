"""The monitor core on scripted readings: every rule and edge, time given by the readings."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from posture.core.data import Reading, View
from posture.core.monitor.events import Carry, Event, Posture, Unknown
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings

FAST = Settings(
    forward_hold_s=10.0,
    forward_gap_s=3.0,
    forward_clear_s=5.0,
    still_alert_s=60.0,
    sitting_alert_s=300.0,
    away_after_s=5.0,
    away_break_s=30.0,
    cooldown_s=20.0,
    escalate_after=2,
    snooze_s=60.0,
    arrival_s=0.0,  # arrival has its own tests (test_monitor_baseline.py)
)
K = EventKind


def seated(t: float, angle: float = 15.0, yaw: float = 0.0, confidence: float = 0.9) -> Reading:
    return Reading(
        t=t,
        present=True,
        view=View.FRONT,
        head_forward_deg=angle,
        confidence=confidence,
        yaw_deg=yaw,
        pitch_deg=0.0,
        roll_deg=0.0,
    )


def empty(t: float) -> Reading:
    return Reading(t=t, present=False)


class Script:
    """Feeds a monitor one reading a second (or at `hz`) and keeps every event."""

    def __init__(self, settings: Settings = FAST, carry: Carry | None = None) -> None:
        self.monitor = Monitor(settings, carry)
        self.t = 0.0
        self.events: list[Event] = []

    def run(self, seconds: float, make=seated, hz: float = 1.0, **kw: float) -> list[Event]:
        new: list[Event] = []
        for _ in range(round(seconds * hz)):
            new += self.monitor.update(make(self.t, **kw))
            self.t += 1.0 / hz
        self.events += new
        return new

    def moves(self, events: list[Event] | None = None) -> list[Event]:
        return [e for e in (self.events if events is None else events) if e.kind is K.NECK_MOVED]

    def kinds(self, events: list[Event] | None = None) -> list[EventKind]:
        """Kinds of the events, leaving out neck movements (sitting up is one, rightly)."""
        chosen = self.events if events is None else events
        return [e.kind for e in chosen if e.kind is not K.NECK_MOVED]


def test_forward_head_must_last_the_hold_time() -> None:
    s = Script()
    assert s.run(10, angle=30.0) == []  # readings at 0..9 s: 9 s of forward head
    raised = s.run(1, angle=30.0)
    assert s.kinds(raised) == [K.FORWARD_ALERT] and raised[0].duration_s == 10.0
    assert s.monitor.status().posture is Posture.FORWARD


def test_hysteresis_keeps_the_verdict_inside_the_margin() -> None:
    s = Script()
    s.run(1, angle=26.0)
    for _ in range(5):  # 24 is under the threshold but inside the 3 deg margin
        s.run(1, angle=24.0)
        s.run(1, angle=26.0)
    assert K.FORWARD_ALERT in s.kinds()
    s2 = Script()
    for _ in range(6):
        s2.run(1, angle=26.0)
        s2.run(1, angle=21.0)  # below the margin: good, but only for a glance
    assert K.FORWARD_ALERT in s2.kinds()  # the gaps were glances (<3 s), so the hold ran on


def test_a_glance_neither_raises_nor_resets_but_a_correction_resets() -> None:
    s = Script()
    s.run(8, angle=30.0)
    s.run(2, angle=10.0)  # a glance
    assert K.FORWARD_ALERT in s.kinds(s.run(1, angle=30.0))  # 10 s after the episode began
    s2 = Script()
    s2.run(8, angle=30.0)
    s2.run(5, angle=10.0)  # sat up properly
    assert s2.kinds(s2.run(9, angle=30.0)) == []  # a new episode: the hold starts again
    assert K.FORWARD_ALERT in s2.kinds(s2.run(2, angle=30.0))


def test_good_posture_for_a_while_clears_the_alert() -> None:
    s = Script()
    s.run(11, angle=30.0)
    assert s.kinds(s.run(5, angle=10.0)) == []  # good for 0..4 s: not yet
    assert s.kinds(s.run(1, angle=10.0)) == [K.FORWARD_CLEARED]
    assert s.monitor.status().alerting == frozenset()


def test_an_ignored_alert_repeats_after_the_cooldown_and_escalates() -> None:
    s = Script()
    s.run(80, angle=30.0)
    alerts = [e for e in s.events if e.kind is K.FORWARD_ALERT]
    assert [e.t for e in alerts] == [10.0, 30.0, 50.0, 70.0]
    assert [e.repeat for e in alerts] == [0, 1, 2, 3]
    assert [e.urgent for e in alerts] == [False, False, True, True]


def test_a_new_episode_waits_for_the_cooldown() -> None:
    s = Script()
    s.run(11, angle=30.0)  # alert at 10 s
    s.run(6, angle=10.0)  # good from 11 s, cleared at 16 s
    s.run(11, angle=30.0)  # 17..27 s: held 10 s at 27 s, but the cooldown runs to 30 s
    assert s.kinds().count(K.FORWARD_ALERT) == 1
    s.run(4, angle=30.0)
    assert s.kinds().count(K.FORWARD_ALERT) == 2


def test_low_confidence_readings_do_not_judge_posture() -> None:
    s = Script()
    s.run(30, angle=40.0, confidence=0.1)
    assert s.events == [] and s.monitor.status().posture is Posture.UNKNOWN


def test_away_back_and_break() -> None:
    s = Script()
    s.run(10)  # last seen at 9 s
    assert s.run(4, make=empty) == []  # nobody at 10..13 s
    assert s.kinds(s.run(1, make=empty)) == [K.AWAY]  # 14 s: 5 s since last seen
    back = s.run(1)
    assert s.kinds(back) == [K.BACK] and back[0].duration_s == 6.0
    s.run(30, make=empty)
    back = s.run(1)
    assert s.kinds(back) == [K.BACK, K.BREAK] and back[1].duration_s == 31.0
    assert s.monitor.status().sitting_s <= 1.0


def test_away_ends_a_forward_episode_and_clears_its_alert() -> None:
    s = Script()
    s.run(8, angle=30.0)
    s.run(6, make=empty)
    assert (
        s.run(9, angle=30.0) == [e for e in s.events if False] or K.FORWARD_ALERT not in s.kinds()
    )
    s.run(20, angle=30.0)
    assert K.FORWARD_ALERT in s.kinds()
    s.run(6, make=empty)
    assert s.kinds()[-2:] == [K.AWAY, K.FORWARD_CLEARED]


def test_sitting_counts_present_time_and_a_break_resets_it() -> None:
    s = Script(Settings(sitting_alert_s=300.0, away_break_s=30.0, still_alert_s=14400.0))
    s.run(200)
    s.run(20, make=empty)  # a short absence: not a break, not counted as sitting
    s.run(99)
    assert K.SITTING_ALERT not in s.kinds()
    alert = s.run(2)
    assert s.kinds(alert) == [K.SITTING_ALERT] and alert[0].duration_s == 300.0
    s.run(40, make=empty)
    assert K.BREAK in s.kinds(s.run(1))
    assert s.monitor.status().sitting_s <= 1.0


def test_jitter_is_not_movement_and_the_still_neck_alert_fires() -> None:
    rng = np.random.default_rng(3)
    s = Script()
    for _ in range(61):
        s.events += s.monitor.update(
            seated(s.t, angle=15.0 + rng.normal(0, 2), yaw=rng.normal(0, 3))
        )
        s.t += 1.0
    assert s.moves() == []
    alerts = [e for e in s.events if e.kind is K.STILL_ALERT]
    assert len(alerts) == 1 and alerts[0].duration_s == 60.0


@pytest.mark.parametrize("hz", [1.0, 2.0])
def test_a_one_second_head_turn_is_movement_and_resets_the_stillness(hz: float) -> None:
    s = Script()
    s.run(30, hz=hz)
    moved = s.moves(s.run(1, hz=hz, yaw=30.0))
    assert len(moved) == 1 and moved[0].value == 30.0
    s.run(2, hz=hz)  # turning back is part of the same movement
    assert len(s.moves()) == 1
    assert s.monitor.status().still_s < 3.0
    s.run(56, hz=hz)
    assert K.STILL_ALERT not in s.kinds()  # 60 s from the turn (back at 31 s), not from 0
    alert = [e for e in s.run(5, hz=hz) if e.kind is K.STILL_ALERT]
    assert len(alert) == 1 and alert[0].t == 91.0


def test_pause_holds_everything_and_ends_by_itself() -> None:
    s = Script()
    s.events += s.monitor.pause(s.t, 30.0)
    s.run(30, angle=40.0)  # readings at 0..29 s, all inside the pause
    assert s.kinds() == [K.PAUSED] and s.monitor.paused
    s.run(1, angle=40.0)
    assert s.kinds()[-1] is K.RESUMED and not s.monitor.paused
    s.run(10, angle=40.0)
    assert K.FORWARD_ALERT in s.kinds()  # judged again after the pause


def test_resume_ends_a_pause_early() -> None:
    s = Script()
    s.monitor.pause(0.0, 600.0)
    s.run(5)
    assert s.kinds(s.monitor.resume(s.t)) == [K.RESUMED]
    assert s.monitor.resume(s.t) == []  # not paused: nothing to resume


def test_a_pause_the_loop_saw_no_frame_in_is_neither_sitting_nor_negative_stillness() -> None:
    """The live loop reads nothing while paused: resumed 5 s later, the status said "neck still
    -5 s" until the next reading, which then counted the pause as sitting."""
    s = Script()
    s.run(10)  # readings at 0..9 s
    sitting = s.monitor.status().sitting_s
    s.monitor.pause(s.t, 300.0)
    s.t += 5.0  # no reading while paused
    s.monitor.resume(s.t)
    status = s.monitor.status()
    assert status.present and status.still_s == 0.0 and status.sitting_s == sitting
    s.run(2)  # readings at the resume and a second later
    assert s.monitor.status().sitting_s == sitting + 1.0  # the pause is not sitting time


def test_snooze_holds_alerts_but_not_the_timers() -> None:
    s = Script()
    s.run(5, angle=30.0)
    s.events += s.monitor.snooze(s.t)
    s.run(60, angle=30.0)  # snoozed until 65 s
    assert K.FORWARD_ALERT not in s.kinds()
    alert = [e for e in s.run(1, angle=30.0) if e.kind is K.FORWARD_ALERT]
    assert len(alert) == 1 and alert[0].duration_s == 65.0


def test_a_restart_mid_day_carries_the_timers() -> None:
    s = Script(carry=Carry(sitting_s=290.0, still_s=50.0))
    s.run(12)
    kinds = s.kinds()
    assert K.STILL_ALERT in kinds and K.SITTING_ALERT in kinds
    assert next(e for e in s.events if e.kind is K.SITTING_ALERT).t <= 11.0


def test_status_names_the_next_alert() -> None:
    s = Script()
    s.run(5, angle=30.0)
    status = s.monitor.status()
    assert status.next_alert is not None
    kind, seconds = status.next_alert
    assert kind is K.FORWARD_ALERT and seconds == pytest.approx(6.0)
    assert status.head_forward_deg == 30.0 and status.sitting_s == 4.0


def test_a_pause_ends_by_itself_without_readings() -> None:
    monitor = Monitor(FAST)
    monitor.pause(0.0, 30.0)
    assert monitor.tick(29.0) == [] and monitor.paused
    assert [e.kind for e in monitor.tick(30.0)] == [K.RESUMED] and not monitor.paused


def test_a_suspend_or_clock_jump_does_not_raise_false_alerts() -> None:
    s = Script()
    s.run(50)  # 50 s still, sitting 49 s
    s.t += 2 * 3600  # the laptop slept for two hours
    woke = s.run(1)
    assert [e.kind for e in woke] == [K.BREAK] and woke[0].duration_s == pytest.approx(7201)
    status = s.monitor.status()
    assert status.still_s == 0.0 and status.sitting_s == 0.0
    s.run(20)
    assert K.STILL_ALERT not in s.kinds()  # the 60 s timer started again on waking
    short = Script(Settings(still_alert_s=60.0, away_break_s=300.0))
    short.run(50)
    short.t += 40  # a hiccup: longer than a step, shorter than a break (300 s)
    assert short.run(1) == [] and short.monitor.status().still_s == 0.0


def test_a_long_accelerated_day_keeps_memory_flat() -> None:
    import tracemalloc

    from posture.core.sim.longrun import scripted_day

    monitor = Monitor(Settings())
    tracemalloc.start()
    heap = []
    for reading in scripted_day(hours=8.0):
        monitor.update(reading)
        monitor.status()
        if reading.t % 3600 == 3599:
            heap.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    assert len(heap) == 8 and max(heap[1:]) - heap[0] < 50_000  # bytes: flat, not growing


def test_neck_still_never_exceeds_the_time_since_the_person_arrived() -> None:
    s = Script()
    s.run(4, make=empty)  # nobody at 0..3 s: not yet long enough to be away
    s.run(3)  # someone from 4 s, sitting still
    status = s.monitor.status()
    assert status.t == 6.0 and status.still_s == 2.0  # since 4 s, not since the first reading
    s.run(57)  # 7..63 s, still from 4 s: the alert is due at 64 s, not at 60 s
    assert K.STILL_ALERT not in s.kinds()
    assert s.kinds(s.run(1)) == [K.STILL_ALERT]


@pytest.mark.parametrize(
    ("carry", "sitting_s", "still_s"),
    [
        # A quick restart: the 12 s between the runs counts for both timers.
        (Carry(sitting_s=600.0, still_s=30.0, gap_s=12.0), 612.0, 42.0),
        # Two minutes unwatched: the neck timer restarts, the gap adds no sitting time.
        (Carry(sitting_s=600.0, still_s=30.0, gap_s=120.0), 600.0, 0.0),
        # An earlier run whose neck timer ran ahead of its sitting time is held to it.
        (Carry(sitting_s=9.0, still_s=21.0, gap_s=12.0), 21.0, 21.0),
    ],
)
def test_a_restart_carries_the_timers_as_a_gap_between_readings_would(
    carry: Carry, sitting_s: float, still_s: float
) -> None:
    s = Script(carry=carry)
    s.run(1)
    status = s.monitor.status()
    assert (status.sitting_s, status.still_s) == (sitting_s, still_s)
    s.run(20)
    later = s.monitor.status()
    assert later.still_s <= later.sitting_s


def test_the_status_says_why_there_is_no_angle() -> None:
    s = Script()
    s.run(1, make=empty)
    first = s.monitor.status()
    assert not first.present and first.unknown is Unknown.NO_ONE  # nobody, even at the start
    s.run(1, confidence=0.1)
    assert s.monitor.status().unknown is Unknown.UNCALIBRATED

    def calibrated(t: float) -> Reading:
        return replace(seated(t, confidence=0.1), calibrated=True)

    s.run(1, make=calibrated)
    assert s.monitor.status().unknown is Unknown.LOW_CONFIDENCE
    s.run(1, make=lambda t: replace(seated(t, confidence=0.1), view=View.SIDE))
    assert s.monitor.status().unknown is Unknown.SIDE_UNCLEAR
    s.run(1, make=lambda t: replace(seated(t), head_forward_deg=None))
    assert s.monitor.status().unknown is Unknown.NOT_MEASURED
    s.run(1)
    status = s.monitor.status()
    assert status.unknown is None and status.view is View.FRONT and not status.calibrated
    s.run(6, make=empty)
    assert s.monitor.status().away and s.monitor.status().unknown is None


def test_the_status_shows_how_long_a_snooze_lasts() -> None:
    s = Script()
    s.run(5)
    assert s.monitor.status().snoozed_s == 0.0
    s.monitor.snooze(s.t)  # at 5 s, for 60 s
    s.run(10)
    assert s.monitor.status().snoozed_s == 51.0  # last reading at 14 s
    s.run(60)
    assert s.monitor.status().snoozed_s == 0.0


def test_end_snooze_lets_alerts_come_at_once() -> None:
    s = Script()
    s.run(5)
    s.monitor.snooze(s.t)
    s.run(1)
    assert s.monitor.end_snooze(s.t) == [] and s.monitor.status().snoozed_s == 0.0


def test_a_confirmed_walk_is_one_break_and_only_when_the_person_was_away() -> None:
    long = Settings(away_break_s=600.0, away_after_s=5.0)
    s = Script(long)
    s.run(10)
    assert s.monitor.walked(s.t, 300.0) == []  # present: no break, the timers go on
    assert s.monitor.status().sitting_s >= 9.0
    s.run(20, make=empty)
    assert s.monitor.walked(s.t, 15.0) == []  # away: the break is recorded on return
    back = s.run(1)
    assert s.kinds(back) == [K.BACK, K.BREAK] and s.monitor.status().sitting_s <= 1.0
    s.run(20, make=empty)
    assert s.kinds(s.run(1)) == [K.BACK]  # the walk counted once; a later short absence is none
