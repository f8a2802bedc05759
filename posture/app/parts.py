"""What a live run is made of: the adapters (built and closed by the caller) and the model's use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from posture.adapters.camera.motion import ThumbnailMotion
from posture.core.data import Frame, Reading
from posture.core.errors import CameraError, ModelError
from posture.core.measure import metrics
from posture.core.measure.baseline import Upright
from posture.core.ports import (
    Feed,
    History,
    Inbox,
    Keys,
    MotionSensor,
    Notifier,
    PoseSource,
    Power,
    Shot,
    Sink,
    Window,
    rgb_of,
)
from posture.core.sensing.sampling import Finding
from posture.core.settings import Settings
from posture.core.stretches.catalogue import Chooser

log = logging.getLogger(__name__)


@dataclass
class Parts:
    """The adapters a run uses (built and closed by the caller)."""

    feed: Feed
    pose: PoseSource
    front: metrics.FrontEstimator
    store: History
    notifier: Notifier
    sink: Sink
    inbox: Inbox | None = None
    keys: Keys | None = None
    preview: Window | None = None
    chooser: Chooser | None = None
    motion: MotionSensor = field(default_factory=ThumbnailMotion)
    power: Power | None = None
    retune: Callable[[], Retuned | None] | None = None
    """Re-reads the settings and the calibration (a RELOAD command); None: nothing to re-read."""


@dataclass(frozen=True, slots=True)
class Retuned:
    """What a RELOAD brings: the settings, the person's upright, the frontal estimator."""

    settings: Settings
    upright: Upright | None
    front: metrics.FrontEstimator


class Model:
    """The pose model on a run's frames (the loop's and the bursts'), counted; a frame it cannot
    read is skipped, never a crash."""

    def __init__(self, pose: PoseSource, front: metrics.FrontEstimator) -> None:
        self.pose, self.front = pose, front
        self.frames = 0
        """How many frames the model has read so far."""

    def find(self, t: float, shot: Shot) -> Finding | None:
        """What the model found in a frame (its sample None: nobody); None for a frame it
        cannot read."""
        try:
            sample = self.pose.estimate(Frame(rgb_of(shot), t, self.frames))
        except (ModelError, CameraError) as exc:
            log.warning("a frame could not be analysed (%s); skipped", exc)
            return None
        self.frames += 1
        return Finding(t, sample)

    def read(self, t: float, shot: Shot) -> Reading | None:
        """The model's reading of a frame (None: it could not be read)."""
        found = self.find(t, shot)
        return None if found is None else metrics.read(found.sample, t, self.front)
