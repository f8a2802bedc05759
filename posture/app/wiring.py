"""Wiring: builds the real adapters (sources, model, pose estimator) and connects them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from posture.adapters.camera import modelstore
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import FrameSource, open_path
from posture.adapters.system import paths
from posture.adapters.system.progress import ProgressBar
from posture.core.data import Frame, PoseSample, Reading
from posture.core.measure import metrics

PROGRESS_MIN_FRAMES = 100
"""Inputs with more frames than this get a progress bar on a terminal."""


@dataclass(frozen=True, slots=True)
class FrameReading:
    """One analysed frame of one input."""

    input_index: int
    source: str
    """The file the frame came from (for a folder, its image)."""
    frame: int
    reading: Reading
    timed: bool = True
    """False for stills (an image, a folder of images): their reading's `t` is only an order."""


def _with_download_bar(
    get: Callable[[modelstore.Progress], modelstore.ResolvedModel],
) -> modelstore.ResolvedModel:
    bar = ProgressBar("downloading pose model")
    try:
        return get(bar.update)
    finally:
        bar.finish()


def resolve_model(flag: str | None) -> modelstore.ResolvedModel:
    """The model to use, downloading the default one (with a progress bar) if there is none."""
    return _with_download_bar(lambda bar: modelstore.resolve(flag, paths.cache_dir(), progress=bar))


def fetch_model(variant: str) -> Path:
    """Download an official model variant into the user cache, or reuse a verified copy."""
    spec = modelstore.MODELS[variant]
    return _with_download_bar(lambda bar: modelstore.ensure(spec, paths.cache_dir(), bar)).path


def frame_size(frame: Frame) -> tuple[int, int]:
    """(width, height) of a frame."""
    return int(frame.image.shape[1]), int(frame.image.shape[0])


SizeCheck = Callable[[int, int], None]
"""Raises if frames of this width and height cannot be read with the chosen profile."""


def _readings(
    index: int,
    source: FrameSource,
    estimator: PoseEstimator,
    front: metrics.FrontEstimator,
    check: SizeCheck | None,
) -> Iterator[FrameReading]:
    count = source.frame_count()
    bar = ProgressBar(Path(source.name).name)
    bar.enabled = bar.enabled and count is not None and count > PROGRESS_MIN_FRAMES
    try:
        for done, frame in enumerate(source, start=1):
            if check is not None:
                check(*frame_size(frame))
            sample = estimator.estimate(frame)
            reading = metrics.read(sample, frame.t, front)
            name = source.frame_name(frame)
            yield FrameReading(index, name, frame.index, reading, source.is_sequence)
            bar.update(done, count)
    finally:
        bar.finish()


def analyze(
    inputs: list[Path],
    model: str | Path | None,
    front: metrics.FrontEstimator,
    check: SizeCheck | None = None,
) -> Iterator[FrameReading]:
    """Readings for every frame of every input, in order.

    `model` names a model file, or None for the usual resolution (which may download). Every input
    is opened first, so a bad path fails before any model is fetched or loaded.
    """
    with ExitStack() as stack:
        sources = _open_all(inputs, stack)
        model_path = resolve_model(str(model) if model else None).path
        for index, source, estimator in _with_estimators(sources, model_path, stack):
            yield from _readings(index, source, estimator, front, check)


def _open_all(inputs: list[Path], stack: ExitStack) -> list[FrameSource]:
    """Open every input (closed with the stack), so a bad one fails before any model work."""
    sources: list[FrameSource] = []
    for path in inputs:
        sources.append(open_path(path))
        stack.callback(sources[-1].close)
    return sources


def _with_estimators(
    sources: list[FrameSource], model_path: Path, stack: ExitStack
) -> Iterator[tuple[int, FrameSource, PoseEstimator]]:
    """Each source with its pose estimator: stills share one IMAGE-mode estimator, each video
    gets its own VIDEO-mode one (tracking is per scene), closed when the video is done."""
    still: PoseEstimator | None = None
    for index, source in enumerate(sources):
        if source.is_sequence:
            with PoseEstimator(model_path, sequence=True) as estimator:
                yield index, source, estimator
        else:
            if still is None:
                still = stack.enter_context(PoseEstimator(model_path, sequence=False))
            yield index, source, still
        source.close()


def file_frames(paths: list[Path], model: str | None) -> Iterator[tuple[Frame, PoseSample | None]]:
    """Every frame of some recordings or stills with its pose sample (inputs are opened first)."""
    with ExitStack() as stack:
        sources = _open_all(paths, stack)
        model_path = resolve_model(model).path
        for _, source, estimator in _with_estimators(sources, model_path, stack):
            for frame in source:
                yield frame, estimator.estimate(frame)
