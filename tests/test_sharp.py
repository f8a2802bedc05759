"""Sharp head movements from scripted head angles, and when the live loop takes a burst."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable

import pytest

from posture.core.data import Reading, View
from posture.core.measure.sharp import Axis, Detector, Movement, is_sharp, peak_speed
from posture.core.sensing.burst import MAX_PER_MINUTE, Burst
from posture.core.settings import Settings

DEFAULT = Settings()


def smooth_step(s: float) -> float:
    """A natural head movement's shape (minimum jerk): from 0 to 1 as s goes from 0 to 1."""
    s = min(max(s, 0.0), 1.0)
    return 10 * s**3 - 15 * s**4 + 6 * s**5


def movement(
    amplitude: float,
    seconds: float,
    axis: Axis = Axis.TURN,
    hz: float = 10.0,
    jitter: float = 2.5,
    start: float = 2.0,
    total: float = 8.0,
    view: View = View.FRONT,
) -> list[Reading]:
    """Readings at `hz` of a head moving `amplitude` deg in `seconds`, with a still head's jitter
    (uniform, +/- `jitter` deg) on every angle."""
    rnd = random.Random(7)
    readings = []
    for k in range(int(total * hz)):
        t = k / hz
        moved = amplitude * smooth_step((t - start) / seconds)
        yaw = rnd.uniform(-jitter, jitter) + (moved if axis is Axis.TURN else 0.0)
        pitch = rnd.uniform(-jitter, jitter) + (moved if axis is Axis.NOD else 0.0)
        side = view is View.SIDE
        readings.append(Reading(t, True, view, yaw_deg=None if side else yaw, pitch_deg=pitch))
    return readings


def found(readings: list[Reading], min_deg: float = DEFAULT.sharp_min_deg) -> list[Movement]:
    detector = Detector(min_deg)
    out = [m for r in readings for m in detector.feed(r)]
    return out + detector.flush()


def sharp(readings: list[Reading]) -> list[Movement]:
    return [m for m in found(readings) if is_sharp(m, DEFAULT.sharp_deg_s)]


def test_a_fast_sixty_degree_turn_is_sharp_and_the_same_turn_in_three_seconds_is_not() -> None:
    fast, slow = found(movement(60.0, 0.3)), found(movement(60.0, 3.0))
    assert [m.axis for m in fast] == [m.axis for m in slow] == [Axis.TURN]
    assert fast[0].peak_deg_s >= DEFAULT.sharp_deg_s > 3 * slow[0].peak_deg_s
    assert 55.0 <= fast[0].amplitude_deg <= 65.0 and 55.0 <= slow[0].amplitude_deg <= 65.0
    assert fast[0].duration_s <= 0.5 and 1.5 <= slow[0].duration_s <= 3.6
    assert 1.8 <= fast[0].start_t <= 2.1  # when it left its rest, not the start of the readings


def test_speed_is_measured_over_a_fifth_of_a_second_so_a_slower_turn_reads_slower() -> None:
    speeds = [found(movement(60.0, s))[0].peak_deg_s for s in (0.3, 0.5, 1.0, 2.0)]
    assert speeds == sorted(speeds, reverse=True)
    # A minimum-jerk movement peaks at 1.875 x its mean speed; averaged over 0.2 s a little less.
    one_second = speeds[2]
    assert 0.8 * 60.0 * 1.875 <= one_second <= 1.1 * 60.0 * 1.875


def test_a_still_head_with_jitter_has_no_movement_at_all() -> None:
    still = movement(0.0, 1.0, jitter=4.9, total=120.0)
    assert found(still) == []
    # Jitter alone reads up to 98 deg/s between two readings 0.1 s apart: why speeds need a span.
    yaws = [r.yaw_deg or 0.0 for r in still]
    pairs = [abs(b - a) / 0.1 for a, b in itertools.pairwise(yaws)]
    assert max(pairs) > 50.0


