"""The run loop against a scripted webcam (the one edge faked here): real model, frames, SQLite."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import RecordingNotifier, RecordingSink, ScriptedCamera, run_loop

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store.flags import ALERT_FLAGS, Flag, flags_of
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.data import Reading
from posture.core.errors import StoreError
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.alert_table import ALERTS
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings

K = EventKind


def test_an_unplugged_camera_is_recovered_within_five_seconds(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    script = [(5.0, "frames"), (10.0, "unplugged"), (20.0, "frames")]
    sink, _ = run_loop(ScriptedCamera(still_frames, script), model_path, tmp_path, Settings(), 20)
    kinds = [e.kind for e in sink.seen]
    assert kinds.count(K.CAMERA_LOST) == 1 and kinds.count(K.CAMERA_BACK) == 1
    back = next(e for e in sink.seen if e.kind is K.CAMERA_BACK)
    assert 10.0 <= back.t <= 15.0
    assert K.AWAY not in kinds


def test_a_covered_lens_is_not_away_and_garbage_frames_do_not_crash(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    script = [(3.0, "frames"), (4.0, "garbage"), (8.0, "frames"), (20.0, "black"), (26.0, "frames")]
    settings = Settings(away_after_s=2.0)
    sink, db = run_loop(ScriptedCamera(still_frames, script), model_path, tmp_path, settings, 26)
    kinds = [e.kind for e in sink.seen]
    assert K.CAMERA_COVERED in kinds and K.AWAY not in kinds
    covered = next(e for e in sink.seen if e.kind is K.CAMERA_COVERED)
    assert 8.0 <= covered.t <= 8.5
    assert any(e.kind is K.CAMERA_BACK and e.t >= 20.0 for e in sink.seen)
    assert sink.statuses[-1].present
    with sqlite3.connect(db) as con:
        stored = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY t")]
    assert stored == [e.kind.value for e in sink.seen]
    back = next(e for e in sink.seen if e.kind is K.CAMERA_BACK and e.t >= 20.0)
    with sqlite3.connect(db) as con:
        while_covered = con.execute(
            "SELECT count(*) FROM samples WHERE t > ? AND t < ?", (1e9 + covered.t, 1e9 + back.t)
        ).fetchone()[0]
        before = con.execute("SELECT count(*) FROM samples WHERE t < ?", (1e9 + covered.t,))
    assert while_covered == 0 and before.fetchone()[0] >= 4  # nothing seen, nothing stored


def test_every_sample_flag_is_one_a_sample_can_carry() -> None:
    """Flag.COVERED was defined but never set (a covered lens stores no samples): a history
    reader must not look for a flag no sample can carry."""
    status = Monitor(Settings()).status()
    statuses = [
        replace(status, away=True),
        replace(status, paused=True),
        replace(status, alerting=frozenset(ALERTS)),
    ]
    reading = Reading(t=0.0, present=True, calibrated=True)
    carried = 0
    for each in statuses:
        carried |= flags_of(each, reading)
    defined = [v for k, v in vars(Flag).items() if not k.startswith("_") and isinstance(v, int)]
    defined += ALERT_FLAGS.values()
    assert carried == sum(defined) and len(set(defined)) == len(defined)


def test_release_camera_lets_go_between_slow_readings(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    camera = ScriptedCamera(still_frames, [(30.0, "frames")])
    settings = Settings(release_camera=True, motion_hz=0.0, sample_hz=0.2)
    sink, _ = run_loop(camera, model_path, tmp_path, settings, 30)
    assert len(sink.statuses) == 6  # a reading every 5 s
    assert camera.releases >= 5


def test_a_full_or_read_only_history_does_not_stop_monitoring(
    still_frames: list[np.ndarray],
    model_path: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    camera = ScriptedCamera(still_frames, [(100.0, "frames")])
    settings = Settings(motion_hz=0.0)
    sink, clock = RecordingSink(), VirtualClock()
    db = tmp_path / "h.db"
    with PoseEstimator(model_path, sequence=True) as pose, Store(db, clock.now) as store:
        store.start_session(0.0, camera.name, {})
        raw = store._db  # simulate a full disk with SQLite's own page limit
        raw.execute("PRAGMA journal_mode = DELETE")  # (a WAL file is not bound by the limit)
        raw.execute(f"PRAGMA max_page_count = {raw.execute('PRAGMA page_count').fetchone()[0] + 4}")
        sample = metrics.read(None, 0.0, FrontalEstimator())
        with pytest.raises(StoreError, match="full"):  # the store's own writes fill it up
            for second in range(100_000):
                store.add_sample(1e8 + second, sample, Monitor(settings).status())
                store.add_events(lambda t: 1e8 + t, [Event(K.BACK, float(second))])
        raw.commit()
        filled = raw.execute("SELECT count(*) FROM samples").fetchone()[0]
        parts = Parts(camera, pose, FrontalEstimator(), store, RecordingNotifier(), sink)
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        with caplog.at_level("WARNING"):
            loop.run(40)
            raw.execute("PRAGMA max_page_count = 1000000")  # space freed
            loop.run(40)
            raw.execute("PRAGMA query_only = 1")  # the file became read-only
            loop.run(20)
    assert len(sink.statuses) >= 95  # a reading a second all along
    stopped = [r for r in caplog.records if "history is not being written" in r.message]
    resumed = [r for r in caplog.records if "being written again" in r.message]
    assert len(stopped) == 2 and len(resumed) == 1
    assert "full" in stopped[0].message and "readonly" in stopped[1].message
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT count(*) FROM samples").fetchone()[0]
    added = stored - filled
    assert 20 <= added <= 60  # the middle stretch was written, the others could not be


class ScriptedKeys:
    """A terminal where keys are pressed at given polls (one poll a step)."""

    def __init__(self, presses: dict[int, str]) -> None:
        self.presses, self.polls = presses, 0

    def poll(self) -> str | None:
        self.polls += 1
        return self.presses.get(self.polls)


def test_keys_pause_resume_snooze_and_quit(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    camera = ScriptedCamera(still_frames, [(60.0, "frames")])
    sink, clock = RecordingSink(), VirtualClock()
    keys = ScriptedKeys({3: "p", 6: "p", 8: "s", 12: "q"})
    with PoseEstimator(model_path, sequence=True) as pose, Store(tmp_path / "h.db", clock.now) as s:
        s.start_session(0.0, camera.name, {})
        parts = Parts(camera, pose, FrontalEstimator(), s, RecordingNotifier(), sink, keys=keys)
        summary = Loop(parts, Settings(), Monitor(Settings()), clock, lambda t: 1e9 + t).run(60)
    assert [e.kind for e in sink.seen] == [K.PAUSED, K.RESUMED, K.SNOOZED]
    assert sink.seen[0].duration_s == 1800.0
    assert keys.polls == 12 and summary.seconds < 10.0
