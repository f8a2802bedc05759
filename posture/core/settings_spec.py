"""What a setting may hold: its kind, range or choices, one line of why; and the check. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from posture.core.errors import ConfigError
from posture.core.values import number_of, shown

NUDGES = ("notification", "glow", "sound", "tray")
"""The ways an alert can reach the person (settings nudge_*): notification is the default."""


@dataclass(frozen=True, slots=True)
class Spec:
    """What a setting is: its kind, allowed range, unit and where its default comes from."""

    kind: type
    low: float | None = None
    high: float | None = None
    why: str = ""
    choices: tuple[str, ...] = ()
    """For a choice (kind str): the values allowed, the first the default."""


def check(name: str, value: Any, spec: Spec) -> None:
    """ConfigError naming the key, the bad value and what is allowed."""
    if spec.kind is str:
        if value not in spec.choices:
            raise ConfigError(
                f"{name} must be one of {', '.join(spec.choices)}, got {shown(value)}"
            )
        return
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, got {shown(value)}")
        return
    number = number_of(value)  # a whole number too large for a float is infinite: out of range
    whole = "whole " if spec.kind is int else ""
    if number is None or math.isnan(number) or (isinstance(value, float) and math.isinf(number)):
        raise ConfigError(f"{name} must be a {whole}number, got {shown(value)}")
    low = -math.inf if spec.low is None else spec.low
    high = math.inf if spec.high is None else spec.high
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {shown(value)}")
    if whole and not number.is_integer():
        raise ConfigError(f"{name} must be a whole number, got {shown(value)}")
