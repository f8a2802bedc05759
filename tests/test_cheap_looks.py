"""Cheaper looks: an MJPEG webcam's frames are glanced at as small grey JPEG decodes and decoded in
full colour only when the model reads them; the change measure ignores a face making faces but
not a head that moves; the two sampling strategies still agree when frames come as JPEG."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_sampling import DAY, EVERY_SECOND, TIMERS, Playlist, SteadyFront, clips, play

from posture.adapters.camera import feeds
from posture.adapters.camera.feeds import CameraFeed
from posture.adapters.camera.jpeg import JpegPicture, is_jpeg
from posture.adapters.camera.motion import THUMB, ThumbnailMotion, changed, thumbnail
from posture.adapters.camera.pose import PoseEstimator
from posture.core.data import Reading
from posture.core.errors import CameraError
from posture.core.monitor.events import Posture
from posture.core.ports import Glance
from posture.core.sensing.sampling import Finding, Sampler, Why
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate

__all__ = ["clips"]  # the shared clips fixture, letterboxed into 320x240


def jpeg(rgb: np.ndarray) -> np.ndarray:
    """An RGB frame as the JPEG bytes an MJPEG webcam would send."""
    return cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))[1].reshape(-1)


@pytest.fixture(scope="module")
def frames(data_dir: Path) -> list[np.ndarray]:
    """Real frames of the shared clips, half a second apart (the still one's 11.5 s, then 6 s
    of head turns), letterboxed into 640x480 RGB (a desk webcam's size)."""
    found = []
    for name, count in (("front-still-d13", 23), ("front-head-turns-d12", 12)):
        capture = cv2.VideoCapture(str(data_dir / f"video/{name}.mp4"))
        for _ in range(count):
            ok, bgr = capture.read()
            assert ok
            for _ in range(14):
                capture.grab()
            canvas = np.zeros((480, 640, 3), np.uint8)
            scale = min(640 / bgr.shape[1], 480 / bgr.shape[0])
            small = cv2.resize(bgr, (int(bgr.shape[1] * scale), int(bgr.shape[0] * scale)))
            left = (640 - small.shape[1]) // 2
            canvas[: small.shape[0], left : left + small.shape[1]] = small
            found.append(cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB))
        capture.release()
    return found


def test_a_jpeg_frame_glanced_at_gives_the_thumbnail_of_its_full_decode(
    frames: list[np.ndarray],
) -> None:
    for rgb in frames:
        picture = JpegPicture(jpeg(rgb))
        grey = picture.grey()
        assert grey.shape == (60, 80) and grey.dtype == np.uint8  # an eighth of 640x480
        assert picture._rgb is None  # the glance decoded no colour
        full = picture.rgb()
        assert full.shape == rgb.shape and np.abs(full.astype(int) - rgb).mean() < 4
        assert np.abs(thumbnail(JpegPicture(jpeg(rgb))) - thumbnail(full)).mean() < 2.0


def test_a_small_jpeg_still_gives_a_thumbnail_sized_grey_picture_and_junk_is_a_camera_error(
    frames: list[np.ndarray],
) -> None:
    small = cv2.resize(frames[0], (320, 240), interpolation=cv2.INTER_AREA)
    grey = JpegPicture(jpeg(small)).grey()
    assert grey.shape[1] >= THUMB[0] and grey.shape[0] >= THUMB[1]
    junk = np.frombuffer(b"\xff\xd8 not really a jpeg" * 4, np.uint8)
    assert is_jpeg(junk)
    with pytest.raises(CameraError, match="not a readable JPEG"):
        JpegPicture(junk).grey()


def test_making_faces_is_no_change_but_a_head_turn_is(frames: list[np.ndarray]) -> None:
    still = [thumbnail(rgb) for rgb in frames[:23]]  # a man making faces, head almost still
    turns = [thumbnail(rgb) for rgb in frames[23:]]  # a man turning and tilting his head
    faces = [changed(b, still[0]) for b in still[1:]]  # each against the first (a model's look)
    assert sum(faces) <= 2, faces  # the mean pixel change of a block: 17 of the 22 were over 12
    moves = [changed(b, a) for a, b in itertools.pairwise(turns)]
    assert sum(moves) >= len(moves) - 2, moves
    brighter = np.clip(still[0] + 12.0, 0, 255)  # the whole picture a little brighter
    assert not changed(brighter, still[0])


class FakeCapture:
    """A webcam's edge faked as OpenCV's VideoCapture: real JPEG frames for MJPG with conversion
    off (as OpenCV's V4L2 backend gives them: one row of bytes), else decoded BGR frames."""

    def __init__(self, frames: list[np.ndarray], mjpeg: bool, raw: np.ndarray | None = None):
        self.frames, self.mjpeg, self.raw = frames, mjpeg, raw
        self.props: dict[int, float] = {cv2.CAP_PROP_CONVERT_RGB: 1.0}
        self.index = 0

    def isOpened(self) -> bool:
        return True

    def set(self, prop: int, value: float) -> bool:
        if prop == cv2.CAP_PROP_FOURCC and not self.mjpeg:
            return False
        self.props[prop] = value
        return True

    def get(self, prop: int) -> float:
        return self.props.get(prop, 0.0)

    def grab(self) -> bool:
        self.index += 1
        return True

    def retrieve(self) -> tuple[bool, np.ndarray]:
        rgb = self.frames[self.index % len(self.frames)]
        if self.props[cv2.CAP_PROP_CONVERT_RGB]:
            return True, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        if self.raw is not None:
            return True, self.raw
        return True, jpeg(rgb).reshape(1, -1)

    def release(self) -> None:
        """Nothing to let go of."""


