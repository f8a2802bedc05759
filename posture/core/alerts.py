"""What an alert says: the problem, for how long, and one thing to do now. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.alert_table import ALERT_TABLE, spec_of
from posture.core.events import Event
from posture.core.stretches import Stretch
from posture.core.words import duration_text

SHORT_NAMES = {spec.kind: spec.short for spec in ALERT_TABLE}
"""How lists and status lines name each alert (from the alert table)."""


@dataclass(frozen=True, slots=True)
class Alert:
    """A message for the user."""

    title: str
    body: str
    urgent: bool


def alert_for(event: Event, suggestion: Stretch | None = None) -> Alert | None:
    """The message for an alert event; None for events that are not alerts.

    With a suggestion from the catalogue, the alert names it and how to start it.
    """
    spec = spec_of(event.kind)
    if spec is None:
        return None
    what = spec.what.format(lasted=duration_text(event.duration_s or 0.0))
    again = " (reminder)" if event.repeat else ""
    if suggestion is None:
        todo = spec.suggestion
    else:
        todo = (
            f"Try now: {suggestion.name} ({suggestion.steps[0].rstrip('.')}...). "
            f"Press g in posture's terminal to start it, s to snooze, x to skip; "
            f"or run `posture stretch {suggestion.id}`."
        )
    return Alert(f"{spec.title}{again}", f"{what} {todo}", event.urgent)
