"""The first-run guide's camera work, without a window: frames with their landmarks and framing
advice for the live preview, and the calibration (a countdown, a few seconds of capture, the
profile saved for this camera) with its result in plain words.

`GuideCamera.run` runs in a worker thread and hands immutable items to `show` (the window posts
them to its GUI thread); the window asks for a calibration with `calibrate()` and ends it all
with `stop()`. A recording stands in for the webcam where one is given (it starts over at its end).
"""

from __future__ import annotations

import textwrap
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calibration import capture, fitting
from calibration import profile_file as profile_store
from calibration.capture import GuidedCapture, Phase
from posture.adapters.camera.pose import PoseEstimator
from posture.app.calibrate import calibrate_profile
from posture.app.live import Live, open_live
from posture.app.wiring import resolve_model
from posture.core.data import Frame, PoseSample
from posture.core.errors import CalibrationError, CameraError, PostureError
from posture.core.measure import framing
from posture.core.measure.baseline import forward_from
from posture.core.ports import rgb_of

COUNTDOWN_S = 3.0
CAPTURE_S = 5.0
OPEN_TRIES_S = 5.0
FRAME_GAP_S = 1 / 15
"""The preview shows at most this many frames a second (each one read by the model)."""


@dataclass(frozen=True, slots=True, eq=False)
class Look:
    """One frame for the preview: the picture, its landmarks, what to change, the capture."""

    image: np.ndarray
    sample: PoseSample | None
    advice: str | None
    phase: str = ""
    """'', 'countdown' or 'capture'."""
    remaining_s: float = 0.0


LINE_CHARS = 80


def short_lines(reason: str) -> str:
    """A refusal's reason as the window shows it: what happened, then (after its colon) what to
    do, on lines of at most LINE_CHARS (a part that fits is never broken)."""
    head, colon, rest = reason.partition(": ")
    parts = [head + colon.strip(), rest] if rest else [reason]
    return "\n".join(textwrap.fill(part, LINE_CHARS) for part in parts)


@dataclass(frozen=True, slots=True)
class Calibrated:
    """A finished calibration: where its profile went, what it read, and how good it was."""

    profile: Path | None
    upright_deg: float = 0.0
    warn_from_deg: float = 0.0
    usable_share: float = 0.0
    """Share of the captured frames that showed you clearly (the quality figure)."""
    error: str = ""

    def words(self) -> str:
        """The result in plain words (a line a sentence: each fits 80 columns)."""
        if self.error:
            return f"Not calibrated:\n{short_lines(self.error)}\nSit tall in view and try again."
        return (
            f"Sitting tall reads {self.upright_deg:.0f} deg; you will be warned from "
            f"{self.warn_from_deg:.0f} deg.\n{self.usable_share:.0%} of the frames showed you "
            "clearly."
        )


@dataclass(frozen=True, slots=True)
class ChinPoked:
    """The optional second step: what a deliberate chin-forward reads, or why it was refused."""

    chin_deg: float | None
    upright_deg: float = 0.0
    error: str = ""

    def words(self) -> str:
        if self.chin_deg is None:
            return f"Chin forward not recorded:\n{short_lines(self.error)}"
        return (
            f"Chin forward reads {self.chin_deg:.0f} deg: your range runs from "
            f"{self.upright_deg:.0f} (sitting tall) to {self.chin_deg:.0f} deg."
        )