def test_a_single_glitched_reading_is_not_a_movement() -> None:
    readings = movement(0.0, 1.0, total=6.0)
    readings[30] = Reading(3.0, True, View.FRONT, yaw_deg=45.0, pitch_deg=0.0)
    assert found(readings) == []


def test_a_quick_nod_is_a_sharp_nod_and_is_seen_in_a_side_view_too() -> None:
    front = sharp(movement(45.0, 0.25, axis=Axis.NOD))
    side = sharp(movement(45.0, 0.25, axis=Axis.NOD, view=View.SIDE))
    assert [m.axis for m in front] == [m.axis for m in side] == [Axis.NOD]


def test_a_change_of_view_is_not_a_nod() -> None:
    front = movement(0.0, 1.0, total=3.0)
    side = [
        Reading(r.t + 3.0, True, View.SIDE, pitch_deg=(r.pitch_deg or 0.0) + 30.0) for r in front
    ]
    assert found(front + side) == []


def test_a_side_view_measures_no_turns() -> None:
    readings = movement(60.0, 0.3, view=View.SIDE)
    assert all(r.yaw_deg is None for r in readings) and found(readings) == []


def test_a_turn_and_back_are_two_movements_and_small_ones_are_none() -> None:
    there = movement(50.0, 0.3, total=3.0)
    back = [
        Reading(r.t + 3.0, True, View.FRONT, yaw_deg=50.0 - (r.yaw_deg or 0.0), pitch_deg=0.0)
        for r in there
    ]
    both = found(there + back)
    assert [m.axis for m in both] == [Axis.TURN, Axis.TURN]
    assert found(movement(15.0, 0.2)) == []  # a quick glance of 15 deg: under sharp_min_deg
    assert found(movement(15.0, 0.2), min_deg=10.0) != []


def test_a_diagonal_movement_counts_once_as_its_larger_part() -> None:
    readings = movement(60.0, 0.3)
    diagonal = [
        Reading(r.t, True, View.FRONT, yaw_deg=r.yaw_deg, pitch_deg=(r.yaw_deg or 0.0) / 2)
        for r in readings
    ]
    assert [m.axis for m in found(diagonal)] == [Axis.TURN]


def test_a_turn_cut_short_by_the_person_leaving_is_still_counted() -> None:
    readings = movement(60.0, 0.3, total=2.5)
    gone = [Reading(2.5 + k / 10, False) for k in range(30)]
    detector = Detector(DEFAULT.sharp_min_deg)
    told = [m for r in readings + gone for m in detector.feed(r)]
    assert [m.axis for m in told] == [Axis.TURN]  # without waiting for the end of the run


def test_peak_speed_uses_the_whole_run_when_it_is_shorter_than_the_span() -> None:
    assert peak_speed([(0.0, 0.0), (0.1, 30.0)]) == pytest.approx(300.0)
    assert peak_speed([(0.0, 0.0), (0.1, 30.0), (0.2, 40.0)]) == pytest.approx(200.0)
    assert peak_speed([(0.0, 0.0)]) == 0.0


# --- the burst ---------------------------------------------------------------------------------


def look(t: float, yaw: float, pitch: float = 0.0) -> Reading:
    return Reading(t, True, View.FRONT, yaw_deg=yaw, pitch_deg=pitch)


def burst_times(
    burst: Burst, hz: float, yaw: Callable[[float], float] = lambda t: 100.0 * t
) -> list[float]:
    """The burst readings due from now on, each taken when due, of a head at `yaw(t)` (by
    default turning on at 100 deg/s)."""
    times = []
    t = burst.next_at()
    while math.isfinite(t):
        assert burst.due(t)
        times.append(t)
        burst.burst_read(look(t, yaw(t)), hz)
        t = burst.next_at()
    return times


