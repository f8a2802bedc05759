"""What an alert says: the problem, for how long, and one thing to do now. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.monitor.alert_table import ALERT_TABLE, spec_of
from posture.core.monitor.events import Event
from posture.core.monitor.kinds import EventKind
from posture.core.stretches.catalogue import Stretch
from posture.core.words import duration_text

SHORT_NAMES = {spec.kind: spec.short for spec in ALERT_TABLE}
"""How lists and status lines name each alert (from the alert table)."""

BODY_MAX = 120
"""An alert's body stays this short: a notification shows it whole, without scrolling."""


@dataclass(frozen=True, slots=True)
class Alert:
    """A message for the user: a title and a short body (what, for how long, what to try)."""

    title: str
    body: str
    urgent: bool
    cause: EventKind | None = None
    """The alert's kind: one notification per cause, replaced by its reminders."""
    offer: Stretch | None = None
    """The stretch offered with it, which the notification's buttons start or skip."""
    lasted_s: float | None = None
    """How long its cause had lasted when it was raised."""


def alert_for(event: Event, suggestion: Stretch | None = None) -> Alert | None:
    """The message for an alert event; None for events that are not alerts.

    With a suggestion from the catalogue the alert names it ("Try <stretch name>."); without one,
    the table's advice.
    """
    spec = spec_of(event.kind)
    if spec is None:
        return None
    what = spec.what.format(lasted=duration_text(event.duration_s or 0.0))
    again = " (reminder)" if event.repeat else ""
    todo = spec.suggestion if suggestion is None else f"Try {suggestion.name}."
    title, body = f"{spec.title}{again}", f"{what} {todo}"
    return Alert(title, body, event.urgent, event.kind, suggestion, event.duration_s)
