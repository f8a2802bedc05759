"""Raised shoulders: measured against the person's relaxed calibration, held into an alert, and
not mistaken for a forward head, a lean, a tilt, a hand at the face, a stretch or a moved camera."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_cli import run

from calibration import capture, fitting, profile_file
from calibration.profile import CameraId, from_document, to_document
from posture.core.data import LM, PoseSample, Reading
from posture.core.measure import metrics
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.measure.shoulders import relaxed_of, shoulders_raised
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.settings import Settings
from posture.core.sim.simulator import Scene, simulate

SCENE = Scene(noise_px=0.8)
CAMERA = CameraId("camera 0", SCENE.width, SCENE.height)
DROP = Settings().shoulders_drop


def _upright(scene: Scene = SCENE) -> Upright:
    rng = np.random.default_rng(3)
    relaxed = [simulate(scene, float(t), rng) for t in range(20)]
    return fitting.build_profile(capture.collect(list(relaxed)), CAMERA, "").upright()


def _reading(scene: Scene, t: float = 0.0, rng: np.random.Generator | None = None) -> Reading:
    return metrics.read(simulate(scene, t, rng), t, FrontalEstimator())


def _judge(scene: Scene, upright: Upright) -> bool | None:
    return shoulders_raised(_reading(scene), relaxed_of(upright), DROP)


def test_a_shrug_is_raised_against_the_relaxed_calibration() -> None:
    upright = _upright()
    assert upright.ear_shoulder_ratio is not None
    assert _judge(SCENE, upright) is False
    assert _judge(SCENE.with_(shrug_m=0.02), upright) is False  # under 15%: not yet
    assert _judge(SCENE.with_(shrug_m=0.04), upright) is True
    shrugged = _reading(SCENE.with_(shrug_m=0.04))
    assert shrugged.ear_shoulder_ratio is not None
    assert shrugged.ear_shoulder_ratio < 0.85 * upright.ear_shoulder_ratio


@pytest.mark.parametrize(
    "changes",
    [
        {"forward_head_deg": 40.0},  # shrinks the same height: the ears fell, not the shoulders
        {"torso_lean_m": 0.10},
        {"torso_lean_m": -0.08},
        {"head_roll_deg": 15.0},
        {"head_pitch_deg": 15.0},
        {"head_yaw_deg": 20.0},
    ],
)
def test_a_forward_head_lean_tilt_or_glance_is_not_raised(changes: dict[str, float]) -> None:
    assert not _judge(SCENE.with_(**changes), _upright())


def _hand_at_face(sample: PoseSample) -> PoseSample:
    image = sample.image.copy()
    ears = (image[LM.LEFT_EAR, :2] + image[LM.RIGHT_EAR, :2]) / 2.0
    image[LM.RIGHT_WRIST, :2] = ears + np.array([0.02, 0.06])
    image[LM.RIGHT_WRIST, 3] = 0.9
    return PoseSample(sample.t, sample.width, sample.height, image, sample.world)


def test_a_hand_at_the_face_is_not_judged() -> None:
    sample = _hand_at_face(simulate(SCENE.with_(shrug_m=0.05)))
    ratio, confidence = metrics.ear_shoulder_ratio(sample)
    assert ratio is not None and confidence == 0.0
    reading = metrics.read(sample, 0.0, FrontalEstimator())
    assert shoulders_raised(reading, relaxed_of(_upright()), DROP) is None


def _play(monitor: Monitor, scenes: list[Scene]) -> list[tuple[float, EventKind]]:
    """One reading a second; the shoulder events with their times."""
    rng = np.random.default_rng(5)
    out = []
    for t, scene in enumerate(scenes):
        for e in monitor.update(_reading(scene, float(t), rng)):
            if e.kind in (EventKind.SHOULDERS_ALERT, EventKind.SHOULDERS_DROPPED):
                out.append((e.t, e.kind))
    return out


def test_held_raised_shoulders_alert_after_the_hold_and_dropping_them_clears_it() -> None:
    hold = Settings().shoulders_hold_s
    scenes = [SCENE] * 20 + [SCENE.with_(shrug_m=0.04)] * 150 + [SCENE] * 30
    events = _play(Monitor(Settings(), upright=_upright()), scenes)
    assert events[0] == (20.0 + hold, EventKind.SHOULDERS_ALERT)
    assert [k for _, k in events] == [EventKind.SHOULDERS_ALERT, EventKind.SHOULDERS_DROPPED]
    assert 170.0 <= events[1][0] <= 185.0


def _rhythm(up_s: int, down_s: int, minutes: int = 10) -> list[Scene]:
    beat = [SCENE.with_(shrug_m=0.06)] * up_s + [SCENE] * down_s
    return (beat * (minutes * 60 // len(beat) + 1))[: minutes * 60]


def test_a_coached_shrug_or_relaxation_never_alerts() -> None:
    for up_s, down_s in ((1, 2), (5, 5), (5, 12), (10, 2)):  # shrugs, relaxation, others
        assert _play(Monitor(Settings(), upright=_upright()), _rhythm(up_s, down_s)) == []


def test_without_a_calibration_shoulders_are_never_judged() -> None:
    assert _play(Monitor(Settings()), [SCENE.with_(shrug_m=0.06)] * 400) == []


def test_a_moved_camera_is_not_raised_shoulders() -> None:
    moved = SCENE.with_(camera_height_m=0.30, distance_m=0.5)
    assert _play(Monitor(Settings(), upright=_upright()), [moved] * 600) == []


def test_a_profile_keeps_the_relaxed_shoulders_and_an_older_one_still_loads(
    tmp_path: Path,
) -> None:
    profile = fitting.build_profile(
        capture.collect([simulate(SCENE, float(t)) for t in range(10)]), CAMERA, ""
    )
    doc = to_document(profile)
    assert from_document(doc).baseline.ear_shoulder_ratio == profile.baseline.ear_shoulder_ratio
    del doc["baseline"]["ear_shoulder_ratio"]  # as a profile made before this
    older = from_document(doc)
    assert older.baseline.ear_shoulder_ratio is None and relaxed_of(older.upright()) is None
    doc["baseline"]["ear_shoulder_ratio"] = -1.0
    with pytest.raises(ValueError, match="ear_shoulder_ratio"):
        from_document(doc)
    path = tmp_path / "p.json"
    profile_file.save(profile, path)
    assert profile_file.load(path).upright() == profile.upright()


def test_analyze_json_gives_the_ratio_and_with_a_profile_the_verdict(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    upright = data_dir / "front/slouching-or-not/upright"
    slouching = data_dir / "front/slouching-or-not/slouching"
    profile = tmp_path / "p.json"
    made = run(["calibrate", "--source", str(upright), "--profile", str(profile)], cli_env)
    assert made.returncode == 0, made.stderr
    assert "your shoulders sitting relaxed: raised shoulders are judged" in made.stdout
    plain = run(["analyze", "--json", str(slouching)], cli_env)
    frames = [json.loads(line) for line in plain.stdout.splitlines()][:-1]
    assert all(0.3 < f["ear_shoulder_ratio"] < 0.8 for f in frames)
    assert all("shoulders_raised" not in f for f in frames)
    judged = run(["analyze", "--json", "--profile", str(profile), str(slouching)], cli_env)
    frames = [json.loads(line) for line in judged.stdout.splitlines()][:-1]
    verdicts = [f["shoulders_raised"] for f in frames]
    assert False in verdicts and True not in verdicts  # a slouch is not raised shoulders


@pytest.mark.parametrize("clip", ["front-talking-selfie.mp4", "front-head-turns-d12.mp4"])
def test_real_people_talking_or_turning_never_read_raised(
    data_dir: Path, model_path: Path, clip: str
) -> None:
    from posture.app.wiring import file_frames

    pairs = list(file_frames([data_dir / "video" / clip], str(model_path)))
    relaxed = [s for f, s in pairs if f.t < 3.0]
    size = next(s for s in relaxed if s is not None)
    camera = CameraId("files", size.width, size.height)
    upright = fitting.build_profile(capture.collect(relaxed), camera, "").upright()
    readings = [metrics.read(s, f.t, FrontalEstimator()) for f, s in pairs]
    verdicts = [shoulders_raised(r, relaxed_of(upright), DROP) for r in readings]
    assert sum(v is not None for v in verdicts) > len(verdicts) / 2  # judged, mostly
    assert True not in verdicts
