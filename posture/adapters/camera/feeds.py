"""Live frame feeds for `posture run`: a webcam, or a recording replayed the same way.

An adapter around OpenCV's VideoCapture. The run loop asks a feed for "the frame now" only when
it wants one, so frames in between are never decoded (a webcam keeps a one-frame buffer; a
recording skips with grab()). Time comes from a Clock: the real one for a webcam or a real-time
replay, a virtual one to replay a recording as fast as it can be analysed. Both feeds and both
clocks implement the loop's ports (posture/core/ports.py: Feed, Clock).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import cv2
import numpy as np

from posture.adapters.camera.jpeg import JpegPicture, is_jpeg
from posture.adapters.camera.sources import (
    VideoSource,
    check_frame_shape,
    check_frame_size,
    is_still_image,
    warn_if_cut_short,
)
from posture.adapters.camera.webcam import camera_device, public_name
from posture.adapters.system.closing import Closeable
from posture.core import clocks
from posture.core.errors import CameraError, SourceError
from posture.core.ports import Shot

log = logging.getLogger(__name__)

REQUESTED_SIZE = (640, 480)
"""Webcam resolution asked for (the camera may pick the nearest it has)."""

LEAD_S = 0.1
"""A replay shows the next frame up to this early rather than the current one again: at 10 fps
and more no frame is shown twice, and no frame is ever shown more than this early."""


class RealClock:
    """Monotonic seconds since it was made, plus the time the machine slept meanwhile (the
    monotonic clock stops then on Linux; core/clocks.py says how a sleep is seen), so a long
    suspend reaches the monitor as the gap, and the break, it was. Sleeps for real."""

    def __init__(self) -> None:
        self._last = _instant()
        self._start, self._slept = self._last[0], 0.0

    def now(self) -> float:
        mono, boot, wall = instant = _instant()
        last_mono, last_boot, last_wall = self._last
        boot_step = None if boot is None or last_boot is None else boot - last_boot
        self._slept += clocks.slept_s(mono - last_mono, boot_step, wall - last_wall)
        self._last = instant
        return mono - self._start + self._slept

    def sleep_until(self, t: float) -> None:
        delay = t - self.now()
        if delay > 0:
            time.sleep(delay)


def _instant() -> tuple[float, float | None, float]:
    """The monotonic clock, the boot clock (counting through sleeps; Linux only), the wall."""
    boot_id = getattr(time, "CLOCK_BOOTTIME", None)
    boot = None if boot_id is None else time.clock_gettime(boot_id)
    return time.monotonic(), boot, time.time()


class VirtualClock:
    """Time that jumps to wherever the loop wants to be next (replays as fast as possible)."""

    def __init__(self) -> None:
        self._t = 0.0

    def now(self) -> float:
        return self._t

    def sleep_until(self, t: float) -> None:
        self._t = max(self._t, t)


def _rgb(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _ask_for_jpeg(capture: cv2.VideoCapture) -> bool:
    """Ask the camera for MJPEG handed over undecoded (OpenCV's V4L2 backend gives each frame as
    one row of JPEG bytes); whether it agreed. Elsewhere OpenCV decodes, as before."""
    mjpg = cv2.VideoWriter.fourcc(*"MJPG")
    if not capture.set(cv2.CAP_PROP_FOURCC, mjpg) or int(capture.get(cv2.CAP_PROP_FOURCC)) != mjpg:
        return False
    return bool(capture.set(cv2.CAP_PROP_CONVERT_RGB, 0))


class CameraFeed(Closeable):
    """A webcam, opened on first use and after `release`; failures become CameraError."""

    def __init__(self, device: str, network: bool = False) -> None:
        # a FIFO would block OpenCV forever, a URL fetch from the network: refused here
        self.device = camera_device(device, network)
        self.name = f"camera {public_name(device)}"  # stored with the session: no password
        self._capture: cv2.VideoCapture | None = None
        self._jpeg = False
        """The camera hands over its JPEG frames undecoded (an MJPEG webcam on V4L2)."""

    def open(self) -> None:
        if self._capture is not None:
            return
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            capture.release()
            raise CameraError(
                f"{self.name} could not be opened: it is missing, or another application "
                "(a video call?) is using it"
            )
        check_frame_size(capture, self.name, CameraError)  # a network stream's could be huge
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queued old one
        # The model looks at 256x256; 640x480 is plenty and four times cheaper to decode than HD.
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, REQUESTED_SIZE[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, REQUESTED_SIZE[1])
        self._jpeg = _ask_for_jpeg(capture)
        self._capture = capture

    def frame(self, t: float) -> Shot | None:
        self.open()
        assert self._capture is not None
        ok = self._capture.grab()
        ok, data = self._capture.retrieve() if ok else (False, None)
        if not ok or data is None:
            self.release()
            raise CameraError(f"{self.name} stopped delivering frames (unplugged?)")
        if not self._jpeg:
            return _rgb(data)
        if is_jpeg(data):
            return JpegPicture(data)
        return self._decoded_after_all(data)

    def _decoded_after_all(self, data: np.ndarray) -> np.ndarray:
        """The camera sends something other than JPEG: OpenCV decodes its frames from now on."""
        assert self._capture is not None
        self._jpeg = False
        self._capture.set(cv2.CAP_PROP_CONVERT_RGB, 1)
        log.info("%s does not send JPEG frames: OpenCV decodes them", self.name)
        if data.ndim == 3 and data.shape[2] == 3:
            return _rgb(data)
        ok, bgr = self._capture.retrieve()
        if not ok or bgr is None or bgr.ndim != 3:
            self.release()
            raise CameraError(f"{self.name} sent a frame that could not be decoded")
        return _rgb(bgr)

    def release(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    def close(self) -> None:
        self.release()


class ReplayFeed(Closeable):
    """A recording played as a camera: the frame shown at `t` seconds into it.

    The recording's own frame times decide what is shown, whatever the clock driving the loop: a
    frame lasts 1/fps seconds, so a slow recording (1 fps) shows the same frame to several looks,
    and a 120 s clip lasts 120 s of the loop's time, virtual or real.
    """

    def __init__(self, path: Path) -> None:
        if path.is_dir() or is_still_image(path):
            raise SourceError(
                f"{path}: a still image cannot be replayed as a camera: this needs a video file "
                "or a camera; use `posture analyze` for photos"
            )
        probe = VideoSource(path)  # the same checks and one-line errors as `analyze`
        self.fps = probe.fps
        self._count = probe.frame_count()
        probe.close()
        self.name = str(path)
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise SourceError(f"{path}: cannot be read as a video")
        self._next = 0  # index of the frame the next grab() returns
        self._last: np.ndarray | None = None
        self._ended = False

    def frame(self, t: float) -> np.ndarray | None:
        if self._ended:
            return None
        wanted = int(t * self.fps + 1e-9)
        if (
            wanted < self._next
            and self._last is not None
            and self._next / self.fps > t + LEAD_S + 1e-9
        ):
            return self._last  # the frame of time t is still showing
        while self._next < wanted:  # skip without converting what will not be analysed
            if not self._capture.grab():
                self._end()
                return None
            self._next += 1
        ok, bgr = self._capture.read()
        if not ok or bgr is None:
            self._end()
            return None
        self._next += 1
        check_frame_shape(bgr, self.name, SourceError)
        self._last = _rgb(bgr)
        return self._last

    def _end(self) -> None:
        """The recording is over: said once if it stopped short of its declared length."""
        self._ended = True
        warn_if_cut_short(self.name, self._next, self._count)

    def release(self) -> None:
        """A file is not shared with other applications: nothing to let go of."""

    def close(self) -> None:
        self._capture.release()
