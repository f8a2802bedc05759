"""Words for the user: durations and counts, said the same way everywhere. Pure."""

from __future__ import annotations


def duration_text(seconds: float) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def plural(n: int, noun: str) -> str:
    """'1 frame', '5 frames'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
