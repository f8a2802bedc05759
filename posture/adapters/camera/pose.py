"""The MediaPipe adapter: PoseLandmarker in, the project's own PoseSample out.

No MediaPipe object leaves this module. The landmarker is closed deterministically (a landmarker
left to the garbage collector prints a traceback at interpreter exit).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import importlib.machinery
import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from posture.adapters.system.closing import Closeable
from posture.core.data import N_LANDMARKS, Frame, PoseSample
from posture.core.errors import ModelError

log = logging.getLogger(__name__)

MIN_DETECTION_CONFIDENCE = 0.5
MIN_TRACKING_CONFIDENCE = 0.5


@contextlib.contextmanager
def _native_stderr_quiet() -> Iterator[None]:
    """Hide what the native MediaPipe/TFLite code writes straight to file descriptor 2.

    Its start-up chatter (delegate and feedback-manager notices) means nothing to a user.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (embedded, or already closed)
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


EGL_DRIVERS = "__EGL_VENDOR_LIBRARY_FILENAMES"
"""libglvnd's list of EGL drivers (its companion __EGL_VENDOR_LIBRARY_DIRS names folders)."""


def _no_gl_context() -> None:
    """Keep MediaPipe from making an OpenGL context that the CPU model never uses.

    With a display, creating a landmarker makes an EGL context (for GPU delegates), and on Mesa
    that loads llvmpipe: libLLVM and a DRI driver, 55 MB of RSS for nothing. libglvnd reads its
    list of EGL drivers once per process, at the first EGL call; made here with the list pointed
    at nothing, every later EGL call of this process finds no driver, and MediaPipe runs as it
    does without a display (the same landmarks). The variable is set for that one call only (no
    child process, such as a browser opened for a report, inherits it), only while this is the
    one thread, and never over the user's own setting.
    """
    display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if not sys.platform.startswith("linux") or not display or threading.active_count() > 1:
        return
    if EGL_DRIVERS in os.environ or "__EGL_VENDOR_LIBRARY_DIRS" in os.environ:
        return
    try:
        egl = ctypes.CDLL("libEGL.so.1")
    except OSError:  # no libglvnd: nothing to keep from loading
        return
    egl.eglGetDisplay.restype = ctypes.c_void_p
    egl.eglGetDisplay.argtypes = [ctypes.c_void_p]
    os.environ[EGL_DRIVERS] = os.devnull
    try:
        egl.eglGetDisplay(None)
    finally:
        del os.environ[EGL_DRIVERS]


_no_gl_context()  # at import, in the main thread: before Qt or the run's threads start

_PACKAGES = (
    "mediapipe",
    "mediapipe.tasks",
    "mediapipe.tasks.python",
    "mediapipe.tasks.python.vision",
)
"""MediaPipe's packages whose `__init__` imports every task it has (audio with sounddevice, the
drawing helpers with matplotlib): about 1 s of CPU at every start, for nothing the pose needs."""


@dataclass(frozen=True, slots=True)
class _MediaPipe:
    """The few MediaPipe names the pose landmarker needs."""

    Image: Any
    ImageFormat: Any
    BaseOptions: Any
    RunningMode: Any
    PoseLandmarkerOptions: Any
    PoseLandmarker: Any


@functools.cache
def _import_mediapipe() -> _MediaPipe:
    """MediaPipe's pose landmarker, loaded without the rest of MediaPipe where that works: its
    packages are entered without running their `__init__` (start-up CPU 1.3 s -> 0.45 s). If
    MediaPipe is already imported, or this MediaPipe is laid out differently, the usual import."""
    if "mediapipe" not in sys.modules:
        try:
            return _pose_only()
        except (ImportError, AttributeError) as exc:
            log.debug("mediapipe imported in full (%s)", exc)
            for name in [n for n in sys.modules if n == "mediapipe" or n.startswith("mediapipe.")]:
                del sys.modules[name]
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    return _MediaPipe(
        mp.Image,
        mp.ImageFormat,
        BaseOptions,
        vision.RunningMode,
        vision.PoseLandmarkerOptions,
        vision.PoseLandmarker,
    )


