"""Webcams: a camera by index, device path or (when allowed) a stream's URL, frames from OpenCV.

A camera value is checked before OpenCV sees it (a FIFO would block it forever, a URL would fetch
from the network); frames leave as RGB arrays stamped with the monotonic clock, and a URL is only
ever shown without its user name, password and query.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Iterator

import cv2

from posture.adapters.system.closing import Closeable
from posture.core.data import Frame
from posture.core.errors import CameraError

# OpenCV's own log (e.g. every backend failing to open a missing camera index): the user gets ours.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)

V4L_MAJOR = 81
"""The device number Linux gives video capture devices (/dev/video*)."""


class CameraSource(Closeable):
    """A webcam by index (0, 1, ...) or device path, frames stamped with the monotonic clock."""

    is_sequence = True

    def __init__(self, device: int | str) -> None:
        self.name = f"camera {device}"
        self._capture = cv2.VideoCapture(camera_device(str(device)))
        if not self._capture.isOpened():
            self.close()
            raise CameraError(
                f"{self.name} could not be opened: it is missing, or another application "
                "(a video call?) is using it"
            )

    def frame_count(self) -> int | None:
        return None

    def frame_name(self, frame: Frame) -> str:
        return self.name

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        while True:
            ok, bgr = self._capture.read()
            if not ok or bgr is None:
                raise CameraError(f"{self.name} stopped delivering frames")
            yield Frame(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), time.monotonic(), index)
            index += 1

    def close(self) -> None:
        self._capture.release()


def camera_device(spec: str, network: bool = False) -> int | str:
    """A command-line camera as OpenCV takes it: a number is an index, anything else a path,
    or (`network`: the `network_camera` setting) a stream's URL.

    A path must be a video device or a recording: OpenCV would wait forever on a FIFO. A path
    that does not exist is passed on, for OpenCV to say it cannot be opened; a URL (OpenCV's
    FFmpeg would fetch it) only when the setting allows network sources.
    """
    if spec.isascii() and spec.isdigit():  # '¹' is a digit to str.isdigit, not to int()
        if len(spec) > 2 or int(spec) > MAX_CAMERA_INDEX:
            raise CameraError(
                f"camera index {spec[:12]}{'...' if len(spec) > 12 else ''} is not one: "
                f"give 0 to {MAX_CAMERA_INDEX}, or a device path such as /dev/video0"
            )
        return int(spec)
    try:
        info = os.stat(spec)
    except FileNotFoundError:
        if URL.match(spec) and not network:
            raise CameraError(
                f"camera {public_name(spec)} is a network stream: posture reads only this "
                "computer's cameras unless network_camera = true is set ([monitor] in "
                "posture.toml, or --set network_camera=true)"
            ) from None
        return spec
    except OSError as exc:
        raise CameraError(f"camera {spec}: {exc.strerror or exc}") from None
    mode = info.st_mode
    if stat.S_ISREG(mode) or (stat.S_ISCHR(mode) and _video_device(info)):
        return spec
    raise CameraError(
        f"camera {spec} is {_kind(mode)}: give a camera index, a video device or a recording"
    )


def _kind(mode: int) -> str:
    named = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in named if test(mode)), "a device that is not a camera")


def _video_device(info: os.stat_result) -> bool:
    """Whether a character device is a video capture device (known only on Linux)."""
    return not sys.platform.startswith("linux") or os.major(info.st_rdev) == V4L_MAJOR


URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
"""A URL or an FFmpeg protocol (http:, rtsp:, tcp:, pipe:): what is not a local camera."""
MAX_CAMERA_INDEX = 99
"""OpenCV's legacy index counts a backend in hundreds (200 + n: V4L2's camera n)."""


def public_name(spec: str) -> str:
    """A camera as it may be shown and stored: a URL without its user name, password and query
    (IP cameras take passwords and tokens there)."""
    if not URL.match(spec):
        return spec
    scheme, _, rest = spec.partition(":")
    if not rest.startswith("//"):
        return f"{scheme}:..."  # pipe:, data: and the like: nothing of theirs is shown
    # after the last @ (a password may hold ? or /), then without a query (tokens go there)
    body, *query = re.split(r"[?#]", rest[2:].rpartition("@")[2], maxsplit=1)
    return f"{scheme}://{body}{'?...' if query else ''}"


def open_camera(spec: str) -> CameraSource:
    """A camera from a command-line value: a number is an index, anything else a device path."""
    return CameraSource(camera_device(spec))
