"""Desk recordings built from the shared clips, and a stand-in MJPEG webcam that plays them.

Each shared clip is letterboxed into 640x480 and stored once as JPEG frames in a temporary file;
a plan strings them into a working stretch, each clip played to and fro for its time. The calm
plan (PLAN) is one person's desk: long still spells, head turns, writing. The busy plan
(BUSY_PLAN) cuts every 5-12 s between six people (the three clips, and three people's webcam
photos from ../shared/data/front shown as slideshows, a photo every 2 s): the whole picture
replaced at each cut, expressions, talking, nods and turns in between.

The webcam shows the frame of the moment at 30 fps; a frame the loop asks for is read from the
file and handed over as JPEG bytes, as `posture run` gets them from an MJPEG webcam
(adapters/camera/feeds.py CameraFeed), so the decoding the loop asks for counts; frames nobody
asks for cost nothing, as a webcam driver's buffers cost the process nothing. The JPEGs stay on
disk, so they do not count in the process's memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np

from posture.adapters.camera.jpeg import JpegPicture

FPS = 30.0
SIZE = (640, 480)
CLIPS = ("front-still-d13", "front-head-turns-d12", "front-talking-selfie")
PHOTO_FPS = 0.5
PHOTOS = {
    "photos-white-shirt": "front/lean-tilt-roboflow/thang/WIN_20251004_11_39_25_Pro_*.jpg",
    "photos-glasses": "front/lean-tilt-roboflow/thang/WIN_20251109_18_42_31_Pro_*.jpg",
    "photos-headphones": "front/slouching-or-not/upright/sample-*.jpg",
}
"""Slideshows at PHOTO_FPS of one person's webcam photos (paths under ../shared/data)."""
PLAN: tuple[tuple[str, float], ...] = (
    ("front-still-d13", 150.0),
    ("front-head-turns-d12", 8.0),
    ("front-still-d13", 120.0),
    ("front-talking-selfie", 30.0),
    ("front-still-d13", 90.0),
    ("front-head-turns-d12", 4.0),
)
"""About 6.7 minutes, repeated: still spells of 1.5-2.5 min, head turns, writing."""
BUSY_PLAN: tuple[tuple[str, float], ...] = (
    ("front-talking-selfie", 9.0),
    ("photos-white-shirt", 6.0),
    ("front-head-turns-d12", 7.0),
    ("front-still-d13", 11.0),
    ("photos-headphones", 8.0),
    ("front-talking-selfie", 12.0),
    ("photos-glasses", 5.0),
    ("front-head-turns-d12", 5.0),
    ("front-still-d13", 10.0),
    ("photos-white-shirt", 7.0),
    ("front-talking-selfie", 8.0),
    ("front-still-d13", 12.0),
    ("photos-glasses", 6.0),
    ("front-head-turns-d12", 6.0),
    ("front-still-d13", 9.0),
)
"""About 2 minutes, repeated: a cut to another person or scene every 5-12 s."""
PLANS = {"calm": PLAN, "busy": BUSY_PLAN}


def letterboxed(bgr: np.ndarray) -> np.ndarray:
    """A frame scaled into 640x480 with black bars, as a desk webcam frames a person."""
    scale = min(SIZE[0] / bgr.shape[1], SIZE[1] / bgr.shape[0])
    width, height = int(bgr.shape[1] * scale), int(bgr.shape[0] * scale)
    small = cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    top, left = (SIZE[1] - height) // 2, (SIZE[0] - width) // 2
    canvas[top : top + height, left : left + width] = small
    return canvas


def _video(path: Path) -> tuple[float, list[np.ndarray]]:
    capture = cv2.VideoCapture(str(path))
    fps, frames = capture.get(cv2.CAP_PROP_FPS), []
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        frames.append(bgr)
    capture.release()
    return fps, frames


def build(videos: Path, out: Path) -> None:
    """Write every clip's frames as JPEG into `out` and their places into `out`.json (the
    photos are found beside `videos`, in ../shared/data)."""
    clips = {name: _video(videos / f"{name}.mp4") for name in CLIPS}
    for name, pattern in PHOTOS.items():
        photos = sorted(videos.parent.glob(pattern))
        images = [cv2.imread(str(p)) for p in photos]
        clips[name] = (PHOTO_FPS, [image for image in images if image is not None])
    index: dict[str, object] = {"clips": {}}
    with out.open("wb") as file:
        for name, (fps, frames) in clips.items():
            places = []
            for bgr in frames:
                jpeg = cv2.imencode(".jpg", letterboxed(bgr), [cv2.IMWRITE_JPEG_QUALITY, 85])[1]
                places.append((file.tell(), int(jpeg.size)))
                file.write(jpeg.tobytes())
            index["clips"][name] = {"fps": fps, "frames": places}  # type: ignore[index]
    out.with_suffix(".json").write_text(json.dumps(index))


@contextlib.contextmanager
def built(videos: Path) -> Iterator[Path]:
    """The recording built from `videos` (../shared/data/video) in a temporary folder, removed
    afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        recording = Path(folder) / "desk.mjpeg"
        build(videos, recording)
        yield recording


class DeskWebcam:
    """The recording as an MJPEG webcam showing the frame of the moment `clock()`."""

    name = "stand-in webcam (desk recording)"

    def __init__(
        self,
        path: Path,
        clock: Callable[[], float],
        plan: tuple[tuple[str, float], ...] = PLAN,
    ) -> None:
        self.clips = json.loads(path.with_suffix(".json").read_text())["clips"]
        self.plan = plan
        self.length = sum(seconds for _, seconds in plan)
        self.fd = os.open(path, os.O_RDONLY)
        self.clock = clock

    def place(self, t: float) -> tuple[int, int]:
        """Where the JPEG of the frame showing at `t` is (the 30 fps frame of that moment)."""
        at = (int(t * FPS) / FPS) % self.length
        for name, seconds in self.plan:
            if at < seconds:
                clip = self.clips[name]
                frames = clip["frames"]
                n = int(at * clip["fps"]) % max(2 * len(frames) - 2, 1)
                offset, size = frames[n if n < len(frames) else 2 * len(frames) - 2 - n]
                return int(offset), int(size)
            at -= seconds
        raise AssertionError("t beyond the plan")

    def jpeg(self, t: float) -> np.ndarray:
        offset, size = self.place(t)
        return np.frombuffer(os.pread(self.fd, size, offset), np.uint8)

    def frame(self, t: float) -> JpegPicture:
        """The frame showing now, as the JPEG an MJPEG webcam sends (decoded when asked)."""
        return JpegPicture(self.jpeg(self.clock()))

    def release(self) -> None:
        """Nothing to let go of."""

    def close(self) -> None:
        os.close(self.fd)
