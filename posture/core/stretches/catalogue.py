"""The stretch catalogue and the chooser: one concrete thing to do for each alert. Pure.

The catalogue is packaged TOML (posture/core/catalogue.toml); a user file may add entries or replace
them by id. Every problem is a CatalogueError naming the file, the entry and the field.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from posture.core.data import View
from posture.core.errors import CatalogueError
from posture.core.monitor.alert_table import spec_of
from posture.core.monitor.kinds import EventKind, Helps
from posture.core.values import finite, parse_toml, shown


class Measure(enum.Enum):
    ROLL = "roll"
    YAW = "yaw"
    PITCH = "pitch"
    CHIN_TUCK = "chin_tuck"
    SHRUG = "shrug"
    AWAY = "away"


SIDES = {
    Measure.ROLL: {"left", "right"},
    Measure.YAW: {"left", "right"},
    Measure.PITCH: {"down", "up"},
    Measure.CHIN_TUCK: {"back"},
    Measure.SHRUG: {"up"},
    Measure.AWAY: {"away"},
}
"""Which sides each measure can check."""

SEEN_FROM = {
    View.FRONT: frozenset(Measure),
    View.SIDE: frozenset({Measure.PITCH, Measure.CHIN_TUCK, Measure.AWAY}),
}
"""What each view can check: from the side the metrics give no yaw, roll or shoulder height."""


@dataclass(frozen=True, slots=True)
class Check:
    """What the camera confirms: a measure beyond a threshold on each side, held."""

    measure: Measure
    sides: tuple[str, ...]
    threshold: float


@dataclass(frozen=True, slots=True)
class Stretch:
    id: str
    name: str
    helps: frozenset[Helps]
    steps: tuple[str, ...]
    hold_s: float
    reps: int
    rest_s: float
    cautions: tuple[str, ...]
    check: Check | None = None
    counters: frozenset[Helps] = frozenset()
    """The causes it works against directly (offered before the stretches that merely help)."""


def as_seen(stretch: Stretch, view: View | None) -> Stretch:
    """The stretch as the camera's view can coach it: on the timer alone when the view cannot
    check its measure (a turn or a tilt seen from the side). An unknown view changes nothing."""
    check = stretch.check
    if view is None or check is None or check.measure in SEEN_FROM[view]:
        return stretch
    return replace(stretch, check=None)


@dataclass(frozen=True, slots=True)
class Catalogue:
    stretches: dict[str, Stretch]
    safety: tuple[str, ...]

    def get(self, stretch_id: str) -> Stretch:
        try:
            return self.stretches[stretch_id]
        except KeyError:
            known = ", ".join(self.stretches)
            near = difflib.get_close_matches(stretch_id, list(self.stretches), n=1, cutoff=0.6)
            hint = f": did you mean {near[0]}?" if near else ""
            raise CatalogueError(f"no stretch '{stretch_id}'{hint} (known: {known})") from None


class _Entry:
    """Reads one entry's fields, naming the entry and field in every complaint."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            raise CatalogueError(f"{where}: each [[stretch]] must be a table")
        self.raw, self.where = raw, where

    def fail(self, field: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.where}, field '{field}': {problem}")

    def text(self, field: str) -> str:
        value = self.raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be a non-empty string, got {value!r}")
        return value.strip()

    def texts(self, field: str, allow_empty: bool = False, absent: bool = False) -> tuple[str, ...]:
        value = self.raw.get(field, [] if absent else None)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(field, f"must be a list of strings, got {value!r}")
        if not value and not allow_empty:
            raise self.fail(field, "must not be empty")
        return tuple(v.strip() for v in value)

    def number(self, field: str, low: float, high: float) -> float:
        value = self.raw.get(field)
        number = finite(value)
        if number is not None and low <= number <= high:
            return number
        raise self.fail(field, f"must be a number from {low:g} to {high:g}, got {shown(value)}")


def _check(entry: _Entry) -> Check | None:
    raw = entry.raw.get("check")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise entry.fail("check", "must be a table")
    inner = _Entry(raw, entry.where)
    try:
        measure = Measure(raw.get("measure"))
    except ValueError:
        kinds = ", ".join(m.value for m in Measure)
        got = raw.get("measure")
        raise entry.fail("check.measure", f"must be one of {kinds}, got {got!r}") from None
    sides = inner.texts("sides")
    wrong = [s for s in sides if s not in SIDES[measure]]
    if wrong:
        allowed = ", ".join(sorted(SIDES[measure]))
        raise entry.fail(
            "check.sides", f"{wrong[0]!r} is not a side of {measure.value} ({allowed})"
        )
    return Check(measure, sides, inner.number("threshold", 0.0, 90.0))


