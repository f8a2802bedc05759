"""One thing at a time: no alert notifies while a stretch is coached (held, re-judged after it);
starting a stretch while paused resumes monitoring for it; Done and Skip are stored differently.
The real loop, monitor, alerter, coach and SQLite history; the readings are scripted."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from conftest import RecordingNotifier, RecordingSink, ScriptedCamera, rows
from test_alerts_notify import ScriptedServer

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.notify.note import OnAction, OnClosed
from posture.adapters.notify.notifier import DesktopNotifier, TerminalNotifier
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.alerter import RESUMED_FOR_IT
from posture.app.loop import Loop, Parts
from posture.core.data import Frame, PoseSample, Reading, View
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Notifier, Seen
from posture.core.reports.days import summarize_day
from posture.core.settings import Settings
from posture.core.stretches.catalogue import Chooser

K = EventKind
FORWARD_DEG, GOOD_DEG = 40.0, 5.0


class NoPose:
    def estimate(self, frame: Frame) -> PoseSample | None:
        return None


class Day:
    """The real loop's parts stepped by hand with scripted readings, in virtual time."""

    def __init__(self, tmp_path: Path, notifier: Notifier | None = None) -> None:
        self.notifier = notifier or RecordingNotifier()
        self.db = tmp_path / "h.db"
        self.store = Store(self.db, time.monotonic)
        self.store.start_session(1e9, "scripted", {})
        self.clock = VirtualClock()
        self.settings = Settings(cooldown_s=30.0)  # a reminder due while a stretch is coached
        self.sink = RecordingSink()
        camera = ScriptedCamera([np.zeros((4, 4, 3), np.uint8)], [])  # never looked at
        parts = Parts(camera, NoPose(), FrontalEstimator(), self.store, self.notifier, self.sink)
        parts.chooser = Chooser(load_catalogue())
        self.loop = Loop(parts, self.settings, Monitor(self.settings), self.clock, self._wall)
        self.kinds: list[EventKind] = []

    @staticmethod
    def _wall(t: float) -> float:
        return 1e9 + t

    def sit(self, seconds: float, angle: float) -> None:
        """A reading a second (none while paused), as the loop's step publishes it."""
        end = self.clock.now() + seconds
        loop = self.loop
        while self.clock.now() < end:
            self.clock.sleep_until(self.clock.now() + 1.0)
            t = self.clock.now()
            events = loop.monitor.tick(t)
            loop.coaching.tick(t)
            loop.apply_commands()
            if not loop.monitor.paused:
                reading = Reading(t, True, View.FRONT, angle, 0.9, 0.0, 0.0, 0.0)
                events += loop.monitor.update(reading)
                loop.publish(events)
                seen = Seen(np.zeros((4, 4, 3), np.uint8), None, reading, loop.monitor.status())
                for listener in loop.listeners:
                    listener.reading(seen)
                loop.coaching.look(reading)
            else:
                loop.publish(events)
            loop.apply_commands()
            self.kinds += [e.kind for e in events]

    def press(self, action: Action, seconds: float = 0.0, cause: EventKind | None = None) -> None:
        self.loop.submit(Command(action, seconds, cause))
        self.loop.apply_commands()

    def stretch_rows(self) -> list[tuple[str, str]]:
        self.store.commit()
        found = rows(self.db, "SELECT cause, status FROM stretches ORDER BY rowid")
        return [(str(c), str(s)) for c, s in found]

    def titles(self) -> list[str]:
        assert isinstance(self.notifier, RecordingNotifier)
        return [a.title for a in self.notifier.alerts]


@pytest.fixture
def day(tmp_path: Path) -> Iterator[Day]:
    made = Day(tmp_path)
    yield made
    made.store.close()


def forward_alert(day: Day) -> None:
    s = day.settings
    day.sit(s.arrival_s + s.forward_hold_s + 5, FORWARD_DEG)
    assert day.titles() == ["Head forward"]


def test_an_alert_due_during_a_stretch_waits_for_its_end_and_still_standing_is_notified(
    day: Day,
) -> None:
    forward_alert(day)
    day.press(Action.TAKE_STRETCH)
    assert day.loop.coaching.active
    day.sit(day.settings.cooldown_s + 5, FORWARD_DEG)  # the reminder falls due mid-stretch
    assert day.kinds.count(K.FORWARD_ALERT) == 2
    assert day.titles() == ["Head forward"]  # nothing interrupts the stretch
    day.press(Action.FINISH_STRETCH)
    day.sit(2, FORWARD_DEG)
    assert day.titles() == ["Head forward", "Head forward (reminder)"]
    assert "Try " in day.notifier.alerts[-1].body


def test_an_alert_held_during_a_stretch_is_dropped_when_its_cause_clears(day: Day) -> None:
    forward_alert(day)
    day.press(Action.TAKE_STRETCH)
    day.sit(day.settings.cooldown_s + 5, FORWARD_DEG)
    day.sit(day.settings.forward_clear_s + 5, GOOD_DEG)
    assert K.FORWARD_CLEARED in day.kinds
    day.press(Action.FINISH_STRETCH)
    day.sit(5, GOOD_DEG)
    assert day.titles() == ["Head forward"]


