"""The calibration package on simulated captures: refusals, timing, profiles, chin-poke, check."""

from __future__ import annotations

import json
import math
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_cli import assert_one_line_error
from test_files import not_a_file, python_bounded, run_bounded

from calibration import capture, fitting
from calibration import profile as profile_doc
from calibration import profile_file as store
from calibration.capture import GuidedCapture, Phase
from calibration.profile import CameraId, Profile, ProfileView
from posture.core.data import LM, PoseSample, View
from posture.core.errors import CalibrationError, ProfileError
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.sim.simulator import Scene, simulate

CAMERA = CameraId("camera 0", 640, 480)


def frames(scene: Scene, n: int = 20, seed: int = 0, **vary: list[float]) -> list[PoseSample]:
    """`n` noisy frames of a scene; `vary` gives per-frame values of scene fields."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        changes = {k: v[i % len(v)] for k, v in vary.items()}
        out.append(simulate(scene.with_(**changes), t=i * 0.1, rng=rng))
    return out


TALL = Scene(noise_px=1.0, world_noise_m=0.01)


def make_profile(scene: Scene = TALL) -> Profile:
    return fitting.build_profile(
        capture.collect(list(frames(scene))), CAMERA, "2026-11-21T09:00:00+00:00"
    )


def test_no_person_is_refused_with_the_reason() -> None:
    with pytest.raises(CalibrationError, match="no person found in 5 frames"):
        capture.collect([None] * 3 + frames(Scene(present=False), n=2))


def test_a_side_view_is_accepted_and_recorded_as_one() -> None:
    side = frames(TALL, n=5)
    for s in side:  # turn the shoulder line out of the image plane
        s.world[LM.LEFT_SHOULDER, 2], s.world[LM.RIGHT_SHOULDER, 2] = -0.3, 0.3
    got = capture.collect(side)
    profile = fitting.build_profile(got, CAMERA, "2026-11-21T09:00:00+00:00")
    assert profile.view is ProfileView.SIDE and profile.baseline.reads is View.SIDE
    assert profile.model is None  # the side angle needs no frontal fit
    assert profile.upright().view is View.SIDE


def test_poorly_visible_ears_are_refused() -> None:
    dim = frames(TALL, n=6)
    for s in dim:
        s.image[LM.RIGHT_EAR, 3] = 0.3  # present (one ear seen) but not measurable
    with pytest.raises(CalibrationError, match="clearly visible in only 0 of 6"):
        capture.collect(dim)


def test_a_few_missing_frames_are_tolerated() -> None:
    got = capture.collect([None, *frames(TALL, n=9)])
    assert len(got.features) == 9 and got.frames == 10


def test_moving_during_the_capture_is_refused() -> None:
    moving = capture.collect(frames(TALL, forward_head_deg=[5.0, 20.0, 35.0]))
    with pytest.raises(CalibrationError, match="too much movement"):
        capture.check_steady(moving)


def test_looking_away_is_refused_and_a_steady_capture_passes() -> None:
    away = capture.collect(frames(TALL.with_(head_yaw_deg=30.0)))
    with pytest.raises(CalibrationError, match=r"turned .* to your left"):
        capture.check_steady(away)
    capture.check_steady(capture.collect(frames(TALL)))


def test_guided_capture_counts_down_then_keeps_only_the_capture_window() -> None:
    guided = GuidedCapture(countdown_s=3.0, capture_s=2.0)
    sample = simulate(Scene())
    phases = [guided.feed(t * 0.5, sample) for t in range(12)]  # 0 .. 5.5 s
    assert [p.phase for p in phases[:6]] == [Phase.COUNTDOWN] * 6
    assert phases[0].remaining_s == 3.0 and phases[5].remaining_s == 0.5
    assert [p.phase for p in phases[6:10]] == [Phase.CAPTURE] * 4
    assert phases[10].phase is Phase.DONE
    assert len(guided.samples) == 4


def test_profile_round_trip_is_private_and_keeps_a_backup(tmp_path: Path) -> None:
    profile = make_profile()
    path = tmp_path / "profiles" / "p.json"
    assert store.save(profile, path) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.load(path) == profile
    first = path.read_text()
    backup = store.save(make_profile(TALL.with_(distance_m=0.8)), path)
    assert backup is not None and backup.read_text() == first
    assert store.load(path) != profile


LOAD = """
import sys
from pathlib import Path
from calibration import profile_file as store
from posture.core.errors import ProfileError
try:
    store.load(Path(sys.argv[1]))
except ProfileError as exc:
    print(exc)
