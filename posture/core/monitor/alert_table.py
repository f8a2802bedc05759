"""The alert table: every word and number that names an alert, written once. Pure.

The monitor, the alert messages, the stretch chooser, the history (flags and SQL), the reports and
the commands all derive what they need from ALERT_TABLE; nothing else spells an alert's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from posture.core.monitor.kinds import EventKind, Helps


@dataclass(frozen=True, slots=True)
class AlertSpec:
    """One kind of alert.

    `short` names it in lists, the status line and the reports; its first word is what
    `posture stretch --for` takes. `what` opens the message (`{lasted}`: how long the cause
    lasted). `suggestion` is said when the catalogue has no stretch for `cause`. `relief` is the
    event showing the cause went away (the reports count the alert as acted on). `flag` is its
    bit in the history's `samples.flags` while it is active (None: not stored there).
    """

    kind: EventKind
    short: str
    title: str
    what: str
    suggestion: str
    cause: Helps
    relief: EventKind
    flag: int | None

    @property
    def label(self) -> str:
        """How the reports name it: its short name, so the report and the status line agree."""
        return self.short

    @property
    def word(self) -> str:
        """The one word for it on the command line (`posture stretch --for still`)."""
        return self.short.split()[0]


ALERT_TABLE = (
    AlertSpec(
        kind=EventKind.FORWARD_ALERT,
        short="forward head",
        title="Head forward",
        what="Your head has been forward of your shoulders for {lasted}.",
        suggestion="Sit tall, tuck your chin back; hold 5 s, 5 times.",
        cause=Helps.FORWARD_HEAD,
        relief=EventKind.FORWARD_CLEARED,
        flag=4,
    ),
    AlertSpec(
        kind=EventKind.STILL_ALERT,
        short="still neck",
        title="Neck still",
        what="Your neck has hardly moved for {lasted}.",
        suggestion="Turn your head slowly to each side, then tilt it; 3 times each.",
        cause=Helps.STILL_NECK,
        relief=EventKind.NECK_MOVED,
        flag=8,
    ),
    AlertSpec(
        kind=EventKind.SITTING_ALERT,
        short="sitting",
        title="Sitting too long",
        what="You have been sitting for {lasted} without a break.",
        suggestion="Stand up and walk for about 5 minutes.",
        cause=Helps.LONG_SITTING,
        relief=EventKind.BREAK,
        flag=16,
    ),
    AlertSpec(
        kind=EventKind.SHOULDERS_ALERT,
        short="shoulders raised",
        title="Shoulders raised",
        what="Your shoulders have been up toward your ears for {lasted}.",
        suggestion="Shrug them up, hold 5 s, let them drop and loosen; 3 times.",
        cause=Helps.SHOULDERS,
        relief=EventKind.SHOULDERS_DROPPED,
        flag=64,
    ),
)
"""Every alert, in the order lists and reports show them."""

ALERTS = tuple(spec.kind for spec in ALERT_TABLE)
"""The event kinds that are alerts."""

_BY_KIND = {spec.kind: spec for spec in ALERT_TABLE}


def spec_of(kind: EventKind) -> AlertSpec | None:
    """The table's row for an event kind; None for events that are not alerts."""
    return _BY_KIND.get(kind)


def spec(kind: EventKind | str) -> AlertSpec:
    """The row of an alert, by kind or by its stored value (`forward_head_alert`).

    Raises ValueError for anything that is not an alert.
    """
    found = spec_of(EventKind(kind))
    if found is None:
        raise ValueError(f"{kind!r} is not an alert kind")
    return found
