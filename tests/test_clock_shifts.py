"""Clocks that lie: a wall clock ahead or stepped back, a suspend that stops the monotonic clock.
One rule (posture/core/clocks.py) decides for carry-over, retention, commands and breaks."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import Builder, at, make_status, rows
from hypothesis import given, settings
from hypothesis import strategies as st

from posture.adapters.camera import feeds
from posture.adapters.camera.feeds import RealClock
from posture.adapters.store.store import Store
from posture.adapters.system import control
from posture.core import clocks
from posture.core.data import Reading, View
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings

DAY_S = 86_400.0
LAST = date(2026, 11, 20)
READING = Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=12.0, confidence=0.8)


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _sample(store: Store, wall_utc: float, sitting_s: float) -> None:
    status = make_status(t=wall_utc, sitting_s=sitting_s, still_s=min(sitting_s, 30.0))
    store.add_sample(wall_utc, READING, status)


def _count(db: Path) -> int:
    return int(rows(db, "SELECT count(*) FROM samples")[0][0])  # type: ignore[call-overload]


# --- item 2: carry-over and retention under a clock that is ahead -----------------------------


def test_a_sample_from_the_future_is_not_carried_as_recent(tmp_path: Path) -> None:
    """A run with the clock ahead left samples 'in the future': later starts carry nothing
    from them (a sitting alert at the first reading), but still carry from a recent one."""
    db = tmp_path / "h.db"
    with Store(db, Ticks()) as store:
        store.start_session(1000.0, "camera 0", {})
        _sample(store, 1000.0, sitting_s=100.0)
        _sample(store, 1000.0 + 200 * DAY_S, sitting_s=3000.0)  # the clock was 200 days ahead
    with Store(db, Ticks()) as store:
        carry = store.carry(now_utc=1050.0, break_s=300.0)
        assert (carry.sitting_s, carry.gap_s) == (100.0, 50.0)
        assert store.carry(now_utc=1000.0 + 100 * DAY_S, break_s=300.0).sitting_s == 0.0


def test_a_clock_stepped_back_carries_nothing(tmp_path: Path) -> None:
    """The last sample is an hour later than now (the clock stepped back): how long ago it was
    is unknown, so the timers start afresh."""
    db = tmp_path / "h.db"
    with Store(db, Ticks()) as store:
        store.start_session(5000.0, "camera 0", {})
        _sample(store, 5000.0, sitting_s=3000.0)
        assert store.carry(now_utc=5000.0 - 3600.0, break_s=300.0).sitting_s == 0.0


def test_a_session_under_a_clock_a_year_ahead_drops_no_samples(tmp_path: Path) -> None:
    """Retention by the wrong 'now' dropped nearly every sample: the clock a year ahead must
    drop none of the last 30 days (only a now the monotonic clock vouches for may)."""
    db = tmp_path / "h.db"
    b = Builder(db)
    for day in range(30):
        b.samples(at(LAST, 9) - day * DAY_S, 3600, step=60)
    b.close()
    before = _count(db)
    ticks = Ticks()
    with Store(db, ticks) as store:
        ahead = at(LAST, 12) + 365 * DAY_S
        store.start_session(ahead, "camera 0", {})
        _sample(store, ahead, sitting_s=10.0)
        ticks.t += 60.0
        store.end_session(ahead + 60.0)
    assert _count(db) == before + 1
    assert rows(db, "SELECT count(*) FROM rollups")[0][0] == 30  # the real days are rolled up


def test_retention_still_drops_old_samples_by_a_clock_it_can_trust(tmp_path: Path) -> None:
    """The other side: the clock right, samples older than keep_samples_days go."""
    db = tmp_path / "h.db"
    b = Builder(db)
    b.samples(at(LAST, 9) - 200 * DAY_S, 3600, step=60)
    b.samples(at(LAST, 9), 3600, step=60)
    b.close()
    with Store(db, Ticks()) as store:
        store.start_session(at(LAST, 12), "camera 0", {"keep_samples_days": 90})
        store.end_session(at(LAST, 12))
    assert _count(db) == 60


# --- item 7: commands after the clock steps back ----------------------------------------------


def test_pause_and_resume_are_taken_after_the_clock_steps_back(
    tmp_path: Path, wall_offset: Callable[[float], None]
) -> None:
    """The inbox took only commands newer than the newest it had seen by the wall clock: after
    a step back, 'resumed' was printed and the monitor stayed paused."""
    inbox = control.CommandInbox(tmp_path, started_utc=time.time())
    control.send(tmp_path, "pause", time.time() + 600)
    assert (taken := inbox.poll()) is not None and taken.action == "pause"
    wall_offset(-3600.0)  # the clock steps back an hour
    control.send(tmp_path, "resume")
    assert (taken := inbox.poll()) is not None and taken.action == "resume"
    assert inbox.poll() is None  # each once
    control.send(tmp_path, "pause", time.time() + 600)
    assert (taken := inbox.poll()) is not None and taken.action == "pause"


def test_a_command_left_from_before_the_start_is_not_taken_even_after_a_step(
    tmp_path: Path, wall_offset: Callable[[float], None]
) -> None:
    control.send(tmp_path, "pause", time.time() + 600)
    wall_offset(5.0)
    inbox = control.CommandInbox(tmp_path, started_utc=time.time())
    wall_offset(-3600.0)
    assert inbox.poll() is None
    control.send(tmp_path, "resume")
    assert (taken := inbox.poll()) is not None and taken.action == "resume"


# --- item 6: a suspend is a break ----------------------------------------------------------------


class Machine:
    """The clocks of a machine that can sleep: monotonic (stops in a sleep), boot (counts on
    through it; None where the system has none) and wall. Stands for feeds' `time` module."""

    CLOCK_BOOTTIME = 7

    def __init__(self, boot: bool = True) -> None:
        self.mono, self.boot, self.wall = 1000.0, 1000.0, 1.7e9
        if not boot:
            self.__dict__["CLOCK_BOOTTIME"] = None

    def monotonic(self) -> float:
        return self.mono

    def clock_gettime(self, clock_id: int) -> float:
        assert clock_id == self.CLOCK_BOOTTIME
        return self.boot

    def time(self) -> float:
        return self.wall

    def sleep(self, seconds: float) -> None:
        self.run(seconds)

    def run(self, seconds: float) -> None:
        self.mono, self.boot, self.wall = (
            self.mono + seconds,
            self.boot + seconds,
            self.wall + seconds,
        )

    def suspend(self, seconds: float) -> None:
        self.boot, self.wall = self.boot + seconds, self.wall + seconds

    def set_wall(self, seconds: float) -> None:
        self.wall += seconds