def _pose_only() -> _MediaPipe:
    for name in _PACKAGES:
        parent, _, leaf = name.rpartition(".")
        where = sys.modules[parent].__path__ if parent else None
        spec = importlib.machinery.PathFinder.find_spec(name, where)
        if spec is None:
            raise ImportError(f"no {name}")
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package
        if parent:
            setattr(sys.modules[parent], leaf, package)
    base = importlib.import_module("mediapipe.tasks.python.core.base_options")
    image = importlib.import_module("mediapipe.tasks.python.vision.core.image")
    modes = importlib.import_module("mediapipe.tasks.python.vision.core.vision_task_running_mode")
    pose = importlib.import_module("mediapipe.tasks.python.vision.pose_landmarker")
    mp = sys.modules["mediapipe"]
    mp.Image, mp.ImageFormat = image.Image, image.ImageFormat  # type: ignore[attr-defined]
    return _MediaPipe(
        image.Image,
        image.ImageFormat,
        base.BaseOptions,
        modes.VisionTaskRunningMode,
        pose.PoseLandmarkerOptions,
        pose.PoseLandmarker,
    )


class PoseEstimator(Closeable):
    """One person's pose per frame from a MediaPipe Pose Landmarker model bundle.

    `sequence=True` uses VIDEO mode (tracking between frames of one scene); otherwise IMAGE mode,
    each frame on its own.
    """

    def __init__(self, model_path: Path, *, sequence: bool) -> None:
        self.model_path = model_path
        self.sequence = sequence
        self._last_ms = -1
        self._warm = False
        mp = self._mp = _import_mediapipe()
        mode = mp.RunningMode.VIDEO if sequence else mp.RunningMode.IMAGE
        options = mp.PoseLandmarkerOptions(
            base_options=mp.BaseOptions(model_asset_path=str(model_path)),
            running_mode=mode,
            num_poses=1,
            min_pose_detection_confidence=MIN_DETECTION_CONFIDENCE,
            min_pose_presence_confidence=MIN_DETECTION_CONFIDENCE,
            min_tracking_confidence=MIN_TRACKING_CONFIDENCE,
        )
        try:
            with _native_stderr_quiet():
                self._landmarker: Any = mp.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(
                f"{model_path}: not a loadable pose model bundle ({_first_line(exc)}); "
                "name a MediaPipe pose_landmarker .task file or run `posture model fetch`"
            ) from exc

    def estimate(self, frame: Frame) -> PoseSample | None:
        """The pose in this frame, or None when no person is found.

        A frame the model cannot take is a ModelError. Frames that would break MediaPipe's graph
        for good (an empty one does: every later frame, and close(), then fail) never reach it.
        """
        image = _checked(frame.image)
        mp_image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=image)
        quiet = contextlib.nullcontext() if self._warm else _native_stderr_quiet()
        try:
            with quiet:
                result = self._detect(mp_image, frame.t)
        except (RuntimeError, ValueError) as exc:
            raise ModelError(
                f"the pose model could not read this frame ({_first_line(exc)})"
            ) from exc
        self._warm = True
        if not result.pose_landmarks:  # type: ignore[attr-defined]
            return None
        return _to_sample(result, frame.t, image.shape[1], image.shape[0])

    def _detect(self, mp_image: object, t: float) -> object:
        if self.sequence:
            # VIDEO mode needs strictly increasing whole milliseconds.
            ms = max(round(t * 1000.0), self._last_ms + 1)
            self._last_ms = ms
            return self._landmarker.detect_for_video(mp_image, ms)
        return self._landmarker.detect(mp_image)

    def close(self) -> None:
        """Release the model; safe to call twice."""
        landmarker, self._landmarker = getattr(self, "_landmarker", None), None
        if landmarker is not None:
            landmarker.close()


MIN_SIDE_PX = 8
"""Frames smaller than this on a side hold no person and upset the model's cropping."""


def _checked(image: np.ndarray) -> np.ndarray:
    """The frame as the model takes it (contiguous 8-bit RGB), or a ModelError saying why not."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ModelError(
            f"a frame of shape {image.shape} and type {image.dtype} is not 8-bit RGB; skipped"
        )
    if min(image.shape[0], image.shape[1]) < MIN_SIDE_PX:
        raise ModelError(f"a frame of {image.shape[1]}x{image.shape[0]} pixels is too small")
    return np.ascontiguousarray(image)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _to_sample(result: object, t: float, width: int, height: int) -> PoseSample:
    marks = result.pose_landmarks[0]  # type: ignore[attr-defined]
    world_marks = result.pose_world_landmarks[0]  # type: ignore[attr-defined]
    image = np.array(
        [(m.x, m.y, m.z, m.visibility if m.visibility is not None else 0.0) for m in marks],
        dtype=float,
    )
    world = np.array([(m.x, m.y, m.z) for m in world_marks], dtype=float)
    if image.shape[0] != N_LANDMARKS or world.shape[0] != N_LANDMARKS:
        raise ModelError(
            f"the model returned {image.shape[0]} landmarks, not 33: it is not a BlazePose model"
        )
    return PoseSample(t=t, width=width, height=height, image=image, world=world)
