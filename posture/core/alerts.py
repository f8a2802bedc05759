"""What an alert says: the problem, for how long, and one thing to do now. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.monitor import Event, EventKind
from posture.core.stretches import Stretch
from posture.core.words import duration_text

SUGGESTIONS = {
    EventKind.FORWARD_ALERT: (
        "Sit tall and draw your chin gently back, as if making a double chin; hold 5 s, 5 times."
    ),
    EventKind.STILL_ALERT: (
        "Turn your head slowly to each side, then tilt each ear toward its shoulder, 3 times each."
    ),
    EventKind.SITTING_ALERT: "Stand up and walk for about 5 minutes.",
}
"""Short built-in suggestions, for when the catalogue has nothing for a cause (all disabled)."""

SHORT_NAMES = {
    EventKind.FORWARD_ALERT: "forward head",
    EventKind.STILL_ALERT: "still neck",
    EventKind.SITTING_ALERT: "sitting",
}
"""How lists and status lines name each alert."""

TITLES = {
    EventKind.FORWARD_ALERT: "Head forward",
    EventKind.STILL_ALERT: "Neck still",
    EventKind.SITTING_ALERT: "Sitting too long",
}


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
    if event.kind not in TITLES:
        return None
    lasted = duration_text(event.duration_s or 0.0)
    what = {
        EventKind.FORWARD_ALERT: f"Your head has been forward of your shoulders for {lasted}.",
        EventKind.STILL_ALERT: f"Your neck has hardly moved for {lasted}.",
        EventKind.SITTING_ALERT: f"You have been sitting for {lasted} without a break.",
    }[event.kind]
    again = " (reminder)" if event.repeat else ""
    if suggestion is None:
        todo = SUGGESTIONS[event.kind]
    else:
        todo = (
            f"Try now: {suggestion.name} ({suggestion.steps[0].rstrip('.')}...). "
            f"Press g in posture's terminal to start it, s to snooze, x to skip; "
            f"or run `posture stretch {suggestion.id}`."
        )
    return Alert(f"{TITLES[event.kind]}{again}", f"{what} {todo}", event.urgent)
