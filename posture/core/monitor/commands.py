"""Commands a running monitor applies: from its keys, from other terminals, from its listeners.

Pure. A key or a request becomes a Command; the loop applies it to the monitor and passes it on
to its listeners (the alerter acts on take/skip stretch).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from posture.core.monitor.kinds import EventKind

PAUSE_KEY_S = 1800.0
"""p pauses for this long (p again resumes)."""


class Action(enum.Enum):
    STOP = "stop"
    PAUSE = "pause"
    """Pause for `seconds`."""
    PAUSE_OR_RESUME = "pause_or_resume"
    """Resume when paused, else pause for `seconds`."""
    RESUME = "resume"
    SNOOZE = "snooze"
    END_SNOOZE = "end_snooze"
    """Alerts may come again at once."""
    TAKE_STRETCH = "take_stretch"
    """Start the stretch offered with the last alert."""
    SKIP_STRETCH = "skip_stretch"
    """Decline the stretch offered with the last alert, or end the one under way as not done."""
    FINISH_STRETCH = "finish_stretch"
    """Done: end the stretch under way, counted as far as it got."""
    STRETCHED = "stretched"
    """A coached stretch was done: the neck moved."""
    WALKED = "walked"
    """A coached walk was done: a break of `seconds`."""
    RELOAD = "reload"
    """Re-read the settings file and the calibration profile; go on with them at once."""


@dataclass(frozen=True, slots=True)
class Command:
    action: Action
    seconds: float = 0.0
    cause: EventKind | None = None
    """For take/skip: the alert whose stretch is meant (None: the latest alert's)."""


KEYS = {
    "q": Command(Action.STOP),
    "p": Command(Action.PAUSE_OR_RESUME, PAUSE_KEY_S),
    "r": Command(Action.RESUME),
    "s": Command(Action.SNOOZE),
    "g": Command(Action.TAKE_STRETCH),
    "x": Command(Action.SKIP_STRETCH),
}
"""The keys of `posture run`'s terminal."""


def from_key(key: str | None) -> Command | None:
    """The command of a key press (None for no key or any other key)."""
    return None if key is None else KEYS.get(key)


def from_request(action: str, until_utc: float | None, now_utc: float) -> Command | None:
    """The command of a request from another terminal: resume, reload, or pause until a time."""
    if action == "resume":
        return Command(Action.RESUME)
    if action == "reload":
        return Command(Action.RELOAD)
    if until_utc is not None:
        return Command(Action.PAUSE, max(until_utc - now_utc, 0.0))
    return None
