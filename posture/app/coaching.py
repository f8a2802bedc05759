"""Coached stretches in the app: a session stepped by whoever owns the camera, the run's slot for
the one under way (the live loop keeps monitoring while it runs), and a standalone session that
reads a feed itself (`posture stretch`)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from posture.core.data import Frame, Reading, StretchResult
from posture.core.errors import CameraError, ModelError
from posture.core.measure import metrics
from posture.core.ports import Clock, Feed, PoseSource, rgb_of
from posture.core.stretches.catalogue import Stretch
from posture.core.stretches.coach import Coach
from posture.core.stretches.cues import Cue, Result

log = logging.getLogger(__name__)

COACH_HZ = 10.0
"""Readings a second during a checked stretch: a few seconds of pose need more than 1."""
TICK_HZ = 4.0
"""Steps a second during a timer-only stretch, so its countdown keeps to whole seconds."""
RECORDING_ENDED = "recording ended"
CAMERA_LOST = "camera lost"
RUN_STOPPED = "run stopped"
PAUSED = "paused"
"""Why a stretch under way ended when something other than the person ended it."""

Say = Callable[[Cue], None]
Done = Callable[[Result], None]


class Session:
    """One coached stretch: readings (checked) or ticks (timer only) in, cues said."""

    def __init__(self, stretch: Stretch, t: float, safety: tuple[str, ...], say: Say) -> None:
        self.stretch, self.say = stretch, say
        self.coach = Coach(stretch, t, safety)
        self._say(self.coach.start())

    def _say(self, cues: list[Cue]) -> None:
        for cue in cues:
            self.say(cue)

    @property
    def checked(self) -> bool:
        """Whether the camera checks this stretch (it then wants readings, not ticks)."""
        return self.stretch.check is not None

    @property
    def finished(self) -> bool:
        return self.coach.finished

    def look(self, reading: Reading) -> None:
        self._say(self.coach.update(reading))

    def tick(self, t: float) -> None:
        self._say(self.coach.tick(t))

    def stop(self, t: float, stopped: str = "") -> None:
        """End it now: the user skipped it (no reason), or `stopped` says what ended it."""
        self._say(self.coach.skip(t, stopped))

    def result(self) -> Result:
        return self.coach.result()


class CoachSlot:
    """The run's stretch under way, if any: the alerter starts and skips it, the loop steps it,
    and whoever started it hears the result when it ends."""

    def __init__(self, clock: Clock, say: Say, safety: tuple[str, ...] = ()) -> None:
        self.clock, self.say, self.safety = clock, say, safety
        self.session: Session | None = None
        self._done: Done | None = None

    @property
    def active(self) -> bool:
        return self.session is not None

    @property
    def checking(self) -> bool:
        """Whether a stretch the camera checks is under way (it wants fresh readings)."""
        return self.session is not None and self.session.checked

    def read_hz(self, usual: float) -> float:
        """Readings a second the run should take: COACH_HZ while checking a stretch."""
        return max(COACH_HZ, usual) if self.checking else usual

    def look_hz(self, usual: float) -> float:
        """Looks a second: at least TICK_HZ while a stretch runs, so its countdown keeps time."""
        return max(TICK_HZ, usual) if self.active else usual

    def start(self, stretch: Stretch, done: Done) -> None:
        """Begin coaching `stretch` (ending one still under way as skipped)."""
        self.stop(self.clock.now())
        self.session, self._done = Session(stretch, self.clock.now(), self.safety, self.say), done

    def look(self, reading: Reading) -> None:
        """A reading the loop made (checked stretches use it)."""
        if self.session is not None and self.session.checked:
            self.session.look(reading)
            self._settle()

    def tick(self, t: float) -> None:
        """Time passed (timer-only stretches count it)."""
        if self.session is not None and not self.session.checked:
            self.session.tick(t)
            self._settle()

    def stop(self, t: float, stopped: str = "") -> None:
        """End the stretch under way, if any (see Session.stop)."""
        if self.session is not None:
            self.session.stop(t, stopped)
            self._settle()

    def _settle(self) -> None:
        session, done = self.session, self._done
        if session is None or not session.finished:
            return
        self.session, self._done = None, None
        if done is not None:
            done(session.result())


def coach_session(
    stretch: Stretch,
    feed: Feed | None,
    pose: PoseSource | None,
    front: metrics.FrontEstimator,
    clock: Clock,
    say: Say,
    safety: tuple[str, ...] = (),
) -> Result:
    """Guide one stretch to its end with a feed of its own; the camera checks what it can."""
    session = Session(stretch, clock.now(), safety, say)
    index = 0
    while not session.finished:
        t = clock.now()
        if not session.checked or feed is None or pose is None:
            session.tick(t)
        else:
            try:
                rgb = feed.frame(t)
            except CameraError:
                session.stop(t, CAMERA_LOST)
                break
            if rgb is None:  # what was done stands, and the result says why it stopped
                session.stop(t, RECORDING_ENDED)
                break
            _look(session, pose, Frame(rgb_of(rgb), t, index), front)
            index += 1
        clock.sleep_until(t + 1.0 / COACH_HZ)
    return session.result()


def _look(session: Session, pose: PoseSource, frame: Frame, front: metrics.FrontEstimator) -> None:
    """The coach's words for one frame; a frame the model cannot read is passed over."""
    try:
        sample = pose.estimate(frame)
    except ModelError as exc:
        log.warning("%s", exc)
        return
    session.look(metrics.read(sample, frame.t, front))


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
