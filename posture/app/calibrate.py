"""Wiring for calibration: profiles from recordings, guided webcam captures, and `--check`."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from calibration import capture, fitting
from calibration import profile_file as profile_store
from calibration.capture import GuidedCapture, Phase
from calibration.profile import CameraId, Profile
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.preview import QUIT, Preview
from posture.adapters.system.closing import Closeable
from posture.app.live import CAMERA_FILES, open_live, profile_path_for
from posture.app.wiring import SizeCheck, file_frames, frame_size, resolve_model
from posture.core.data import Frame, PoseSample
from posture.core.errors import CalibrationError, CameraError, ProfileError
from posture.core.measure import framing, metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.shoulders import Relaxed, relaxed_of
from posture.core.ports import Line, Tone, rgb_of

T = TypeVar("T")

Say = Callable[[str], None]
Ask = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class FrontSetup:
    """How frontal frames of recordings are read: the estimator, and the profile it came from."""

    estimator: metrics.FrontEstimator
    origin: str
    """The profile's path, or 'none' for population figures."""
    check: SizeCheck | None = None
    relaxed: Relaxed | None = None
    """The profile's shoulders sitting relaxed (None: no profile, or one made before them)."""
    profiled: bool = False


def front_setup(profile_path: Path | None) -> FrontSetup:
    """Population figures without a profile; with one, its model and a check of frame sizes."""
    if profile_path is None:
        return FrontSetup(FrontalEstimator(), "none")
    profile = profile_store.load(profile_path)

    def check(width: int, height: int) -> None:
        profile_store.check_camera(profile, CameraId(CAMERA_FILES, width, height), profile_path)

    relaxed = relaxed_of(profile.upright())
    return FrontSetup(FrontalEstimator(profile.model), str(profile_path), check, relaxed, True)


def _no_profile_for(camera: CameraId, path: Path) -> str:
    """No profile for this camera: say which profiles there are and how to use one."""
    others = sorted(p.name for p in path.parent.glob("*.json")) if path.parent.is_dir() else []
    there = (
        f"; the profiles there are {', '.join(others)}: name one with --profile FILE"
        if others
        else ""
    )
    return (
        f"no calibration profile for {camera.describe()} at {path}: run `posture calibrate` "
        f"with this camera or recording{there}"
    )


def estimator_of(profile: Profile) -> FrontalEstimator:
    """The frontal estimator a profile implies (population figures for a side profile)."""
    return FrontalEstimator(profile.model)


def file_samples(
    paths: list[Path], model: str | None, say: Say | None = None
) -> tuple[list[PoseSample | None], CameraId]:
    """Pose samples of every frame of some recordings or stills, which must share one size;
    `say` hears the framing advice of the first frame that shows someone (or is dark)."""
    samples: list[PoseSample | None] = []
    sizes: set[tuple[int, int]] = set()
    advise = Advise(say)
    for frame, sample in file_frames(paths, model):
        sizes.add(frame_size(frame))
        samples.append(sample)
        advise(frame, sample)
    if len(sizes) != 1:
        shown = ", ".join(f"{w}x{h}" for w, h in sorted(sizes))
        raise CalibrationError(f"the frames must all have one size (one camera), got {shown}")
    ((width, height),) = sizes
    return samples, CameraId(CAMERA_FILES, width, height)


class Advise:
    """Says the framing advice once, from the first frame that shows someone or is dark."""

    def __init__(self, say: Say | None) -> None:
        self.say, self.done = say, say is None

    def __call__(self, frame: Frame, sample: PoseSample | None) -> None:
        if self.done or self.say is None:
            return
        line = framing.advice(sample, framing.brightness(frame.image))
        if sample is None and line is None:
            return
        self.done = True
        if line is not None:
            self.say(f"framing: {line}")


@dataclass(frozen=True, slots=True)
class Step:
    """One guided capture step: what to tell the user, and its title in the preview."""

    title: str
    instruction: str


UPRIGHT_STEP = Step(
    "sit tall", "Sit tall, shoulders relaxed, and look at the middle of the screen."
)
POKE_STEP = Step(
    "chin poke", "Now push your chin toward the screen (head forward, eyes level) and hold it."
)


