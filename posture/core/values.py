"""Values read from TOML and JSON files: parsed with every failure one error, numbers without
overflow. Pure.

A file may hold anything: a number of 400 digits (too large for a float), one of 5000 (over
Python's limit for turning digits into an int), nesting thousands deep. Each is the caller's own
error naming the file, never an OverflowError or a traceback.
"""

from __future__ import annotations

import math
import tomllib
from typing import Any

from posture.core.errors import PostureError

SHOWN_DIGITS = 15
"""A whole number longer than this is described by its length, not quoted."""


def parse_toml(text: str, where: str, error: type[PostureError]) -> dict[str, Any]:
    """The document in `text`; `error` saying what is wrong with `where` (a file) otherwise."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where} is not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{where} is nested too deeply to be a {_kind(where)}") from None
    except ValueError:  # a whole number over the interpreter's 4300-digit limit
        raise error(f"{where} holds a number too long to be read") from None


def _kind(where: str) -> str:
    return "config" if where.startswith("config file") else "catalogue"


def number_of(value: object) -> float | None:
    """`value` as a float if it is a number (a bool is not one); a whole number too large for a
    float is infinite, so any range refuses it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def finite(value: object) -> float | None:
    """`value` as a finite float, or None (not a number, NaN, infinite, too large)."""
    number = number_of(value)
    return number if number is not None and math.isfinite(number) else None


def shown(value: object) -> str:
    """A value for a message, never thousands of characters long."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**SHOWN_DIGITS:
            return str(value)
        digits = int((abs(value).bit_length() - 1) * math.log10(2)) + 1
        return f"a whole number of about {digits} digits"
    if isinstance(value, float):
        return f"{value:g}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
