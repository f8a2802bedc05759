"""The alerter: notifies each alert with a stretch for its cause, one thing at a time, and acts on
the answers (start, Done, Skip); a listener of the live loop (posture/app/listeners.py).

One thing at a time: while a stretch is coached no alert notifies (nor the changed camera view);
those due meanwhile are held, dropped if their cause clears, and the ones still standing when it
ends are notified then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from posture.app.coaching import CoachSlot, stored
from posture.core.alerts import Alert, alert_for
from posture.core.data import StretchResult, View
from posture.core.measure.baseline import VIEW_CHANGED_TEXT, VIEW_CHANGED_TITLE
from posture.core.monitor.alert_table import ALERT_TABLE, ALERTS
from posture.core.monitor.commands import Action, Command
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Clock, Listener, Notifier, Seen, Submit
from posture.core.stretches.catalogue import Chooser, Measure, Stretch
from posture.core.stretches.cues import Cue, CueKind, Outcome, Result

if TYPE_CHECKING:
    from posture.app.listeners import HistoryWriter

OFFER_S = 600.0
"""An offer not taken within this long lapses (it stays 'suggested' in the history)."""
NOTHING_OFFERED = "no stretch is on offer now"
"""What g or x says when no alert has offered a stretch (or its offer lapsed)."""
UNDER_WAY = "a stretch is under way (x ends it)"
"""What g says while a stretch is being coached."""
RESUMED_FOR_IT = "monitoring resumed for the stretch"
"""What starting a stretch while paused says (the camera is needed to coach it)."""


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
paused or snoozed the alerts. An alert held during a stretch is dropped by the same events."""


