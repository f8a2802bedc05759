"""Sharing the webcam with calls: who holds the device (a child process holding a file that
stands in for /dev/video0), and a feed that steps aside while another application has the camera
and comes back by itself, without a camera-lost alarm."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import ScriptedCamera, run_loop

from posture.adapters.camera.users import CameraUsers, device_for, holders
from posture.app.camera_share import SharedFeed
from posture.core.errors import CameraError
from posture.core.monitor.kinds import EventKind
from posture.core.settings import Settings

HOLDER = """
import sys
with open(sys.argv[1], "rb") as device:
    print("holding", flush=True)
    sys.stdin.readline()
"""


class Call:
    """A child process that has the stand-in device open until `end`."""

    def __init__(self, device: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(device)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline() == "holding\n"

    def end(self) -> None:
        self.proc.communicate("\n", timeout=30)


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "video0"
    path.write_bytes(b"")
    with path.open("rb"):  # this process holds it too: it must not count itself
        yield path


def test_the_processes_holding_the_device_are_found(device: Path, tmp_path: Path) -> None:
    assert holders(device) == []
    call = Call(device)
    try:
        assert holders(device) == [call.proc.pid]
        link = tmp_path / "camera-link"
        link.symlink_to(device)  # /dev/v4l/by-id/... names the same device
        assert holders(link) == [call.proc.pid]
        assert holders(tmp_path / "other-device") == []
    finally:
        call.end()
    assert holders(device) == []
    assert holders(device, proc=tmp_path / "no-proc") == []


def test_the_webcam_index_names_its_device() -> None:
    if sys.platform.startswith("linux"):
        assert device_for("0") == Path("/dev/video0")
        assert device_for("/dev/video2") == Path("/dev/video2")
        assert device_for("rtsp://camera") is None


class Webcam:
    """A stand-in webcam: frames, or CameraError while `busy`."""

    name = "webcam"

    def __init__(self) -> None:
        self.busy = False
        self.releases = 0

    def frame(self, t: float) -> np.ndarray | None:
        if self.busy:
            raise CameraError("webcam: busy")
        return np.zeros((4, 4, 3), np.uint8)

    def release(self) -> None:
        self.releases += 1

    def close(self) -> None:
        """Nothing to close."""


def test_the_feed_steps_aside_for_a_call_and_comes_back(device: Path) -> None:
    camera, told = Webcam(), []
    feed = SharedFeed(camera, CameraUsers(device), check_s=10.0)
    feed.listen(lambda t, used: told.append((t, used)))
    assert feed.frame(0.0) is not None and feed.frame(0.0).size  # type: ignore[union-attr]
    call = Call(device)
    try:
        assert feed.frame(5.0).size > 0  # type: ignore[union-attr]  # not looked again yet
        assert feed.frame(10.0).size == 0  # type: ignore[union-attr]
        assert told == [(10.0, True)] and camera.releases == 1
        assert feed.frame(15.0).size == 0  # type: ignore[union-attr]
    finally:
        call.end()
    assert feed.frame(19.0).size == 0  # type: ignore[union-attr]  # looks again every 10 s
    assert feed.frame(20.0).size > 0  # type: ignore[union-attr]
    assert told == [(10.0, True), (20.0, False)]


def test_a_failing_camera_with_nobody_else_on_it_is_still_lost(device: Path) -> None:
    camera = Webcam()
    camera.busy = True
    feed = SharedFeed(camera, CameraUsers(device))
    with pytest.raises(CameraError):
        feed.frame(0.0)


def test_where_users_cannot_be_seen_a_failure_during_a_call_app_is_in_use() -> None:
    class Calls:
        seen = False

        def __init__(self) -> None:
            self.running: list[int] = [4321]

        def others(self) -> list[int]:
            return self.running

    camera, calls, told = Webcam(), Calls(), []
    feed = SharedFeed(camera, calls, check_s=10.0)
    feed.listen(lambda t, used: told.append((t, used)))
    assert feed.frame(0.0).size > 0  # type: ignore[union-attr]  # an idle chat app: no pause
    camera.busy = True
    assert feed.frame(1.0).size == 0  # type: ignore[union-attr]
    assert feed.frame(5.0).size == 0  # type: ignore[union-attr]
    camera.busy = False
    assert feed.frame(11.0).size > 0  # type: ignore[union-attr]  # tried again: free
    assert told == [(1.0, True), (11.0, False)]


class ScriptedCalls:
    """The process table as a clock reads it: someone has the camera between two times."""

    seen = True

    def __init__(self, clock_now: list[float], start: float, end: float) -> None:
        self.clock_now, self.start, self.end = clock_now, start, end

    def others(self) -> list[int]:
        return [4321] if self.start <= self.clock_now[0] < self.end else []


def test_a_run_through_a_call_raises_no_camera_alarm(
    model_path: Path, tmp_path: Path, still_frames: list[np.ndarray]
) -> None:
    now = [0.0]
    camera = ScriptedCamera(still_frames, [(20, "frames"), (60, "unplugged"), (90, "frames")])

    class Clocked(SharedFeed):
        def frame(self, t: float) -> np.ndarray | None:
            now[0] = t
            return super().frame(t)

    feed = Clocked(camera, ScriptedCalls(now, 20.0, 60.0), check_s=5.0)  # type: ignore[arg-type]
    told: list[tuple[float, bool]] = []
    feed.listen(lambda t, used: told.append((t, used)))
    sink, _ = run_loop(feed, model_path, tmp_path, Settings(), 89.0)  # type: ignore[arg-type]
    kinds = [e.kind for e in sink.seen]
    assert EventKind.CAMERA_LOST not in kinds
    assert [used for _, used in told] == [True, False]
    assert 20.0 <= told[0][0] < 26.0 and 60.0 <= told[1][0] < 66.0
    assert camera.releases >= 1
