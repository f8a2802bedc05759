"""Sharp head movements in the reports: how many turns and nods, and the fastest. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from posture.core.monitor.kinds import EventKind
from posture.core.reports.history import EventRecord

TURN, NOD = EventKind.SHARP_TURN.value, EventKind.SHARP_NOD.value
KINDS = (TURN, NOD)
"""The stored kinds of sharp movements."""


def fastest_of(events: Iterable[EventRecord]) -> dict[str, float]:
    """The fastest sharp turn and nod among some events (deg/s), by kind; none: not there."""
    fastest: dict[str, float] = {}
    for e in events:
        if e.kind in KINDS and e.value is not None:
            fastest[e.kind] = max(fastest.get(e.kind, 0.0), e.value)
    return fastest


class Counted(Protocol):
    """What `sharp_of` needs of a day: its event counts and fastest movements, by stored kind."""

    @property
    def events(self) -> Mapping[str, int]: ...

    @property
    def fastest(self) -> Mapping[str, float]: ...


@dataclass(frozen=True, slots=True)
class Sharp:
    """Sharp movements over some days."""

    turns: int
    nods: int
    fastest_deg_s: float | None

    @property
    def count(self) -> int:
        return self.turns + self.nods

    def words(self, unit: str = "°/s") -> str:
        """'2 turns, 1 nod, fastest 310°/s' (or 'none')."""
        if not self.count:
            return "none"
        turns = f"{self.turns} turn{'s' if self.turns != 1 else ''}"
        nods = f"{self.nods} nod{'s' if self.nods != 1 else ''}"
        fastest = "" if self.fastest_deg_s is None else f", fastest {self.fastest_deg_s:.0f}{unit}"
        return f"{turns}, {nods}{fastest}"

    def record(self) -> dict[str, object]:
        """As the JSON report writes it."""
        fastest = None if self.fastest_deg_s is None else round(self.fastest_deg_s)
        return {"turns": self.turns, "nods": self.nods, "fastest_deg_s": fastest}


def sharp_of(days: Iterable[Counted]) -> Sharp:
    """The sharp turns and nods of some days, and the fastest of them."""
    days = list(days)
    speeds = [v for d in days for v in d.fastest.values()]
    return Sharp(
        turns=sum(d.events.get(TURN, 0) for d in days),
        nods=sum(d.events.get(NOD, 0) for d in days),
        fastest_deg_s=max(speeds) if speeds else None,
    )
