"""What a desktop notification shows, as the notification backends take it, and their error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ICON = Path(__file__).resolve().parent.parent / "icons" / "posture.png"
"""The project's own icon (package data), shown with every notification."""
ICON_SVG = ICON.with_suffix(".svg")
"""The same icon as a drawing, for surfaces that scale it."""


OnAction = Callable[[int, str], None]
"""Told a notification's id (the server's) and the key of the action invoked on it."""
OnClosed = Callable[[int], None]
"""Told the id of a notification that closed (expired, dismissed, or after an action)."""


class NotifyError(Exception):
    """The notification service cannot be reached or refused a call."""


@dataclass(frozen=True, slots=True)
class Note:
    """One notification: title, short body, its buttons (key, label) and its icon; `app` is
    also the desktop entry's name (posture.desktop), so desktops list it in their settings."""

    title: str
    body: str
    urgent: bool = False
    buttons: tuple[tuple[str, str], ...] = ()
    expires: bool = False
    """Whether the server's own timeout may close it (False: kept until acted on or withdrawn)."""
    icon: Path | None = ICON
    app: str = "posture"