"""


@pytest.mark.parametrize(
    ("kind", "says"),
    [("zero", "not a regular file"), ("fifo", "not a regular file"), ("folder", "is a folder")],
)
def test_a_profile_that_is_not_a_file_is_refused_without_reading_on(
    tmp_path: Path, kind: str, says: str
) -> None:
    path = not_a_file(kind, tmp_path)
    result = python_bounded(LOAD, str(path))  # /dev/zero was read without end, a FIFO waited
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and says in lines[0] and str(path) in lines[0]


def test_analyze_with_a_profile_of_dev_zero_is_one_line(
    cli_env: dict[str, str], data_dir: Path
) -> None:
    image = sorted((data_dir / "front/slouching-or-not/upright").glob("*.jpg"))[0]
    result = run_bounded(["analyze", "--profile", "/dev/zero", str(image)], cli_env)
    assert_one_line_error(result, "/dev/zero", "not a regular file")


def test_saving_makes_every_missing_folder_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "posture" / "profiles" / "p.json"
    old_umask = os.umask(0o022)
    try:
        store.save(make_profile(), path)
    finally:
        os.umask(old_umask)
    folders = [tmp_path / "config", *list(path.parents)[:2]]
    assert [stat.S_IMODE(p.stat().st_mode) for p in folders] == [0o700] * 3


def test_a_profile_is_never_written_through_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("precious")
    path = tmp_path / "p.json"
    path.symlink_to(victim)
    with pytest.raises(ProfileError, match="symbolic link"):
        store.save(make_profile(), path)
    path.unlink()
    store.save(make_profile(), path)
    path.with_name("p.json.bak").symlink_to(victim)
    with pytest.raises(ProfileError, match="symbolic link"):
        store.save(make_profile(), path)
    assert victim.read_text() == "precious"


KILLED_SAVE = """
import resource, signal, sys
from pathlib import Path
from calibration import profile_file as store
new = store.load(Path(sys.argv[2]))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it: let it kill, like a crash
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
store.save(new, Path(sys.argv[1]))
"""


def test_a_save_killed_during_the_backup_leaves_whole_files_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    """The process dies writing the backup (a file-size limit kills it mid-write)."""
    folder = tmp_path / "profiles"
    folder.mkdir(mode=0o700)
    path = folder / "p.json"
    old = json.dumps(profile_doc.to_document(make_profile()), indent=12).encode()
    path.write_bytes(old)  # the old profile, larger than the new one
    new_profile = make_profile(TALL.with_(distance_m=0.8))
    new_doc = tmp_path / "new.json"
    new_doc.write_text(json.dumps(profile_doc.to_document(new_profile), indent=2) + "\n")
    limit = (len(old) + new_doc.stat().st_size) // 2  # the new profile fits, the backup not
    result = subprocess.run(
        [sys.executable, "-c", KILLED_SAVE, str(path), str(new_doc), str(limit)],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGXFSZ, result.stderr
    backup = folder / "p.json.bak"
    assert not backup.exists() or backup.read_bytes() == old
    assert path.read_bytes() == old
    for stray in folder.glob(".profile-*.tmp"):
        os.utime(stray, (1_000_000, 1_000_000))  # left long ago
    assert store.save(new_profile, path) == backup
    assert backup.read_bytes() == old and store.load(path) == new_profile
    assert sorted(p.name for p in folder.iterdir()) == ["p.json", "p.json.bak"]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_default_path_is_per_camera_and_resolution(tmp_path: Path) -> None:
    path = store.default_path(tmp_path, CameraId("camera /dev/video2", 1280, 720))
    assert path == tmp_path / "profiles" / "camera-dev-video2-1280x720.json"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "corrupt"),
        ('{"format": "posture-profile", "version": 0}', "version 0"),
        ('{"format": "something else"}', "not a posture calibration profile"),
        ("[]", "not a posture calibration profile"),
    ],
)
def test_bad_profiles_get_one_clear_message(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(ProfileError, match=words) as caught:
        store.load(path)
    assert "\n" not in str(caught.value) and "posture calibrate" in str(caught.value)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("baseline", "head_forward_deg", "tall"),
        ("model", "neck_ratio", -1.0),
        ("camera", "width", 0),
        ("baseline", "size_px", 0),
        ("baseline", "size_px", -120.5),
        ("baseline", "reads", "up"),
        ("baseline", "turn_deg", 400.0),
        ("baseline", "frames", 0.5),
        ("baseline", "pitch_deg", 1e6),
        ("baseline", "trunk_deg", "back"),
        ("baseline", "spread_deg", -1.0),
        ("baseline", "dropped", -3),
    ],
)
def test_damaged_fields_are_named(tmp_path: Path, section: str, key: str, value: object) -> None:
    doc = profile_doc.to_document(make_profile())
    doc[section][key] = value
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ProfileError, match="not usable") as caught:
        store.load(path)
    assert key in str(caught.value) or section == "camera"  # the size is named as a whole


def test_a_missing_profile_says_to_calibrate(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="run `posture calibrate`"):
        store.load(tmp_path / "nowhere.json")


def test_a_profile_refuses_another_camera_or_resolution(tmp_path: Path) -> None:
    profile = make_profile()
    store.check_camera(profile, CAMERA, tmp_path)
    with pytest.raises(ProfileError, match="camera 0 at 640x480, not camera 1 at 640x480"):
        store.check_camera(profile, CameraId("camera 1", 640, 480), tmp_path)
    with pytest.raises(ProfileError, match="not files at 1280x720"):
        store.check_camera(profile, CameraId("files", 1280, 720), tmp_path)
    store.check_camera(profile, CameraId("files", 640, 480), tmp_path)  # recordings: size only


def test_the_chin_poke_records_the_users_range() -> None:
    profile = make_profile()
    poked = fitting.add_chin_poke(
        profile, capture.collect(frames(TALL.with_(forward_head_deg=40.0)))
    )
    assert poked.chin_poke_deg == pytest.approx(40.0, abs=4.0)
    with pytest.raises(CalibrationError, match="chin-poke read"):
        fitting.add_chin_poke(profile, capture.collect(frames(TALL.with_(forward_head_deg=18.0))))


def test_check_sees_a_matching_view_and_a_moved_user() -> None:
    profile = make_profile()

    estimator = FrontalEstimator(profile.model)

    def lines(scene: Scene) -> list[fitting.CheckLine]:
        read = [fitting.compare(profile, metrics.read(s, 0.0, estimator)) for s in frames(scene)]
        return [x for x in read if x is not None]

    same = lines(TALL)
    assert np.median([x.head_forward_deg or 0.0 for x in same]) == pytest.approx(15.0, abs=2.0)
    verdict, matches = fitting.advice(same, profile, 12.0)
    assert verdict.startswith("good: you read 15 deg") and "under forward" in verdict
    assert matches.startswith("the view matches") and "forward from 27 deg" in matches
    nearer = fitting.advice(lines(TALL.with_(distance_m=0.45)), profile, 12.0)
    assert "bigger" in nearer[0] and "nearer" in nearer[0]
    shifted = [fitting.CheckLine(15.0, 0.0, 0.3, 0.0)] * 3
    assert "camera" in fitting.advice(shifted, profile, 12.0)[0]
    turned = [fitting.CheckLine(15.0, 0.0, 0.0, 0.0, view_changed=True)] * 3
    assert "another side" in fitting.advice(turned, profile, 12.0)[0]
    assert "no person" in fitting.advice([], profile, 12.0)[0]
    assert math.isfinite(same[0].pitch_change_deg)


def version_1(profile: Profile) -> dict[str, object]:
    """The document an older posture wrote for a front-view profile (format version 1)."""
    assert profile.model is not None
    model = {k: getattr(profile.model, k) for k in ("neck_ratio", "head_ratio", "camera_height")}
    base = profile.baseline
    return {
        "format": "posture-profile",
        "version": 1,
        "camera": {"name": "camera 0", "width": 640, "height": 480},
        "baseline": {
            "frames": base.frames,
            "height": 0.55,
            "head_scale": 0.4,
            "shoulder_px": base.size_px,
            "shoulder_x": base.shoulder_x,
            "shoulder_y": base.shoulder_y,
            "pitch_deg": base.pitch_deg,
            "yaw_deg": 0.0,
        },
        "model": {**model, "hfov_deg": 62.0},
        "upright_deg": 15.0,
        "created": "2026-11-20T09:00:00+00:00",
    }


def test_a_version_1_profile_loads_as_a_front_view_and_is_updated_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    profile = make_profile()
    path = tmp_path / "p.json"
    path.write_text(json.dumps(version_1(profile)))
    with caplog.at_level("WARNING"):
        loaded = store.load(path)
    assert loaded.view is ProfileView.FRONT and loaded.model is not None
    assert loaded.upright().head_forward_deg == 15.0  # its model read sitting tall as 15 deg
    assert loaded.baseline.size_px == profile.baseline.size_px
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "version 1" in said[0] and "updated to version 2" in said[0]
    assert json.loads(path.read_text())["version"] == 2
    assert json.loads((tmp_path / "p.json.bak").read_text())["version"] == 1
    caplog.clear()
    assert store.load(path) == loaded and not caplog.records  # said once: the file is new now


def test_a_damaged_version_1_profile_names_the_field(tmp_path: Path) -> None:
    doc = version_1(make_profile())
    doc["baseline"]["shoulder_px"] = 0  # type: ignore[index]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ProfileError, match=r"baseline\.shoulder_px must be positive"):
        store.load(path)
    assert json.loads(path.read_text())["version"] == 1  # left alone


def test_five_frames_with_one_disturbed_are_kept_without_it() -> None:
    # A shoulder pulled up for a moment (a hand to the face) in one of five frames: the capture
    # is usable without that frame, not "too much movement".
    five = capture.collect(frames(TALL, n=5, shrug_m=[0.0, 0.0, 0.0, 0.0, 0.08]))
    steady = capture.check_steady(five)
    assert len(steady.features) == 4 and steady.dropped == 1
    profile = fitting.build_profile(steady, CAMERA, "2026-11-21T09:00:00+00:00")
    assert profile.baseline.dropped == 1 and profile.baseline.spread_deg < 2.0
    assert profile.upright().head_forward_deg == pytest.approx(15.0, abs=1.0)


def test_a_capture_mostly_disturbed_is_still_refused() -> None:
    half = capture.collect(frames(TALL, n=6, shrug_m=[0.0, 0.08]))
    with pytest.raises(CalibrationError, match="too much movement"):
        capture.check_steady(half)
