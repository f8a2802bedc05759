"""The ports of the live loop: what it needs from clocks, cameras, the model, the history and the
user, as Protocols. Pure: adapters implement them; tests drive the loop with scripted parts.

Listeners follow a run: the loop tells each of them every reading and every batch of events, and
every command it applied. A new surface (a tray icon, a window) is one more listener.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

import numpy as np

from posture.core.alerts import Alert
from posture.core.data import Frame, PoseSample, Reading, StretchResult
from posture.core.monitor.commands import Command
from posture.core.monitor.events import Event, Status
from posture.core.monitor.kinds import EventKind
from posture.core.stretches.cues import Cue

WallOf = Callable[[float], float]
"""UTC epoch seconds for a loop time (monotonic seconds)."""

Submit = Callable[[Command], None]
"""Hands the loop a command to apply (a listener's way to act on the run)."""

Answer = Callable[[str], None]
"""Told the key of the button pressed on a question (from any thread: keep it short)."""


class Clock(Protocol):
    """Monotonic seconds, and a way to wait for a moment."""

    def now(self) -> float: ...

    def sleep_until(self, t: float) -> None: ...


class Picture(Protocol):
    """A frame as the camera delivered it (an MJPEG webcam's JPEG), decoded only as far as asked:
    a glance needs a small grey picture, only the model's reading the full colour one."""

    def rgb(self) -> np.ndarray:
        """The full-size RGB frame (decoded once, on first asking)."""
        ...

    def grey(self) -> np.ndarray:
        """A small 8-bit grey version (at least 64x48 where the frame is), as cheap as it comes."""
        ...


Shot: TypeAlias = np.ndarray | Picture
"""What a feed gives: an RGB frame, or a Picture to decode as far as needed."""


def rgb_of(shot: Shot) -> np.ndarray:
    """A shot's full RGB frame."""
    return shot if isinstance(shot, np.ndarray) else shot.rgb()


class Feed(Protocol):
    """A camera, or a recording played as one, asked for the frame at a given time."""

    name: str

    def frame(self, t: float) -> Shot | None:
        """The frame at time `t` (RGB, or a Picture); None when a recording has ended; an empty
        array when there is no frame for now (the camera is in use). Raises CameraError."""
        ...

    def release(self) -> None:
        """Let go of the device until the next `frame` (other applications may take it)."""
        ...

    def close(self) -> None: ...


class PoseSource(Protocol):
    """One person's pose in a frame (None when nobody is found)."""

    def estimate(self, frame: Frame) -> PoseSample | None: ...


@dataclass(frozen=True, slots=True)
class Glance:
    """What a cheap look at a frame says: something moved since the last look; the lens is
    covered (the frame is black); the picture changed since the last `mark` (a pose reading)."""

    moved: bool
    covered: bool
    changed: bool = True
    cut: bool = False
    """The whole picture was replaced since the last look (a scene cut, the light switched, a
    hand over the lens): no head movement, so no burst."""


class MotionSensor(Protocol):
    """Compares each frame with the one before, and with the last one read, without the model."""

    def glance(self, shot: Shot) -> Glance: ...

    def mark(self) -> None:
        """The frame just glanced at was read by the model: `changed` compares with it now."""
        ...


class Power(Protocol):
    """Where the computer's power comes from."""

    def on_battery(self) -> bool:
        """True while on battery (False where the system cannot tell)."""
        ...


class History(Protocol):
    """The store's writes that a run makes. Each raises StoreError when it cannot write."""

    def add_sample(self, wall_utc: float, reading: Reading, status: Status) -> bool: ...

    def add_events(self, wall_of: WallOf, events: list[Event]) -> None: ...

    def suggest_stretch(self, wall_utc: float, stretch_id: str, cause: str | None) -> int: ...

    def restamp_stretch(self, row: int, wall_utc: float) -> None: ...

    def record_stretch(self, row: int | None, wall_utc: float, result: StretchResult) -> int: ...


class Notifier(Protocol):
    """Shows an alert to the user (a desktop notification, or a line and a bell).

    One alert per cause is shown: a reminder replaces the earlier one. Subclass it to get
    do-nothing defaults for what a terminal cannot do (withdraw, buttons).
    """

    def notify(self, alert: Alert) -> None: ...

    def withdraw(self, cause: EventKind) -> None:
        """Take back the alert shown for `cause` (its cause cleared), if one is shown."""
        return None

    def connect(self, submit: Submit) -> None:
        """Where the alert's buttons send their commands (they may call it from any thread)."""
        return None

    def close(self) -> None:
        """Let go of the notification service (at the end of the run)."""
        return None

    def quiet(self) -> bool | None:
        """Whether the notification service says do-not-disturb is on (None: it cannot say)."""
        return None

    def ask(
        self, title: str, body: str, buttons: Sequence[tuple[str, str]], answer: Answer
    ) -> bool:
        """Show a question with buttons (key, label); `answer` hears the key pressed, at most
        once. False: no buttons can be shown here (nothing was shown)."""
        return False


class Forwarding(Notifier):
    """A notifier that passes every call on to `inner`: the base of the wrappers that change
    one thing (holding alerts, choosing how they reach the person, telling the tray)."""

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner

    def notify(self, alert: Alert) -> None:
        self.inner.notify(alert)

    def withdraw(self, cause: EventKind) -> None:
        self.inner.withdraw(cause)

    def connect(self, submit: Submit) -> None:
        self.inner.connect(submit)

    def close(self) -> None:
        self.inner.close()

    def quiet(self) -> bool | None:
        return self.inner.quiet()

    def ask(
        self, title: str, body: str, buttons: Sequence[tuple[str, str]], answer: Answer
    ) -> bool:
        return self.inner.ask(title, body, buttons, answer)


class Sink(Protocol):
    """Where the loop reports: the CLI's status line or JSON lines."""

    def events(self, events: list[Event], wall_of: WallOf) -> None: ...

    def status(self, status: Status) -> None: ...

    def cue(self, cue: Cue) -> None:
        """A coach's words during a stretch started from an alert."""
        ...


class Tone(enum.Enum):
    """How a line over the preview is coloured."""

    PLAIN = "plain"
    GOOD = "good"
    ALERT = "alert"
    """Forward head, or an alert's cause: the alert colour."""
    MUTED = "muted"
    """Paused, away, the keys."""
    COACH = "coach"
    """A stretch under way."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text over the preview."""

    text: str
    tone: Tone = Tone.PLAIN


class Window(Protocol):
    """A preview window."""

    def show(self, rgb: np.ndarray, sample: PoseSample | None, lines: list[Line]) -> str | None:
        """Show a frame with the landmarks and lines over it; the key pressed in the window
        since the last call, if any ('q' also when the window was closed)."""
        ...


class Keys(Protocol):
    """Single key presses, without waiting (None: no key)."""

    def poll(self) -> str | None: ...


class Request(Protocol):
    """A command left by another terminal: `pause` (until `until_utc`) or `resume`."""

    @property
    def action(self) -> str: ...

    @property
    def until_utc(self) -> float | None: ...


class Inbox(Protocol):
    """Requests from other terminals, each once."""

    def poll(self) -> Request | None: ...


@dataclass(frozen=True, slots=True, eq=False)
class Seen:
    """One reading as the loop publishes it: the frame (look, never keep), the pose found in it,
    what the metrics made of it, and the monitor's status after it."""

    shot: Shot
    sample: PoseSample | None
    reading: Reading
    status: Status

    @property
    def image(self) -> np.ndarray:
        """The frame in full colour (decoded now if the model did not read it)."""
        return rgb_of(self.shot)


class Listener(Protocol):
    """Follows a run. Subclass it to get do-nothing defaults, or match it structurally."""

    def reading(self, seen: Seen) -> None:
        """A reading was made (after the events it caused were published)."""
        return None

    def events(self, events: Sequence[Event]) -> None:
        """Something happened (never an empty batch)."""
        return None

    def command(self, command: Command, t: float) -> None:
        """The loop applied a command (from a key, another terminal, or a listener)."""
        return None

    def cue(self, cue: Cue) -> None:
        """A coach's words during a stretch started from an alert."""
        return None

    def glance(self, shot: Shot, t: float) -> None:
        """A frame the loop looked at (at the motion-check rate, read or not): look, never keep;
        `rgb_of(shot)` decodes it in full colour (only a listener that shows it should)."""
        return None

    def finished(self, seconds: float) -> None:
        """The run stopped after `seconds` (its duration, the end of a recording, or a stop)."""
        return None
