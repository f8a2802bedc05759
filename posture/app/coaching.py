"""Wiring for a coached stretch: readings from a feed into the coach, the result for the store."""

from __future__ import annotations

import logging
from collections.abc import Callable

from posture.core import metrics
from posture.core.coach import Coach, Cue, Result
from posture.core.data import Frame, StretchResult
from posture.core.errors import CameraError, ModelError
from posture.core.ports import Clock, Feed, PoseSource
from posture.core.stretches import Stretch

log = logging.getLogger(__name__)

COACH_HZ = 10.0
"""Readings a second during a stretch: a few seconds of pose need more than the monitor's 1."""


def coach_session(
    stretch: Stretch,
    feed: Feed | None,
    pose: PoseSource | None,
    front: metrics.FrontEstimator,
    clock: Clock,
    say: Callable[[Cue], None],
) -> Result:
    """Guide one stretch to its end; the camera checks it when it can be checked."""
    coach = Coach(stretch, clock.now())
    for cue in coach.start():
        say(cue)
    index = 0
    while not coach.finished:
        t = clock.now()
        if stretch.check is None or feed is None or pose is None:
            cues = coach.tick(t)
        else:
            try:
                rgb = feed.frame(t)
            except CameraError:
                rgb = None
            if rgb is None:  # the recording ended or the camera went: what was done stands
                cues = coach.skip(t)
            else:
                cues = _look(coach, pose, Frame(rgb, t, index), front)
                index += 1
        for cue in cues:
            say(cue)
        clock.sleep_until(t + 1.0 / COACH_HZ)
    return coach.result()


def _look(coach: Coach, pose: PoseSource, frame: Frame, front: metrics.FrontEstimator) -> list[Cue]:
    """The coach's words for one frame; a frame the model cannot read is passed over."""
    try:
        sample = pose.estimate(frame)
    except ModelError as exc:
        log.warning("%s", exc)
        return []
    return coach.update(metrics.read(sample, frame.t, front))


def stored(result: Result) -> StretchResult:
    """A coach's result as the history keeps it."""
    return StretchResult(
        result.stretch_id,
        result.status.value,
        result.done,
        result.total,
        result.checked,
        result.seconds,
    )
