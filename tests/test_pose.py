"""The MediaPipe adapter on the real model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.core.data import N_LANDMARKS, Frame, PoseSample
from posture.core.errors import ModelError


def test_a_person_gives_a_pose_sample_with_33_landmarks(model_path: Path, data_dir: Path) -> None:
    image = read_image(data_dir / "side/sitting-posture-recognition/straight_hf.jpg")
    with PoseEstimator(model_path, sequence=False) as estimator:
        sample = estimator.estimate(Frame(image, 4.5, 0))
    assert isinstance(sample, PoseSample)
    assert sample.image.shape == (N_LANDMARKS, 4) and sample.world.shape == (N_LANDMARKS, 3)
    assert (sample.width, sample.height, sample.t) == (720, 1280, 4.5)
    assert sample.image[:, 3].max() > 0.9


def test_an_empty_scene_gives_none(model_path: Path) -> None:
    blank = np.full((240, 320, 3), 128, np.uint8)
    with PoseEstimator(model_path, sequence=True) as estimator:
        assert estimator.estimate(Frame(blank, 0.0, 0)) is None
        # Repeated or unordered timestamps must not upset VIDEO mode.
        assert estimator.estimate(Frame(blank, 0.0, 1)) is None


def test_close_is_idempotent(model_path: Path) -> None:
    estimator = PoseEstimator(model_path, sequence=False)
    estimator.close()
    estimator.close()


@pytest.mark.parametrize("content", [b"not a model at all", b"PK\x03\x04 truncated zip"])
def test_an_unloadable_model_is_a_model_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.task"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="not a loadable pose model"):
        PoseEstimator(path, sequence=False)


BAD_FRAMES = {
    "one channel": np.full((240, 320), 128, np.uint8),
    "floating point": np.zeros((240, 320, 3), np.float32),
    "four channels": np.zeros((240, 320, 4), np.uint8),
    "empty": np.zeros((0, 0, 3), np.uint8),
    "one pixel": np.zeros((1, 1, 3), np.uint8),
}


@pytest.mark.parametrize("name", list(BAD_FRAMES))
def test_a_frame_the_model_cannot_take_is_a_model_error_and_the_next_frame_reads(
    model_path: Path, data_dir: Path, name: str
) -> None:
    person = read_image(data_dir / "side/sitting-posture-recognition/straight_hf.jpg")
    with PoseEstimator(model_path, sequence=True) as estimator:
        with pytest.raises(ModelError) as caught:
            estimator.estimate(Frame(BAD_FRAMES[name], 0.0, 0))
        assert "\n" not in str(caught.value)
        assert isinstance(estimator.estimate(Frame(person, 0.1, 1)), PoseSample)
