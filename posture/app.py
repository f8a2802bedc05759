"""Wiring: builds the real adapters (sources, model, pose estimator) and connects them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from posture import metrics, modelstore, paths
from posture.data import Reading
from posture.pose import PoseEstimator
from posture.progress import ProgressBar
from posture.sources import FrameSource, open_path

PROGRESS_MIN_FRAMES = 100
"""Inputs with more frames than this get a progress bar on a terminal."""


@dataclass(frozen=True, slots=True)
class FrameReading:
    """One analysed frame of one input."""

    input_index: int
    source: str
    frame: int
    reading: Reading


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


def _readings(
    index: int,
    source: FrameSource,
    estimator: PoseEstimator,
    front: metrics.FrontEstimator | None,
) -> Iterator[FrameReading]:
    count = source.frame_count()
    bar = ProgressBar(Path(source.name).name)
    bar.enabled = bar.enabled and count is not None and count > PROGRESS_MIN_FRAMES
    try:
        for done, frame in enumerate(source, start=1):
            sample = estimator.estimate(frame)
            reading = metrics.read(sample, frame.t, front)
            yield FrameReading(index, source.name, frame.index, reading)
            bar.update(done, count)
    finally:
        bar.finish()


def analyze(
    inputs: list[Path], model: str | Path | None, front: metrics.FrontEstimator | None = None
) -> Iterator[FrameReading]:
    """Readings for every frame of every input, in order.

    `model` names a model file, or None for the usual resolution (which may download). Every input
    is opened first, so a bad path fails before any model is fetched or loaded. Stills share one
    IMAGE-mode estimator; each video gets its own VIDEO-mode estimator (tracking is per scene).
    """
    with ExitStack() as stack:
        sources: list[FrameSource] = []
        for path in inputs:
            sources.append(open_path(path))
            stack.callback(sources[-1].close)
        model_path = resolve_model(str(model) if model else None).path
        still: PoseEstimator | None = None
        for index, source in enumerate(sources):
            if source.is_sequence:
                with PoseEstimator(model_path, sequence=True) as estimator:
                    yield from _readings(index, source, estimator, front)
            else:
                if still is None:
                    still = stack.enter_context(PoseEstimator(model_path, sequence=False))
                yield from _readings(index, source, still, front)
            source.close()
