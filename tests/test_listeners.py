"""The loop's listeners: a new surface subscribes and hears the run; offers are taken or skipped;
the preview stops the run. Real model, footage and SQLite; scripted webcam, notifier and window."""

from __future__ import annotations

import io
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import (
    RecordingListener,
    RecordingNotifier,
    RecordingSink,
    ScriptedCamera,
    rows,
    run_loop,
)
from test_cli_stretch import QUICK_TURNS

from posture.adapters.camera.feeds import ReplayFeed, VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.coaching import CoachSlot
from posture.app.listeners import NOTHING_OFFERED, OFFER_S, Alerter, HistoryWriter
from posture.app.loop import Loop, Parts
from posture.core.data import Frame, PoseSample
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Line, Listener, Seen, Submit
from posture.core.settings import Settings
from posture.core.stretches import catalogue as stretches
from posture.core.stretches.cues import Cue

K = EventKind


def test_a_new_listener_hears_everything_the_sink_shows(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    """A tray icon is one more subscriber: it hears every reading and event, nothing edited."""
    heard = RecordingListener()
    script = [(5.0, "frames"), (8.0, "unplugged"), (12.0, "black"), (16.0, "frames")]
    camera = ScriptedCamera(still_frames, script)
    sink, _ = run_loop(camera, model_path, tmp_path, Settings(), 16, heard)
    assert heard.events_seen == sink.seen
    kinds = [e.kind for e in heard.events_seen]
    assert {K.CAMERA_LOST, K.CAMERA_COVERED, K.CAMERA_BACK} <= set(kinds)
    assert [s.status for s in heard.seen] == sink.statuses and len(heard.seen) >= 8
    first = heard.seen[0]
    assert first.image.shape == still_frames[0].shape and first.sample is not None
    assert first.reading.present and first.status.t == first.reading.t
    assert heard.finished_after == [pytest.approx(16.0, abs=1.0)]


class PausesOnce(Listener):
    """A surface that pauses the run from its own button at its second reading."""

    def __init__(self) -> None:
        self.submit: Submit | None = None
        self.readings: list[float] = []

    def reading(self, seen: Seen) -> None:
        self.readings.append(seen.reading.t)
        if len(self.readings) == 2 and self.submit is not None:
            self.submit(Command(Action.PAUSE, 5.0))


def test_a_listener_commands_the_run_through_the_loop(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    surface, clock = PausesOnce(), VirtualClock()
    with (
        PoseEstimator(model_path, sequence=True) as pose,
        Store(tmp_path / "h.db", clock.now) as store,
    ):
        store.start_session(0.0, "test", {})
        camera = ScriptedCamera(still_frames, [(12.0, "frames")])
        parts = Parts(camera, pose, FrontalEstimator(), store, RecordingNotifier(), RecordingSink())
        loop = Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: 1e9 + t)
        surface.submit = loop.submit
        loop.subscribe(surface)
        loop.run(12)
    assert loop.summary.counts[K.PAUSED] == 1 and loop.summary.counts[K.RESUMED] == 1
    second = surface.readings[1]
    assert not [t for t in surface.readings if second < t < second + 5.0]  # none while paused


class ClosedAfter:
    """A preview window the user closes at its `shows`-th frame."""

    def __init__(self, shows: int) -> None:
        self.shows = shows
        self.shown: list[list[Line]] = []

    def show(self, rgb: np.ndarray, sample: PoseSample | None, lines: list[Line]) -> str | None:
        self.shown.append(lines)
        return "q" if len(self.shown) >= self.shows else None


def test_closing_the_preview_stops_the_run_at_once(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    clock, window = VirtualClock(), ClosedAfter(3)
    with (
        PoseEstimator(model_path, sequence=True) as pose,
        Store(tmp_path / "h.db", clock.now) as store,
    ):
        store.start_session(0.0, "test", {})
        camera = ScriptedCamera(still_frames, [(30.0, "frames")])
        parts = Parts(camera, pose, FrontalEstimator(), store, RecordingNotifier(), RecordingSink())
        parts.preview = window
        loop = Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: 1e9 + t)
        summary = loop.run(30)
    # Shown at the motion-check rate (2 a second), read once a second: closed at the third
    # frame shown (1 s), the run stops there.
    assert len(window.shown) == 3 and summary.readings == 2 and summary.seconds <= 1.0
    assert window.shown[-1][0].text.startswith("head forward ")


def test_an_offer_taken_during_a_run_is_coached_stored_and_credited(
    model_path: Path, data_dir: Path, tmp_path: Path
) -> None:
    catalogue = stretches.parse(QUICK_TURNS, "test")
    clock = VirtualClock()
    feed = ReplayFeed(data_dir / "video/front-head-turns-d12.mp4")
    settings = Settings()
    sink = RecordingSink()
    seen = sink.seen
    notices = io.StringIO()
    with (
        PoseEstimator(model_path, sequence=True) as pose,
        Store(tmp_path / "h.db", clock.now) as store,
    ):
        store.start_session(time.time(), "test", {})
        parts = Parts(feed, pose, FrontalEstimator(), store, TerminalNotifier(notices), sink)
        parts.chooser = stretches.Chooser(catalogue)
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        loop.publish([Event(EventKind.STILL_ALERT, 0.0, duration_s=1500.0)])
        assert "Try Quick head turns." in notices.getvalue()
        loop.submit(Command(Action.TAKE_STRETCH))
        loop.run()  # the coach and the monitor share the run's readings to the clip's end
    feed.close()
    with sqlite3.connect(tmp_path / "h.db") as con:
        rows = con.execute("SELECT status, done, cause FROM stretches").fetchall()
    assert rows == [("completed", 2, "still_neck_alert")]
    kinds = [e.kind for e in seen]
    assert kinds[0] is EventKind.STILL_ALERT and EventKind.NECK_MOVED in kinds
    assert EventKind.BREAK not in kinds
    said = [c.text for c in sink.cues]
    assert said[0] == "Quick head turns" and "relax" in said


def offered(tmp_path: Path) -> tuple[Alerter, Store, list[Command]]:
    """An alerter that has just offered a quick turn with a still-neck alert (and must not
    coach it), and the commands it sends the loop."""
    clock, store = VirtualClock(), Store(tmp_path / "h.db", time.monotonic)
    store.start_session(1e9, "test", {})

    asked: list[Command] = []
    chooser = stretches.Chooser(stretches.parse(QUICK_TURNS, "test"))
    history = HistoryWriter(store, lambda t: 1e9 + t)
    coach = CoachSlot(clock, lambda cue: None)
    alerter = Alerter(RecordingNotifier(), chooser, history, coach, clock, asked.append)
    alerter.events([Event(EventKind.STILL_ALERT, 10.0, duration_s=1500.0)])
    return alerter, store, asked


def test_x_declines_the_offer_in_the_history(tmp_path: Path) -> None:
    alerter, store, asked = offered(tmp_path)
    alerter.command(Command(Action.SKIP_STRETCH), 12.0)
    alerter.command(Command(Action.TAKE_STRETCH), 13.0)  # nothing left to take
    store.close()
    with sqlite3.connect(tmp_path / "h.db") as con:
        rows = con.execute("SELECT t, stretch_id, cause, status, total FROM stretches").fetchall()
    assert rows == [(1e9 + 10.0, "quick-turns", "still_neck_alert", "skipped", 2)]
    assert asked == []


def test_an_offer_lapses_after_ten_minutes(tmp_path: Path) -> None:
    alerter, store, asked = offered(tmp_path)
    alerter.command(Command(Action.TAKE_STRETCH), 10.0 + OFFER_S + 1.0)
    store.close()
    with sqlite3.connect(tmp_path / "h.db") as con:
        assert con.execute("SELECT status FROM stretches").fetchall() == [("suggested",)]
    assert asked == []


class NoPose:
    """A model that never finds anyone (the loop here only applies keys)."""

    def estimate(self, frame: Frame) -> PoseSample | None:
        return None


def test_g_or_x_with_nothing_offered_says_so(data_dir: Path, tmp_path: Path) -> None:
    """Keys g and x reach the alerter through the loop; with no offer open it says one line
    (to the sink, as the coach's words go), and with an offer open it says nothing more."""
    clock, sink = VirtualClock(), RecordingSink()
    feed = ReplayFeed(data_dir / "video/front-still-d13.mp4")
    with Store(tmp_path / "h.db", clock.now) as store:
        store.start_session(1e9, "test", {})
        parts = Parts(feed, NoPose(), FrontalEstimator(), store, RecordingNotifier(), sink)
        parts.chooser = stretches.Chooser(stretches.parse(QUICK_TURNS, "test"))
        loop = Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: 1e9 + t)
        for key in ("g", "x"):
            loop.submit(Command(Action.TAKE_STRETCH if key == "g" else Action.SKIP_STRETCH))
            loop.apply_commands()
        assert [c.text for c in sink.cues] == [NOTHING_OFFERED, NOTHING_OFFERED]
        loop.publish([Event(EventKind.STILL_ALERT, 0.0, duration_s=1500.0)])
        loop.submit(Command(Action.SKIP_STRETCH))  # declines the offer: nothing to say
        loop.apply_commands()
        assert len(sink.cues) == 2
    feed.close()


