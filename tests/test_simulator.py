"""The simulator projects a known pose the way a camera would, in MediaPipe's conventions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from posture.core.data import LM, View
from posture.core.measure import metrics, orientation
from posture.core.sim.simulator import Body, Scene, body_points, camera, simulate


def shoulder_px(scene: Scene) -> float:
    p = simulate(scene).pixels()
    return float(np.linalg.norm(p[LM.LEFT_SHOULDER] - p[LM.RIGHT_SHOULDER]))


def test_shoulder_width_follows_the_pinhole_model() -> None:
    scene = Scene(distance_m=0.6, hfov_deg=60.0, width=640)
    cam = camera(scene)
    assert cam.focal_px == pytest.approx(320.0 / math.tan(math.radians(30.0)))
    shoulders = body_points(scene)[[LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER]].mean(axis=0)
    depth = float((shoulders - cam.position) @ cam.rotation[2])  # along the optical axis
    expected = cam.focal_px * Body().shoulder_width_m / depth
    assert shoulder_px(scene) == pytest.approx(expected, rel=0.01)
    nearer = shoulder_px(scene.with_(distance_m=0.3)) / shoulder_px(scene)
    assert 1.6 < nearer < 2.0  # half the horizontal distance; the camera is above the shoulders


def test_a_person_facing_the_camera_reads_as_front_with_the_left_side_on_the_right() -> None:
    sample = simulate(Scene())
    p = sample.pixels()
    assert orientation.classify_view(sample) is View.FRONT and metrics.is_present(sample)
    assert p[LM.LEFT_SHOULDER, 0] > p[LM.RIGHT_SHOULDER, 0]
    assert p[LM.LEFT_EAR, 1] < p[LM.LEFT_SHOULDER, 1]  # y grows downward
    assert sample.world[LM.LEFT_SHOULDER, 1] < 0  # world y points down: shoulders above the hips


@pytest.mark.parametrize(
    ("change", "index", "expected"),
    [
        ({"head_yaw_deg": 20.0}, 0, 20.0),
        ({"head_yaw_deg": -20.0}, 0, -20.0),
        ({"head_pitch_deg": 20.0}, 1, 20.0),
        ({"head_roll_deg": 15.0}, 2, 15.0),
    ],
)
def test_head_turns_read_back_through_the_orientation_metric(
    change: dict[str, float], index: int, expected: float
) -> None:
    level = orientation.front_orientation(simulate(Scene()))
    turned = orientation.front_orientation(simulate(Scene(**change)))  # type: ignore[arg-type]
    assert turned[index] - level[index] == pytest.approx(expected, abs=6.0)


def test_leaning_in_brings_the_shoulders_nearer() -> None:
    assert shoulder_px(Scene(torso_lean_m=0.1)) > 1.1 * shoulder_px(Scene())


def test_a_shrug_raises_the_shoulders_in_the_image() -> None:
    still = simulate(Scene()).pixels()[LM.LEFT_SHOULDER, 1]
    assert simulate(Scene(shrug_m=0.04)).pixels()[LM.LEFT_SHOULDER, 1] < still - 10


def test_noise_is_reproducible_and_of_the_asked_size() -> None:
    scene = Scene(noise_px=2.0)
    a = simulate(scene, rng=np.random.default_rng(7)).pixels()
    b = simulate(scene, rng=np.random.default_rng(7)).pixels()
    clean = simulate(scene).pixels()
    assert np.array_equal(a, b)
    assert np.std(a - clean) == pytest.approx(2.0, rel=0.25)


def test_an_empty_chair_is_not_present() -> None:
    assert not metrics.is_present(simulate(Scene(present=False)))
