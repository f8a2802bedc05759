"""The one live set-up (feed, clock, first frame, camera, profile) that run, stretch and calibrate
share: on the real recordings, with a stand-in webcam only where a webcam is needed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from calibration import capture, fitting
from calibration import profile_file as profile_store
from calibration.profile import CameraId
from posture.adapters.camera.feeds import RealClock, VirtualClock
from posture.app import live as app_live
from posture.app.calibrate import LiveCapture
from posture.app.live import open_live
from posture.core.errors import CameraError, ProfileError
from posture.core.measure.frontal import FrontalEstimator
from posture.core.sim.simulator import Scene, simulate

STILL = "video/front-still-d13.mp4"  # 720x1280, portrait


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("POSTURE_CONFIG_DIR", str(folder))
    return folder


def save_profile(camera: CameraId, path: Path) -> None:
    """A profile fitted to a simulated upright capture, as made for `camera`."""
    rng = np.random.default_rng(0)
    scene = Scene(noise_px=1.0, world_noise_m=0.01)
    samples = [simulate(scene, t=i * 0.1, rng=rng) for i in range(20)]
    profile = fitting.build_profile(capture.collect(samples), camera, "2026-11-21T09:00:00+00:00")
    profile_store.save(profile, path)


def test_a_recording_is_named_files_and_replays_on_a_virtual_clock(
    data_dir: Path, config_dir: Path
) -> None:
    with open_live("0", data_dir / STILL) as live:
        assert live.camera == CameraId(app_live.CAMERA_FILES, 720, 1280)
        assert live.first.shape == (1280, 720, 3)
        assert isinstance(live.clock, VirtualClock) and not live.realtime
        front, origin = live.front()
        assert isinstance(front, FrontalEstimator) and origin == "none"
    with open_live("0", data_dir / STILL, realtime=True) as live:
        assert isinstance(live.clock, RealClock) and live.realtime


def test_a_webcam_has_its_own_name_and_finds_its_profile(data_dir: Path, config_dir: Path) -> None:
    clip = data_dir / STILL  # a recording opened as the camera stands in for a webcam
    with open_live(str(clip), None) as live:
        assert live.camera == CameraId(f"camera {clip}", 720, 1280) and live.realtime
        assert live.front()[1] == "none"  # not calibrated yet: population figures
        default = profile_store.default_path(config_dir, live.camera)
        save_profile(live.camera, default)
        assert live.front()[1] == str(default)


def test_a_profile_of_another_camera_is_refused(
    data_dir: Path, config_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.json"
    save_profile(CameraId("camera 0", 640, 480), other)
    with (
        open_live("0", data_dir / STILL, profile=other) as live,
        pytest.raises(ProfileError, match="camera 0 at 640x480"),
    ):
        live.front()


def test_a_missing_webcam_fails_before_anything_else(config_dir: Path) -> None:
    with (
        pytest.raises(CameraError, match="camera /dev/posture-no-such-camera"),
        open_live("/dev/posture-no-such-camera", None),
    ):
        pass


class StandInWebcam:
    """The edge the tests cannot have: a webcam, here a few grey 640x480 frames then unplugged."""

    opened: ClassVar[list[str]] = []

    def __init__(self, device: str, network: bool = False) -> None:
        self.name = f"camera {device}"
        self.frames = 3
        StandInWebcam.opened.append(device)

    def frame(self, t: float) -> np.ndarray | None:
        if self.frames == 0:
            raise CameraError(f"{self.name} stopped delivering frames (unplugged?)")
        self.frames -= 1
        return np.full((480, 640, 3), 90, np.uint8)

    def release(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> StandInWebcam:
        return self

    def __exit__(self, *exc: object) -> None: ...


def test_calibrate_opens_the_webcam_as_run_and_stretch_do(
    monkeypatch: pytest.MonkeyPatch, model_path: Path, config_dir: Path
) -> None:
    """Calibration sees the camera through the same set-up, so its profile fits the camera that
    `run` opens (the same name, the same asked-for size) and its first frame is not lost."""
    monkeypatch.setattr(app_live, "CameraFeed", StandInWebcam)
    StandInWebcam.opened.clear()
    with open_live("2", None) as live:
        run_camera = live.camera
    with LiveCapture("2", str(model_path), False, print) as capture_live:
        assert capture_live.camera == run_camera == CameraId("camera 2", 640, 480)
        frames = capture_live.frames()
        assert [next(frames)[0].index for _ in range(3)] == [0, 1, 2]
        with pytest.raises(CameraError, match="camera 2 stopped"):
            next(frames)
    assert StandInWebcam.opened == ["2", "2"]
