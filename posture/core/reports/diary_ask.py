"""The neck diary's question at the end of the day: when a running monitor asks it, and its
buttons. Pure.

Asked once a day, at the first reading at or after the hour the user chose that sees someone at
the computer (a question nobody is there to answer is not asked), never while notifications are
held (do-not-disturb, a fullscreen window), and not on a day already noted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

TITLE = "How does your neck feel today?"
BODY = "One click notes it in your neck diary (a severe neck, 8 to 10, also from the tray's menu)."
TERMINAL_BODY = "Note it with `posture diary 4 stiff` (0 fine to 10 worst; stiff, pain, spasm)."
"""Where a notifier has no buttons (the terminal), the question names the command instead."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One button: its key (as the notification server reports it), label, and the note."""

    key: str
    label: str
    level: int
    words: tuple[str, ...] = ()


CHOICES = (
    Choice("diary-fine", "Fine (0)", 0),
    Choice("diary-stiff", "Stiff (4)", 4, ("stiff",)),
    Choice("diary-pain", "Pain (6)", 6, ("pain",)),
    Choice("diary-severe", "Severe (8)", 8, ("severe",)),
)
"""Fine, stiff and pain first (desktops that show only three buttons show these); severe last,
and a level of 8 brings the doctor advice at once."""


def choice_of(key: str) -> Choice | None:
    """The button with this key (None: not one of the question's)."""
    return next((c for c in CHOICES if c.key == key), None)


def asks_now(
    ask_hour: float, now: datetime, asked_on: date | None, present: bool, held: bool
) -> bool:
    """Whether to ask now: the hour is set (0: off) and reached today, nobody asked today,
    someone is at the computer, and notifications are not held."""
    if ask_hour <= 0 or not present or held or asked_on == now.date():
        return False
    return now.hour + now.minute / 60 + now.second / 3600 >= ask_hour
