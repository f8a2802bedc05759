"""A still person is never credited with a stretch, and the advice holds while nothing changes:
on the shared still clip (the real model's readings, the clip joined to itself for 70 s) and on
a scripted sequence of a jittery still start and a real chin tuck."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import pytest

from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.data import Frame, Reading, View
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator
from posture.core.stretches.catalogue import Measure
from posture.core.stretches.coach import Coach
from posture.core.stretches.cues import Cue, CueKind, Phase

HZ = 10.0
"""Readings a second, as a stretch is checked (posture.app.coaching.COACH_HZ)."""


@pytest.fixture(scope="module")
def still_readings(model_path: Path, data_dir: Path) -> list[Reading]:
    """The real model's readings of the still clip at 10 a second (every third frame)."""
    capture = cv2.VideoCapture(str(data_dir / "video/front-still-d13.mp4"))
    fps = capture.get(cv2.CAP_PROP_FPS)
    found, index = [], 0
    with PoseEstimator(model_path, sequence=True) as pose:
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            if index % round(fps / HZ) == 0:
                t = index / fps
                sample = pose.estimate(Frame(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), t, index))
                found.append(metrics.read(sample, t, FrontalEstimator()))
            index += 1
    capture.release()
    assert len(found) > 100 and all(r.present for r in found)
    return found


def play(coach: Coach, readings: list[Reading]) -> list[Cue]:
    """The readings one after another at 10 a second (a joined recording)."""
    cues = coach.start()
    for i, reading in enumerate(readings):
        cues += coach.update(replace(reading, t=coach.start_t + i / HZ))
    return cues


def guides_per_task(cues: list[Cue]) -> list[list[str]]:
    """The advice given while waiting for each task's pose, task by task."""
    tasks: list[list[str]] = []
    for cue in cues:
        if cue.kind is CueKind.INSTRUCT and cue.phase is not Phase.READY:
            tasks.append([])
        elif cue.kind is CueKind.GUIDE and tasks:
            tasks[-1].append(cue.guidance)
    return tasks


def test_the_still_clip_earns_no_stretch_and_steady_advice(still_readings: list[Reading]) -> None:
    joined = still_readings * 6  # about 70 s of a man not moving
    catalogue = load_catalogue()
    checked = [
        s for s in catalogue.stretches.values() if s.check and s.check.measure is not Measure.AWAY
    ]
    assert {s.check.measure for s in checked if s.check} >= {Measure.CHIN_TUCK, Measure.YAW}
    for stretch in checked:
        coach = Coach(stretch, 0.0)
        cues = play(coach, joined)
        kinds = [c.kind for c in cues]
        assert CueKind.HOLD not in kinds and coach.done == 0, stretch.id
        assert not any(c.text.startswith("you came out of it") for c in cues), stretch.id
        for guides in guides_per_task(cues):
            assert len(guides) <= 1, (stretch.id, guides)  # nothing changed: no new advice


def still_then(value_of: list[float]) -> list[Reading]:
    return [
        Reading(t=0.0, present=True, view=View.FRONT, head_forward_deg=v, confidence=0.9)
        for v in value_of
    ]


JITTER = [22.0, 24.5, 19.5, 23.0, 20.0, 24.0, 19.0, 22.5, 21.0, 23.5]
"""A still head as a frontal camera reads it: +-2.5 deg of jitter around 22 deg."""


def test_a_scripted_jittery_start_then_a_real_tuck_is_credited_once() -> None:
    chin = load_catalogue().get("chin-tucks")
    still = JITTER * 6  # 6 s still after the neutral moment
    tucked = [v - 9.0 for v in JITTER] * 6  # 6 s drawn back 9 deg: a real tuck
    coach = Coach(replace(chin, reps=1), 0.0)
    cues = play(coach, still_then(JITTER * 2 + still + tucked + JITTER))
    assert [c.kind for c in cues].count(CueKind.HOLD) == 1
    assert coach.done == 1 and coach.result().status.value == "completed"
    assert guides_per_task(cues) == [["draw your chin straight back"]]


def test_jitter_alone_for_a_minute_is_never_a_repetition() -> None:
    chin = load_catalogue().get("chin-tucks")
    coach = Coach(chin, 0.0)
    cues = play(coach, still_then(JITTER * 70))
    assert coach.done == 0 and CueKind.HOLD not in [c.kind for c in cues]
    assert all(len(g) <= 1 for g in guides_per_task(cues))
