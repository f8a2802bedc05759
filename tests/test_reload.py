"""A running monitor takes new settings and a new calibration at once (a RELOAD command, sent by
the settings window, `posture config --write` and a finished calibration): the real loop on a
scripted camera follows the new still-neck time within the same run; `posture run`'s re-reading
takes the settings file as it is now and the camera's profile, and keeps going on a bad file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import RecordingNotifier, RecordingSink, ScriptedCamera

from posture.adapters.camera.feeds import VirtualClock
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.store.store import Store
from posture.app.config import load_settings
from posture.app.live import Live
from posture.app.loop import Loop, Parts
from posture.app.parts import Retuned
from posture.app.run import RunPlan, retuned
from posture.core.data import View
from posture.core.measure.baseline import Upright
from posture.core.measure.frontal import FrontalEstimator
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.kinds import EventKind
from posture.core.monitor.monitor import Monitor
from posture.core.ports import Listener, Seen
from posture.core.settings import Settings

STARTED = Settings(still_alert_s=3600.0, arrival_s=0.0)
"""The run starts with an hour's still-neck time: no still-neck alert within minutes."""
UPRIGHT = Upright(View.FRONT, 14.0, 300.0, 0.5, 0.6)


class ReloadAt(Listener):
    """Submits a RELOAD once the run has read for `at_s` seconds, as the settings window does."""

    def __init__(self, at_s: float) -> None:
        self.at_s, self.sent_t = at_s, None
        self.loop: Loop | None = None

    def reading(self, seen: Seen) -> None:
        if self.sent_t is None and self.loop is not None and seen.reading.t >= self.at_s:
            self.sent_t = seen.reading.t
            self.loop.submit(Command(Action.RELOAD))


def _run(frames: list[np.ndarray], model_path: Path, tmp_path: Path, fresh: Settings | None):
    camera = ScriptedCamera(frames, [(400.0, "frames")])
    sink, clock = RecordingSink(), VirtualClock()
    with PoseEstimator(model_path, sequence=True) as pose, Store(tmp_path / "h.db", clock.now) as s:
        s.start_session(0.0, camera.name, {})
        parts = Parts(camera, pose, FrontalEstimator(), s, RecordingNotifier(), sink)
        if fresh is not None:
            parts.retune = lambda: Retuned(fresh, UPRIGHT, FrontalEstimator())
        monitor = Monitor(STARTED)
        loop = Loop(parts, STARTED, monitor, clock, lambda t: 1e9 + t)
        trigger = ReloadAt(30.0)
        trigger.loop = loop
        loop.subscribe(trigger)
        loop.run(150.0)
    return sink, monitor, trigger


def test_the_running_loop_follows_new_settings_and_calibration_at_once(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    fresh = replace(STARTED, still_alert_s=60.0)
    sink, monitor, trigger = _run(still_frames, model_path, tmp_path, fresh)
    alerts = [e for e in sink.seen if e.kind is EventKind.STILL_ALERT]
    assert trigger.sent_t is not None and alerts, [e.kind for e in sink.seen]
    assert alerts[0].t >= trigger.sent_t  # after the reload, within the same run
    assert alerts[0].t < 75.0  # the new 60 s, counted from the run's start: not the old hour
    assert monitor.settings.still_alert_s == 60.0 and monitor.upright == UPRIGHT


def test_without_a_reload_the_old_settings_stand(
    still_frames: list[np.ndarray], model_path: Path, tmp_path: Path
) -> None:
    sink, monitor, _ = _run(still_frames, model_path, tmp_path, None)
    assert not [e for e in sink.seen if e.kind is EventKind.STILL_ALERT]
    assert monitor.settings == STARTED


def _live(camera_name: str) -> Live:
    from calibration.profile import CameraId

    return Live(
        None, VirtualClock(), np.zeros((4, 4, 3), np.uint8), CameraId(camera_name, 4, 4), False
    )  # type: ignore[arg-type]


def test_run_reads_the_settings_file_again_and_keeps_going_on_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("POSTURE_CONFIG_DIR", str(tmp_path / "config"))
    config = tmp_path / "posture.toml"
    config.write_text("[monitor]\nforward_hold_s = 30\n")
    plan = RunPlan(
        settings=Settings(), settings_source=lambda: load_settings(config, ["snooze_s=2m"]).settings
    )
    config.write_text("[monitor]\nforward_hold_s = 90  # changed while it runs\n")
    fresh = retuned(plan, _live("files"))
    assert fresh is not None and fresh.upright is None  # no profile for this camera
    assert (fresh.settings.forward_hold_s, fresh.settings.snooze_s) == (90.0, 120.0)
    config.write_text("[monitor]\nforward_hold_s = 0\n")
    assert retuned(plan, _live("files")) is None
    assert "settings not applied: forward_hold_s must be between 1 and 7200" in caplog.text