def test_a_head_turn_seen_by_a_glance_starts_a_burst_at_the_rate_for_a_second() -> None:
    burst, hz = Burst(), 10.0
    burst.looked(look(0.0, 0.0), moved=False, hz=hz)
    burst.looked(look(1.0, 20.0), moved=True, hz=hz)
    assert burst_times(burst, hz) == pytest.approx([1.0 + k / hz for k in range(1, 11)])
    assert burst.count == 1


def test_once_the_head_has_settled_the_burst_only_watches_and_the_last_reading_stands() -> None:
    burst, hz = Burst(), 10.0
    burst.looked(look(0.0, 0.0), moved=False, hz=hz)
    burst.looked(look(1.0, 20.0), moved=True, hz=hz)
    for t, yaw in ((1.1, 45.0), (1.2, 62.0), (1.3, 62.0)):  # the turn ends at 62 deg
        burst.burst_read(look(t, yaw), hz)
        assert not burst.watching
    burst.burst_read(look(1.4, 64.0), hz)  # 2 deg of jitter: settled for 0.2 s
    assert burst.watching and burst.due(1.5)
    standing = burst.unchanged(1.5, hz)
    assert standing is not None and (standing.t, standing.yaw_deg) == (1.5, 64.0)
    assert burst.due(1.6) and burst.watching
    burst.burst_read(look(1.6, 40.0), hz)  # the picture changed: read, and moving again
    assert not burst.watching


def test_a_head_moving_again_during_a_burst_prolongs_it_and_a_reading_of_the_loop_counts() -> None:
    burst, hz = Burst(), 10.0
    burst.looked(look(0.0, 0.0), moved=False, hz=hz)
    burst.looked(look(1.0, 20.0), moved=True, hz=hz)
    for t in (1.1, 1.2, 1.3):
        burst.burst_read(look(t, 20.0 + 100.0 * (t - 1.0)), hz)
    burst.looked(look(1.4, -10.0), moved=True, hz=hz)  # due now: stands for the burst's reading
    assert burst_times(burst, hz) == pytest.approx([1.4 + k / hz for k in range(1, 11)])
    assert burst.count == 2


def test_bursts_start_at_most_max_per_minute() -> None:
    burst, hz = Burst(), 10.0
    burst.looked(look(0.0, 0.0), moved=False, hz=hz)
    for k in range(1, 30):  # a head swinging 30 deg every 2 s for a minute
        burst.looked(look(2.0 * k, 30.0 * (k % 2)), moved=True, hz=hz)
        burst_times(burst, hz)
    assert burst.count == MAX_PER_MINUTE
    burst.looked(look(62.5, 0.0), moved=True, hz=hz)  # a minute after the first: one more
    assert burst.count == MAX_PER_MINUTE + 1


@pytest.mark.parametrize(
    ("moved", "yaw", "pitch", "hz"),
    [
        (True, 8.0, 6.0, 8.0),  # talking, a face making faces: the head's angles hardly change
        (True, 15.0, 0.0, 8.0),  # a small turn: shorter than a sharp movement must be
        (False, 40.0, 0.0, 8.0),  # the picture did not move (a reading at the usual cadence)
        (True, 40.0, 0.0, 0.0),  # bursts off
    ],
)
def test_no_burst_without_a_head_turn_a_moving_picture_or_a_rate(
    moved: bool, yaw: float, pitch: float, hz: float
) -> None:
    burst = Burst()
    burst.looked(look(0.0, 0.0), moved=False, hz=hz)
    burst.looked(look(1.0, yaw, pitch), moved=moved, hz=hz)
    assert burst.count == 0 and not math.isfinite(burst.next_at()) and not burst.due(1.1)


def test_a_nod_starts_a_burst_and_stop_ends_it() -> None:
    burst = Burst()
    burst.looked(look(0.0, 0.0, 0.0), moved=False, hz=10.0)
    burst.looked(look(0.5, 0.0, 25.0), moved=True, hz=10.0)
    assert burst.due(0.6)
    burst.stop()
    assert not burst.due(0.6) and not math.isfinite(burst.next_at())