class GuideCamera:
    """The camera (or a recording), the pose model, and calibration on request."""

    def __init__(
        self, camera: str, source: Path | None, profile: Path | None, past_upright_deg: float
    ) -> None:
        self.camera, self.source, self.profile = camera, source, profile
        self.past_upright_deg = past_upright_deg
        self._stop = threading.Event()
        self._calibrate = threading.Event()
        self._reopen = threading.Event()
        self._poke = False
        self._guided: GuidedCapture | None = None
        """The calibration under way (it goes on over a recording's start again)."""

    def stop(self) -> None:
        self._stop.set()

    def calibrate(self, chin_poke: bool = False) -> None:
        """Capture sitting tall (or, `chin_poke`, the chin pushed forward, added to the profile)."""
        self._poke = chin_poke
        self._calibrate.set()

    def switch(self, camera: str) -> None:
        """Watch another webcam (its number or device path) from the next frame on."""
        self.camera = camera
        self._reopen.set()

    def run(self, show: Callable[[object], None], model: str | None = None) -> None:
        """Show frames until stopped; an error ends it with its text shown (a str)."""
        try:
            with PoseEstimator(resolve_model(model).path, sequence=True) as pose:
                while not self._stop.is_set():
                    self._reopen.clear()
                    with ExitStack() as stack:
                        self._watch(self._open(stack), pose, show)
        except PostureError as exc:
            show(str(exc))

    def _open(self, stack: ExitStack) -> Live:
        """The camera, tried for a few seconds (a monitor that was just paused lets go of it)."""
        deadline = time.monotonic() + OPEN_TRIES_S
        while True:
            try:
                return stack.enter_context(open_live(self.camera, self.source, True, self.profile))
            except CameraError:
                if time.monotonic() > deadline or self._stop.is_set():
                    raise
                time.sleep(0.5)

    def _watch(self, live: Live, pose: PoseEstimator, show: Callable[[object], None]) -> None:
        index = 0
        while not self._stop.is_set() and not self._reopen.is_set():
            t = live.clock.now()
            shot = live.feed.frame(t) if index else live.first
            if shot is None:
                return  # a recording ended: it starts over
            frame = Frame(rgb_of(shot), t, index)
            index += 1
            sample = pose.estimate(frame)
            advice = framing.advice(sample, framing.brightness(frame.image))
            phase, left = self._capture(time.monotonic(), sample, live, show)
            show(Look(frame.image, sample, advice, phase, left))
            time.sleep(FRAME_GAP_S)

    def _capture(
        self, t: float, sample: PoseSample | None, live: Live, show: Callable[[object], None]
    ) -> tuple[str, float]:
        """Feed a calibration under way (or start the one asked for); its phase and time left.
        `t` is monotonic time: a recording's clock starts again with the recording."""
        if self._guided is None and self._calibrate.is_set():
            self._calibrate.clear()
            self._guided = GuidedCapture(COUNTDOWN_S, CAPTURE_S)
        if self._guided is None:
            return "", 0.0
        progress = self._guided.feed(t, sample)
        if progress.phase is Phase.DONE:
            show(self._finish(self._guided.samples, live))
            self._guided = None
            return "", 0.0
        return progress.phase.value, progress.remaining_s

    def _finish(self, samples: list[PoseSample | None], live: Live) -> Calibrated | ChinPoked:
        if self._poke:
            return self._finish_poke(samples, live.profile_path)
        try:
            profile = calibrate_profile(samples, live.camera)
        except CalibrationError as exc:
            return Calibrated(None, error=str(exc))
        path = live.profile_path
        try:
            profile_store.save(profile, path)
        except PostureError as exc:
            return Calibrated(None, error=str(exc))
        upright = profile.upright().head_forward_deg
        usable = len(capture.collect(samples).sizes_px) / max(len(samples), 1)
        warn = forward_from(upright, self.past_upright_deg)
        return Calibrated(path, upright, warn, usable)

    def _finish_poke(self, samples: list[PoseSample | None], path: Path) -> ChinPoked:
        try:
            profile = profile_store.load(path)
            profile = fitting.add_chin_poke(profile, capture.collect(samples))
            profile_store.save(profile, path)
        except PostureError as exc:
            return ChinPoked(None, error=str(exc))
        assert profile.chin_poke_deg is not None
        return ChinPoked(profile.chin_poke_deg, profile.baseline.head_forward_deg)
