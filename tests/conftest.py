"""Shared fixtures: where the real model and footage are, small builders of landmark sets, and the
hand-written fakes of the live loop's edges (a scripted webcam, recording notifier, sink, listener).

The real model and footage come from `../shared` beside the project, or from $POSTURE_MODEL and
$POSTURE_TEST_DATA. Tests that need them skip with a reason when they are absent, unless
$POSTURE_REQUIRE_ASSETS=1 (as in CI), where a missing asset fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest
from desktop_session import Desktop, missing_programs, running_desktop

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store import schema as store_schema
from posture.adapters.store.store import Store
from posture.app.loop import Loop, Parts
from posture.core.alerts import Alert
from posture.core.data import N_LANDMARKS, PoseSample, Reading, StretchResult, View
from posture.core.errors import CameraError
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Command
from posture.core.monitor.events import Event, Posture, Status
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener, Notifier, Seen, WallOf
from posture.core.settings import Settings
from posture.core.stretches.cues import Cue

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _need(path: Path, what: str) -> Path:
    if path.exists():
        return path
    message = f"{what} not found at {path} (set the variable or put ../shared beside the project)"
    if os.environ.get("POSTURE_REQUIRE_ASSETS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def model_file() -> Path:
    env = os.environ.get("POSTURE_MODEL")
    path = Path(env) if env else SHARED / "models" / "pose_landmarker_full.task"
    return _need(path, "pose model ($POSTURE_MODEL)")


def data_folder() -> Path:
    env = os.environ.get("POSTURE_TEST_DATA")
    return _need(Path(env) if env else SHARED / "data", "footage ($POSTURE_TEST_DATA)")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Headless Chromium for rendering the HTML report (.ci/run installs Debian's)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return _need(
        Path(found) if found else Path("/usr/bin/chromium"), "chromium (apt-get install chromium)"
    )


def chromium_run(
    chromium: Path, page: Path, scratch: Path, *flags: str
) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on `page` with `flags`; its profile, caches and HOME are folders in
    `scratch`, never the user's (~/.config/chromium, ~/.cache/chromium-headless)."""
    env = dict(os.environ, HOME=str(scratch / "home"))
    for name in ("CONFIG", "CACHE", "DATA", "STATE"):
        env[f"XDG_{name}_HOME"] = str(scratch / name.lower())
    return subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={scratch / 'profile'}",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def chromium_screenshot(
    chromium: Path, page: Path, shot: Path, width: int, height: int = 2400
) -> subprocess.CompletedProcess[str]:
    """Headless Chromium draws `page` into `shot` (a window `width` x `height` px)."""
    scratch = shot.parent / f".chromium-{shot.stem}"
    flags = (f"--window-size={width},{height}", f"--screenshot={shot}")
    return chromium_run(chromium, page, scratch, *flags)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The skipped tests once per reason, with how many, in place of a line each (`-ra`
    printed about 200 near-identical lines)."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    terminalreporter.write_sep("=", f"{len(skipped)} skipped, by reason")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count:4d}  {reason}")


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    """A real desktop (Xvfb, a D-Bus session bus, dunst, trayer) shared by the desktop tests."""
    missing = missing_programs()
    if missing:
        _need(Path("/usr/bin") / missing[0], f"{', '.join(missing)} (see .ci/run's apt-get list)")
    with running_desktop() as session:
        yield session


@pytest.fixture(scope="session")
def model_path() -> Path:
    return model_file()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return data_folder()