class LiveCapture(Closeable):
    """Guided captures from a webcam, with a preview window when there is a display."""

    def __init__(
        self, camera: str, model: str | None, preview: bool, say: Say, network: bool = False
    ) -> None:
        with ExitStack() as stack:
            self.live = stack.enter_context(open_live(camera, None, network=network))
            model_path = resolve_model(model).path
            self.estimator = stack.enter_context(PoseEstimator(model_path, sequence=True))
            self.preview = stack.enter_context(Preview()) if preview else None
            self._stack = stack.pop_all()
        self.camera: CameraId = self.live.camera
        self.say = say
        self._first: np.ndarray | None = self.live.first
        self._index = 0
        self.advise = Advise(say)

    def frames(self) -> Iterator[tuple[Frame, PoseSample | None]]:
        """Camera frames (the first one included) with their pose samples, until the camera
        stops; times are seconds on the live clock."""
        while True:
            t = self.live.clock.now()
            shot = self._first if self._first is not None else self.live.feed.frame(t)
            self._first = None
            if shot is None:
                raise CameraError(f"{self.live.feed.name} stopped delivering frames")
            frame = Frame(rgb_of(shot), t, self._index)
            self._index += 1
            yield frame, self.estimator.estimate(frame)

    def take(self, step: Step, seconds: float, countdown_s: float = 3.0) -> list[PoseSample | None]:
        """Count down, then collect `seconds` of samples while the user holds the pose."""
        guided = GuidedCapture(countdown_s, seconds)
        said = None
        for frame, sample in self.frames():
            self.advise(frame, sample)  # first: what to change before sitting for the capture
            if said is None:
                self.say(step.instruction)
            progress = guided.feed(frame.t, sample)
            if progress.phase is Phase.DONE:
                return guided.samples
            count = math.ceil(progress.remaining_s)
            text = (
                f"{step.title}: starting in {count}"
                if progress.phase is Phase.COUNTDOWN
                else f"{step.title}: hold still... {count}"
            )
            if self.preview and self.preview.show(frame.image, sample, [Line(text)]) == QUIT:
                raise KeyboardInterrupt
            if text != said:
                self.say(text)
                said = text
        raise AssertionError("unreachable: frames() ends by raising")

    def close(self) -> None:
        self._stack.close()


def attempt(take: Callable[[], T], say: Say, ask: Ask | None) -> T:
    """Run a capture step; when it is refused, say why and offer to try again (if asked)."""
    while True:
        try:
            return take()
        except CalibrationError as exc:
            if ask is None:
                raise
            say(f"not accepted: {exc}")
            if not ask("Try again? [Y/n] "):
                raise


def calibrate_profile(
    upright: list[PoseSample | None],
    camera: CameraId,
    poke: list[PoseSample | None] | None = None,
) -> Profile:
    """The profile from an upright capture (and optionally a chin-poke capture)."""
    steady = capture.check_steady(capture.collect(upright))
    profile = fitting.build_profile(steady, camera, profile_store.now_utc())
    if poke is not None:
        profile = fitting.add_chin_poke(profile, capture.collect(poke))
    return profile


def check(
    frames: Iterable[tuple[Frame, PoseSample | None]],
    camera_name: str,
    profile_flag: Path | None,
    preview: Preview | None = None,
) -> Iterator[tuple[Profile, Frame, fitting.CheckLine | None]]:
    """How each frame reads against the camera's profile (loaded and checked at the first frame)."""
    profile: Profile | None = None
    for frame, sample in frames:
        if profile is None:
            camera = CameraId(camera_name, *frame_size(frame))
            path = profile_path_for(profile_flag, camera)
            if profile_flag is None and not path.exists():
                raise ProfileError(_no_profile_for(camera, path))
            profile = profile_store.load(path)
            profile_store.check_camera(profile, camera, path)
        line = fitting.compare(profile, metrics.read(sample, frame.t, estimator_of(profile)))
        if preview is not None:
            angle = None if line is None else line.head_forward_deg
            text = "no one in view" if angle is None else f"now {angle:.0f} deg"
            lines = [Line(f"check: {text}"), Line("q to stop", Tone.MUTED)]
            if preview.show(frame.image, sample, lines) == QUIT:
                return
        yield profile, frame, line


def calibrate_files(
    upright: list[Path], poke: list[Path] | None, model: str | None, say: Say | None = None
) -> Profile:
    """A profile from recordings or stills of the user sitting tall (and poking the chin);
    `say` hears the framing advice, if any."""
    samples, camera = file_samples(upright, model, say)
    poke_samples = None
    if poke:
        poke_samples, poke_camera = file_samples(poke, model)
        if poke_camera != camera:
            raise CalibrationError(
                f"the chin-poke frames are {poke_camera.width}x{poke_camera.height} but the "
                f"upright ones {camera.width}x{camera.height}: use frames from one camera"
            )
    return calibrate_profile(samples, camera, poke_samples)


def calibrate_live(live: LiveCapture, seconds: float, chin_poke: bool, ask: Ask | None) -> Profile:
    """The guided webcam calibration; a refused step is explained and may be retried."""

    def upright() -> Profile:
        samples = live.take(UPRIGHT_STEP, seconds)
        return calibrate_profile(samples, live.camera)

    profile = attempt(upright, live.say, ask)
    if chin_poke:
        first = profile
        profile = attempt(
            lambda: fitting.add_chin_poke(first, capture.collect(live.take(POKE_STEP, seconds))),
            live.say,
            ask,
        )
    return profile
