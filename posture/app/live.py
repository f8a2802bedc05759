"""The live source every camera command starts from: feed, clock, first frame, camera, profile.

`run`, `stretch` and `calibrate` open their webcam (or a recording played as one) here, so the
three agree on the camera's size and name, and so on which calibration profile belongs to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calibration import profile_file as profile_store
from calibration.profile import CameraId
from posture.adapters.camera.feeds import CameraFeed, RealClock, ReplayFeed, VirtualClock
from posture.adapters.system import paths
from posture.core.errors import CameraError, SourceError
from posture.core.measure import metrics
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.ports import Clock, Feed, rgb_of

NO_CAMERA_HINT = (
    "No webcam? Choose another with --camera N, use a recording with --source FILE, or try "
    "`posture demo` (no camera)"
)
"""What to do next when the webcam cannot be opened, added to the camera's own message."""

CAMERA_FILES = "files"
"""Camera name of profiles made from recordings or stills."""


@dataclass(frozen=True, slots=True)
class Live:
    """An open feed that has shown its first frame, the clock to read it by, and its camera."""

    feed: Feed
    clock: Clock
    first: np.ndarray
    """The first RGB frame (read at once, so a missing camera or an empty recording fails here)."""
    camera: CameraId
    realtime: bool
    """True when the clock is the real one (a webcam, or a recording replayed at its own speed)."""
    profile_flag: Path | None = None
    """The --profile given, if any."""

    @property
    def profile_path(self) -> Path:
        """Where this camera's profile is: the --profile flag, else the user's config folder."""
        return profile_path_for(self.profile_flag, self.camera)

    def front(self) -> tuple[metrics.FrontEstimator, str]:
        """The estimator for frontal frames from this camera, and the profile it came from."""
        found = calibration_for(self.profile_flag, self.camera)
        return found.front, found.origin

    def calibration(self) -> Calibration:
        """This camera's calibration: the estimator, the person's upright, the profile's path."""
        return calibration_for(self.profile_flag, self.camera)


@dataclass(frozen=True, slots=True)
class Calibration:
    """What a camera's profile gives a run (population figures and no upright without one)."""

    front: metrics.FrontEstimator
    upright: Upright | None
    origin: str
    """The profile's path, or 'none'."""


def clock_for(source: Path | None, realtime: bool = False) -> Clock:
    """The real clock for a webcam or a real-time replay; a virtual one to replay at full speed."""
    return RealClock() if source is None or realtime else VirtualClock()


@contextmanager
def open_live(
    camera: str,
    source: Path | None,
    realtime: bool = False,
    profile: Path | None = None,
    network: bool = False,
) -> Iterator[Live]:
    """Open the webcam `camera`, or the recording `source` instead; closed on leaving. A URL
    as `camera` only with `network` (the network_camera setting).

    Recordings are named `files`, as profiles made from recordings are, so a profile calibrated
    on a recording fits its replay.
    """
    with ExitStack() as stack:
        feed: Feed
        if source is not None:
            feed = stack.enter_context(ReplayFeed(source))
        else:
            feed = stack.enter_context(CameraFeed(camera, network))
        clock = clock_for(source, realtime)
        try:
            shot = feed.frame(0.0)
        except CameraError as exc:
            raise CameraError(f"{exc}. {NO_CAMERA_HINT}") from exc
        if shot is None:
            raise SourceError(f"{feed.name}: no frames")
        first = rgb_of(shot)
        name = CAMERA_FILES if source is not None else feed.name
        identity = CameraId(name, int(first.shape[1]), int(first.shape[0]))
        yield Live(feed, clock, first, identity, source is None or realtime, profile)


def profile_path_for(flag: Path | None, camera: CameraId) -> Path:
    """Where a camera's profile lives: the --profile flag, else the user's config folder."""
    return flag or profile_store.default_path(paths.config_dir(), camera)


def calibration_for(profile: Path | None, camera: CameraId) -> Calibration:
    """The calibration for this camera if there is a profile, else population figures."""
    path = profile_path_for(profile, camera)
    if profile is None and not path.exists():
        return Calibration(FrontalEstimator(), None, "none")
    loaded = profile_store.load(path)
    profile_store.check_camera(loaded, camera, path)
    return Calibration(FrontalEstimator(loaded.model), loaded.upright(), str(path))