@pytest.fixture
def midday(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    """Local time set (TZ, for this process and the commands it starts) to a fixed-offset zone
    where it is about noon now; the day there, which no test can see change mid-way (the CI
    that ran at midnight saw a test's "today" differ from its command's)."""
    utc = datetime.now(UTC)
    ahead = (12 - utc.hour + 11) % 24 - 11  # hours ahead of UTC: -11..12
    monkeypatch.setenv("TZ", f"NOON{-ahead:+d}")  # POSIX counts the other way: NOON-3 is UTC+3
    time.tzset()
    yield (utc + timedelta(hours=ahead)).date()
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def cli_env(model_path: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for running the `posture` command in a subprocess, away from user folders."""
    env = dict(os.environ)
    env["POSTURE_MODEL"] = str(model_path)
    env["POSTURE_CACHE_DIR"] = str(tmp_path / "cache")
    for name in ("CONFIG", "DATA", "STATE"):  # never the user's real folders
        env[f"POSTURE_{name}_DIR"] = str(tmp_path / name.lower())
    return env


def make_sample(
    points: dict[int, tuple[float, float]],
    *,
    world: dict[int, tuple[float, float, float]] | None = None,
    depth: dict[int, float] | None = None,
    width: int = 640,
    height: int = 480,
    visibility: float = 1.0,
) -> PoseSample:
    """A PoseSample from pixel positions of chosen landmarks (the rest at the frame centre)."""
    image = np.zeros((N_LANDMARKS, 4))
    image[:, 0], image[:, 1], image[:, 3] = 0.5, 0.5, visibility
    for index, (x, y) in points.items():
        image[index, 0], image[index, 1] = x / width, y / height
    for index, z in (depth or {}).items():
        image[index, 2] = z
    world_arr = np.zeros((N_LANDMARKS, 3))
    for index, xyz in (world or {}).items():
        world_arr[index] = xyz
    return PoseSample(t=0.0, width=width, height=height, image=image, world=world_arr)


# --- a hand-built history whose answers are known -------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: float, zone: ZoneInfo = BERLIN) -> float:
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()
    return midnight + hour * 3600  # only right away from DST changes


def make_status(**changes: Any) -> Status:
    """A monitor status of someone sitting well (12 deg, no timers, no alerts), with `changes`."""
    base: dict[str, Any] = {
        "t": 0.0,
        "present": True,
        "away": False,
        "paused": False,
        "posture": Posture.GOOD,
        "head_forward_deg": 12.0,
        "forward_s": 0.0,
        "still_s": 0.0,
        "sitting_s": 0.0,
        "alerting": frozenset(),
        "next_alert": None,
    }
    return Status(**(base | changes))


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """What a query returns, read through a connection of its own."""
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def version_1_history(db: Path) -> None:
    """A history as version 1 of the schema left it, with one session."""
    con = sqlite3.connect(db)
    for statement in store_schema.MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO sessions VALUES (1, 10.0, 20.0, 'camera 0', '{}')")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


class Builder:
    """Writes samples and events into a real history database."""

    def __init__(self, db: Path) -> None:
        self.store = Store(db, time.monotonic)
        self.store.start_session(0.0, "camera 0", {"still_alert_s": 1200})

    def samples(
        self,
        start: float,
        seconds: int,
        step: int = 10,
        angle: float = 15.0,
        still_from: float | None = None,
        present: bool = True,
    ) -> None:
        forward = angle > 25.0
        for i in range(0, seconds, step):
            t = start + i
            still = t - (still_from if still_from is not None else start)
            reading = Reading(
                t=t,
                present=present,
                view=View.FRONT if present else None,
                head_forward_deg=angle if present else None,
                confidence=0.9,
            )
            status = make_status(
                t=t,
                present=present,
                away=not present,
                posture=(Posture.FORWARD if forward else Posture.GOOD)
                if present
                else Posture.UNKNOWN,
                head_forward_deg=angle,
                still_s=still,
            )
            self.store.add_sample(t, reading, status)

    def event(self, t: float, kind: EventKind, duration: float | None = None) -> None:
        self.store.add_events(lambda x: x, [Event(kind, t, duration_s=duration)])

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def known_day(tmp_path: Path) -> Path:
    """Monday 2026-11-16, Berlin: 09-10 good, 10-11 forward, 11-12 good; a break at 12."""
    db = tmp_path / "h.db"
    b = Builder(db)
    day = date(2026, 11, 16)
    b.samples(at(day, 9), 3600, angle=15.0)
    b.samples(at(day, 10), 3600, angle=32.0, still_from=at(day, 9))
    b.samples(at(day, 11), 3600, angle=14.0, still_from=at(day, 11))
    b.event(at(day, 10.2), EventKind.FORWARD_ALERT, 60)
    b.event(at(day, 10.25), EventKind.FORWARD_CLEARED)  # acted on within 10 min
    b.event(at(day, 10.5), EventKind.FORWARD_ALERT, 60)  # its stretch skipped
    b.event(at(day, 12), EventKind.BREAK, 600)
    row = b.store.suggest_stretch(at(day, 10.5), "chin-tucks", "forward_head_alert")
    b.store.record_stretch(
        row, at(day, 10.6), StretchResult("chin-tucks", "skipped", 0, 5, True, 0)
    )
    b.store.suggest_stretch(at(day, 10.7), "walk", "sitting_alert")
    b.close()
    return db


# --- the live loop's edges, faked ---------------------------------------------------------------


class ScriptedCamera:
    """A webcam that shows real frames, then is unplugged, covered, or sends garbage, by time."""

    # states: "frames" (anything else), "unplugged", "black", "garbage" (2x2), "grey" (one channel)

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
        if state == "grey":  # a driver handing over one channel: MediaPipe refuses it
            return np.full(self.frames[0].shape[:2], 128, np.uint8)
        return self.frames[int(t * 3) % len(self.frames)]

    def release(self) -> None:
        self.releases += 1

    def close(self) -> None:
        """Nothing to close."""


class RecordingNotifier(Notifier):
    def __init__(self) -> None:
        self.alerts: list[Alert] = []
        self.withdrawn: list[EventKind] = []

    def notify(self, alert: Alert) -> None:
        self.alerts.append(alert)

    def withdraw(self, cause: EventKind) -> None:
        self.withdrawn.append(cause)


class RecordingSink:
    def __init__(self) -> None:
        self.seen: list[Event] = []
        self.statuses: list[Status] = []
        self.cues: list[Cue] = []

    def events(self, events: list[Event], wall_of: WallOf) -> None:
        self.seen += events

    def status(self, status: Status) -> None:
        self.statuses.append(status)

    def cue(self, cue: Cue) -> None:
        self.cues.append(cue)


class RecordingListener(Listener):
    """A new surface, as a tray icon would be: subscribes and records what the run tells it."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.events_seen: list[Event] = []
        self.commands: list[Command] = []
        self.cues: list[Cue] = []
        self.finished_after: list[float] = []

    def reading(self, seen: Seen) -> None:
        self.seen.append(seen)

    def events(self, events: Sequence[Event]) -> None:
        self.events_seen += events

    def command(self, command: Command, t: float) -> None:
        self.commands.append(command)

    def cue(self, cue: Cue) -> None:
        self.cues.append(cue)

    def finished(self, seconds: float) -> None:
        self.finished_after.append(seconds)


@pytest.fixture(scope="session")
def still_frames(data_dir: Path) -> list[np.ndarray]:
    """Every tenth frame of 10 s of a still head, small: what a scripted camera shows."""
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
    camera: ScriptedCamera,
    model_path: Path,
    tmp_path: Path,
    settings: Settings,
    seconds: float,
    *listeners: Listener,
) -> tuple[RecordingSink, Path]:
    """A run of the real loop (real model, real SQLite) on a scripted camera, in virtual time."""
    sink, db = RecordingSink(), tmp_path / "h.db"
    clock = VirtualClock()
    with PoseEstimator(model_path, sequence=True) as pose, Store(db, clock.now) as store:
        store.start_session(0.0, camera.name, {})
        parts = Parts(camera, pose, FrontalEstimator(), store, RecordingNotifier(), sink)
        loop = Loop(parts, settings, Monitor(settings), clock, lambda t: 1e9 + t)
        for listener in listeners:
            loop.subscribe(listener)
        loop.run(seconds)
    return sink, db


# --- clocks that lie ------------------------------------------------------------------------------


@pytest.fixture
def wall_offset(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Shift the wall clock (`time.time`, as every module reads it) by a number of seconds
    from the real one; each call sets the offset anew (a step ahead or back)."""
    real = time.time
    offset = [0.0]
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def shift(seconds: float) -> None:
        offset[0] = seconds

    return shift
