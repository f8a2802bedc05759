"""Reading the room: while the desktop's do-not-disturb is on or a window fills the screen (a
video, a presentation) alert notifications are held; the monitor's timing goes on, and when the
room clears one short summary says what was held ("While you presented: head forward for 12
min."). A notifier (wrapping the run's own) and a listener (it looks at the room on readings).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack, closing

from posture.adapters.system.room import Fullscreen, gnome_banners_off
from posture.core.alerts import Alert
from posture.core.monitor.alert_table import ALERT_TABLE, ALERTS
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Forwarding, Listener, Notifier, Seen
from posture.core.settings import Settings
from posture.core.words import duration_text

log = logging.getLogger(__name__)

ROOM_CHECK_S = 5.0
"""The room is looked at this often (on readings)."""
PRESENTING = "presented"
DO_NOT_DISTURB = "do-not-disturb"
SUMMARY_TITLES = {PRESENTING: "While you presented", DO_NOT_DISTURB: "While do-not-disturb was on"}
"""The summary's title for what held the nudges (a fullscreen window, do-not-disturb)."""
TITLES = {spec.kind: spec.title for spec in ALERT_TABLE}

Check = Callable[[], bool | None]


def summary(why: str, held: dict[EventKind, float]) -> Alert:
    """One short notification of what was held, longest cause first."""
    parts = [
        f"{TITLES[kind].lower()} for {duration_text(lasted)}" if lasted else TITLES[kind].lower()
        for kind, lasted in sorted(held.items(), key=lambda item: -item[1])
    ]
    body = "; ".join(parts).capitalize() + "."
    return Alert(SUMMARY_TITLES[why], body, False)


class RoomHold(Forwarding, Listener):
    """The run's notifier, holding alerts while a check says the room is busy (see module)."""

    def __init__(self, inner: Notifier, checks: Sequence[tuple[str, Check]]) -> None:
        super().__init__(inner)
        self.checks = list(checks)
        self.busy: str | None = None
        """Why nudges are held now (None: they are not)."""
        self.held: dict[EventKind, float] = {}
        """The alerts held, by cause: how long the longest lasted."""
        self._looked_t = -float("inf")

    def notify(self, alert: Alert) -> None:
        if self.busy is not None and alert.cause in ALERTS:
            lasted = alert.lasted_s or 0.0
            self.held[alert.cause] = max(self.held.get(alert.cause, 0.0), lasted)
            return
        self.inner.notify(alert)

    def reading(self, seen: Seen) -> None:
        self.look(seen.reading.t)

    def look(self, t: float) -> None:
        """Look at the room (at most every ROOM_CHECK_S); the summary when it clears."""
        if t - self._looked_t < ROOM_CHECK_S:
            return
        self._looked_t = t
        busy = next((why for why, check in self.checks if check()), None)
        if (busy is None) == (self.busy is None):
            return
        if busy is not None:
            log.warning("nudges are held while %s", "you present" if busy == PRESENTING else busy)
            self.busy = busy
            return
        why, self.busy = self.busy, None
        assert why is not None
        if self.held:
            held, self.held = self.held, {}
            self.inner.notify(summary(why, held))


def room_checks(
    settings: Settings, notifier: Notifier, stack: ExitStack
) -> list[tuple[str, Check]]:
    """What this desktop lets the run read, as its settings ask."""
    checks: list[tuple[str, Check]] = []
    if settings.hold_in_fullscreen:
        screen = stack.enter_context(closing(Fullscreen()))
        if screen.readable:
            checks.append((PRESENTING, screen.now))
    if settings.hold_in_do_not_disturb:
        gnome = "GNOME" in os.environ.get("XDG_CURRENT_DESKTOP", "").upper()
        checks.append((DO_NOT_DISTURB, lambda: notifier.quiet() or (gnome and gnome_banners_off())))
    return checks