def test_a_lapsed_offer_taken_says_nothing_is_offered(tmp_path: Path) -> None:
    alerter, store, asked = offered(tmp_path)
    said: list[Cue] = []
    alerter.say = said.append
    alerter.command(Command(Action.TAKE_STRETCH), 10.0 + OFFER_S + 1.0)
    store.close()
    assert [c.text for c in said] == [NOTHING_OFFERED] and asked == []


def test_a_reminder_offers_the_same_stretch_unless_it_was_skipped(tmp_path: Path) -> None:
    clock, notifier = VirtualClock(), RecordingNotifier()
    with Store(tmp_path / "h.db", clock.now) as store:
        store.start_session(1e9, "test", {})
        history = HistoryWriter(store, lambda t: 1e9 + t)
        chooser = stretches.Chooser(load_catalogue())
        coach = CoachSlot(clock, lambda cue: None)
        alerter = Alerter(notifier, chooser, history, coach, clock, lambda c: None)
        for repeat in range(3):
            alerter.events([Event(EventKind.FORWARD_ALERT, 10.0 * repeat, repeat=repeat)])
        alerter.command(Command(Action.SKIP_STRETCH), 31.0)
        alerter.events([Event(EventKind.FORWARD_ALERT, 40.0, repeat=3)])
    offered = [a.offer.id for a in notifier.alerts if a.offer]
    assert offered == ["chin-tucks"] * 3 + ["back-neck"]
    # One row for the offer its reminders repeat (not one per reminder), skipped; then the next.
    assert rows(tmp_path / "h.db", "SELECT stretch_id, status FROM stretches ORDER BY rowid") == [
        ("chin-tucks", "skipped"),
        ("back-neck", "suggested"),
    ]
