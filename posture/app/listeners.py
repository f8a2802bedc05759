"""What listens to the live loop: the history writer, the alerter with its stretch offers, the
run counter, and the surfaces a person sees (the status line or JSON lines, the preview window).

Each is a Listener (posture/core/ports.py): told of every reading, every batch of events, every
command applied and the coach's words. None of them knows of the others, except that the alerter
writes its offers through the history writer (so they share its retrying).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TypeVar

from posture.app.coaching import CoachSlot, stored
from posture.app.sink_listener import SinkListener as SinkListener
from posture.core.alerts import Alert, alert_for
from posture.core.data import StretchResult, View
from posture.core.errors import StoreError
from posture.core.measure.baseline import VIEW_CHANGED_TEXT, VIEW_CHANGED_TITLE
from posture.core.monitor.alert_table import ALERT_TABLE, ALERTS
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event, Posture
from posture.core.monitor.kinds import EventKind
from posture.core.ports import (
    Clock,
    History,
    Listener,
    Notifier,
    Seen,
    Submit,
    WallOf,
)
from posture.core.stretches.catalogue import Chooser, Measure, Stretch
from posture.core.stretches.cues import Cue, CueKind, Outcome, Result

log = logging.getLogger(__name__)

T = TypeVar("T")

STORE_RETRY_S = 30.0
"""While the history cannot be written, a write is tried again this often."""
OFFER_S = 600.0
"""An offer not taken within this long lapses (it stays 'suggested' in the history)."""
NOTHING_OFFERED = "no stretch is on offer now"
"""What g or x says when no alert has offered a stretch (or its offer lapsed)."""
UNDER_WAY = "a stretch is under way (x ends it)"
"""What g says while a stretch is being coached."""


class HistoryWriter(Listener):
    """Stores samples and events. If the history cannot be written (disk full, read-only,
    locked), says so once, lets monitoring go on without it, tries again every STORE_RETRY_S,
    and says when writing resumes."""

    def __init__(self, store: History, wall_of: WallOf) -> None:
        self.store, self.wall_of = store, wall_of
        self._down_since: float | None = None

    def save(self, t: float, write: Callable[[], T]) -> T | None:
        """The result of one write at loop time `t`, or None if it failed or was not tried."""
        if self._down_since is not None and t - self._down_since < STORE_RETRY_S:
            return None
        try:
            result = write()
        except StoreError as exc:
            if self._down_since is None:
                log.warning("%s; monitoring goes on, but the history is not being written", exc)
            self._down_since = t
            return None
        if self._down_since is not None:
            log.warning("the history is being written again")
            self._down_since = None
        return result

    def reading(self, seen: Seen) -> None:
        t = seen.reading.t
        self.save(t, partial(self.store.add_sample, self.wall_of(t), seen.reading, seen.status))

    def events(self, events: Sequence[Event]) -> None:
        self.save(events[0].t, partial(self.store.add_events, self.wall_of, list(events)))

    def suggest(self, t: float, stretch: Stretch, cause: EventKind) -> int | None:
        """A stretch offered with an alert; its row in the history (None if not written)."""
        write = partial(self.store.suggest_stretch, self.wall_of(t), stretch.id, cause.value)
        return self.save(t, write)

    def record(self, t: float, row: int | None, result: StretchResult) -> None:
        """The outcome of an offered stretch."""
        self.save(t, partial(self.store.record_stretch, row, self.wall_of(t), result))


@dataclass(frozen=True, slots=True)
class Offer:
    """A stretch suggested with an alert, waiting for g (start) or x (skip)."""

    row: int | None
    """Its row in the history (None if the history could not be written then)."""
    stretch: Stretch
    t: float
    cause: EventKind | None = None
    """The alert it was offered with."""


WITHDRAWN_BY: dict[EventKind, tuple[EventKind, ...]] = {
    **{spec.relief: (spec.kind,) for spec in ALERT_TABLE},
    EventKind.BREAK: ALERTS,
    EventKind.PAUSED: ALERTS,
    EventKind.SNOOZED: ALERTS,
    EventKind.VIEW_MATCHED: (EventKind.VIEW_CHANGED,),
}
"""The alerts whose notifications an event takes back: its cause cleared (forward head
corrected, neck moved, a break; the camera's view matches the calibration again), or the person
paused or snoozed the alerts."""


class Alerter(Listener):
    """Notifies each alert with a stretch for its cause (from the chooser) and offers it:
    take (coach it now in the run's slot, monitoring going on, then credit what the camera
    confirmed) or skip (x also ends a stretch under way). `say` tells the person when there is
    nothing to take or skip. An alert's notification is withdrawn when its cause
    clears (WITHDRAWN_BY), when the offer is taken or skipped, and when the run ends; the
    notification's buttons come back as commands through `submit`."""

    def __init__(
        self,
        notifier: Notifier,
        chooser: Chooser | None,
        history: HistoryWriter,
        coach: CoachSlot,
        clock: Clock,
        submit: Submit,
        say: Callable[[Cue], None] | None = None,
    ) -> None:
        self.notifier, self.chooser, self.history = notifier, chooser, history
        self.coach, self.clock, self.submit = coach, clock, submit
        self.say = say or (lambda cue: None)
        self.offer: Offer | None = None
        self.shown: set[EventKind] = set()
        self.view: View | None = None
        self._coaching: Offer | None = None
        self._last: dict[EventKind, Offer] = {}
        """The latest offer for each cause (a reminder offers it again)."""
        self._declined: set[EventKind] = set()
        """Causes whose latest offer the person skipped (a reminder then offers another)."""
        notifier.connect(submit)

    def reading(self, seen: Seen) -> None:
        if seen.reading.present and seen.reading.view is not None:
            self.view = seen.reading.view  # what the camera can check now

    def _offer_for(self, event: Event) -> Offer | None:
        """The stretch to offer with an alert: a reminder repeats the one offered with the alert
        it repeats (its row too, while still open) unless it was skipped; otherwise the chooser's
        pick for the cause, as the current view can check it."""
        last = self._last.get(event.kind)
        if event.repeat and last is not None and event.kind not in self._declined:
            if last is self.offer:
                return replace(last, t=event.t)
            row = self.history.suggest(event.t, last.stretch, event.kind)
            return Offer(row, last.stretch, event.t, event.kind)
        self._declined.discard(event.kind)
        suggestion = self.chooser.choose(event.kind, self.view) if self.chooser else None
        if suggestion is None:
            return None
        row = self.history.suggest(event.t, suggestion, event.kind)
        return Offer(row, suggestion, event.t, event.kind)

    def _withdraw(self, causes: Sequence[EventKind]) -> None:
        for cause in causes:
            if cause in self.shown:
                self.shown.discard(cause)
                self.notifier.withdraw(cause)

    def events(self, events: Sequence[Event]) -> None:
        for event in events:
            self._withdraw(WITHDRAWN_BY.get(event.kind, ()))
            if event.kind is EventKind.VIEW_CHANGED:
                view = Alert(VIEW_CHANGED_TITLE, VIEW_CHANGED_TEXT, False, event.kind)
                self.notifier.notify(view)
                self.shown.add(event.kind)
            if event.kind not in ALERTS:
                continue
            offer = self._offer_for(event)
            alert = alert_for(event, offer.stretch if offer else None)
            if alert is not None:
                self.notifier.notify(alert)
                self.shown.add(event.kind)
            if offer is not None:
                self.offer = self._last[event.kind] = offer

    def finished(self, seconds: float) -> None:
        self._withdraw(sorted(self.shown, key=lambda kind: kind.value))

    def command(self, command: Command, t: float) -> None:
        taking = command.action in (Action.TAKE_STRETCH, Action.SKIP_STRETCH)
        if taking and self.offer and not self.coach.active:
            self._withdraw([self.offer.cause] if self.offer.cause else [])
        if command.action is Action.TAKE_STRETCH:
            self._take(t)
        elif command.action is Action.SKIP_STRETCH:
            self._skip(t)

    def _take(self, t: float) -> None:
        """g: start coaching the offered stretch (the loop goes on; `_coached` hears the end)."""
        if self.coach.active:
            self.say(Cue(t, CueKind.INSTRUCT, UNDER_WAY))
            return
        offer, self.offer = self.offer, None
        if offer is None or t - offer.t > OFFER_S:
            self.say(Cue(t, CueKind.INSTRUCT, NOTHING_OFFERED))
            return
        self._coaching = offer
        self.coach.start(offer.stretch, partial(self._coached, offer))

    def _coached(self, offer: Offer, result: Result) -> None:
        """A stretch ended: store the result; credit only what the camera confirmed."""
        self.history.record(self.clock.now(), offer.row, stored(result))
        check = offer.stretch.check
        if check is None or result.done == 0:
            return
        if check.measure is not Measure.AWAY:
            self.submit(Command(Action.STRETCHED))
        elif result.status is Outcome.COMPLETED:
            self.submit(Command(Action.WALKED, result.seconds))

    def _skip(self, t: float) -> None:
        """x: the stretch under way ends (what was done stands), or the offer is declined."""
        if self.coach.active:
            if self._coaching is not None and self._coaching.cause is not None:
                self._declined.add(self._coaching.cause)
            self.coach.stop(t)
            return
        offer, self.offer = self.offer, None
        if offer is not None and offer.cause is not None:
            self._declined.add(offer.cause)
        if offer is None:
            self.say(Cue(t, CueKind.INSTRUCT, NOTHING_OFFERED))
            return
        stretch = offer.stretch
        total = len(stretch.check.sides) * stretch.reps if stretch.check else 1
        declined = StretchResult(
            stretch.id, Outcome.SKIPPED.value, 0, total, stretch.check is not None, 0.0
        )
        self.history.record(t, offer.row, declined)


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


class RunCounter(Listener):
    """Counts readings, verdicts and events for the run's summary."""

    def __init__(self, started_utc: float) -> None:
        self.summary = RunSummary(started_utc=started_utc)

    def reading(self, seen: Seen) -> None:
        s, status = self.summary, seen.status
        s.readings += 1
        s.present += int(seen.reading.present)
        s.judged += int(status.posture is not Posture.UNKNOWN)
        s.forward += int(status.posture is Posture.FORWARD)

    def events(self, events: Sequence[Event]) -> None:
        self.summary.counts.update(e.kind for e in events)

    def finished(self, seconds: float) -> None:
        self.summary.seconds = seconds
