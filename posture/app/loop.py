"""The live loop of `posture run`: from a feed to the monitor, the history and the user.

The loop asks the feed for a frame only when it wants one: a pose reading every 1/sample_hz
seconds (slower while away), and in between, at motion_hz, a tiny grey thumbnail compared with
the last one so a quick head turn triggers a reading at once. A black frame is a covered lens,
not an absent user. A camera that fails is retried with backoff and resumes by itself.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, TypeVar

import cv2
import numpy as np

from posture.adapters.control import CommandInbox, Keys
from posture.adapters.feeds import Clock, Feed
from posture.adapters.notify import Notifier
from posture.adapters.pose import PoseEstimator
from posture.adapters.preview import Preview
from posture.adapters.sources import Frame
from posture.adapters.store import Store, StretchResult
from posture.app.coaching import coach_session, stored
from posture.core import metrics
from posture.core.alerts import alert_for
from posture.core.coach import Cue, Outcome
from posture.core.data import Reading
from posture.core.errors import CameraError, ModelError, StoreError
from posture.core.monitor import ALERTS, Event, EventKind, Monitor, Posture, Status
from posture.core.settings import Settings
from posture.core.stretches import Chooser, Measure, Stretch
from posture.core.words import duration_text

log = logging.getLogger(__name__)

THUMB = (64, 48)
MOTION_LEVEL = 6.0
"""Mean grey-level change (0-255) of the thumbnail that counts as motion worth a reading."""
MIN_GAP_S = 0.5
"""Readings triggered by motion come at most this often."""
COVERED_MEAN, COVERED_SPREAD = 16.0, 6.0
"""A thumbnail this dark and this flat is a covered lens or a black frame."""
BACKOFF_MAX_S = 4.0
"""A lost camera is retried at most this far apart, so it is back within 5 s of its return."""
RELEASE_AFTER_S = 2.0
"""With release_camera, the device is let go when the next look is at least this far off."""
PAUSE_KEY_S = 1800.0


class Sink(Protocol):
    """Where the loop reports: the CLI's status line or JSON lines."""

    def events(self, events: list[Event], wall_of: Callable[[float], float]) -> None: ...

    def status(self, status: Status) -> None: ...

    def cue(self, cue: Cue) -> None:
        """A coach's words during a stretch started from an alert."""
        ...


@dataclass(frozen=True, slots=True)
class Offer:
    """A stretch suggested with an alert, waiting for g (start) or x (skip)."""

    row: int | None
    """Its row in the history (None if the history could not be written then)."""
    stretch: Stretch
    t: float


STORE_RETRY_S = 30.0
"""While the history cannot be written, a write is tried again this often."""

T = TypeVar("T")

OFFER_S = 600.0
"""An offer not taken within this long lapses (it stays 'suggested' in the history)."""


@dataclass
class RunSummary:
    """What one run saw, for the closing lines."""

    started_utc: float
    seconds: float = 0.0
    readings: int = 0
    present: int = 0
    judged: int = 0
    forward: int = 0
    counts: Counter[EventKind] = field(default_factory=Counter)