def _stretch(raw: Any, where: str) -> Stretch:
    entry = _Entry(raw, where)
    stretch_id = entry.text("id")
    entry.where = f"{where} (id '{stretch_id}')"
    helped = _helps(entry, "helps", entry.texts("helps"))
    counters = _helps(entry, "counters", entry.texts("counters", allow_empty=True, absent=True))
    if not counters <= helped:
        raise entry.fail("counters", "each must also be in 'helps'")
    unknown = set(entry.raw) - {*Stretch.__dataclass_fields__, "check"}
    if unknown:
        raise entry.fail(sorted(unknown)[0], "is not a stretch field")
    return Stretch(
        id=stretch_id,
        name=entry.text("name"),
        helps=helped,
        steps=entry.texts("steps"),
        hold_s=entry.number("hold_s", 0.0, 3600.0),
        reps=int(entry.number("reps", 1, 100)),
        rest_s=entry.number("rest_s", 0.0, 600.0),
        cautions=entry.texts("cautions", allow_empty=True),
        check=_check(entry),
        counters=counters,
    )


def _helps(entry: _Entry, field: str, words: tuple[str, ...]) -> frozenset[Helps]:
    try:
        return frozenset(Helps(h) for h in words)
    except ValueError:
        kinds = ", ".join(h.value for h in Helps)
        raise entry.fail(field, f"each must be one of {kinds}, got {list(words)}") from None


def parse(text: str, source: str, base: Catalogue | None = None) -> Catalogue:
    """A catalogue from TOML text; with `base`, entries add to it or replace its entries by id."""
    doc = parse_toml(text, source, CatalogueError)
    unknown = set(doc) - {"stretch", "safety"}
    if unknown:
        raise CatalogueError(f"{source}: unknown key '{sorted(unknown)[0]}' (stretch, safety)")
    entries = doc.get("stretch", [])
    if not isinstance(entries, list):
        raise CatalogueError(f"{source}: 'stretch' must be a list of [[stretch]] tables")
    stretches = dict(base.stretches) if base else {}
    seen: set[str] = set()
    for number, raw in enumerate(entries, start=1):
        stretch = _stretch(raw, f"{source}, stretch #{number}")
        if stretch.id in seen:
            raise CatalogueError(f"{source}, stretch #{number}: id '{stretch.id}' appears twice")
        seen.add(stretch.id)
        stretches[stretch.id] = stretch
    safety = doc.get("safety", list(base.safety) if base else [])
    if not isinstance(safety, list) or not all(isinstance(s, str) for s in safety):
        raise CatalogueError(f"{source}: 'safety' must be a list of strings")
    if not stretches:
        raise CatalogueError(f"{source}: no stretches")
    return Catalogue(stretches, tuple(safety))


class Chooser:
    """Picks a stretch for an alert's cause: those that counter the cause before those that only
    help it, rotating so the same one is not repeated, and as the camera's view can coach it."""

    def __init__(
        self, catalogue: Catalogue, disabled: Iterable[str] = (), recent: Iterable[str] = ()
    ) -> None:
        self.catalogue = catalogue
        self.disabled = set(disabled)
        for stretch_id in self.disabled:
            catalogue.get(stretch_id)  # a typo in the disabled list is an error, not a no-op
        self._recent = list(recent)  # oldest first

    def choose(self, cause: EventKind, view: View | None = None) -> Stretch | None:
        spec = spec_of(cause)
        helps = None if spec is None else spec.cause
        candidates = [
            s
            for s in self.catalogue.stretches.values()
            if helps in s.helps and s.id not in self.disabled and s.hold_s > 0
        ]
        if not candidates:
            return None

        # Those that counter the cause first (the others only when all of those are disabled);
        # among them never suggested first, then the one suggested longest ago, then catalogue
        # order.
        def rank(s: Stretch) -> tuple[bool, int]:
            uses = [i for i, r in enumerate(self._recent) if r == s.id]
            return (helps not in s.counters, uses[-1] if uses else -1)

        choice = min(candidates, key=rank)
        self._recent.append(choice.id)
        return as_seen(choice, view)
