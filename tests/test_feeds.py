"""Feeds for `posture run`: a recording played by time, a missing webcam, the clocks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from posture.adapters.camera.feeds import CameraFeed, RealClock, ReplayFeed, VirtualClock
from posture.core.errors import CameraError, SourceError


@pytest.fixture
def numbered(tmp_path: Path) -> Path:
    """A 10 fps video whose frame i is uniformly grey level 10*i (easy to recognise)."""
    path = tmp_path / "n.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (64, 48))
    for i in range(20):
        writer.write(np.full((48, 64, 3), 10 * i, np.uint8))
    writer.release()
    return path


def test_a_replay_shows_the_frame_at_each_time_and_ends(numbered: Path) -> None:
    feed = ReplayFeed(numbered)
    levels = []
    for t in (0.0, 0.5, 0.55, 1.2, 1.9):
        frame = feed.frame(t)
        assert frame is not None and frame.shape == (48, 64, 3)
        levels.append(round(float(frame.mean()) / 10))
    assert levels == [0, 5, 6, 12, 19]  # a frame already shown is not shown again
    assert feed.frame(2.5) is None
    feed.close()


def test_a_slow_recording_shows_each_frame_for_its_own_time(tmp_path: Path) -> None:
    """At 1 fps a frame lasts a second: looks twice a second see it twice, and the replay ends
    when the recording's time does (not after half of it)."""
    path = tmp_path / "slow.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 1.0, (64, 48))
    for i in range(6):
        writer.write(np.full((48, 64, 3), 40 * i, np.uint8))
    writer.release()
    feed = ReplayFeed(path)
    levels = []
    for half_seconds in range(14):
        frame = feed.frame(half_seconds / 2)
        levels.append(None if frame is None else round(float(frame.mean()) / 40))
    feed.close()
    assert levels == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, None, None]


def test_a_replay_of_a_file_that_is_not_video_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.mp4"
    bad.write_text("nope")
    with pytest.raises(SourceError, match=r"x\.mp4"):
        ReplayFeed(bad)


def test_a_missing_webcam_is_a_camera_error() -> None:
    feed = CameraFeed("/dev/no-such-camera")
    with pytest.raises(CameraError, match="could not be opened"):
        feed.frame(0.0)
    feed.close()


def test_clocks() -> None:
    virtual = VirtualClock()
    virtual.sleep_until(12.5)
    virtual.sleep_until(3.0)  # time never goes back
    assert virtual.now() == 12.5
    real = RealClock()
    start = real.now()
    real.sleep_until(start - 1.0)  # in the past: returns at once
    assert 0.0 <= start <= real.now() < start + 1.0