def _sit(machine: Machine, clock: RealClock, monitor: Monitor, seconds: int) -> list[Event]:
    events: list[Event] = []
    for _ in range(seconds):
        machine.run(1.0)
        events += monitor.update(replace(READING, t=clock.now()))
    return events


@pytest.mark.parametrize("boot", [True, False], ids=["boot clock", "wall clock only"])
def test_an_eight_hour_suspend_is_a_break(monkeypatch: pytest.MonkeyPatch, boot: bool) -> None:
    """time.monotonic stops in a suspend: an 8-hour sleep left sitting_s going 29 -> 30."""
    machine = Machine(boot)
    monkeypatch.setattr(feeds, "time", machine)
    clock, monitor = feeds.RealClock(), Monitor(Settings())
    _sit(machine, clock, monitor, 120)
    assert monitor.status().sitting_s >= 100
    machine.suspend(8 * 3600.0)
    events = _sit(machine, clock, monitor, 1)
    assert [e.kind for e in events if e.kind is EventKind.BREAK] == [EventKind.BREAK]
    assert monitor.status().sitting_s < 5


def test_a_wall_clock_set_ahead_is_not_taken_for_a_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a boot clock says the machine did not sleep, a wall clock moved 8 hours on (set
    by hand, or by NTP) is no break."""
    machine = Machine()
    monkeypatch.setattr(feeds, "time", machine)
    clock, monitor = feeds.RealClock(), Monitor(Settings())
    _sit(machine, clock, monitor, 120)
    machine.set_wall(8 * 3600.0)
    events = _sit(machine, clock, monitor, 1)
    assert not [e for e in events if e.kind is EventKind.BREAK]
    assert monitor.status().sitting_s >= 120


# --- fuzzing the rule: any shift of the wall clock ------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    offset_days=st.floats(-400.0, 400.0),
    step_back_s=st.floats(0.0, 3 * DAY_S),
)
def test_no_shift_of_the_wall_clock_drops_recent_samples_or_carries_from_the_future(
    offset_days: float, step_back_s: float
) -> None:
    """Whatever the wall clock says at a session's end, the samples of the last days survive;
    and a start after the clock stepped back carries nothing it cannot measure."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "h.db"
        b = Builder(db)
        for day in range(5):
            b.samples(at(LAST, 9) - day * DAY_S, 600, step=60)
        b.close()
        before = _count(db)
        ticks = Ticks()
        with Store(db, ticks) as store:
            wall = at(LAST, 12) + offset_days * DAY_S
            store.start_session(wall, "camera 0", {"keep_samples_days": 90})
            ticks.t += 60.0
            store.end_session(wall + 60.0)
            newest = float(rows(db, "SELECT max(t) FROM samples")[0][0])  # type: ignore[arg-type]
            now = newest - clocks.TOLERANCE_S - 1.0 - step_back_s  # behind the newest sample
            carry = store.carry(now, break_s=300.0)
        assert _count(db) == before
        assert carry.sitting_s == 0.0 or carry.gap_s < 300.0


@given(
    mono=st.floats(0.0, 1e5),
    boot_extra=st.floats(0.0, 1e5),
    wall=st.floats(-1e7, 1e7),
)
def test_a_boot_clock_alone_decides_what_was_a_sleep(
    mono: float, boot_extra: float, wall: float
) -> None:
    slept = clocks.slept_s(mono, mono + boot_extra, wall)
    if boot_extra > clocks.SLEEP_MIN_S + 1e-6:
        assert slept == pytest.approx(boot_extra, abs=1e-6)
    elif boot_extra < clocks.SLEEP_MIN_S - 1e-6:
        assert slept == 0.0
    assert clocks.slept_s(mono, None, wall) >= 0.0
