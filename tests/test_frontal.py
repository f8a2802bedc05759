"""The frontal estimator against the simulator's ground truth: the calibration acceptance."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from calibration import evaluation
from posture.core.data import LM, PoseSample
from posture.core.measure import frontal, metrics
from posture.core.monitor.monitor import MIN_CONFIDENCE
from posture.core.sim.simulator import Body, Scene, simulate


@pytest.fixture(scope="module")
def sweep() -> evaluation.Sweep:
    return evaluation.sweep_method(evaluation.ours, seed=1)


def test_calibrated_error_over_angles_distances_heights_and_yaw(sweep: evaluation.Sweep) -> None:
    assert sorted(sweep.errors) == list(evaluation.ANGLES_DEG)
    assert len(sweep.all_errors()) == 10 * 12 * 5 * 2
    assert sweep.mae() <= 5.0
    for angle, errors in sweep.errors.items():  # no angle is carried by the others
        assert np.mean(np.abs(errors)) <= 6.0, angle


def test_a_glance_down_does_not_read_as_forward_head(sweep: evaluation.Sweep) -> None:
    assert len(sweep.glance) == 12
    assert max(sweep.glance) <= 5.0


def test_leaning_in_does_not_read_as_forward_head(sweep: evaluation.Sweep) -> None:
    assert len(sweep.lean) == 12
    assert max(sweep.lean) <= 5.0


def test_the_peers_cues_fail_where_the_issue_says() -> None:
    nose = evaluation.sweep_method(evaluation.peer(evaluation.nose_drop), repeats=1)
    scale = evaluation.sweep_method(evaluation.peer(evaluation.eye_scale), repeats=1)
    assert np.mean(nose.glance) > 10.0  # a glance at the keyboard reads as a forward head
    assert np.mean(scale.lean) > 5.0  # leaning in reads as a forward head


def test_calibration_learns_this_persons_proportions_not_the_populations() -> None:
    body = Body(shoulder_width_m=0.34, neck_length_m=0.25, ear_width_m=0.16)
    neck, head = 0.25 / 0.34, 0.16 / 0.34  # population: 0.59 and 0.40
    for height in (-0.15, 0.0, 0.15):  # at a usual 65 cm; closer, perspective costs up to 20%
        scene = Scene(body=body, camera_height_m=height, forward_head_deg=body.upright_deg)
        model = frontal.calibrate([frontal.features(simulate(scene))])  # type: ignore[list-item]
        assert model.neck_ratio == pytest.approx(neck, rel=0.15)
        assert model.head_ratio == pytest.approx(head, rel=0.15)
        assert model.calibrated


def test_another_body_calibrated_reads_its_own_angles() -> None:
    body = Body(shoulder_width_m=0.30, neck_length_m=0.17, ear_width_m=0.14, torso_length_m=0.45)
    scene = Scene(body=body, distance_m=0.55, camera_height_m=0.08)
    model = frontal.calibrate([frontal.features(simulate(scene))])  # type: ignore[list-item]
    estimator = frontal.FrontalEstimator(model)
    for angle in (5.0, 25.0, 40.0):
        got, confidence = estimator(simulate(scene.with_(forward_head_deg=angle)))
        assert got == pytest.approx(angle, abs=4.0)
        assert confidence > metrics.UNCALIBRATED_FRONT_CONFIDENCE


def test_without_calibration_the_reading_is_forward_for_a_forward_head_and_capped() -> None:
    estimator = frontal.FrontalEstimator()
    assert not estimator.calibrated
    tall, tall_conf = estimator(simulate(Scene(forward_head_deg=15.0)))
    poked, conf = estimator(simulate(Scene(forward_head_deg=40.0)))
    assert poked > tall + 15.0  # not the mirror image behind the shoulders
    assert max(conf, tall_conf) <= metrics.UNCALIBRATED_FRONT_CONFIDENCE


def test_coincident_ears_give_no_features() -> None:
    sample = simulate(Scene())
    sample.image[LM.RIGHT_EAR] = sample.image[LM.LEFT_EAR]
    assert frontal.features(sample) is None
    angle, confidence = frontal.FrontalEstimator()(sample)
    assert math.isnan(angle) and confidence == 0.0


@pytest.mark.parametrize(
    "bad", [{"neck_ratio": float("nan")}, {"head_ratio": 0.0}, {"hfov_deg": 200.0}]
)
def test_model_rejects_impossible_values(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        frontal.FrontModel(**bad)  # type: ignore[arg-type]


def _turn_head_in_image(sample: PoseSample, degrees: float) -> PoseSample:
    """The head's points turned about the shoulders' midpoint in the image: a neck bent sideways."""
    image = sample.image.copy()
    scale = np.array([sample.width, sample.height], dtype=float)
    p = image[:, :2] * scale
    centre = (p[LM.LEFT_SHOULDER] + p[LM.RIGHT_SHOULDER]) / 2.0
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    head = list(range(0, 11))
    p[head] = (p[head] - centre) @ np.array([[c, s], [-s, c]]) + centre
    image[:, :2] = p / scale
    return replace(sample, image=image)


@pytest.mark.parametrize("calibrated", [False, True])
def test_a_neck_bent_sideways_is_not_a_forward_head(calibrated: bool) -> None:
    scene = Scene(forward_head_deg=15.0)
    model = frontal.calibrate([frontal.features(simulate(scene))]) if calibrated else None  # type: ignore[list-item]
    estimator = frontal.FrontalEstimator(model)
    straight, _ = estimator(simulate(scene))
    for degrees in (-25.0, 25.0):
        bent, confidence = estimator(_turn_head_in_image(simulate(scene), degrees))
        assert straight - 4.0 <= bent <= straight + 1.0  # as upright, never more forward
        assert confidence >= MIN_CONFIDENCE


def test_a_head_rolled_to_one_side_reads_as_level() -> None:
    estimator = frontal.FrontalEstimator()
    level, _ = estimator(simulate(Scene()))
    for roll in (-30.0, 30.0):
        assert estimator(simulate(Scene(head_roll_deg=roll)))[0] == pytest.approx(level, abs=2.0)


def test_without_calibration_a_clear_person_is_judged_and_never_read_tipped_back() -> None:
    estimator = frontal.FrontalEstimator()
    for distance in (0.45, 0.65, 0.9):
        for angle in (5.0, 15.0, 40.0):
            got, confidence = estimator(
                simulate(Scene(forward_head_deg=angle, distance_m=distance))
            )
            assert got >= frontal.UNCALIBRATED_MIN_DEG
            assert MIN_CONFIDENCE <= confidence <= metrics.UNCALIBRATED_FRONT_CONFIDENCE


def test_shoulders_read_too_narrow_for_the_head_leave_the_reading_unjudged() -> None:
    sample = simulate(Scene(forward_head_deg=15.0, distance_m=0.45))
    image = sample.image.copy()
    shoulders = [LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER]
    middle = image[shoulders, 0].mean()
    image[shoulders, 0] = middle + 0.75 * (image[shoulders, 0] - middle)  # width under-read
    angle, confidence = frontal.FrontalEstimator()(replace(sample, image=image))
    assert angle >= 0.0
    assert confidence < MIN_CONFIDENCE  # the head scale cannot be squared with the height


def test_a_shoulder_outside_the_frame_is_trusted_less() -> None:
    sample = simulate(Scene(distance_m=0.45))
    image = sample.image.copy()
    image[:, 0] += -0.02 - image[LM.RIGHT_SHOULDER, 0]  # the right shoulder just off the left edge
    moved = replace(sample, image=image)
    features = frontal.features(moved)
    assert features is not None and not features.framed
    assert frontal.features(sample).framed  # type: ignore[union-attr]
    for estimator in (frontal.FrontalEstimator(), evaluation.calibrated(Scene(), _RNG)):
        assert estimator(moved)[1] < estimator(sample)[1]
    cap = metrics.UNCALIBRATED_FRONT_CONFIDENCE * frontal.OFF_FRAME_CONFIDENCE
    assert frontal.FrontalEstimator()(moved)[1] <= cap


_RNG = np.random.default_rng(4)
