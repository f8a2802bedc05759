"""Frame sources behind one interface: a video file, an image, or a folder of images.

Files read with OpenCV (a webcam is `webcam.CameraSource`, behind the same interface). Frames
leave as RGB arrays with a timestamp in seconds: a video's own frame time, an image's position in
its folder.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from posture.adapters.camera.imagesize import pixel_size
from posture.adapters.system.closing import Closeable
from posture.adapters.system.files import read_small_bytes
from posture.core.data import Frame
from posture.core.errors import PostureError, SourceError

log = logging.getLogger(__name__)

# FFmpeg prints its own complaints about broken files to stderr; the user gets ours instead.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
# OpenCV's own log (e.g. every backend failing to open a missing camera index) likewise.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
FOLDER_FRAME_SPACING_S = 1.0
"""Images of a folder are treated as frames this far apart, in name order."""
MAX_IMAGE_PIXELS = 50_000_000
"""50 megapixels (8660x5773), more than a phone's photo: decoded, 150 MB. The model sees 256x256."""
MAX_IMAGE_BYTES = 300_000_000
"""An image file is read whole: 300 MB holds an uncompressed 16-bit photo of the largest size."""
MAX_VIDEO_FPS = 10_000.0
"""A frame rate above this is a broken header (taken as 30 fps); phones film slow motion at
240-1920 fps, and a 1000 fps clip taken as 30 lasted 33 times its length."""


class FrameSource(Protocol):
    """What every source offers: frames in order, a name for messages, and a close."""

    name: str
    is_sequence: bool
    """True when consecutive frames show one continuous scene (a video or a camera)."""

    def __iter__(self) -> Iterator[Frame]: ...

    def frame_count(self) -> int | None: ...

    def frame_name(self, frame: Frame) -> str:
        """The file a frame came from: the image of a folder, else the source itself."""
        ...

    def close(self) -> None: ...


def _check_file(path: Path) -> None:
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    if path.stat().st_size == 0:
        raise SourceError(f"{path}: the file is empty (0 bytes)")


def read_image(path: Path) -> np.ndarray:
    """An image file as RGB, turned upright by its EXIF orientation; too large ones refused."""
    _check_file(path)
    data = read_small_bytes(path, "image", SourceError, MAX_IMAGE_BYTES)
    size = pixel_size(data)
    if size is None:
        raise SourceError(f"{path}: not a readable image (JPEG, PNG, BMP, WebP or TIFF expected)")
    if size[0] * size[1] > MAX_IMAGE_PIXELS:
        raise SourceError(
            f"{path}: the image is {size[0]}x{size[1]} pixels, more than "
            f"{MAX_IMAGE_PIXELS // 10**6} megapixels: scale it down first"
        )
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise SourceError(f"{path}: not a readable image (corrupt, or not an image format)")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


class ImageSource(Closeable):
    """A single still image."""

    is_sequence = False

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._image = read_image(path)

    def frame_count(self) -> int | None:
        return 1

    def frame_name(self, frame: Frame) -> str:
        return self.name

    def __iter__(self) -> Iterator[Frame]:
        yield Frame(self._image, 0.0, 0)


class FolderSource(Closeable):
    """The images of a folder in name order; an unreadable one is skipped with a warning."""

    is_sequence = False

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._paths = sorted(
            (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
            key=_natural,
        )
        if not self._paths:
            kinds = ", ".join(sorted(IMAGE_SUFFIXES))
            raise SourceError(f"{path}: no images in this folder (looked for {kinds})")

    def frame_count(self) -> int | None:
        return len(self._paths)

    def frame_name(self, frame: Frame) -> str:
        return str(self._paths[frame.index])

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self._paths):
            try:
                image = read_image(path)
            except SourceError as exc:
                log.warning("skipping %s", exc)
                continue
            yield Frame(image, index * FOLDER_FRAME_SPACING_S, index)


def is_still_image(path: Path) -> bool:
    """True for an image file, known by its name or by its first bytes (a renamed photo too)."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return True
    try:  # a regular file only: the signature check opens it
        return path.is_file() and bool(cv2.haveImageReader(str(path)))
    except (cv2.error, OSError, UnicodeError):
        return False


def _too_large(name: str, width: int, height: int, error: type[PostureError]) -> PostureError:
    return error(
        f"{name}: its frames are {width}x{height} pixels, more than "
        f"{MAX_IMAGE_PIXELS // 10**6} megapixels (the cap for stills too): scale it down first"
    )


def check_frame_size(capture: cv2.VideoCapture, name: str, error: type[PostureError]) -> None:
    """Refuse a video or camera whose frames are larger than a still may be, by the size its
    headers declare: before a frame is decoded (a 3 MB clip of 16384x16000 frames took 4.4 GB)."""
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    if width * height > MAX_IMAGE_PIXELS:
        capture.release()
        raise _too_large(name, width, height, error)


def check_frame_shape(frame: np.ndarray, name: str, error: type[PostureError]) -> None:
    """The same cap for a decoded frame (a stream whose headers said less)."""
    if frame.shape[0] * frame.shape[1] > MAX_IMAGE_PIXELS:
        raise _too_large(name, frame.shape[1], frame.shape[0], error)


def warn_if_cut_short(name: str, frames_read: int, frame_count: int | None) -> None:
    """Say so when a recording ended well before the frame count its container declares."""
    if frame_count is None:
        return
    # An estimated count (from the duration) may be off by a frame or two: only a real gap is.
    if frame_count - frames_read > max(1, frame_count // 100):
        log.warning(
            "%s: the recording ended after %d of %d frames: is it truncated?",
            name,
            frames_read,
            frame_count,
        )


class VideoSource(Closeable):
    """A video file, frame by frame, each frame stamped with its time in the video."""

    is_sequence = True

    def __init__(self, path: Path) -> None:
        _check_file(path)
        self.name = str(path)
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            self.close()
            raise SourceError(f"{path}: not a readable video (corrupt, or not a video format)")
        check_frame_size(self._capture, self.name, SourceError)
        fps = float(self._capture.get(cv2.CAP_PROP_FPS))
        self._fps = fps if 0.0 < fps <= MAX_VIDEO_FPS else 30.0
        self._first = self._read()
        if self._first is None:
            self.close()
            raise SourceError(f"{path}: no frame of this video could be decoded (corrupt?)")

    def _read(self) -> np.ndarray | None:
        ok, bgr = self._capture.read()
        if not ok or bgr is None:
            return None
        check_frame_shape(bgr, self.name, SourceError)  # a stream may change size midway
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)

    def frame_count(self) -> int | None:
        count = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT))
        return count if count > 0 else None

    @property
    def fps(self) -> float:
        return self._fps

    def frame_name(self, frame: Frame) -> str:
        return self.name

    def __iter__(self) -> Iterator[Frame]:
        image, index = self._first, 0
        self._first = None
        while image is not None:
            yield Frame(image, index / self._fps, index)
            index += 1
            image = self._read()
        warn_if_cut_short(self.name, index, self.frame_count())

    def close(self) -> None:
        self._capture.release()


def open_path(path: Path) -> ImageSource | FolderSource | VideoSource:
    """The right source for a file or folder: a folder of images, an image, or a video."""
    if path.is_dir():
        return FolderSource(path)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource(path)
    return VideoSource(path)


def _natural(path: Path) -> list[tuple[int, int | str]]:
    """Name order as people count: 'frame-2' before 'frame-10'."""
    return [
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", path.name)
    ]
