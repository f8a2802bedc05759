"""How each alert reaches the person (settings nudge_*): a notification, the glow, a sound, or
only the tray icon's state; escalation (`escalate_after`, glow_on_escalation) one step louder."""

from __future__ import annotations

from collections.abc import Callable

from posture.core.alerts import Alert
from posture.core.monitor.alert_table import spec_of
from posture.core.monitor.kinds import EventKind
from posture.core.ports import Forwarding, Notifier
from posture.core.settings import Settings

WAYS: dict[str, frozenset[str]] = {
    "notification": frozenset({"notification"}),
    "glow": frozenset({"glow"}),
    "sound": frozenset({"notification", "sound"}),
    "tray": frozenset(),
}
"""What each choice does: a sound comes with its notification (a sound alone says neither what
nor offers the stretch); tray only does nothing beyond the icon's state, which every alert sets."""
LOUDER = {"notification": "glow", "glow": "notification", "sound": "glow", "tray": "tray"}
"""The next step an alert gets once it has come back `escalate_after` times unheeded (tray
only stays so: it was chosen to be only that)."""


def choice(settings: Settings, kind: EventKind) -> str | None:
    """The nudge chosen for an alert kind (None: not one of the alert table's alerts)."""
    row = spec_of(kind)
    return None if row is None else str(getattr(settings, f"nudge_{row.word}"))


def ways(settings: Settings, kind: EventKind, escalated: bool) -> frozenset[str]:
    """How an alert of `kind` reaches the person now; `escalated`: it came back unheeded."""
    chosen = choice(settings, kind)
    if chosen is None:
        return WAYS["notification"]
    if escalated and settings.glow_on_escalation:
        return WAYS[chosen] | WAYS[LOUDER[chosen]]
    return WAYS[chosen]


class NudgeChoice(Forwarding):
    """The run's notifier as the nudge settings ask: an alert is notified by `inner` only where
    its kind's choice says so, with `sound` played where it says that; anything else (posture's
    own messages, the camera's view, sharp movements) passes through. Without `can_glow` (a run
    with no desktop session: no glow can be shown) a glow is a notification instead."""

    def __init__(
        self,
        inner: Notifier,
        settings: Settings,
        sound: Callable[[], None],
        can_glow: bool = True,
    ) -> None:
        super().__init__(inner)
        self.settings, self.sound = settings, sound
        self.can_glow = can_glow

    def notify(self, alert: Alert) -> None:
        if alert.cause is None:
            self.inner.notify(alert)
            return
        now = ways(self.settings, alert.cause, alert.urgent)
        if "glow" in now and not self.can_glow:
            now |= WAYS["notification"]
        if "sound" in now:
            self.sound()
        if "notification" in now:
            self.inner.notify(alert)