def test_starting_the_stretch_while_paused_resumes_monitoring_for_it(day: Day) -> None:
    forward_alert(day)
    day.press(Action.PAUSE, 1800.0)
    assert day.loop.monitor.paused
    day.press(Action.TAKE_STRETCH)
    assert not day.loop.monitor.paused and day.loop.coaching.active
    assert RESUMED_FOR_IT in [cue.text for cue in day.sink.cues]
    day.sit(3, GOOD_DEG)  # readings come, so the stretch goes on
    assert day.loop.coaching.active and not day.loop.monitor.paused


def test_done_and_skip_end_a_stretch_under_way_and_are_stored_differently(day: Day) -> None:
    forward_alert(day)
    day.press(Action.TAKE_STRETCH)
    day.sit(3, FORWARD_DEG)
    day.press(Action.FINISH_STRETCH)  # Done: as far as it got
    assert not day.loop.coaching.active
    day.sit(day.settings.cooldown_s, FORWARD_DEG)  # the reminder offers the stretch again
    day.press(Action.TAKE_STRETCH)
    day.sit(3, FORWARD_DEG)
    day.press(Action.SKIP_STRETCH)  # Skip: not done
    assert not day.loop.coaching.active
    forward = K.FORWARD_ALERT.value
    assert day.stretch_rows() == [(forward, "partial"), (forward, "skipped")]


def test_start_on_an_earlier_causes_notification_starts_that_causes_stretch(day: Day) -> None:
    forward_alert(day)
    while K.STILL_ALERT not in day.kinds:  # the neck still alert comes after it
        day.sit(1, FORWARD_DEG)
    assert isinstance(day.notifier, RecordingNotifier)
    latest, forward = day.notifier.alerts[-1], day.notifier.alerts[0]
    assert latest.title.startswith("Neck still") and latest.offer is not None
    forward_offer = forward.offer
    assert forward_offer is not None and forward_offer.id != latest.offer.id
    day.press(Action.TAKE_STRETCH, cause=K.FORWARD_ALERT)
    session = day.loop.coaching.session
    assert session is not None and session.stretch.id == forward_offer.id
    assert K.FORWARD_ALERT in day.notifier.withdrawn


def test_a_days_replay_with_presses_on_the_buttons_is_reported_as_pressed(
    tmp_path: Path,
) -> None:
    """The report once said 'ignored 14 of 14 times' although Snooze and Skip were pressed."""
    servers: list[ScriptedServer] = []

    def server(on_action: OnAction, on_closed: OnClosed) -> ScriptedServer:
        servers.append(ScriptedServer(on_action, on_closed))
        return servers[-1]

    day = Day(tmp_path, DesktopNotifier(TerminalNotifier(io.StringIO()), server))
    s = day.settings

    def press(key: str) -> None:
        """A button on the latest notification, as the desktop reports it."""
        nid = servers[0].shown[-1][0]
        servers[0].on_action(nid, key)
        day.loop.apply_commands()

    def next_alert() -> None:
        count = day.kinds.count(K.FORWARD_ALERT)
        while day.kinds.count(K.FORWARD_ALERT) == count:
            day.sit(1, FORWARD_DEG)

    next_alert()
    press("snooze")
    next_alert()  # after the snooze
    press("skip")
    next_alert()  # the reminder
    press("start")
    day.sit(3, FORWARD_DEG)
    day.press(Action.FINISH_STRETCH)  # Done, in the stretch window
    next_alert()  # ignored: nothing pressed
    day.sit(s.cooldown_s - 5, FORWARD_DEG)
    day.store.end_session(day._wall(day.clock.now()))
    when = datetime.fromtimestamp(day._wall(0.0), UTC).date()
    start = datetime(when.year, when.month, when.day, tzinfo=UTC).timestamp()
    counted = summarize_day(day.store.history(start, start + 86400), when, UTC)
    forward = counted.alerts[K.FORWARD_ALERT.value]
    assert (forward.raised, forward.acted_on, forward.snoozed, forward.skipped) == (4, 1, 1, 1)
    assert forward.ignored == 1
    assert counted.stretches["partial"] == 1 and counted.stretches["skipped"] == 1
    assert counted.stretches["ignored"] == 1  # the last offer, never answered


def test_a_changed_view_during_a_stretch_waits_for_its_end_unless_it_matches_again(
    day: Day,
) -> None:
    forward_alert(day)
    day.press(Action.TAKE_STRETCH)
    day.loop.publish([Event(K.VIEW_CHANGED, day.clock.now())])  # moving for the stretch
    day.loop.publish([Event(K.VIEW_MATCHED, day.clock.now() + 1)])
    day.loop.publish([Event(K.VIEW_CHANGED, day.clock.now() + 2)])
    assert day.titles() == ["Head forward"]
    day.press(Action.FINISH_STRETCH)
    day.sit(2, FORWARD_DEG)
    assert isinstance(day.notifier, RecordingNotifier)
    views = [a for a in day.notifier.alerts if a.cause is K.VIEW_CHANGED]
    assert len(views) == 1