def thumbnail(rgb: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.resize(grey, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)


def is_covered(thumb: np.ndarray) -> bool:
    return float(thumb.mean()) < COVERED_MEAN and float(thumb.std()) < COVERED_SPREAD


@dataclass
class Parts:
    """The adapters the loop drives (built and closed by the caller)."""

    feed: Feed
    pose: PoseEstimator
    front: metrics.FrontEstimator
    store: Store
    notifier: Notifier
    sink: Sink
    inbox: CommandInbox | None = None
    keys: Keys | None = None
    preview: Preview | None = None
    chooser: Chooser | None = None


def _lines(status: Status) -> list[str]:
    """The numbers shown over the preview."""
    angle = "-" if status.head_forward_deg is None else f"{status.head_forward_deg:.0f} deg"
    return [
        f"head forward {angle} ({status.posture.value})",
        f"neck still {duration_text(status.still_s)}",
        f"sitting {duration_text(status.sitting_s)}",
    ]


class Loop:
    """One monitoring run. `run()` returns when the time is up, the recording ends, or on stop."""

    def __init__(
        self,
        parts: Parts,
        settings: Settings,
        monitor: Monitor,
        clock: Clock,
        wall_of: Callable[[float], float],
    ) -> None:
        self.p, self.settings, self.monitor, self.clock = parts, settings, monitor, clock
        self.wall_of = wall_of
        self.summary = RunSummary(started_utc=wall_of(clock.now()))
        self.stop_requested = False
        self._covered = False
        self._lost: float | None = None
        self._backoff = 0.5
        self._last_read = -math.inf
        self._thumb: np.ndarray | None = None
        self._offer: Offer | None = None
        self._store_down: float | None = None

    # --- the history ------------------------------------------------------------------------

    def _save(self, t: float, write: Callable[[], T]) -> T | None:
        """Write to the history; if it fails (disk full, read-only, locked), say so once, keep
        monitoring without it, and try again every STORE_RETRY_S."""
        if self._store_down is not None and t - self._store_down < STORE_RETRY_S:
            return None
        try:
            result = write()
        except StoreError as exc:
            if self._store_down is None:
                log.warning("%s; monitoring goes on, but the history is not being written", exc)
            self._store_down = t
            return None
        if self._store_down is not None:
            log.warning("the history is being written again")
            self._store_down = None
        return result

    # --- events -------------------------------------------------------------------------------

    def emit(self, events: list[Event]) -> None:
        """Report events: store them, notify alerts (offering a stretch), tell the sink."""
        if not events:
            return
        self._save(events[0].t, partial(self.p.store.add_events, self.wall_of, events))
        for event in events:
            self.summary.counts[event.kind] += 1
            if event.kind not in ALERTS:
                continue
            suggestion = self.p.chooser.choose(event.kind) if self.p.chooser else None
            alert = alert_for(event, suggestion)
            if alert is not None:
                self.p.notifier.notify(alert)
            if suggestion is not None:
                wall, cause = self.wall_of(event.t), event.kind.value
                row = self._save(
                    event.t, partial(self.p.store.suggest_stretch, wall, suggestion.id, cause)
                )
                self._offer = Offer(row, suggestion, event.t)
        self.p.sink.events(events, self.wall_of)

    def take_offer(self, t: float) -> None:
        """g: coach the suggested stretch now, with this run's camera; credit what was done."""
        offer, self._offer = self._offer, None
        if offer is None or t - offer.t > OFFER_S:
            return
        result = coach_session(
            offer.stretch, self.p.feed, self.p.pose, self.p.front, self.clock, self.p.sink.cue
        )
        now = self.clock.now()
        self._save(
            now, partial(self.p.store.record_stretch, offer.row, self.wall_of(now), stored(result))
        )
        check = offer.stretch.check
        if check is None or result.status is Outcome.SKIPPED:
            return
        if check.measure is Measure.AWAY:
            if result.status is Outcome.COMPLETED:
                self.emit(self.monitor.walked(now, result.seconds))
        else:
            self.emit(self.monitor.stretched(now))

    def skip_offer(self, t: float) -> None:
        """x: the suggestion is declined."""
        offer, self._offer = self._offer, None
        if offer is not None:
            total = (
                len(offer.stretch.check.sides) * offer.stretch.reps if offer.stretch.check else 1
            )
            declined = StretchResult(
                offer.stretch.id,
                Outcome.SKIPPED.value,
                0,
                total,
                offer.stretch.check is not None,
                0.0,
            )
            self._save(
                t, partial(self.p.store.record_stretch, offer.row, self.wall_of(t), declined)
            )

    def _commands(self, t: float) -> None:
        key = self.p.keys.poll() if self.p.keys else None
        if key == "q":
            self.stop_requested = True
        elif key == "p":
            paused = self.monitor.paused
            self.emit(self.monitor.resume(t) if paused else self.monitor.pause(t, PAUSE_KEY_S))
        elif key == "r":
            self.emit(self.monitor.resume(t))
        elif key == "s":
            self.emit(self.monitor.snooze(t))
        elif key == "g":
            self.take_offer(t)
        elif key == "x":
            self.skip_offer(t)
        command = self.p.inbox.poll() if self.p.inbox else None
        if command is None:
            return
        if command.action == "resume":
            self.emit(self.monitor.resume(t))
        elif command.until_utc is not None:
            self.emit(self.monitor.pause(t, max(command.until_utc - self.wall_of(t), 0.0)))

    # --- the camera ---------------------------------------------------------------------------

    def _frame(self, t: float) -> np.ndarray | None:
        """The frame now, or an empty array while the camera is lost (None: recording ended)."""
        try:
            rgb = self.p.feed.frame(t)
        except CameraError as exc:
            if self._lost is None:
                self._lost = t
                log.warning("%s; retrying", exc)
                self.emit([Event(EventKind.CAMERA_LOST, t)])
            self._backoff = min(self._backoff * 2, BACKOFF_MAX_S)
            return np.empty(0)
        if self._lost is not None:
            log.warning("%s is back", self.p.feed.name)
            self.emit([Event(EventKind.CAMERA_BACK, t, duration_s=round(t - self._lost, 1))])
            self._lost, self._backoff = None, 0.5
        return rgb

    def _covered_now(self, t: float, covered: bool) -> None:
        if covered and not self._covered:
            log.warning("the camera sees only black: is the lens covered?")
            self.emit([Event(EventKind.CAMERA_COVERED, t)])
        elif self._covered and not covered:
            self.emit([Event(EventKind.CAMERA_BACK, t)])
        self._covered = covered

    # --- a reading ----------------------------------------------------------------------------

    def _read(self, t: float, rgb: np.ndarray) -> None:
        try:
            sample = self.p.pose.estimate(Frame(rgb, t, self.summary.readings))
        except (ModelError, RuntimeError, ValueError) as exc:  # a bad frame: skip it, never crash
            log.warning("a frame could not be analysed (%s); skipped", exc)
            return
        reading = metrics.read(sample, t, self.p.front)
        events = self.monitor.update(reading)
        status = self.monitor.status()
        self._save(t, partial(self.p.store.add_sample, self.wall_of(t), reading, status))
        self.emit(events)
        self._count(reading, status)
        self.p.sink.status(status)
        if self.p.preview is not None and not self.p.preview.show(rgb, sample, _lines(status)):
            self.stop_requested = True

    def _count(self, reading: Reading, status: Status) -> None:
        s = self.summary
        s.readings += 1
        s.present += int(reading.present)
        s.judged += int(status.posture is not Posture.UNKNOWN)
        s.forward += int(status.posture is Posture.FORWARD)

    # --- the loop -----------------------------------------------------------------------------

    def step(self, t: float, next_read: float) -> float:
        """One look at the camera; returns when the next reading is due."""
        self._commands(t)
        self.emit(self.monitor.tick(t))
        if self.monitor.paused:
            self.p.feed.release()
            return t + 1.0
        rgb = self._frame(t)
        if rgb is None:
            self.stop_requested = True
            return next_read
        if rgb.size == 0:
            return t + self._backoff
        thumb = thumbnail(rgb)
        moved = self._thumb is not None and float(np.abs(thumb - self._thumb).mean()) > MOTION_LEVEL
        self._thumb = thumb
        covered = is_covered(thumb)
        self._covered_now(t, covered)
        if not covered and (t >= next_read or (moved and t - self._last_read >= MIN_GAP_S)):
            self._read(t, rgb)
            self._last_read = t
            away = self.monitor.status().away
            next_read = t + 1.0 / (
                self.settings.away_sample_hz if away else self.settings.sample_hz
            )
        elif covered and t >= next_read:
            next_read = t + 1.0 / self.settings.sample_hz
        return next_read

    def run(self, duration_s: float | None = None) -> RunSummary:
        clock, settings = self.clock, self.settings
        start = t = clock.now()
        next_read = t
        look = 1.0 / settings.motion_hz if settings.motion_hz > 0 else math.inf
        while not self.stop_requested and (duration_s is None or t - start < duration_s):
            next_read = self.step(t, next_read)
            wake = min(
                next_read, t + look, t + self._backoff if self._lost is not None else math.inf
            )
            if settings.release_camera and wake - t >= RELEASE_AFTER_S:
                self.p.feed.release()
            clock.sleep_until(max(wake, t + 1e-3))
            t = clock.now()
        self.summary.seconds = t - start
        return self.summary
