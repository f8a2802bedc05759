"""A coached stretch on the real model: a frame the model refuses is passed over, never a crash."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from conftest import ScriptedCamera

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.system.catalogue import load as load_catalogue
from posture.app.coaching import coach_session
from posture.core.measure.frontal import FrontalEstimator
from posture.core.stretches.cues import Cue


def test_a_frame_the_model_refuses_during_a_stretch_is_passed_over(
    model_path: Path, still_frames: list[np.ndarray]
) -> None:
    stretch = load_catalogue().get("head-turns")
    assert stretch.check is not None
    camera = ScriptedCamera(still_frames, [(2.0, "frames"), (3.0, "grey"), (40.0, "x")])
    cues: list[Cue] = []
    with PoseEstimator(model_path, sequence=True) as pose:
        result = coach_session(
            stretch, camera, pose, FrontalEstimator(), VirtualClock(), cues.append
        )
    # The still head never turns, so the turns are missed, but the session ran to its end
    # (past the refused frames) instead of stopping at the first one.
    assert result.seconds > 3.0
    assert result.stretch_id == "head-turns" and result.done == 0
    assert cues
