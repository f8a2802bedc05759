"""Geometry of the metrics on hand-built landmark sets whose angles are known."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import make_sample

from posture.core.data import LM, PoseSample, View
from posture.core.measure import metrics, orientation

FRONT_WORLD = {LM.LEFT_SHOULDER: (0.18, -0.5, 0.0), LM.RIGHT_SHOULDER: (-0.18, -0.5, 0.0)}
SIDE_WORLD = {LM.LEFT_SHOULDER: (0.0, -0.5, -0.18), LM.RIGHT_SHOULDER: (0.0, -0.5, 0.18)}


def side_person(theta_deg: float, facing: int = 1, near_left: bool = True) -> PoseSample:
    """A person seen side-on, the near ear `theta_deg` ahead of the near shoulder."""
    th = math.radians(theta_deg)
    sx, sy, neck = 320.0, 300.0, 120.0
    ear = (sx + facing * neck * math.sin(th), sy - neck * math.cos(th))
    nose = (ear[0] + facing * 45.0, ear[1] + 9.0)
    near_ear, near_sh, far_ear, far_sh = (
        (LM.LEFT_EAR, LM.LEFT_SHOULDER, LM.RIGHT_EAR, LM.RIGHT_SHOULDER)
        if near_left
        else (LM.RIGHT_EAR, LM.RIGHT_SHOULDER, LM.LEFT_EAR, LM.LEFT_SHOULDER)
    )
    # The far side is hidden behind the near one and placed off to mislead if it were used.
    points = {
        LM.NOSE: nose,
        near_ear: ear,
        near_sh: (sx, sy),
        far_ear: (sx - facing * 60.0, sy - 40.0),
        far_sh: (sx - facing * 30.0, sy + 5.0),
    }
    depth = {near_ear: -0.2, near_sh: -0.3, far_ear: 0.1, far_sh: 0.3}
    return make_sample(points, world=SIDE_WORLD, depth=depth)


def rotate(points: dict[int, tuple[float, float]], deg: float) -> dict[int, tuple[float, float]]:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    cx, cy = 320.0, 240.0
    return {
        k: (cx + c * (x - cx) - s * (y - cy), cy + s * (x - cx) + c * (y - cy))
        for k, (x, y) in points.items()
    }


NECK = 0.58
"""Ear height above the shoulder line over shoulder width of the hand-built upright neck."""


class FixedFront:
    """A frontal estimator that always says the same thing (to test `read`'s plumbing)."""

    def __init__(self, angle: float, confidence: float, calibrated: bool) -> None:
        self.angle, self.confidence, self.calibrated = angle, confidence, calibrated

    def __call__(self, sample: PoseSample) -> tuple[float, float]:
        return self.angle, self.confidence


UNCALIBRATED = FixedFront(12.0, 0.5, calibrated=False)


def front_points(theta_deg: float, width_px: float = 240.0) -> dict[int, tuple[float, float]]:
    """Shoulders `width_px` apart with the ears at the height a neck tilted by theta projects to."""
    height = NECK * 240.0 * math.cos(math.radians(theta_deg))
    cx, sy = 320.0, 400.0
    return {
        LM.LEFT_SHOULDER: (cx + width_px / 2, sy),
        LM.RIGHT_SHOULDER: (cx - width_px / 2, sy),
        LM.LEFT_EAR: (cx + 45.0, sy - height),
        LM.RIGHT_EAR: (cx - 45.0, sy - height),
        LM.NOSE: (cx, sy - height + 15.0),
    }


def head(yaw: float = 0.0, pitch: float = 0.0, roll: float = 0.0) -> dict[int, tuple[float, float]]:
    """Ears and nose of a 3D head model (y down, z toward the camera negative), projected."""
    a = 60.0
    pts = np.array([[a, 0.0, 0.0], [-a, 0.0, 0.0], [0.0, 0.3 * a, -1.5 * a]])
    y, p = math.radians(yaw), math.radians(pitch)
    turn = np.array([[math.cos(y), 0, -math.sin(y)], [0, 1, 0], [math.sin(y), 0, math.cos(y)]])
    nod = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    pts = pts @ turn.T @ nod.T
    projected = {
        LM.LEFT_EAR: (320 + pts[0, 0], 200 + pts[0, 1]),
        LM.RIGHT_EAR: (320 + pts[1, 0], 200 + pts[1, 1]),
        LM.NOSE: (320 + pts[2, 0], 200 + pts[2, 1]),
        LM.LEFT_SHOULDER: (440.0, 330.0),
        LM.RIGHT_SHOULDER: (200.0, 330.0),
    }
    return rotate(projected, roll)


@pytest.mark.parametrize("theta", [-10.0, 0.0, 15.0, 30.0, 45.0])
@pytest.mark.parametrize("facing", [1, -1])
def test_side_angle_is_ear_over_shoulder_from_vertical_whichever_way_the_person_faces(
    theta: float, facing: int
) -> None:
    angle, confidence = metrics.side_head_forward(side_person(theta, facing))
    assert angle == pytest.approx(theta, abs=1e-6)
    assert confidence > 0.9


def test_side_angle_uses_the_side_facing_the_camera() -> None:
    for near_left in (True, False):
        angle, _ = metrics.side_head_forward(side_person(20.0, near_left=near_left))
        assert angle == pytest.approx(20.0, abs=1e-6)


@pytest.mark.parametrize("theta", [0.0, 10.0, 20.0, 30.0, 45.0, 60.0])
def test_neck_ratio_is_the_projected_neck_height_over_shoulder_width(theta: float) -> None:
    ratio = metrics.neck_ratio(make_sample(front_points(theta), world=FRONT_WORLD))
    assert ratio == pytest.approx(NECK * math.cos(math.radians(theta)), abs=1e-9)


def test_neck_ratio_ignores_camera_roll() -> None:
    tilted = make_sample(rotate(front_points(25.0), 20.0), world=FRONT_WORLD)
    upright = make_sample(front_points(25.0), world=FRONT_WORLD)
    assert metrics.neck_ratio(tilted) == pytest.approx(metrics.neck_ratio(upright), abs=1e-9)


def test_neck_ratio_corrects_shoulder_width_for_a_turned_body() -> None:
    turn = math.radians(30.0)
    world = {
        LM.LEFT_SHOULDER: (0.18 * math.cos(turn), -0.5, -0.18 * math.sin(turn)),
        LM.RIGHT_SHOULDER: (-0.18 * math.cos(turn), -0.5, 0.18 * math.sin(turn)),
    }
    sample = make_sample(front_points(25.0, width_px=240.0 * math.cos(turn)), world=world)
    assert orientation.body_turn_deg(sample) == pytest.approx(30.0, abs=1e-6)
    assert metrics.neck_ratio(sample) == pytest.approx(NECK * math.cos(math.radians(25.0)))


def test_neck_ratio_with_coincident_shoulders_is_unknown() -> None:
    points = front_points(10.0, width_px=0.0)
    assert math.isnan(metrics.neck_ratio(make_sample(points, world=FRONT_WORLD)))


@pytest.mark.parametrize("yaw", [-40.0, -15.0, 0.0, 20.0, 45.0])
def test_yaw_from_the_nose_between_the_ears(yaw: float) -> None:
    got_yaw, got_pitch, got_roll = orientation.front_orientation(make_sample(head(yaw=yaw)))
    assert got_yaw == pytest.approx(yaw, abs=1e-6)
    assert got_pitch == pytest.approx(0.0, abs=1e-6)
    assert got_roll == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("pitch", [-25.0, -10.0, 0.0, 15.0, 35.0])
def test_pitch_from_the_nose_drop(pitch: float) -> None:
    got_yaw, got_pitch, _ = orientation.front_orientation(make_sample(head(pitch=pitch)))
    assert got_pitch == pytest.approx(pitch, abs=1e-6)
    assert got_yaw == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("roll", [-30.0, -5.0, 12.0, 30.0])
def test_roll_from_the_ear_line(roll: float) -> None:
    got_yaw, got_pitch, got_roll = orientation.front_orientation(make_sample(head(roll=roll)))
    assert got_roll == pytest.approx(roll, abs=1e-6)
    assert got_yaw == pytest.approx(0.0, abs=1e-6)
    assert got_pitch == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(("yaw", "pitch"), [(25.0, 15.0), (40.0, -20.0), (-30.0, 30.0)])
def test_turned_and_nodding_head_reads_close_to_both(yaw: float, pitch: float) -> None:
    """The head model inverts a turn and a nod together only approximately (within 6 deg)."""
    got_yaw, got_pitch, _ = orientation.front_orientation(make_sample(head(yaw=yaw, pitch=pitch)))
    assert got_yaw == pytest.approx(yaw, abs=6.0)
    assert got_pitch == pytest.approx(pitch, abs=6.0)


def test_side_pitch_is_zero_for_a_level_head_and_grows_chin_down() -> None:
    level = side_person(0.0)
    # side_person puts the nose 45 px ahead and 9 px below the ear: the level-head proportion.
    assert orientation.side_pitch_deg(level) == pytest.approx(0.0, abs=0.1)
    points = {
        LM.NOSE: (365.0, 230.0),
        LM.LEFT_EAR: (320.0, 180.0),
        LM.LEFT_SHOULDER: (320.0, 300.0),
    }
    down = make_sample(points, world=SIDE_WORLD, depth={LM.LEFT_EAR: -0.2, LM.LEFT_SHOULDER: -0.3})
    assert orientation.side_pitch_deg(down) > 30.0


def test_view_from_how_far_the_shoulders_turn() -> None:
    assert (
        orientation.classify_view(make_sample(front_points(0.0), world=FRONT_WORLD)) is View.FRONT
    )
    assert orientation.classify_view(side_person(10.0)) is View.SIDE


def test_presence_needs_an_ear_and_a_shoulder_seen() -> None:
    assert metrics.is_present(make_sample(front_points(0.0), world=FRONT_WORLD))
    assert not metrics.is_present(None)
    hidden = make_sample(front_points(0.0), world=FRONT_WORLD, visibility=0.2)
    assert not metrics.is_present(hidden)
    reading = metrics.read(hidden, t=3.0, front=UNCALIBRATED)
    assert reading.present is False and reading.head_forward_deg is None and reading.t == 3.0


def test_read_fills_what_each_view_can_measure() -> None:
    side = metrics.read(side_person(30.0), t=1.0, front=UNCALIBRATED)
    assert side.view is View.SIDE and side.head_forward_deg == pytest.approx(30.0, abs=0.01)
    assert side.yaw_deg is None and side.roll_deg is None and side.pitch_deg is not None
    front = metrics.read(
        make_sample(front_points(12.0), world=FRONT_WORLD), t=2.0, front=UNCALIBRATED
    )
    assert front.view is View.FRONT and front.head_forward_deg == 12.0
    assert front.yaw_deg is not None and not front.calibrated


def test_read_uses_a_given_front_estimator() -> None:
    sample = make_sample(front_points(12.0), world=FRONT_WORLD)
    reading = metrics.read(sample, t=0.0, front=FixedFront(7.5, 0.9, calibrated=True))
    assert reading.head_forward_deg == 7.5 and reading.confidence == 0.9 and reading.calibrated


def test_forward_verdict_at_a_threshold() -> None:
    reading = metrics.read(side_person(30.0), t=0.0, front=UNCALIBRATED)
    assert metrics.is_forward(reading, 25.0) is True
    assert metrics.is_forward(reading, 35.0) is False
    assert metrics.is_forward(metrics.read(None, t=0.0, front=UNCALIBRATED)) is None


def test_pose_sample_rejects_wrong_shapes() -> None:
    with pytest.raises(ValueError, match="33, 4"):
        PoseSample(t=0.0, width=10, height=10, image=np.zeros((32, 4)), world=np.zeros((33, 3)))
    with pytest.raises(ValueError, match="positive"):
        PoseSample(t=0.0, width=0, height=10, image=np.zeros((33, 4)), world=np.zeros((33, 3)))
