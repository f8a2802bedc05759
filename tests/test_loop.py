"""The run loop against a scripted webcam (the one edge faked here): real model, frames, SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from posture.adapters.feeds import VirtualClock
from posture.adapters.pose import PoseEstimator
from posture.adapters.store import Store
from posture.app.loop import Loop, Parts
from posture.core import metrics
from posture.core.alerts import Alert
from posture.core.coach import Cue
from posture.core.errors import CameraError, StoreError
from posture.core.frontal import FrontalEstimator
from posture.core.monitor import Event, EventKind, Monitor, Status
from posture.core.settings import Settings

K = EventKind


class ScriptedCamera:
    """A webcam that shows real frames, then is unplugged, covered, or sends garbage, by time."""

    name = "scripted camera"

    def __init__(self, frames: list[np.ndarray], script: list[tuple[float, str]]) -> None:
        self.frames, self.script = frames, script
        self.releases = 0

    def frame(self, t: float) -> np.ndarray | None:
        state = next((s for end, s in self.script if t < end), None)
        if state is None:
            return None
        if state == "unplugged":
            raise CameraError(f"{self.name} stopped delivering frames (unplugged?)")
        if state == "black":
            return np.zeros_like(self.frames[0])
        if state == "garbage":
            return np.full((2, 2, 3), 255, np.uint8)
        return self.frames[int(t * 3) % len(self.frames)]

    def release(self) -> None:
        self.releases += 1

    def close(self) -> None:
        """Nothing to close."""


class RecordingNotifier:
    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    def notify(self, alert: Alert) -> None:
        self.alerts.append(alert)


class RecordingSink:
    def __init__(self) -> None:
        self.seen: list[Event] = []
        self.statuses: list[Status] = []
        self.cues: list[Cue] = []

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None:
        self.seen += events

    def status(self, status: Status) -> None:
        self.statuses.append(status)

    def cue(self, cue: Cue) -> None:
        self.cues.append(cue)


@pytest.fixture(scope="module")
def still_frames(data_dir: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(data_dir / "video/front-still-d13.mp4"))
    frames = []
    for index in range(0, 300):
        ok, bgr = capture.read()
        if not ok:
            break
        if index % 10 == 0:
            small = cv2.resize(bgr, (360, 640), interpolation=cv2.INTER_AREA)
            frames.append(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    capture.release()
    return frames


def run_loop(
    camera: ScriptedCamera, model_path: Path, tmp_path: Path, settings: Settings, seconds: float
) -> tuple[RecordingSink, Path]:
    sink, db = RecordingSink(), tmp_path / "h.db"
    clock = VirtualClock()
    with PoseEstimator(model_path, sequence=True) as pose, Store(db, clock.now) as store:
        store.start_session(0.0, camera.name, {})
        parts = Parts(camera, pose, FrontalEstimator(), store, RecordingNotifier(), sink)
        Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t).run(seconds)
    return sink, db


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