def camera(monkeypatch: pytest.MonkeyPatch, capture: FakeCapture) -> CameraFeed:
    monkeypatch.setattr(feeds.cv2, "VideoCapture", lambda device: capture)
    return CameraFeed("0")


def test_a_cut_is_told_apart_from_a_head_turn_and_from_making_faces(
    frames: list[np.ndarray],
) -> None:
    """Glances half a second apart: the still clip's faces and the head turns move the picture,
    the jump from one clip to the next replaces it (a cut: no burst follows)."""
    motion = ThumbnailMotion()
    glances = [motion.glance(frame) for frame in frames]
    assert [i for i, g in enumerate(glances) if g.cut] == [23]  # the still clip ends at 23
    assert sum(g.moved for g in glances[24:]) >= 5  # the turns move it, not as a cut


def test_an_mjpeg_webcam_hands_over_its_jpeg_frames_undecoded(
    frames: list[np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = camera(monkeypatch, FakeCapture(frames, mjpeg=True))
    shot = feed.frame(0.0)
    assert isinstance(shot, JpegPicture)
    assert np.abs(shot.rgb().astype(int) - frames[1]).mean() < 4


@pytest.mark.parametrize("raw", [None, np.zeros((1, 614400), np.uint8)], ids=["no-mjpg", "yuyv"])
def test_a_webcam_without_jpeg_frames_is_decoded_by_opencv_as_before(
    frames: list[np.ndarray], monkeypatch: pytest.MonkeyPatch, raw: np.ndarray | None
) -> None:
    capture = FakeCapture(frames, mjpeg=raw is not None, raw=raw)
    feed = camera(monkeypatch, capture)
    for t in (0.0, 0.5):
        shot = feed.frame(t)
        assert isinstance(shot, np.ndarray) and shot.shape == (480, 640, 3)
    assert capture.props[cv2.CAP_PROP_CONVERT_RGB] == 1


class CountingJpeg(JpegPicture):
    """A JPEG frame that counts its full colour decodes."""

    decodes = 0

    def rgb(self) -> np.ndarray:
        if self._rgb is None:
            CountingJpeg.decodes += 1
        return super().rgb()


class JpegPlaylist(Playlist):
    """The playlist as an MJPEG webcam: each frame handed over as its JPEG bytes."""

    def __init__(self, playlist: Playlist) -> None:
        super().__init__(playlist.clips, playlist.plan)
        self.encoded: dict[int, np.ndarray] = {}

    def frame(self, t: float) -> CountingJpeg | None:  # type: ignore[override]
        rgb = super().frame(t)
        if rgb is None:
            return None
        data = self.encoded.setdefault(id(rgb), jpeg(rgb))
        return CountingJpeg(data)


def test_jpeg_frames_give_the_same_events_and_only_model_readings_decode_colour(
    clips: dict[str, tuple[list[np.ndarray], float]], model_path: Path, tmp_path: Path
) -> None:
    seconds = sum(s for _, s in DAY)
    runs, decodes = {}, {}
    for refresh in (EVERY_SECOND, Settings().refresh_s):
        CountingJpeg.decodes = 0
        with PoseEstimator(model_path, sequence=False) as pose:
            runs[refresh] = play(
                JpegPlaylist(Playlist(clips, DAY)),  # type: ignore[arg-type]
                pose,
                # Without the head turns' bursts (model readings of their own, decoded too), so
                # the decodes are the monitor's model readings.
                replace(TIMERS, refresh_s=refresh, burst_hz=0.0),
                seconds,
                tmp_path,
                front=SteadyFront(),
            )
        decodes[refresh] = CountingJpeg.decodes
    (every, every_model, _), (quiet, quiet_model, readings) = runs.values()
    assert quiet == every
    assert decodes[EVERY_SECOND] == every_model and decodes[Settings().refresh_s] == quiet_model
    assert quiet_model < 0.35 * readings


def test_the_sampler_says_why_the_model_looks_again() -> None:
    sampler = Sampler(Settings())
    still = Glance(moved=False, covered=False, changed=False)
    assert sampler.standing(0.0, still, away=False) is None
    for t, angle in ((0.0, 14.0), (1.0, 21.0)):  # 7 deg apart: the looks disagree
        reading = Reading(t=t, present=True, head_forward_deg=angle, confidence=0.9)
        sampler.looked(Finding(t, simulate(Scene(), t)), reading, Posture.GOOD)
    assert sampler.look_again(2.0, still, away=False) is Why.DISAGREE
    assert sampler.look_again(2.0, replace(still, changed=True), away=False) is Why.CHANGED
    assert sampler.look_again(2.0, replace(still, moved=True, changed=True), False) is Why.MOVED
    reading = Reading(t=2.0, present=True, head_forward_deg=20.0, confidence=0.9)
    sampler.looked(Finding(2.0, simulate(Scene(), 2.0)), reading, Posture.GOOD)
    assert sampler.look_again(3.0, still, away=False) is None  # two looks agree: it stands
    assert sampler.reading_at(3.0) == replace(reading, t=3.0)  # its reading, at the new time
    assert sampler.look_again(12.0, still, away=False) is Why.REFRESH
    sampler.standing(12.0, still, away=False)
    assert sampler.why == {Why.FIRST: 1, Why.REFRESH: 1}