class Alerter(Listener):
    """Notifies each alert with a stretch for its cause (from the chooser) and offers it: take
    (coach it now in the run's slot, monitoring going on, then credit what the camera confirmed;
    while paused, monitoring resumes for it) or skip (stored as skipped, also for a stretch under
    way); Done ends the one under way counted as far as it got. A command naming a cause answers
    that cause's offer, else the latest. `say` tells the person when there is nothing to take or
    skip. An alert's notification is withdrawn when its cause clears (WITHDRAWN_BY), when its
    offer is taken or skipped, and when the run ends."""

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
        """The latest open offer (what g and x answer)."""
        self.shown: set[EventKind] = set()
        self.view: View | None = None
        self.held: dict[EventKind, Event] = {}
        """Alerts due while a stretch was coached, by cause (the latest of each)."""
        self._open: dict[EventKind, Offer] = {}
        self._coaching: Offer | None = None
        self._ending: Outcome | None = None
        """How the person ended the stretch under way: Skip (skipped) or Done (partial)."""
        self._paused = False
        self._last: dict[EventKind, Offer] = {}
        """The latest offer for each cause (a reminder offers it again)."""
        self._declined: set[EventKind] = set()
        """Causes whose latest offer the person skipped (a reminder then offers another)."""
        notifier.connect(submit)

    def reading(self, seen: Seen) -> None:
        if seen.reading.present and seen.reading.view is not None:
            self.view = seen.reading.view  # what the camera can check now
        if self.held and not self.coach.active:
            self._release(seen.reading.t, seen.status.alerting)

    def _release(self, t: float, alerting: frozenset[EventKind]) -> None:
        """After a stretch: notify the held alerts whose cause still stands, as they are now."""
        held, self.held = self.held, {}
        for kind, event in held.items():
            if kind in alerting or kind is EventKind.VIEW_CHANGED:  # the view: until it matches
                lasted = (event.duration_s or 0.0) + t - event.t
                self._alert(replace(event, t=t, duration_s=lasted))

    def _offer_for(self, event: Event) -> Offer | None:
        """The stretch to offer with an alert: a reminder repeats the one offered with the alert
        it repeats (its row too, while still open) unless it was skipped; otherwise the chooser's
        pick for the cause, as the current view can check it."""
        last = self._last.get(event.kind)
        if event.repeat and last is not None and event.kind not in self._declined:
            if last is self._open.get(event.kind):
                self.history.restamp(event.t, last.row)
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
            self.held.pop(cause, None)
            if cause in self.shown:
                self.shown.discard(cause)
                self.notifier.withdraw(cause)

    def events(self, events: Sequence[Event]) -> None:
        for event in events:
            self._withdraw(WITHDRAWN_BY.get(event.kind, ()))
            if event.kind in (EventKind.PAUSED, EventKind.RESUMED):
                self._paused = event.kind is EventKind.PAUSED
            if event.kind not in ALERTS and event.kind is not EventKind.VIEW_CHANGED:
                continue
            if self.coach.active:
                self.held[event.kind] = event
            else:
                self._alert(event)

    def _alert(self, event: Event) -> None:
        if event.kind is EventKind.VIEW_CHANGED:
            view = Alert(VIEW_CHANGED_TITLE, VIEW_CHANGED_TEXT, False, event.kind)
            self.notifier.notify(view)
            self.shown.add(event.kind)
            return
        offer = self._offer_for(event)
        alert = alert_for(event, offer.stretch if offer else None)
        if alert is not None:
            self.notifier.notify(alert)
            self.shown.add(event.kind)
        if offer is not None:
            self.offer = self._open[event.kind] = self._last[event.kind] = offer

    def finished(self, seconds: float) -> None:
        self._withdraw(sorted(self.shown, key=lambda kind: kind.value))

    def command(self, command: Command, t: float) -> None:
        if command.action is Action.TAKE_STRETCH:
            self._take(t, command.cause)
        elif command.action is Action.SKIP_STRETCH:
            self._skip(t, command.cause)
        elif command.action is Action.FINISH_STRETCH and self.coach.active:
            self._ending = Outcome.PARTIAL
            self.coach.stop(t)

    def _answer(self, cause: EventKind | None) -> Offer | None:
        """The open offer a take or skip answers (closed by it) and its notification withdrawn."""
        offer = self._open.get(cause) if cause is not None else self.offer
        if offer is None:
            return None
        if offer.cause is not None:
            self._open.pop(offer.cause, None)
            self._withdraw([offer.cause])
        if offer is self.offer:
            self.offer = max(self._open.values(), key=lambda o: o.t, default=None)
        return offer

    def _take(self, t: float, cause: EventKind | None) -> None:
        """Start coaching the offered stretch (the loop goes on; `_coached` hears the end)."""
        if self.coach.active:
            self.say(Cue(t, CueKind.INSTRUCT, UNDER_WAY))  # the stretch window comes forward
            return
        offer = self._answer(cause)
        if offer is None or t - offer.t > OFFER_S:
            self.say(Cue(t, CueKind.INSTRUCT, NOTHING_OFFERED))
            return
        if self._paused:
            self.submit(Command(Action.RESUME))
            self.say(Cue(t, CueKind.INSTRUCT, RESUMED_FOR_IT))
        self._coaching = offer
        self.coach.start(offer.stretch, partial(self._coached, offer))

    def _coached(self, offer: Offer, result: Result) -> None:
        """A stretch ended: store the result (Skip: as skipped; Done: at least partial, as the
        person says they did it); credit only what the camera confirmed of one not skipped."""
        ending, self._ending, self._coaching = self._ending, None, None
        skipped = ending is Outcome.SKIPPED
        if skipped or (ending is Outcome.PARTIAL and result.status is Outcome.SKIPPED):
            result = replace(result, status=ending or result.status)
        self.history.record(self.clock.now(), offer.row, stored(result))
        check = offer.stretch.check
        if check is None or result.done == 0 or skipped:
            return
        if check.measure is not Measure.AWAY:
            self.submit(Command(Action.STRETCHED))
        elif result.status is Outcome.COMPLETED:
            self.submit(Command(Action.WALKED, result.seconds))

    def _skip(self, t: float, cause: EventKind | None) -> None:
        """Skip: the stretch under way ends as skipped, or the offer is declined."""
        if self.coach.active:
            if self._coaching is not None and self._coaching.cause is not None:
                self._declined.add(self._coaching.cause)
            self._ending = Outcome.SKIPPED
            self.coach.stop(t)
            return
        offer = self._answer(cause)
        if offer is None:
            self.say(Cue(t, CueKind.INSTRUCT, NOTHING_OFFERED))
            return
        if offer.cause is not None:
            self._declined.add(offer.cause)
        stretch = offer.stretch
        total = len(stretch.check.sides) * stretch.reps if stretch.check else 1
        declined = StretchResult(
            stretch.id, Outcome.SKIPPED.value, 0, total, stretch.check is not None, 0.0
        )
        self.history.record(t, offer.row, declined)
